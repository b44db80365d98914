"""`cohortbot run --http` as a real process, for tests that stop it, or kill it mid-work."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LISTENING = re.compile(r"listening on http://127.0.0.1:(\d+)/slack/events")


@dataclass
class BotProcess:
    process: subprocess.Popen[bytes]
    url: str

    def stop(self) -> int:
        """SIGTERM, as a platform stops a service, and the exit code."""
        self.process.terminate()
        return self.process.wait(timeout=15)

    def health(self) -> dict[str, Any]:
        """GET /healthz: its JSON, with the HTTP status as "http"."""
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response:
                return {"http": response.status, **json.loads(response.read())}
        except urllib.error.HTTPError as error:
            return {"http": error.code, **json.loads(error.read())}

    def rss_mb(self) -> float:
        """The process's resident memory now, in MiB (Linux)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as in a crash or a lost machine."""
        self.process.kill()
        self.process.wait(timeout=15)


def bot_environment(settings: dict[str, str]) -> dict[str, str]:
    """This process's environment without any Slack or cohortbot settings, plus `settings`."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COHORTBOT_")) and k != "DATABASE_URL"}
    return {**inherited, **settings}


def start_bot(settings: dict[str, str], folder: Path, *, timeout: float = 30.0) -> BotProcess:
    """Start `cohortbot run --http` on a free port in `folder`, once it says where it listens.

    Its log goes to a file in `folder`, so a chatty process never blocks on a full pipe.
    """
    log = folder / f"bot-{time.monotonic_ns()}.log"
    command = [sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", "0"]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=bot_environment(settings), cwd=folder, stderr=output, stdout=output)
    deadline = time.monotonic() + timeout
    while not (found := LISTENING.search(log.read_text(errors="replace"))):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"cohortbot run never said where it listens:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)
    return BotProcess(process, f"http://127.0.0.1:{found.group(1)}")
