"""What the bot shows, labelled by where it would appear, with buttons numbered for /press."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.interaction.exchange import Button
from handlers.console.markup import plain
from handlers.console.terminal import Terminal

INDENT = "    "


class Screen:
    """Prints labelled text and keeps the buttons that `/press N` can press.

    Buttons are numbered from (1) in each turn (one command and what it causes); the
    buttons of the latest turn that showed any are the ones `/press` knows. What the bot
    says is neutral markup, shown as plain text with people by name (`name_of` their id).
    """

    def __init__(self, terminal: Terminal, name_of: Callable[[str], str]) -> None:
        self.terminal = terminal
        self.name_of = name_of
        self.pressable: list[Button] = []
        self._fresh_turn = True

    def new_turn(self) -> None:
        self._fresh_turn = True

    def say(self, text: str = "") -> None:
        self.terminal.say(text)

    def ask(self, prompt: str) -> str:
        return self.terminal.ask(prompt)

    def plain(self, text: str) -> str:
        return plain(text, self.name_of)

    def show(self, label: str, text: str, buttons: Sequence[Button] = ()) -> None:
        first, _, rest = self.plain(text).partition("\n")
        self.say(f"[{label}] {first}".rstrip())
        self._indented(rest, buttons)

    def show_more(self, text: str, buttons: Sequence[Button] = ()) -> None:
        """More of what the last `show` showed, under it; the buttons numbered on from its own."""
        self._indented(self.plain(text), buttons)

    def _indented(self, text: str, buttons: Sequence[Button]) -> None:
        for line in text.splitlines():
            self.say(f"{INDENT}{line}".rstrip())
        if buttons:
            self._show_buttons(buttons)

    def _show_buttons(self, buttons: Sequence[Button]) -> None:
        if self._fresh_turn:
            self.pressable = []
            self._fresh_turn = False
        first = len(self.pressable) + 1
        self.pressable.extend(buttons)
        labels = "  ".join(f"({number}) {button.label}" for number, button in enumerate(buttons, start=first))
        self.say(f"{INDENT}{labels}   (type /press N)")

    def button(self, number: int) -> Button | None:
        return self.pressable[number - 1] if 1 <= number <= len(self.pressable) else None
