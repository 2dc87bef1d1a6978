"""Mood arcs: a path across the valence/arousal plane, and the tracks that follow it.

The path runs through the waypoints, each segment between two named moods getting an
equal share of the playing time: with waypoints dream, isolation, hope and 60 minutes,
the first 30 minutes walk from dream to isolation and the last 30 from isolation to
hope, whatever the tracks' lengths. A track serves the moment of its middle. The tracks
and their order are found by a beam search (``wkwmix.playlist.search``); ``along`` orders
a large selection played whole by where each track lies along the path.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from wkwmix.playlist.candidate import Candidate, Point
from wkwmix.playlist.spacing import spread_artists

FEW_POINTS = 256  # up to this many points, the grid sorts them all instead
NEAR_TIE = 0.05  # projections this close in distance are told apart by the moment


@dataclass(frozen=True)
class ArcPath:
    """A path on the valence/arousal plane through the waypoints, each segment an equal share."""

    waypoints: list[Point]

    @property
    def segments(self) -> int:
        return max(len(self.waypoints) - 1, 1)

    def project(self, point: Point, near: float | None = None) -> float:
        """The fraction of the path (0 to 1) at the path's point nearest ``point``.

        A path that passes one place twice (dream, isolation, dream) has two nearest
        points; given ``near``, the one nearer that moment of the path wins.
        """
        return choose_projection(self.projections(point), near)

    def projections(self, point: Point) -> list[tuple[float, float]]:
        """(distance, fraction) of the nearest point of each segment to ``point``."""
        segments = len(self.waypoints) - 1
        if segments == 0:
            return [(distance(point, self.waypoints[0]), 0.0)]
        return [(distance(point, _lerp(a, b, t)), (i + t) / segments)
                for i, (a, b) in enumerate(itertools.pairwise(self.waypoints))
                for t in (_nearest_t(a, b, point),)]

    def at(self, fraction: float) -> Point:
        points = self.waypoints
        if len(points) == 1:
            return points[0]
        fraction = min(max(fraction, 0.0), 1.0)
        segments = len(points) - 1
        index = min(int(fraction * segments), segments - 1)
        local = fraction * segments - index
        return _lerp(points[index], points[index + 1], local)

    def segment(self, fraction: float) -> int:
        """The index of the segment the moment ``fraction`` lies on."""
        segments = len(self.waypoints) - 1
        if segments <= 0:
            return 0
        return min(int(min(max(fraction, 0.0), 1.0) * segments), segments - 1)


def choose_projection(options: list[tuple[float, float]], near: float | None) -> float:
    """The fraction of the nearest projection; among near-equals, the one nearest ``near``."""
    best = min(options)
    if near is None:
        return best[1]
    close = [o for o in options if o[0] <= best[0] + NEAR_TIE]
    return min(close, key=lambda o: (abs(o[1] - near), o))[1]


class PointGrid:
    """Points of the valence/arousal plane in square cells, to visit them nearest first.

    A step of an arc needs only the few positions nearest the arc's point; the grid finds
    them by looking at rings of cells around it instead of measuring every position.
    """

    def __init__(self, points: Iterable[Point], cells: int = 24, few: int = FEW_POINTS) -> None:
        self.size = 2.0 / cells  # both axes run from -1 to 1
        self.cells: dict[tuple[int, int], list[Point]] = {}
        self.points = list(points)
        self.few = few
        for point in self.points:
            self.cells.setdefault(self._cell(point), []).append(point)
        self.reach = cells + 2  # rings enough to cover every cell from anywhere

    def _cell(self, point: Point) -> tuple[int, int]:
        return (math.floor((point[0] + 1) / self.size), math.floor((point[1] + 1) / self.size))

    def nearest(self, origin: Point) -> Iterator[Point]:
        """Every point, nearest to ``origin`` first (ties in coordinate order)."""
        if len(self.points) <= self.few:  # sorting them all is quicker than the rings
            # Each point once with its distance: the pairs sort as (distance, point) would.
            yield from (p for _, p in sorted([(distance(p, origin), p) for p in self.points]))
            return
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
