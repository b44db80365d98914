"""Work done after a chat platform has been answered (Slack's 3 s ack, Teams' HTTP answer), off the request's thread."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait

from bot.messaging.addresses import PersonRef

log = logging.getLogger(__name__)
_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="cohortbot-after-answer")
_pending: set[Future[None]] = set()


def defer(work: Callable[[], None]) -> None:
    """Run `work` off the request's thread, so the platform is answered first."""
    future = _pool.submit(work)
    _pending.add(future)
    future.add_done_callback(_pending.discard)


def finish_after_ack_work(timeout: float = 10.0) -> None:
    """Wait for deferred work, e.g. before shutting down."""
    wait(list(_pending), timeout=timeout)


def run_steps(person: PersonRef, steps: Iterable[Callable[[], object] | None]) -> None:
    """Run each step in turn (None: nothing to do); a step that fails is logged and the next one still runs."""
    for step in steps:
        if step is None:
            continue
        try:
            step()
        except Exception:
            log.exception("work after answering failed for %s", person)
