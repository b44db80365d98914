"""The cohortbot domain: cohorts, calendar, journal, surveys, export, config and CLI.

Nothing here imports a chat platform; front ends talk to it through `bot.messaging.messenger`.
"""
