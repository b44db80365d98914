"""Who meets whom: everyone meets everyone before anyone meets twice; odd numbers make one trio."""

from collections import Counter
from itertools import combinations

import pytest

from bot.peers.rotation import Meetings, groups_for_round


def play(roster: list[int], rounds: int, away: dict[int, set[int]] | None = None) -> tuple[list[list[list[int]]], Meetings]:
    met: Meetings = Counter()
    played = []
    for index in range(rounds):
        groups = groups_for_round(roster, index, (away or {}).get(index, set()), met)
        played.append(groups)
        met.update(frozenset(pair) for group in groups for pair in combinations(group, 2))
    return played, met


@pytest.mark.parametrize("size", [2, 4, 6, 8, 10])
def test_an_even_cohort_meets_everyone_once_in_as_few_rounds_as_possible(size):
    roster = list(range(1, size + 1))
    played, met = play(roster, size - 1)
    assert all(sorted(p for group in groups for p in group) == roster for groups in played)
    assert set(met) == {frozenset(pair) for pair in combinations(roster, 2)}
    assert set(met.values()) == {1}


@pytest.mark.parametrize("size", [3, 5, 7, 9])
def test_an_odd_cohort_makes_one_trio_a_round_and_everyone_meets(size):
    roster = list(range(10, 10 + size))
    played, met = play(roster, size)
    for groups in played:
        assert sorted(p for group in groups for p in group) == roster
        assert sorted(len(group) for group in groups) == [2] * (size // 2 - 1) + [3]
    assert set(met) == {frozenset(pair) for pair in combinations(roster, 2)}


def test_someone_away_is_left_out_and_their_partner_is_still_paired():
    played, _ = play([1, 2, 3, 4, 5, 6], 2, away={1: {3}})
    assert 3 not in [p for group in played[1] for p in group]
    assert sorted(len(group) for group in played[1]) == [2, 3]


def test_nobody_to_meet_makes_no_group():
    assert groups_for_round([1, 2], 0, {2}, Counter()) == []
