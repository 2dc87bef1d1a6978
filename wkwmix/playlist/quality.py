"""How well an arc playlist follows its path: the figures of every arc build, and why not.

Each track serves the moment of the arc at its middle, by time: the arc spans the minutes
asked for, else the playlist's own length (also when a track limit ends it before the
minutes), and each segment between two named moods gets an equal share of that time. The figures:

- distance: from a track's position (among its moods, led by the first) to the arc's
  point at its moment; the mean over tracks and the largest;
- step: the distance between the positions of two tracks in a row; the largest;
- forward: the share of steps that do not move back along the arc (a step between two
  tracks at one place moves neither way, and counts as forward);
- length: the total minus the minutes asked for, and whether that is within one track
  (no more than the playlist's median track length either way);
- estimated: the share of tracks whose length is an estimate.

``lower_bound`` is the least mean distance any choice of distinct tracks could reach
for the same moments, ignoring the rules and the steps (an assignment, solved exactly);
when the targets are missed, ``binding`` says what in the selection or the rules stops
them being met.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from wkwmix.model import ArcMoment, ArcReport
from wkwmix.playlist.arc import ArcPath, PointGrid, distance
from wkwmix.playlist.candidate import Point, median

MEAN_DISTANCE = 0.08
LARGEST_STEP = 0.45
FORWARD_SHARE = 0.95
NEAR = 0.15  # a track this close to a mood "lies near" it
BOUND_LIMIT = 150  # longest playlist whose bound is worked out (the assignment is cubic)
SHOWN = 3  # examples named in a message


@dataclass(frozen=True)
class Played:
    """A track as the report sees it: where it lies, how long it plays, what it is called."""

    point: Point
    seconds: int
    estimated: bool
    label: str


def moments(played: Sequence[Played], path: ArcPath, names: Sequence[str],
            span: int | None) -> list[ArcMoment]:
    """The moment of the arc each track serves, with its target and distance.

    ``span`` is the seconds the arc spans; None: the playlist's own length.
    """
    span = span or sum(p.seconds for p in played) or 1
    out, elapsed = [], 0
    for track in played:
        fraction = min((elapsed + track.seconds / 2) / span, 1.0)
        target = path.at(fraction)
        segment = path.segment(fraction)
        between = (names[segment], names[min(segment + 1, len(names) - 1)])
        out.append(ArcMoment(fraction, target, between, distance(track.point, target)))
        elapsed += track.seconds
    return out


def measure(played: Sequence[Played], path: ArcPath, names: Sequence[str],
            target_seconds: int | None, pool: Sequence[Point], *, span: int | None = None,
            limit: int | None = None, every_track: bool = False,
            search: str = "") -> ArcReport:
    """The figures of an arc playlist, the bound, and which targets it misses and why.

    ``pool`` holds the position of every track the selection offered (played or not);
    ``span`` the seconds the arc spans (by default the minutes asked for, else the
    playlist's own length); ``limit`` the most tracks asked for.
    """
    arc = moments(played, path, names, span or target_seconds)
    distances = [m.distance for m in arc]
    points = [p.point for p in played]
    steps = [distance(a, b) for a, b in itertools.pairwise(points)]
    progress = [path.project(p.point, m.fraction) for p, m in zip(played, arc)]
    forward = [b >= a - 1e-9 or points[i] == points[i + 1]
               for i, (a, b) in enumerate(itertools.pairwise(progress))]
    total = sum(p.seconds for p in played)
    error = total - target_seconds if target_seconds else None
    typical = median(p.seconds for p in played) if played else 0
    bound = lower_bound([m.target for m in arc], pool) if len(arc) <= BOUND_LIMIT else None
    report = ArcReport(
        mean_distance=math.fsum(distances) / len(distances) if distances else 0.0,
        max_distance=max(distances, default=0.0),
        largest_step=max(steps, default=0.0),
        forward_share=sum(forward) / len(forward) if forward else 1.0,
        length_error=error,
        within_one_track=error is None or abs(error) <= typical,
        estimated_share=sum(p.estimated for p in played) / len(played) if played else 0.0,
        bound=bound,
        search=search,
    )
    why = _Why(played, arc, path, names, pool, every_track, target_seconds, limit)
    misses, binding = why.explain(report, steps, forward)
    return ArcReport(**{**report.__dict__, "misses": tuple(misses), "binding": tuple(binding)})


class _Why:
    """Which targets an arc misses, and what in the selection or the rules binds."""

    def __init__(self, played: Sequence[Played], arc: list[ArcMoment], path: ArcPath,
                 names: Sequence[str], pool: Sequence[Point], every_track: bool,
                 target_seconds: int | None, limit: int | None = None) -> None:
        self.played, self.arc, self.path, self.names = played, arc, path, names
        self.pool, self.every_track, self.target = pool, every_track, target_seconds
        self.limit = limit

    def explain(self, report: ArcReport, steps: list[float],
                forward: list[bool]) -> tuple[list[str], list[str]]:
        misses: list[str] = []
        binding: list[str] = []
        if report.mean_distance > MEAN_DISTANCE:
            misses.append(f"mean distance {report.mean_distance:.2f} > {MEAN_DISTANCE}")
            binding += self._distance(report)
        if report.largest_step > LARGEST_STEP:
            misses.append(f"largest step {report.largest_step:.2f} > {LARGEST_STEP}")
            binding += self._step(steps)
        if report.forward_share < FORWARD_SHARE:
            misses.append(f"{report.forward_share:.0%} of steps forward < {FORWARD_SHARE:.0%}")
            back = [f"{self.played[i].label} → {self.played[i + 1].label}"
                    for i, ok in enumerate(forward) if not ok]
            binding.append(f"{len(back)} of {len(forward)} steps move back along the arc "
                           f"(to keep the rules or the length): {'; '.join(back[:SHOWN])}")
        if not report.within_one_track:
            misses.append(f"length off by more than one track ({report.length_error:+d} s)")
            binding.append(self._length())
        return misses, binding

    def _distance(self, report: ArcReport) -> list[str]:
        out = []
        if self.every_track:
            far = sum(1 for m in self.arc if m.distance > NEAR)
            out.append(f"every selected track plays (no --minutes or --limit), and {far} of "
                       f"them lie farther than {NEAR} from the arc")
        for index, name in enumerate(self.names):
            near = sum(1 for p in self.pool if distance(p, self.path.waypoints[index]) <= NEAR)
            wanted = self._served_by(index)
            if near < wanted:
                some = {0: "no track", 1: "only 1 track"}.get(near, f"only {near} tracks")
                out.append(f"{some} of the selection lie{'s' if near < 2 else ''} near "
                           f"{name} (within {NEAR}), where the arc spends {wanted}")
        if report.bound is not None and report.bound > MEAN_DISTANCE:
            out.append(f"no choice of tracks for these moments comes nearer than "
                       f"{report.bound:.2f} on average")
        elif report.bound is not None and not self.every_track:
            out.append(f"the best free choice would average {report.bound:.2f}; keeping "
                       "one performer from playing twice in a row, film runs short and "
                       "steps small costs the rest")
        return out

    def _served_by(self, index: int) -> int:
        """How many tracks serve moments nearer waypoint ``index`` than any other."""
        segments = len(self.names) - 1
        if segments == 0:
            return len(self.arc)
        return sum(1 for m in self.arc
                   if min(range(len(self.names)),
                          key=lambda w: abs(m.fraction - w / segments)) == index)

    def _step(self, steps: list[float]) -> list[str]:
        i = max(range(len(steps)), key=steps.__getitem__)
        a, b = self.played[i].point, self.played[i + 1].point
        middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        between = sum(1 for p in self.pool if distance(p, middle) < steps[i] / 2 - 1e-9
                      and p not in (a, b))
        pair = f"{self.played[i].label} → {self.played[i + 1].label}"
        if between == 0:
            return [f"no track of the selection lies between the two places of the largest "
                    f"step ({pair}, {steps[i]:.2f} apart)"]
        return [f"the largest step ({pair}, {steps[i]:.2f}) has {between} track(s) of the "
                "selection between its two places; the search found a detour through them "
                "costlier (in distance from the arc, the rules or the length)"]

    def _length(self) -> str:
        total = sum(p.seconds for p in self.played)
        if self.target and total < self.target and len(self.played) == len(self.pool):
            return (f"the whole selection plays for only {total // 60} of the "
                    f"{self.target // 60} minutes asked for")
        if self.target and total < self.target and self.limit == len(self.played):
            return (f"the limit of {self.limit} tracks ends it after {total // 60} of the "
                    f"{self.target // 60} minutes asked for; the arc spans what plays")
        return "no track left would land nearer the length asked for"


def lower_bound(targets: Sequence[Point], pool: Sequence[Point]) -> float | None:
    """The least mean distance from ``targets`` that distinct tracks of ``pool`` can reach.

    An assignment: each target gets its own track. Only each target's ``n`` nearest
    tracks can matter (a target given a farther one could swap it for a free nearer
    one), so the columns are those, which keeps it small for a large catalog.
    """
    n = len(targets)
    if n == 0 or len(pool) < n:
        return None
    counts: dict[Point, int] = {}
    for point in pool:
        counts[point] = counts.get(point, 0) + 1
    grid = PointGrid(counts)
    columns: dict[Point, int] = {}
    for target in targets:
        gathered = 0
        for place in grid.nearest(target):
            columns[place] = max(columns.get(place, 0), min(counts[place], n))
            gathered += counts[place]
            if gathered >= n:
                break
    places = [p for p, k in sorted(columns.items()) for _ in range(k)]
    cost = [[distance(t, p) for p in places] for t in targets]
    return _assignment(cost) / n


def _assignment(cost: list[list[float]]) -> float:
    """The least total cost of giving each row its own column (Hungarian method, rows <= columns).
    """
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0], col0 = row, 0
        least, done = [inf] * (m + 1), [False] * (m + 1)
        while owner[col0] != 0:
            done[col0] = True
            row0, delta, col1 = owner[col0], inf, 0
            costs = cost[row0 - 1]
            for col in range(1, m + 1):
                if not done[col]:
                    reduced = costs[col - 1] - u[row0] - v[col]
                    if reduced < least[col]:
                        least[col], way[col] = reduced, col0
                    if least[col] < delta:
                        delta, col1 = least[col], col
            for col in range(m + 1):
                if done[col]:
                    u[owner[col]] += delta
                    v[col] -= delta
                else:
                    least[col] -= delta
            col0 = col1
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    return sum(cost[owner[col] - 1][col - 1] for col in range(1, m + 1) if owner[col])
