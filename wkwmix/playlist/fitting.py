"""Duration fitting: fill a time or track budget from a source of candidates, best first.

``fit`` fills greedily, exchanges tracks to land nearer the target (at most one track
over it), then tops up if the exchange left room. A ``Source`` says which candidate is
preferred at each step: ``SequenceSource`` a seeded order (film and shuffle orders; an
arc's tracks are chosen by ``search``). Where the length would come out the same either
way (the track that closes the playlist, the spare an exchange takes), a known length
is taken before an estimate, so that the total the playlist states is more often a fact.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from wkwmix.playlist.candidate import Candidate, Point


@dataclass(frozen=True)
class Budget:
    seconds: int | None = None
    count: int | None = None

    def open(self, elapsed: int, taken: int) -> bool:
        """Whether another track may start (so the total ends at most one track over)."""
        if self.count is not None and taken >= self.count:
            return False
        return self.seconds is None or elapsed < self.seconds


def fit(source: Source, budget: Budget, *, spaced: bool,
         same_point: bool = False) -> list[Candidate]:
    """Fill the budget, exchange tracks to land nearer the target, then top up if short."""
    chosen = _fill(source, budget, spaced=spaced)
    refitted = _refit(chosen, source, budget, same_point=same_point)
    if refitted == chosen:
        return chosen
    return _fill(source, budget, spaced=spaced, chosen=refitted)


class Source:
    """Where ``_fill`` draws candidates from: best first for the current step.

    It also counts the lengths still available, so that the track landing closest to a
    target is found without looking at every candidate.
    """

    def __init__(self, pool: list[Candidate]) -> None:
        self._lengths = Counter(c.seconds for c in pool)

    def preferences(self, taken: int, elapsed: int) -> Iterator[Candidate]:
        raise NotImplementedError

    def remaining(self) -> Iterable[Candidate]:
        raise NotImplementedError

    def take(self, candidate: Candidate) -> None:
        self._lengths[candidate.seconds] -= 1
        self._remove(candidate)

    def give_back(self, candidate: Candidate) -> None:
        self._lengths[candidate.seconds] += 1
        self._restore(candidate)

    def lengths(self, point: Point | None = None) -> list[int]:
        """The lengths still available (of the tracks at ``point``, when given), sorted."""
        return sorted(s for s, n in self._lengths.items() if n > 0)

    def first_of_length(self, seconds: int, point: Point | None = None) -> Candidate:
        """The first candidate with this length (and at ``point``), a known length first."""
        found = known_first(c for c in self.remaining()
                            if c.seconds == seconds and (point is None or c.point == point))
        assert found is not None, "only lengths still available are asked for"
        return found

    def closest_length(self, wanted: int) -> int | None:
        """The available length nearest ``wanted`` (the shorter one on a tie)."""
        lengths = (s for s, n in self._lengths.items() if n > 0)
        return min(lengths, key=lambda s: (abs(wanted - s), s), default=None)

    def _remove(self, candidate: Candidate) -> None:
        raise NotImplementedError

    def _restore(self, candidate: Candidate) -> None:
        raise NotImplementedError


def _fill(source: Source, budget: Budget, *, spaced: bool,
          chosen: list[Candidate] | None = None) -> list[Candidate]:
    """Take the preferred candidates (continuing ``chosen``) until the budget is spent."""
    chosen = list(chosen or [])
    elapsed = sum(c.seconds for c in chosen)
    while budget.open(elapsed, len(chosen)):
        previous = chosen[-1].artist if chosen and spaced else None
        pick = _first_choice(source.preferences(len(chosen), elapsed), previous)
        if pick is None:
            break
        if budget.seconds is not None and elapsed + pick.seconds > budget.seconds:
            # An empty playlist is never what was asked for, however long the tracks are.
            pick = _closing_pick(source, len(chosen), elapsed, budget.seconds,
                                 force=not chosen)
            if pick is None:
                break
        source.take(pick)
        chosen.append(pick)
        elapsed += pick.seconds
    return chosen


def _first_choice(preferences: Iterator[Candidate], previous: str | None) -> Candidate | None:
    """The most preferred candidate not by the previous track's artist (else the first)."""
    first = None
    for candidate in preferences:
        if first is None:
            first = candidate
        if previous is None or candidate.artist != previous:
            return candidate
    return first


def _closing_pick(source: Source, taken: int, elapsed: int, target: int, *,
                  force: bool = False) -> Candidate | None:
    """The preferred track among those landing closest to the target, or None when
    stopping here is closer."""
    gap = target - elapsed
    length = source.closest_length(gap)
    if length is None or (not force and abs(gap - length) >= gap):
        return None
    miss = abs(gap - length)
    return known_first(c for c in source.preferences(taken, elapsed)
                       if abs(gap - c.seconds) == miss)


def known_first(candidates: Iterable[Candidate]) -> Candidate | None:
    """The first candidate whose length is known, else the first (None when there is none).

    Candidates of one length serve the budget alike; a real length keeps the stated total
    true.
    """
    first = None
    for candidate in candidates:
        if candidate.duration is not None:
            return candidate
        first = first or candidate
    return first


def _refit(chosen: list[Candidate], source: Source, budget: Budget, *,
           same_point: bool = False) -> list[Candidate]:
    """Exchange chosen tracks for left-over ones while that brings the total nearer the target.

    The greedy fill can stop a few minutes off when a better combination exists. Each
    exchange keeps the rule that at most one track goes over the target; with
    ``same_point`` a track is only exchanged for one of the same moods, so an arc keeps
    its shape.
    """
    target = budget.seconds
    if not target or not chosen:
        return chosen
    order = list(chosen)
    for _ in range(len(order)):
        best = _best_exchange(order, source, target, same_point)
        if best is None:
            break
        index, length = best
        spare = source.first_of_length(length, order[index].point if same_point else None)
        source.take(spare)
        source.give_back(order[index])
        order[index] = spare
    return order


def _best_exchange(order: list[Candidate], source: Source, target: int,
                   same_point: bool) -> tuple[int, int] | None:
    """(position, length of the spare to put there) that lands nearest the target, if any."""
    total = sum(c.seconds for c in order)
    longest = max(c.seconds for c in order)
    lengths: dict[Point | None, list[int]] = {}
    best, best_miss = None, abs(target - total)
    for index, current in enumerate(order):
        key = current.point if same_point else None
        available = lengths.setdefault(key, source.lengths(key))
        at = bisect.bisect_left(available, current.seconds + target - total)
        for length in available[max(0, at - 1):at + 1]:
            new_total = total - current.seconds + length
            one_over = new_total - max(longest, length) < target
            if abs(target - new_total) < best_miss and one_over:
                best, best_miss = (index, length), abs(target - new_total)
    return best


class SequenceSource(Source):
    """Candidates in a seeded random order (shuffle; and the sample of a film-order list),
    what the films feature (themes, featured songs) drawn before the rest."""

    def __init__(self, pool: list[Candidate]) -> None:
        super().__init__(pool)
        self._order = sorted(pool, key=lambda c: (c.prominence > 0, c.draw))
        self._index = {id(c): i for i, c in enumerate(self._order)}
        self._taken: set[int] = set()
        self._start = 0

    def preferences(self, taken: int, elapsed: int) -> Iterator[Candidate]:
        while self._start < len(self._order) and id(self._order[self._start]) in self._taken:
            self._start += 1
        yield from self.remaining()

    def remaining(self) -> Iterable[Candidate]:
        order, taken = self._order, self._taken
        return (order[i] for i in range(self._start, len(order)) if id(order[i]) not in taken)

    def _remove(self, candidate: Candidate) -> None:
        self._taken.add(id(candidate))

    def _restore(self, candidate: Candidate) -> None:
        self._taken.discard(id(candidate))
        self._start = min(self._start, self._index[id(candidate)])
