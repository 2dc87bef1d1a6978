"""Mood arcs: a path across the valence/arousal plane, and the tracks that follow it.

The path runs through the waypoints, each segment between two named moods getting an
equal share of the playing time. ``arc_order`` fills the budget with the tracks nearest
the path moment by moment, then swaps pairs while that brings both nearer their moment;
``along`` orders every track by where it lies along the path.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter

from wkwmix.playlist.candidate import Candidate, Point
from wkwmix.playlist.fitting import Budget, Source, fit
from wkwmix.playlist.spacing import keeps_spacing, spread_artists

SMOOTH_LIMIT = 400  # longest arc whose order is refined pair by pair
SMOOTH_PASSES = 4


def arc_order(pool: list[Candidate], path: ArcPath, budget: Budget) -> list[Candidate]:
    """Fill the budget with the tracks nearest the arc moment by moment, then refine."""
    typical = statistics.median([c.seconds for c in pool]) if pool else 0
    chosen = fit(ArcSource(pool, path, budget, typical), budget, spaced=True, same_point=True)
    points = path_points(chosen, path, budget)
    chosen = smooth(chosen, points)
    return spread_artists(chosen, lambda o, i, j: -swap_gain(o, points, i, j))


@dataclass(frozen=True)
class ArcPath:
    """A path on the valence/arousal plane through the waypoints, each segment an equal share."""

    waypoints: list[Point]

    def project(self, point: Point) -> float:
        """The fraction of the path (0 to 1) at the path's point nearest ``point``."""
        segments = len(self.waypoints) - 1
        if segments == 0:
            return 0.0
        best = min((distance(point, _lerp(a, b, t)), (i + t) / segments)
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
                        heapq.heappush(found, (distance(point, origin), point))
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


def along(pool: list[Candidate], path: ArcPath) -> list[Candidate]:
    """Every track, ordered by where it lies along the arc (its nearest point on the path).

    With no length or count to fill there is nothing to choose, only an order to find.
    """
    where = {id(c): path.project(c.point) for c in pool}
    order = sorted(pool, key=lambda c: (where[id(c)], c.draw))
    return spread_artists(order, lambda o, i, j: abs(where[id(o[i])] - where[id(o[j])]))


def path_points(chosen: list[Candidate], path: ArcPath, budget: Budget) -> list[Point]:
    """The arc's point at the middle of each chosen track (by time when fitting minutes)."""
    if not budget.seconds:
        return [path.at((i + 0.5) / len(chosen)) for i in range(len(chosen))]
    points, elapsed = [], 0
    for candidate in chosen:
        points.append(path.at((elapsed + candidate.seconds / 2) / budget.seconds))
        elapsed += candidate.seconds
    return points


def smooth(chosen: list[Candidate], points: list[Point]) -> list[Candidate]:
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
                if swap_gain(order, points, i, j) > 1e-9 and keeps_spacing(order, i, j):
                    order[i], order[j] = order[j], order[i]
                    swapped = True
        if not swapped:
            break
    return order


def swap_gain(order: list[Candidate], points: list[Point], i: int, j: int) -> float:
    a, b = order[i].point, order[j].point
    before = distance(a, points[i]) + distance(b, points[j])
    return before - (distance(b, points[i]) + distance(a, points[j]))


def _nearest_t(a: Point, b: Point, p: Point) -> float:
    """Where on the segment a-b (0 to 1) the point nearest ``p`` lies."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return 0.0
    return min(max(((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2, 0.0), 1.0)


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])
