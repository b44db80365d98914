"""The console's loop: read a line, run it through the same dispatch as Slack, print the result."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

from bot.context import Context
from bot.delivery.drain import drain
from bot.delivery.ticker import tick
from bot.interaction import dispatch
from bot.interaction.errors import NotFound
from bot.interaction.exchange import Actor, Form, Reply, Request
from bot.interaction.outcomes import Failed, FieldError, Refused, reply_for
from bot.interaction.text import NOT_SAVED
from bot.journal.home import publish_home
from bot.messaging.addresses import LOCAL_CONSOLE
from bot.messaging.markup import person_id
from bot.people.directory import Member, find_member, members, person_name
from bot.people.roles import DELEGATE
from handlers.console.forms import CANCEL, FormAsker, FormCancelled
from handlers.console.messenger import ConsoleMessenger
from handlers.console.screen import INDENT, Screen
from handlers.console.terminal import Terminal

log = logging.getLogger(__name__)
ONLY_YOU = "only you"
FAILED = f"{NOT_SAVED} (Run `cohortbot -v console` to see why.)"
NOT_SENT_YET = "Some of what I had to send could not go yet. I'll try again later."
NOBODY = (
    "Nobody is enrolled in a cohort yet. "
    "Enrol people with `cohortbot cohort enrol`, or add the demo with `cohortbot demo --force`."
)


@dataclass(frozen=True)
class ConsoleCommand:
    usage: str
    summary: str
    run: Callable[[ConsoleSession, str], bool]  # False ends the session


class ConsoleSession:
    def __init__(self, ctx: Context, terminal: Terminal, *, outbox: Path) -> None:
        self.terminal = terminal
        self.screen = Screen(terminal, name_of=lambda user_id: person_name(ctx.db, LOCAL_CONSOLE.person(user_id)) or user_id)
        self.forms = FormAsker(self.screen)
        self.ctx = ctx.with_messenger(ConsoleMessenger(self.screen, ctx.db, outbox))
        self.member: Member | None = None

    # --- being someone -------------------------------------------------------------

    def become(self, wanted: str | None) -> Member:
        if wanted:
            self.member = find_member(self.ctx.db, LOCAL_CONSOLE, wanted)
            return self.member
        everyone = members(self.ctx.db, LOCAL_CONSOLE)
        delegates = [m for m in everyone if any(role.role == DELEGATE for role in m.roles)]
        if not everyone:
            raise NotFound(NOBODY)
        self.member = (delegates or everyone)[0]
        return self.member

    @property
    def me(self) -> Member:
        if self.member is None:
            raise RuntimeError("become() someone first")
        return self.member

    def request(self, source_key: str | None = None) -> Request:
        actor = Actor(person=self.me.person, place=self.me.home_place, display_name=self.me.name)
        return Request(self.ctx, actor, source_key=source_key or f"console:{uuid4().hex}", person_named=self.person_named)

    def person_named(self, word: str) -> str | None:
        """`@Name` (a name, or part of one that fits only one person) or a person reference; NotFound if no one fits."""
        if not word.startswith("@") or len(word) == 1:
            return None
        return person_id(word) or find_member(self.ctx.db, LOCAL_CONSOLE, word[1:]).user_id

    # --- the loop ------------------------------------------------------------------

    def run(self, person: str | None = None) -> int:
        """Greet, then handle lines until /quit or the end of input. Raises NotFound when nobody is enrolled."""
        self.screen.say("cohortbot console: the bot as it works in Slack, with no Slack. Type /help for help.")
        try:
            self.become(person)
        except NotFound as error:
            if person is None:
                raise
            self.become(None)  # start all the same, so that /who and /as can put it right
            self.screen.say(str(error))
        self.screen.say(f"You are {self._who_am_i()}.")
        try:
            while self.handle(self._next_line()):
                pass
        except EOFError:
            if self.terminal.interactive:
                self.screen.say()  # Ctrl-D leaves the cursor after the prompt
        self.screen.say("Goodbye. Everything you saved stays in the database.")
        return 0

    def _next_line(self) -> str:
        while True:
            try:
                return self.terminal.ask(f"{self.me.name}> ")
            except KeyboardInterrupt:
                if not self.terminal.interactive:
                    raise
                self.screen.say("\n(Type /quit or press Ctrl-D to leave.)")

    def handle(self, line: str) -> bool:
        """Run one typed line; False when the person asked to leave."""
        line = line.strip()
        if not line or line.startswith("#"):
            return True
        self.screen.new_turn()
        if not line.startswith("/"):
            self.screen.say("Commands start with /, as in Slack: e.g. /reflect I tried a show and tell. Type /help for more.")
            return True
        command, _, text = line.partition(" ")
        command, text = command.lower(), text.strip()
        console_command = COMMANDS.get(command)
        if console_command is not None:
            return console_command.run(self, text)
        req = self.request()
        self.show_reply(req, reply_for(dispatch.run_command(req, command, text), failed=FAILED, their_words=text))
        return True

    # --- showing what the bot answers ---------------------------------------------------

    def show_reply(self, req: Request, reply: Reply) -> None:
        if reply.text or reply.buttons:
            self.screen.show(ONLY_YOU, reply.text, reply.buttons)
        if reply.queued and not drain(req.ctx, reply.queued).done:
            self.screen.show(ONLY_YOU, NOT_SENT_YET)
        if reply.home_page is not None:
            publish_home(req.ctx, req.actor.person, reply.home_page)
        if reply.form is not None:
            self.fill(req, reply.form)

    def fill(self, req: Request, form: Form) -> None:
        """Ask the form's questions, submit, and re-ask only the field the domain refuses."""
        try:
            values = self.forms.ask_form(form)
            context = json.loads(json.dumps(form.context))  # as Slack's private_metadata carries it
            while True:
                outcome = dispatch.submit_form(req, form.form_id, context, values)
                if isinstance(outcome, FieldError):
                    self.screen.show(ONLY_YOU, outcome.message)
                    field = next((f for f in form.fields if f.key == outcome.field), form.fields[0])
                    values[field.key] = self.forms.ask_field(field)
                    continue
                if isinstance(outcome, Refused):
                    self.screen.show(ONLY_YOU, f"{outcome.message}\nNothing from this form was saved.")
                    return
                if isinstance(outcome, Failed):
                    self.screen.show(ONLY_YOU, FAILED)
                    return
                break
        except FormCancelled:
            self.screen.show(ONLY_YOU, "Cancelled: nothing from this form was saved.")
            return
        except EOFError:
            self.screen.show(ONLY_YOU, "The input ended before the form was finished: nothing from it was saved.")
            raise
        self.show_reply(req, outcome)

    # --- the console's own commands -----------------------------------------------------

    def _who_am_i(self) -> str:
        return f"{self.me.name} ({self.me.describe_roles()})"

    def help(self, text: str) -> bool:
        bot_commands = ", ".join(sorted(dispatch.SLASH_COMMANDS))
        self.screen.say(f"Bot commands, as in Slack: {bot_commands}. Try /cohortbot help.")
        self.screen.say("Console commands:")
        for command in COMMANDS.values():
            self.screen.say(f"{INDENT}{command.usage:<12} {command.summary}")
        self.screen.say(f"In a form, press Enter to skip an optional question or type {CANCEL} to stop.")
        return True

    def who(self, text: str) -> bool:
        self.screen.say("People you can be (type /as NAME):")
        for member in members(self.ctx.db, LOCAL_CONSOLE):
            you = "   <- you" if member.person == self.me.person else ""
            self.screen.say(f"{INDENT}{member.name}: {member.describe_roles()}{you}")
        return True

    def switch(self, text: str) -> bool:
        if not text:
            self.screen.say("Who would you like to be? e.g. /as Rosa. Type /who to see everyone.")
            return True
        try:
            self.become(text)
        except NotFound as error:
            self.screen.say(str(error))
            return True
        self.screen.say(f"You are now {self._who_am_i()}.")
        return True

    def press(self, text: str) -> bool:
        number = int(text) if text.isdigit() else 0
        button = self.screen.button(number)
        if button is None:
            shown = len(self.screen.pressable)
            self.screen.say(
                f"There's no button {text or '?'} to press. "
                + (f"Type /press and a number from 1 to {shown}." if shown else "No buttons have been shown yet.")
            )
            return True
        self.screen.new_turn()
        self.screen.say(f"(You pressed {button.label}.)")
        if button.confirm and not self.confirmed(button.confirm):
            self.screen.say("Not done: nothing was changed.")
            return True
        req = self.request()
        self.show_reply(req, reply_for(dispatch.run_action(req, button.action_id, button.value), failed=FAILED))
        return True

    def confirmed(self, question: str) -> bool:
        """What Slack asks in a dialog before a button that can't be undone."""
        return self.screen.ask(f"{INDENT}{self.screen.plain(question)} (yes/no) ").strip().lower() in ("y", "yes")

    def tick(self, text: str) -> bool:
        """What `cohortbot run` would send now: invitations, reminders, posts that are due."""
        report = tick(self.ctx)
        self.screen.say(f"(Scheduled work: {report or 'another process is doing it now'}.)")
        return True

    def quit(self, text: str) -> bool:
        return False


COMMANDS: dict[str, ConsoleCommand] = {
    "/help": ConsoleCommand("/help", "this list", ConsoleSession.help),
    "/who": ConsoleCommand("/who", "the people in the programme you can be", ConsoleSession.who),
    "/as": ConsoleCommand("/as NAME", "become someone else, e.g. a facilitator or evaluator", ConsoleSession.switch),
    "/press": ConsoleCommand("/press N", "press button N of those shown last", ConsoleSession.press),
    "/tick": ConsoleCommand("/tick", "send what is due now, as the running bot would", ConsoleSession.tick),
    "/quit": ConsoleCommand("/quit", "leave (Ctrl-D works too)", ConsoleSession.quit),
}
