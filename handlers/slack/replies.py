"""Short replies shared by listeners."""

NOT_SAVED = "Sorry, something went wrong and I couldn't save that. Please try again in a minute."


def escape(text: str) -> str:
    """Slack's mrkdwn escaping: only &, < and > need it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def keep_their_words(message: str, text: str) -> str:
    """Give people back what they typed when it could not be stored, so nothing is lost."""
    return f"{message}\n\nHere is what you wrote, so you can copy it:\n```{escape(text)}```"
