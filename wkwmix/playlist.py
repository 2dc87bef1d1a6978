"""Building a playlist: select with a query, order (film, mood arc, shuffle), fit to a length.

Everything here is deterministic: the same catalog, recipe and seed give the same playlist.
Randomness comes only from ``random.Random(seed)`` and every sort has a total order.

Durations are never invented. A track's length is its matched local file's, else the
catalog's, else an estimate (the median of the known ones) that is used for fitting only
and flagged as such so that writers never present it as a fact.

How a build goes: the query selects tracks; one appearance per recording is kept; each
becomes a ``Candidate`` (length, mood position, seeded draw). With no length or count to
fill, every candidate plays and only the order is found (film chronology, the seeded
draw, or the position along the arc). Otherwise ``_fit`` fills the budget from a
``Source`` (the seeded sequence, or ``ArcSource``: the tracks nearest the arc's point at
each moment), exchanges tracks to land nearer the target, and the order is refined so
that the arc runs smoothly and one artist does not play twice in a row.
"""

from __future__ import annotations

import bisect
import gc
import heapq
import itertools
import math
import random
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from wkwmix.catalog import Catalog, Film, Track
from wkwmix.recipes import Recipe, parse_query, require_valid

if TYPE_CHECKING:
    from wkwmix.library import LibraryIndex, LocalFile

FALLBACK_SECONDS = 240
SMOOTH_LIMIT = 400  # longest arc whose order is refined pair by pair
SMOOTH_PASSES = 4
SPREAD_PASSES = 3
SPREAD_WINDOW = 200  # how far a clash looks for a track to swap with
Point = tuple[float, float]


@dataclass(frozen=True)
class Entry:
    """One track of a playlist with where to find it and how long it is."""

    track: Track
    film: Film
    duration: int | None  # a real length: the local file's, else the catalog's
    estimated_duration: int | None = None  # set only when ``duration`` is unknown
    local_path: Path | None = None
    spotify: str | None = None

    @property
    def seconds(self) -> int:
        """The length used for fitting: real when known, else the estimate."""
        return self.duration if self.duration is not None else self.estimated_duration or 0

    @property
    def duration_source(self) -> str:
        if self.duration is None:
            return "estimate"
        return "file" if self.local_path is not None else "catalog"

    @property
    def location(self) -> str | None:
        """The absolute local path, else the Spotify URI, else None (unresolved)."""
        return str(self.local_path) if self.local_path is not None else self.spotify


@dataclass(frozen=True)
class Playlist:
    name: str
    description: str
    tracks: tuple[Track, ...]
    entries: tuple[Entry, ...] = ()
    order: str = "film"
    target_seconds: int | None = None

    @property
    def total_seconds(self) -> int:
        """The length counting estimates (see ``estimated``)."""
        return sum(e.seconds for e in self.entries)

    @property
    def duration(self) -> int | None:
        """The real total length, or None when any track's length is only estimated."""
        return None if self.estimated else self.total_seconds

    @property
    def estimated(self) -> list[Entry]:
        return [e for e in self.entries if e.duration is None]

    @property
    def unresolved(self) -> list[Entry]:
        return [e for e in self.entries if e.location is None]


@dataclass(slots=True, eq=False)  # identity: two appearances are never one candidate
class Candidate:
    """A track that may go into the playlist, with what ordering and fitting need to know."""

    track: Track
    film: Film
    seconds: int  # real length, else the estimate
    duration: int | None  # real length only
    local: LocalFile | None
    point: Point  # the track's position on the valence/arousal plane
    chronology: int  # film chronology, then catalog order
    draw: int  # a seeded random number, unique: the order among equals

    @property
    def artist(self) -> str | None:
        return self.track.artist

    def entry(self, estimate: int) -> Entry:
        return Entry(
            track=self.track,
            film=self.film,
            duration=self.duration,
            estimated_duration=estimate if self.duration is None else None,
            local_path=self.local.path if self.local is not None else None,
            spotify=self.track.spotify,
        )


def build(catalog: Catalog, recipe: Recipe, *, library: LibraryIndex | None = None,
          playable_only: bool = False) -> Playlist:
    """The playlist ``recipe`` describes, drawn from ``catalog`` (and located in ``library``).

    With ``playable_only``, only tracks with a local file or a Spotify URI are drawn.
    """
    if recipe.path is not None:
        require_valid(recipe, catalog)  # problems named with the recipe's file and line
    with _collector_paused():
        return _build(catalog, recipe, library, playable_only)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a build allocates an object per track.

    None of those objects form cycles, yet with a large catalog in memory each automatic
    collection walks all of it: a third of the build time at 100,000 tracks.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(catalog: Catalog, recipe: Recipe, library: LibraryIndex | None,
           playable_only: bool) -> Playlist:
    waypoints = [_mood_point(catalog, name) for name in recipe.arc]
    selected = parse_query(recipe.query, catalog).select(catalog) if recipe.query else list(
        catalog)
    matches = _match(selected, library)
    if playable_only:
        selected = [t for t in selected if t.id in matches or t.spotify]
    tracks = _one_per_recording(selected, matches)
    durations = [_real_duration(t, matches.get(t.id)) for t in tracks]
    estimate = estimate_seconds(_known_lengths(catalog, tracks, durations))
    pool = _candidates(catalog, tracks, durations, estimate, matches, recipe.seed)
    budget = Budget(
        seconds=round(recipe.minutes * 60) if recipe.minutes else None, count=recipe.limit,
    )
    chosen = _order(recipe, pool, waypoints, budget)
    entries = tuple(c.entry(estimate) for c in chosen)
    return Playlist(
        name=recipe.name,
        description=recipe.description,
        tracks=tuple(e.track for e in entries),
        entries=entries,
        order=recipe.order,
        target_seconds=budget.seconds,
    )


def _mood_point(catalog: Catalog, name: str) -> Point:
    mood = catalog.moods[catalog.moods.resolve(name)]
    return (mood.valence, mood.arousal)


def _match(tracks: Sequence[Track], library: LibraryIndex | None) -> dict[str, LocalFile]:
    if library is None:
        return {}
    found = {}
    for track in tracks:
        local = library.match(track)
        if local is not None:
            found[track.id] = local
    return found


def _one_per_recording(tracks: Sequence[Track], matches: dict[str, LocalFile]) -> list[Track]:
    """One track per recording: a theme reused in two films is played once.

    The appearance kept is the one a player can find (a local file, else a Spotify URI),
    else the first in catalog order.
    """
    shared = {t.same_as for t in tracks if t.same_as}
    best: dict[str, tuple[int, int, Track]] = {}
    for position, track in enumerate(tracks):
        if track.recording not in shared:
            continue
        rank = 0 if track.id in matches else 1 if track.spotify else 2
        current = best.get(track.recording)
        if current is None or (rank, position) < current[:2]:
            best[track.recording] = (rank, position, track)
    kept = {id(track) for _, _, track in best.values()}
    return [t for t in tracks if t.recording not in shared or id(t) in kept]


def _candidates(
    catalog: Catalog, tracks: Sequence[Track], durations: Sequence[int | None], estimate: int,
    matches: dict[str, LocalFile], seed: int | str,
) -> list[Candidate]:
    rng = random.Random(seed)
    films = catalog.films
    film_rank = {f: r for r, f in enumerate(sorted(films, key=lambda f: (films[f].year, f)))}
    count = len(tracks)
    # Random bits above the chronology: integers that sort fast and never tie.
    shift = (len(films) * count).bit_length()
    positions = _Positions(catalog)
    getrandbits = rng.getrandbits
    candidates = []
    for position, (track, duration) in enumerate(zip(tracks, durations)):
        chronology = film_rank[track.film] * count + position
        candidates.append(Candidate(
            track, films[track.film], estimate if duration is None else duration, duration,
            matches.get(track.id), positions.of(track.moods), chronology,
            (getrandbits(48) << shift) | chronology))
    return candidates


class _Positions:
    """Each track's place on the valence/arousal plane, computed once per set of moods.

    Tracks with the same moods (in any order) get the very same point, so they form one
    group for the arc; the moods are summed in sorted order, the same in every process.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.moods = catalog.moods
        self.by_tuple: dict[tuple[str, ...], Point] = {}
        self.by_set: dict[frozenset[str], Point] = {}

    def of(self, moods: tuple[str, ...]) -> Point:
        point = self.by_tuple.get(moods)
        if point is None:
            key = frozenset(moods)
            point = self.by_set.get(key)
            if point is None:
                point = self.by_set[key] = self.moods.position(sorted(key))
            self.by_tuple[moods] = point
        return point


def _real_duration(track: Track, local: LocalFile | None) -> int | None:
    if local is not None and local.duration:
        return max(1, round(local.duration))
    return track.duration


def _known_lengths(catalog: Catalog, tracks: Sequence[Track],
                   durations: Sequence[int | None]) -> list[int]:
    """Every real length known: the selected tracks' (files first), and the catalog's others."""
    selected = {t.id for t in tracks}
    known = [d for d in durations if d is not None]
    known += [t.duration for t in catalog if t.duration and t.id not in selected]
    return known


def estimate_seconds(known: Sequence[int]) -> int:
    """The length assumed for a track without one: the median of the known lengths."""
    return round(statistics.median(known)) if known else FALLBACK_SECONDS


@dataclass(frozen=True)
class Budget:
    seconds: int | None = None
    count: int | None = None

    def open(self, elapsed: int, taken: int) -> bool:
        """Whether another track may start (so the total ends at most one track over)."""
        if self.count is not None and taken >= self.count:
            return False
        return self.seconds is None or elapsed < self.seconds


def _order(
    recipe: Recipe, pool: list[Candidate], waypoints: list[Point], budget: Budget,
) -> list[Candidate]:
    every_track = budget == Budget()  # nothing to choose, only an order to find
    if recipe.order == "arc":
        path = ArcPath(waypoints)
        return _along(pool, path) if every_track else _arc(pool, path, budget)
    if every_track:
        chosen = sorted(pool, key=attrgetter("draw"))
    else:
        chosen = _fit(SequenceSource(pool), budget, spaced=recipe.order == "shuffle")
    if recipe.order == "film":
        return sorted(chosen, key=attrgetter("chronology"))
    return _spread_artists(chosen, lambda o, i, j: abs(i - j))


def _arc(pool: list[Candidate], path: ArcPath, budget: Budget) -> list[Candidate]:
    """Fill the budget with the tracks nearest the arc moment by moment, then refine."""
    typical = statistics.median([c.seconds for c in pool]) if pool else 0
    chosen = _fit(ArcSource(pool, path, budget, typical), budget, spaced=True, same_point=True)
    points = _path_points(chosen, path, budget)
    chosen = _smooth(chosen, points)
    return _spread_artists(chosen, lambda o, i, j: -_swap_gain(o, points, i, j))


def _fit(source: Source, budget: Budget, *, spaced: bool,
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
        """The first candidate in draw order with this length (and at ``point``)."""
        return next(c for c in self.remaining()
                    if c.seconds == seconds and (point is None or c.point == point))

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
    return next(c for c in source.preferences(taken, elapsed) if abs(gap - c.seconds) == miss)


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


def _spread_artists(order: list[Candidate],
                    harm: Callable[[list[Candidate], int, int], float]) -> list[Candidate]:
    """Move tracks so that one artist does not play twice in a row, where others remain.

    The fill already avoids it step by step, but can be left with only one artist at the
    end; each clash is swapped with the position that does the least ``harm`` to the
    order (the arc's fit, or the shuffle's distance).
    """
    order = list(order)
    for _ in range(SPREAD_PASSES):
        clashes = [i for i in range(1, len(order)) if _clashes(order, i) > 0]
        if not clashes:
            break
        for i in clashes:
            if _clashes(order, i) == 0:
                continue
            window = range(max(0, i - SPREAD_WINDOW), min(len(order), i + SPREAD_WINDOW))
            fixes = [j for j in window if j != i and _relieves(order, i, j)]
            if fixes:
                j = min(fixes, key=lambda j: (harm(order, i, j), abs(i - j), j))
                order[i], order[j] = order[j], order[i]
    return order


def _relieves(order: list[Candidate], i: int, j: int) -> bool:
    return _clashes(order, i, j, swap=(i, j)) < _clashes(order, i, j)


class SequenceSource(Source):
    """Candidates in a seeded random order (shuffle; and the sample of a film-order list)."""

    def __init__(self, pool: list[Candidate]) -> None:
        super().__init__(pool)
        self._order = sorted(pool, key=attrgetter("draw"))
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


@dataclass(frozen=True)
class ArcPath:
    """A path on the valence/arousal plane through the waypoints, each segment an equal share."""

    waypoints: list[Point]

    def project(self, point: Point) -> float:
        """The fraction of the path (0 to 1) at the path's point nearest ``point``."""
        segments = len(self.waypoints) - 1
        if segments == 0:
            return 0.0
        best = min((_distance(point, _lerp(a, b, t)), (i + t) / segments)
                   for i, (a, b) in enumerate(itertools.pairwise(self.waypoints))
                   for t in (_nearest_t(a, b, point),))
        return best[1]

    def at(self, fraction: float) -> Point:
        points = self.waypoints
        if len(points) == 1:
            return points[0]
        fraction = min(max(fraction, 0.0), 1.0)
        segments = len(points) - 1
        index = min(int(fraction * segments), segments - 1)
        local = fraction * segments - index
        return _lerp(points[index], points[index + 1], local)


class ArcSource(Source):
    """Candidates nearest the arc's point for the current moment, grouped by position.

    Tracks with the same moods share a position, so each step measures one distance per
    distinct position rather than per track (a catalog has far fewer of those).
    """

    def __init__(self, pool: list[Candidate], path: ArcPath, budget: Budget,
                 typical: float) -> None:
        super().__init__(pool)
        self.path, self.budget, self.typical = path, budget, typical
        self.size = len(pool)
        self._groups: dict[Point, list[Candidate]] = {}
        for candidate in sorted(pool, key=attrgetter("draw")):
            self._groups.setdefault(candidate.point, []).append(candidate)
        self._grid = PointGrid(self._groups)

    def _fraction(self, taken: int, elapsed: int) -> float:
        if self.budget.seconds:
            return (elapsed + self.typical / 2) / self.budget.seconds
        count = self.budget.count or self.size
        return (taken + 0.5) / max(count, 1)

    def preferences(self, taken: int, elapsed: int) -> Iterator[Candidate]:
        point = self.path.at(self._fraction(taken, elapsed))
        for here in self._grid.nearest(point):
            group = self._groups.get(here)
            if group:  # (a position whose tracks are all taken stays in the grid)
                yield from group

    def remaining(self) -> Iterable[Candidate]:
        return (c for group in self._groups.values() for c in group)

    def lengths(self, point: Point | None = None) -> list[int]:
        if point is None:
            return super().lengths()
        return sorted({c.seconds for c in self._groups.get(point, ())})

    def first_of_length(self, seconds: int, point: Point | None = None) -> Candidate:
        if point is None:
            return super().first_of_length(seconds)
        return next(c for c in self._groups[point] if c.seconds == seconds)

    def _remove(self, candidate: Candidate) -> None:
        group = self._groups[candidate.point]
        group.remove(candidate)
        if not group:
            del self._groups[candidate.point]

    def _restore(self, candidate: Candidate) -> None:
        group = self._groups.setdefault(candidate.point, [])
        bisect.insort(group, candidate, key=attrgetter("draw"))


class PointGrid:
    """Points of the valence/arousal plane in square cells, to visit them nearest first.

    A step of an arc needs only the few positions nearest the arc's point; the grid finds
    them by looking at rings of cells around it instead of measuring every position.
    """

    def __init__(self, points: Iterable[Point], cells: int = 24) -> None:
        self.size = 2.0 / cells  # both axes run from -1 to 1
        self.cells: dict[tuple[int, int], list[Point]] = {}
        for point in points:
            self.cells.setdefault(self._cell(point), []).append(point)
        self.reach = cells + 2  # rings enough to cover every cell from anywhere

    def _cell(self, point: Point) -> tuple[int, int]:
        return (math.floor((point[0] + 1) / self.size), math.floor((point[1] + 1) / self.size))

    def nearest(self, origin: Point) -> Iterator[Point]:
        """Every point, nearest to ``origin`` first (ties in coordinate order)."""
        cx, cy = self._cell(origin)
        found: list[tuple[float, Point]] = []
        ring = 0
        while found or ring <= self.reach:
            # Points in ring r are at least (r - 1) cells away: pop only what is surely next.
            while ring <= self.reach and (not found or (ring - 1) * self.size <= found[0][0]):
                for cell in _ring(cx, cy, ring):
                    for point in self.cells.get(cell, ()):
                        heapq.heappush(found, (_distance(point, origin), point))
                ring += 1
            if found:
                yield heapq.heappop(found)[1]


def _ring(cx: int, cy: int, r: int) -> Iterator[tuple[int, int]]:
    """The cells at Chebyshev distance ``r`` from (cx, cy)."""
    if r == 0:
        yield (cx, cy)
        return
    for x in range(cx - r, cx + r + 1):
        yield (x, cy - r)
        yield (x, cy + r)
    for y in range(cy - r + 1, cy + r):
        yield (cx - r, y)
        yield (cx + r, y)


def _along(pool: list[Candidate], path: ArcPath) -> list[Candidate]:
    """Every track, ordered by where it lies along the arc (its nearest point on the path).

    With no length or count to fill there is nothing to choose, only an order to find.
    """
    where = {id(c): path.project(c.point) for c in pool}
    order = sorted(pool, key=lambda c: (where[id(c)], c.draw))
    return _spread_artists(order, lambda o, i, j: abs(where[id(o[i])] - where[id(o[j])]))


def _path_points(chosen: list[Candidate], path: ArcPath, budget: Budget) -> list[Point]:
    """The arc's point at the middle of each chosen track (by time when fitting minutes)."""
    if not budget.seconds:
        return [path.at((i + 0.5) / len(chosen)) for i in range(len(chosen))]
    points, elapsed = [], 0
    for candidate in chosen:
        points.append(path.at((elapsed + candidate.seconds / 2) / budget.seconds))
        elapsed += candidate.seconds
    return points


def _smooth(chosen: list[Candidate], points: list[Point]) -> list[Candidate]:
    """Swap pairs of tracks while that brings both nearer their points on the arc.

    The greedy fill takes the nearest track for each moment, which can leave the tracks
    nobody wanted for the end; swapping fixes that. Pairs are O(n²), so long lists keep
    the greedy order.
    """
    order = list(chosen)
    if len(order) > SMOOTH_LIMIT:
        return order
    for _ in range(SMOOTH_PASSES):
        swapped = False
        for i in range(len(order)):
            for j in range(i + 1, len(order)):
                if _swap_gain(order, points, i, j) > 1e-9 and _keeps_spacing(order, i, j):
                    order[i], order[j] = order[j], order[i]
                    swapped = True
        if not swapped:
            break
    return order


def _swap_gain(order: list[Candidate], points: list[Point], i: int, j: int) -> float:
    a, b = order[i].point, order[j].point
    before = _distance(a, points[i]) + _distance(b, points[j])
    return before - (_distance(b, points[i]) + _distance(a, points[j]))


def _keeps_spacing(order: list[Candidate], i: int, j: int) -> bool:
    """Whether swapping i and j leaves no more same-artist neighbours than before."""
    return _clashes(order, i, j, swap=(i, j)) <= _clashes(order, i, j)


def _clashes(order: list[Candidate], *positions: int, swap: tuple[int, int] | None = None) -> int:
    """Same-artist neighbours around ``positions`` (as if ``swap`` were done, when given)."""
    def artist(k: int) -> str | None:
        if swap is not None and k in swap:
            k = swap[1] if k == swap[0] else swap[0]
        return order[k].artist

    pairs = {(k - 1, k) for p in positions for k in (p, p + 1) if 0 < k < len(order)}
    return sum(1 for a, b in pairs if artist(a) is not None and artist(a) == artist(b))


def _nearest_t(a: Point, b: Point, p: Point) -> float:
    """Where on the segment a-b (0 to 1) the point nearest ``p`` lies."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return 0.0
    return min(max(((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2, 0.0), 1.0)


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])
