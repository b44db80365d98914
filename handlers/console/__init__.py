"""The console front end: try cohortbot in a terminal, with no Slack workspace.

It calls the same `bot.interaction.dispatch` as Slack; only input (typed lines, step-by-step
questions) and rendering (labelled printed lines) differ.
"""
