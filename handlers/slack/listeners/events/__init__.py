from slack_bolt import App

from bot.context import Context
from handlers.slack.installations import InstallationStore
from handlers.slack.listeners.events import app_home_opened, direct_message, thread_reply, uninstalled


def register(app: App, ctx: Context) -> None:
    app.event("app_home_opened")(app_home_opened.handler(ctx))
    app.event("message", matchers=[thread_reply.in_a_thread])(thread_reply.handler(ctx))
    app.event("message")(direct_message.handler(ctx))
    if isinstance(app.installation_store, InstallationStore):  # Slack's install flow: many workspaces
        app.event("app_uninstalled")(uninstalled.app_uninstalled(app.installation_store))
        app.event("tokens_revoked")(uninstalled.tokens_revoked(app.installation_store))
