"""Lines in, lines out: a person at a terminal, or commands piped in one per line."""

from __future__ import annotations

import sys
from typing import TextIO


class Terminal:
    """Reads answers and prints text. Prompts are shown only to a person at a terminal, so
    piped input gives a clean transcript. `ask` raises EOFError when the input ends."""

    def __init__(self, stdin: TextIO, stdout: TextIO, *, interactive: bool | None = None) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = stdin.isatty() if interactive is None else interactive
        if self.interactive and self._is_real_tty():
            import readline  # noqa: F401 - line editing and history for input()

    def _is_real_tty(self) -> bool:
        return self.stdin is sys.stdin and self.stdout is sys.stdout

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout, flush=True)

    def ask(self, prompt: str) -> str:
        if self.interactive and self._is_real_tty():
            return input(prompt)
        if self.interactive:
            self.stdout.write(prompt)
            self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")
