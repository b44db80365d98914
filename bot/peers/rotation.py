"""Who meets whom in each round, so nobody meets the same person twice until everyone has met.

The round-robin circle method gives each round's pairs. The groups actually made are the
cheapest by past meetings, trying the circle's pairs first: with an even number and nobody
away they are the circle's own. An odd number makes one trio; people sitting a round out
leave their partners to be paired with whoever they have met least.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations

Meetings = Counter[frozenset[int]]
SEARCH_LIMIT = 5_000  # groupings tried before the best so far is taken (a cohort of 16 or more)


def circle(roster: Sequence[int], round_index: int) -> list[tuple[int, int]]:
    """The pairs of round `round_index` of the round-robin of `roster` (one person has no partner when odd)."""
    seats: list[int | None] = [*roster, None] if len(roster) % 2 else list(roster)
    if len(seats) < 2:
        return []
    turn = round_index % (len(seats) - 1)
    rest = seats[1:]
    seats = [seats[0], *rest[-turn:], *rest[:-turn]] if turn else seats
    half = len(seats) // 2
    return [(a, b) for a, b in zip(seats[:half], reversed(seats[half:]), strict=True) if a is not None and b is not None]


def cost(group: Sequence[int], met: Meetings) -> int:
    return sum(met[frozenset(pair)] for pair in combinations(group, 2))


class _Search:
    def __init__(self, met: Meetings, partner: dict[int, int]) -> None:
        self.met, self.partner = met, partner
        self.best: list[list[int]] = []
        self.best_cost: int | None = None
        self.tried = 0

    def run(self, free: list[int], groups: list[list[int]], spent: int, trio_due: bool) -> None:
        self.tried += 1
        if self.best_cost is not None and (spent >= self.best_cost or self.tried > SEARCH_LIMIT):
            return
        if not free:
            self.best, self.best_cost = [sorted(group) for group in groups], spent
            return
        first, rest = free[0], free[1:]
        preferred = self.partner.get(first)
        for group in sorted(self._options(first, rest, trio_due), key=lambda g: (cost(g, self.met), preferred not in g)):
            others = [person for person in rest if person not in group]
            self.run(others, [*groups, group], spent + cost(group, self.met), trio_due and len(group) == 2)
            if self.best_cost == 0:
                return

    def _options(self, first: int, rest: list[int], trio_due: bool) -> list[list[int]]:
        options = [[first, other] for other in rest] if len(rest) != 2 or not trio_due else []
        if trio_due:
            options += [[first, *pair] for pair in combinations(rest, 2)]
        return options


def groups_for_round(roster: Sequence[int], round_index: int, away: set[int], met: Meetings) -> list[list[int]]:
    """The groups (pairs, and one trio when the number is odd) of the people in `roster` not `away`."""
    people = sorted(set(roster) - away)
    if len(people) < 2:
        return []
    partner = {a: b for pair in circle(sorted(roster), round_index) for a, b in (pair, pair[::-1])}
    search = _Search(met, partner)
    search.run(people, [], 0, trio_due=len(people) % 2 == 1)
    return search.best
