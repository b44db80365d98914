"""Teams' rate limits, kept on our side: 7 messages a second per conversation, about 50 a second per tenant.

A small token bucket per conversation and per tenant (GCRA): each send reserves its slot in both
and waits until the later of the two, so a fan-out runs at the limit instead of into 429s.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

PER_CONVERSATION = 7.0
PER_TENANT = 50.0


class Bucket:
    """`rate` a second, bursts of up to `rate` at once."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self.tolerance = (rate - 1) * self.interval
        self.next_free = 0.0  # the theoretical arrival time of the next send

    def reserve(self, now: float) -> float:
        """Take the next slot; how long to wait for it."""
        start = max(self.next_free, now)
        self.next_free = start + self.interval
        return max(0.0, start - self.tolerance - now)


class Limiter:
    def __init__(
        self,
        per_conversation: float = PER_CONVERSATION,
        per_tenant: float = PER_TENANT,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rates = {"conversation": per_conversation, "tenant": per_tenant}
        self._buckets: dict[tuple[str, str], Bucket] = {}
        self._lock = threading.Lock()
        self._sleep = sleep
        self._clock = clock

    def wait(self, tenant: str, conversation: str) -> float:
        """Block until a message to `conversation` in `tenant` is within both limits; returns the wait."""
        with self._lock:
            now = self._clock()
            delay = max(
                self._bucket("tenant", tenant).reserve(now),
                self._bucket("conversation", conversation).reserve(now),
            )
        if delay:
            self._sleep(delay)
        return delay

    def _bucket(self, kind: str, key: str) -> Bucket:
        bucket = self._buckets.get((kind, key))
        if bucket is None:
            bucket = self._buckets[(kind, key)] = Bucket(self._rates[kind])
        return bucket
