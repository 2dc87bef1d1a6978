"""The arc's optimiser: which tracks, in what order, follow a mood arc best.

The cost of a playlist is, for each track, its distance from the arc's point at the
moment it serves (its middle, by time), plus ``STEP_WEIGHT`` times the size of the step
from the track before, plus ``BACK_WEIGHT`` times any way it steps back along the arc,
weighed by the track's length in typical tracks so that every moment of the arc counts
alike. The rules are penalties large enough that the search breaks them only when
nothing else is left: never the same performer twice in a row, never more than
``FILM_RUN`` tracks in a row from one film (a rule no order can keep, as in a selection
of one film, is dropped). A recording plays once (the pool holds one per recording).

The search is a beam search: it grows playlists one track at a time, keeping the
``BEAM_WIDTH`` cheapest at each length (two that hold the same tracks and end on the same
one are the same to the future: only the cheaper is kept), and extends each with the
tracks nearest its next moment and, near the end, those that land the length best. A
finished playlist is one that reached the minutes (one track over at most), or stopped
short where no track left would land nearer, or played the count asked for. Finished
playlists are compared by their cost plus ``LENGTH_WEIGHT`` for each typical track the
length misses the target by. Every tie is broken by the seeded draw, so a seed repeats a playlist;
known lengths go before estimated ones among equals. ``quality.lower_bound`` tells how
near any choice could come, which is the bound the report quotes.

The arc spans what plays: the minutes asked for, or the tracks' own length when a count
ends the playlist first (``--limit`` alone, or with fewer tracks than the minutes would
hold). While a playlist grows its length is not known yet, so a track's moment is
reckoned against the time played so far plus a typical length for each track still to
come, capped at the minutes; for the last track that is exact. When the count clearly
cannot fill the minutes, the length no longer weighs: it would only favour long tracks.

A pool of more than ``NARROW_ABOVE`` tracks (a catalog of many thousands) is first
narrowed to the tracks the search could ever try, those nearest the path (``_near_path``);
the lengths that decide when to stop still come from the whole pool.
"""

from __future__ import annotations

import bisect
import itertools
import math
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from wkwmix.playlist.arc import ArcPath, PointGrid, choose_projection, distance
from wkwmix.playlist.candidate import Candidate, Point, median
from wkwmix.playlist.fitting import Budget
from wkwmix.playlist.spacing import clashes, spread_artists

BEAM_WIDTH = 24
EXPANSIONS = 10  # tracks tried after each partial playlist
PER_POSITION = 2  # of them at most this many from one place on the plane
CLOSING_POSITIONS = 8  # places whose best-landing track is tried near the end
EARLIEST = 3  # when every track plays: the unplayed ones earliest along the path tried
STEP_WEIGHT = 0.3
BACK_WEIGHT = 1.0
RULE_PENALTY = 1.0  # for each broken rule: same performer in a row, too long a film run
FILM_RUN = 3  # at most this many tracks in a row from one film
LENGTH_WEIGHT = 2.0  # per typical track the length misses the target by
UNKNOWN_LENGTH = 1e-6  # among equals, a known length first
# Per step of prominence (theme or featured, undescribed, background, brief): what the film
# features wins among near-equals, never over a track that serves the arc clearly better.
PROMINENCE_STEP = 0.04
NARROW_ABOVE = 2000  # a larger pool is first narrowed to the tracks near the path
PATH_SAMPLES = 64  # points along the path the narrowing looks around


@dataclass(frozen=True)
class SearchResult:
    order: list[Candidate]
    width: int  # the beam's width (the search is exact when the beam never fills)
    exhaustive: bool  # whether the beam never had to drop a partial playlist
    span: int | None = None  # the seconds the arc spans (None: the playlist's own length)


@dataclass(slots=True, eq=False)
class _State:
    cost: float
    elapsed: int
    count: int
    last: Candidate | None
    run: int  # tracks in a row from the last one's film
    progress: float  # where along the arc the last track lies
    key: int  # the set of tracks taken, hashed (xor of their unique draws)
    parent: _State | None

    def chain(self) -> list[Candidate]:
        out = []
        state: _State | None = self
        while state is not None and state.last is not None:
            out.append(state.last)
            state = state.parent
        return out[::-1]


class _Walk:
    """A walk over the grid's places nearest one point, remembered as far as it went, so
    that walking it again costs no measuring (the grid is only asked for more when a
    later walker goes further than any before)."""

    __slots__ = ("_rest", "_seen")

    def __init__(self, places: Iterator[Point]) -> None:
        self._seen: list[Point] = []
        self._rest = places

    def __iter__(self) -> Iterator[Point]:
        seen = self._seen
        index = 0
        while True:
            if index == len(seen):
                place = next(self._rest, None)
                if place is None:
                    return
                seen.append(place)
            yield seen[index]
            index += 1


class Memo(Protocol):
    """Where a search's answer is kept for the same question asked again (the store's
    parse cache, for the CLI): ``name`` says which entry it replaces."""

    def get(self, name: str, key: str) -> Any: ...

    def put(self, name: str, key: str, value: Any) -> None: ...


MEMO_LIMIT = 5000  # larger pools are searched each time (hashing them would cost too much)


def arc_search(pool: list[Candidate], path: ArcPath, budget: Budget, *,
               memo: Memo | None = None, name: str = "") -> SearchResult:
    """The tracks of ``pool`` that follow ``path`` best within ``budget``, in order.

    With ``memo``, an answer to the very same question (the same candidates, path, budget
    and search) is taken from it instead of searched again: the search is deterministic.
    """
    if not pool:
        return SearchResult([], BEAM_WIDTH, True)
    key = _question(pool, path, budget) if memo is not None and len(pool) <= MEMO_LIMIT \
        else None
    if key is not None and memo is not None:
        known = _answer(memo.get(name, key), pool)
        if known is not None:
            return known
    near = None
    if len(pool) > NARROW_ABOVE and budget != Budget():
        near = _near_path(pool, path, _most_tracks(pool, budget))
    search = _Search(pool, path, budget, near)
    order, exhaustive = search.run()
    result = SearchResult(search.spread(order), BEAM_WIDTH, exhaustive, search.span_of(order))
    if key is not None and memo is not None:
        memo.put(name, key, [[c.track.id for c in result.order], exhaustive, result.span])
    return result


def tuning() -> tuple[tuple[str, Any], ...]:
    """Every constant the search and the modules it steers by read, with its value now: a
    remembered answer is only good for the same constants (the code stamp covers edits
    to the source; this covers values set while running, as tests and benches do)."""
    from wkwmix.playlist import arc, spacing

    return tuple((f"{module.__name__}.{name}", value)
                 for module in (sys.modules[__name__], arc, spacing)
                 for name, value in sorted(vars(module).items())
                 if name.isupper() and isinstance(value, (int, float)))


def _question(pool: list[Candidate], path: ArcPath, budget: Budget) -> str:
    """A digest of everything the search's answer depends on."""
    import hashlib

    parts = [repr((tuning(), path.waypoints, budget.seconds, budget.count))]
    parts += [repr((c.track.id, c.seconds, c.duration is None, c.point, c.artist, c.film.id,
                    c.chronology, c.draw, c.prominence)) for c in pool]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _answer(found: Any, pool: list[Candidate]) -> SearchResult | None:
    """A remembered answer, rebuilt from the pool; None when it does not fit the pool."""
    try:
        ids, exhaustive, span = found
        by_id = {c.track.id: c for c in pool}
        return SearchResult([by_id[i] for i in ids], BEAM_WIDTH, bool(exhaustive), span)
    except (TypeError, ValueError, KeyError):
        return None


class _Search:
    def __init__(self, pool: list[Candidate], path: ArcPath, budget: Budget,
                 near: list[Candidate] | None = None) -> None:
        """``near``: the tracks worth trying, when a huge pool has been narrowed to them
        (the length figures still come from the whole pool)."""
        self.path = path
        self.seconds = budget.seconds
        self.every = budget == Budget()
        self.counted = budget.count is not None
        self.count = min(budget.count or len(pool), len(pool))
        self.lengths = sorted(c.seconds for c in pool)  # sorted once, for both uses
        self.typical = median(self.lengths)
        # With every track playing, the arc spans the whole selection's time; with a count
        # the span is reckoned as the playlist grows (``moment``).
        self.span = sum(c.seconds for c in pool) if self.every else self.seconds
        self.fit_length = self.seconds is not None and not (
            self.counted and self.count * self.typical < self.seconds - self.typical)
        tried = pool if near is None else near
        self.groups: dict[Point, list[Candidate]] = {}
        for candidate in sorted(tried, key=_preference):
            self.groups.setdefault(candidate.point, []).append(candidate)
        self.grid = PointGrid(self.groups)
        self._walks: dict[Point, _Walk] = {}  # the places nearest each moment's point
        # Each place's projections on the path, measured when the search first tries it
        # (a narrowed pool holds thousands of places, most never tried).
        self._projections: dict[Point, list[tuple[float, float]]] = {}
        self._served: dict[tuple[Point, float], tuple[float, float]] = {}  # see _serving
        self.along: list[Candidate] = []
        if self.every:  # tried in order along the path, when every track plays
            where = {p: path.project(p) for p in self.groups}
            self.along = sorted(tried, key=lambda c: (where[c.point], _preference(c)))
        # A rule no order can keep (one performer, one film) is no rule.
        self.artist_rule = _varied(c.artist for c in tried if c.artist is not None)
        self.film_rule = _varied(c.film.id for c in tried)

    # --- the beam ------------------------------------------------------------------------

    def run(self) -> tuple[list[Candidate], bool]:
        frontier = [_State(0.0, 0, 0, None, 0, 0.0, 0, None)]
        finished: list[tuple[float, int, _State]] = []
        exhaustive = True
        while frontier:
            children: dict[tuple[int, int], _State] = {}
            for state in frontier:
                played = state.chain()
                used = {id(c) for c in played}
                if state.count and self._may_stop(state, played):
                    finished.append((self._score(state), len(finished), state))
                expanded = False
                for candidate in self._choices(state, used):
                    expanded = True
                    child = self._extend(state, candidate)
                    if self._done(child):
                        finished.append((self._score(child), len(finished), child))
                        continue
                    key = (child.key, id(candidate))
                    kept = children.get(key)
                    if kept is None or child.cost < kept.cost:
                        children[key] = child
                if not expanded and state.count:  # nothing left to play
                    finished.append((self._score(state), len(finished), state))
            ranked = sorted(children.values(), key=lambda s: s.cost)
            exhaustive = exhaustive and len(ranked) <= BEAM_WIDTH
            frontier = ranked[:BEAM_WIDTH]
        best = min(finished, key=lambda f: f[:2])[2]
        if self.every:  # the order along the path is a fair guess that the beam may miss
            along = self._replay(self.along)
            if self._score(along) < self._score(best):
                best = along
        return best.chain(), exhaustive

    def _replay(self, order: list[Candidate]) -> _State:
        state = _State(0.0, 0, 0, None, 0, 0.0, 0, None)
        for candidate in order:
            state = self._extend(state, candidate)
        return state

    def span_of(self, order: list[Candidate]) -> int | None:
        """The seconds the arc spans for ``order``: the minutes, unless the count ended it
        first (then its own length)."""
        played = sum(c.seconds for c in order)
        if self.counted and len(order) == self.count and (
                self.seconds is None or played < self.seconds):
            return played
        return self.span

    def _done(self, state: _State) -> bool:
        if state.count >= self.count:
            return True
        return self.seconds is not None and state.elapsed >= self.seconds

    def _may_stop(self, state: _State, played: list[Candidate]) -> bool:
        """Short of the minutes, stopping is allowed when no track left lands nearer."""
        if self.seconds is None:
            return False
        gap = self.seconds - state.elapsed
        nearer = bisect.bisect_left(self.lengths, 2 * gap)  # a track under 2 gaps is nearer
        nearer_used = sum(1 for c in played if c.seconds < 2 * gap)
        return nearer == nearer_used

    def _score(self, state: _State) -> float:
        score = state.cost
        if self.seconds and self.fit_length:
            score += LENGTH_WEIGHT * abs(self.seconds - state.elapsed) / self.typical
        return score

    def moment(self, elapsed: int, count: int, seconds: float) -> float:
        """How far along the arc (0 to 1) the middle of the track played after ``count``
        tracks and ``elapsed`` seconds lies."""
        span: float | None = self.span
        if self.counted:  # the time played so far and a typical length for each to come
            coming = elapsed + seconds + (self.count - count - 1) * self.typical
            span = min(span, coming) if span else coming
        return (elapsed + seconds / 2) / span if span else 0.0

    def _extend(self, state: _State, candidate: Candidate) -> _State:
        fraction = self.moment(state.elapsed, state.count, candidate.seconds)
        cost, progress = self._serving(candidate.point, fraction)
        run, broken = 1, 0
        last = state.last
        if last is not None:
            cost += STEP_WEIGHT * distance(candidate.point, last.point)
            cost += BACK_WEIGHT * max(0.0, state.progress - progress)
            if self.artist_rule and candidate.artist is not None \
                    and candidate.artist == last.artist:
                broken += 1
            if candidate.film.id == last.film.id:
                run = state.run + 1
                broken += self.film_rule and run > FILM_RUN
        # Weighed by time, so that every moment of the arc counts alike, whatever the
        # lengths of the tracks that serve it.
        cost = cost * candidate.seconds / self.typical + RULE_PENALTY * broken
        cost += PROMINENCE_STEP * candidate.prominence
        if candidate.duration is None:
            cost += UNKNOWN_LENGTH
        return _State(state.cost + cost, state.elapsed + candidate.seconds, state.count + 1,
                      candidate, run, progress, state.key ^ candidate.draw, state)

    def _serving(self, point: Point, fraction: float) -> tuple[float, float]:
        """How far ``point`` lies from the arc at the moment ``fraction``, and where along
        the path it counts as lying then. Remembered: the partial playlists that reach the
        same moment (estimated lengths are all alike) try the same places."""
        found = self._served.get((point, fraction))
        if found is None:
            away = distance(point, self.path.at(fraction))
            if self.every:
                # Every track plays, so each will cost at least its distance from the path:
                # charging only the excess keeps the search from putting off the far ones.
                away -= min(self._projected(point))[0]
            progress = choose_projection(self._projected(point), fraction)
            found = self._served[(point, fraction)] = (away, progress)
        return found

    def _projected(self, point: Point) -> list[tuple[float, float]]:
        found = self._projections.get(point)
        if found is None:
            found = self._projections[point] = self.path.projections(point)
        return found

    # --- what to try next ----------------------------------------------------------------

    def _choices(self, state: _State, used: set[int]) -> Iterator[Candidate]:
        """The tracks nearest the next moment (a few per place), then those landing best."""
        origin = self.path.at(self.moment(state.elapsed, state.count, self.typical))
        tried: set[int] = set()
        closing = self._closing(state)
        for places, place in enumerate(self._nearest(origin), 1):
            picked = self._from_place(state, self.groups[place], used)
            if closing is not None and places <= CLOSING_POSITIONS:
                best = self._landing(self.groups[place], used, closing)
                if best is not None:
                    picked.append(best)
            for candidate in picked:
                if id(candidate) not in tried:
                    tried.add(id(candidate))
                    yield candidate
            if len(tried) >= EXPANSIONS and (closing is None or places >= CLOSING_POSITIONS):
                break
        # Tracks far from the path must play somewhere when every track plays: the ones
        # that lie earliest along the path are tried too, so they land at their moment.
        if self.every:
            for candidate in self._earliest(used):
                if id(candidate) not in tried:
                    yield candidate

    def _nearest(self, origin: Point) -> _Walk:
        """The places nearest ``origin``, first to last. Many partial playlists reach the
        same moment (estimated lengths are all alike), so each walk is kept and shared."""
        walk = self._walks.get(origin)
        if walk is None:
            walk = self._walks[origin] = _Walk(self.grid.nearest(origin))
        return walk

    def _earliest(self, used: set[int]) -> list[Candidate]:
        found: list[Candidate] = []
        for candidate in self.along:
            if id(candidate) not in used:
                found.append(candidate)
                if len(found) == EARLIEST:
                    break
        return found

    def _closing(self, state: _State) -> int | None:
        """The seconds left when the end is near enough to pick tracks by length."""
        if self.seconds is None:
            return None
        gap = self.seconds - state.elapsed
        return gap if gap <= 2 * self.typical else None

    def _from_place(self, state: _State, group: list[Candidate],
                    used: set[int]) -> list[Candidate]:
        """Up to PER_POSITION unused tracks of one place that break no rule (else one)."""
        fine: list[Candidate] = []
        first = None
        for candidate in group:
            if id(candidate) in used:
                continue
            first = first or candidate
            if self._keeps_rules(state, candidate):
                fine.append(candidate)
                if len(fine) == PER_POSITION:
                    break
        return fine or ([first] if first is not None else [])

    def _keeps_rules(self, state: _State, candidate: Candidate) -> bool:
        last = state.last
        if last is None:
            return True
        if self.artist_rule and candidate.artist is not None \
                and candidate.artist == last.artist:
            return False
        return not self.film_rule or candidate.film.id != last.film.id \
            or state.run < FILM_RUN

    @staticmethod
    def _landing(group: list[Candidate], used: set[int], gap: int) -> Candidate | None:
        """The unused track of a place whose length lands nearest the end of the minutes."""
        best = None
        for candidate in group:
            if id(candidate) not in used and (
                    best is None or abs(gap - candidate.seconds) < abs(gap - best.seconds)):
                best = candidate
        return best

    # --- the rule as a last resort -------------------------------------------------------

    def spread(self, order: list[Candidate]) -> list[Candidate]:
        """Repair any performer playing twice in a row that the search could not avoid."""
        if not any(clashes(order, i) for i in range(1, len(order))):
            return order
        targets = self.targets(order)

        def harm(o: list[Candidate], i: int, j: int) -> float:
            before = distance(o[i].point, targets[i]) + distance(o[j].point, targets[j])
            return distance(o[j].point, targets[i]) + distance(o[i].point, targets[j]) - before

        return spread_artists(order, harm)

    def targets(self, order: list[Candidate]) -> list[Point]:
        points, elapsed = [], 0
        for count, candidate in enumerate(order):
            points.append(self.path.at(self.moment(elapsed, count, candidate.seconds)))
            elapsed += candidate.seconds
        return points


def _most_tracks(pool: list[Candidate], budget: Budget) -> int:
    """About the most tracks a playlist within ``budget`` can hold."""
    if budget.count is not None:
        return min(budget.count, len(pool))
    shortest = min(c.seconds for c in pool)
    return min(len(pool), math.ceil((budget.seconds or 0) / max(shortest, 1)) + 1)


def _near_path(pool: list[Candidate], path: ArcPath, most: int) -> list[Candidate]:
    """The tracks of a huge pool that the search could ever try.

    Around each of ``PATH_SAMPLES`` points along the path: the nearest places holding
    enough tracks for the whole playlist and a full set of choices besides (``most +
    EXPANSIONS``, and at least ``CLOSING_POSITIONS`` places), widened by half the gap
    between two points so that every moment in between is covered too.
    """
    counts = Counter(candidate.point for candidate in pool)
    grid = PointGrid(counts)
    samples = [path.at(i / (PATH_SAMPLES - 1)) for i in range(PATH_SAMPLES)]
    margin = max((distance(a, b) for a, b in itertools.pairwise(samples)), default=0.0) / 2
    enough = most + EXPANSIONS
    kept: set[Point] = set()
    for sample in samples:
        gathered, places, reach = 0, 0, None
        for place in grid.nearest(sample):
            away = distance(place, sample)
            if reach is not None and away > reach:
                break
            kept.add(place)
            gathered, places = gathered + counts[place], places + 1
            if reach is None and gathered >= enough and places >= CLOSING_POSITIONS:
                reach = away + margin
    return [c for c in pool if c.point in kept]


def _varied(values: Iterable[object]) -> bool:
    """Whether ``values`` holds two different ones (looking no further than the second)."""
    items = iter(values)
    for first in items:
        return any(value != first for value in items)
    return False


def _preference(candidate: Candidate) -> tuple[int, bool, int]:
    """Within one place on the plane: what the film features first, then known lengths,
    then the seeded draw."""
    return (candidate.prominence, candidate.duration is None, candidate.draw)
