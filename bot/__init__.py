"""The cohortbot domain, grouped by feature: programme, journal, surveys, people, export, messaging, delivery.

Nothing here imports a chat platform or `handlers/`; front ends reach it through
`bot.interaction.dispatch`, and it reaches people through the messenger port in `bot.messaging`.
"""
