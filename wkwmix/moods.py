"""The mood vocabulary: ids, descriptions, synonyms and valence/arousal positions.

Pure: the shipped vocabulary is read from ``data/moods.yaml`` by the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from wkwmix.errors import NotFoundError
from wkwmix.text import fold


class Mood(NamedTuple):
    id: str
    description: str
    valence: float
    arousal: float
    synonyms: tuple[str, ...] = ()
    origin: str = "catalog"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "description": self.description,
            "synonyms": list(self.synonyms),
            "valence": self.valence,
            "arousal": self.arousal,
            "origin": self.origin,
        }


class UnknownMoodError(NotFoundError):
    exit_code = 2


SALIENCE = 0.5  # each of a track's moods weighs this share of the one listed before it
FIRST_MOOD_REACH = 0.35  # the farthest a track sits from its first mood (most sit within 0.25)
Place = tuple[float, float]  # valence, arousal


class Vocabulary:
    """The moods known to a catalog, found by id or by any synonym, ignoring case and accents."""

    def __init__(self, moods: Iterable[Mood] = ()) -> None:
        self._moods: dict[str, Mood] = {}
        self._names: dict[str, str] = {}
        self._places: dict[tuple[str, ...], Place] = {}
        self._plane: _Plane | None = None
        for mood in moods:
            self.add(mood)

    def add(self, mood: Mood) -> None:
        """Add or replace a mood (a later definition of an id wins)."""
        self._moods[mood.id] = mood
        self._names[fold(mood.id)] = mood.id
        self._places.clear()
        self._plane = None
        for synonym in mood.synonyms:
            self._names.setdefault(fold(synonym), mood.id)

    def __contains__(self, mood_id: object) -> bool:
        return mood_id in self._moods

    def __iter__(self) -> Iterator[Mood]:
        return iter(self._moods.values())

    def __len__(self) -> int:
        return len(self._moods)

    def __getitem__(self, mood_id: str) -> Mood:
        return self._moods[mood_id]

    def find(self, name: str) -> str | None:
        """The id a mood name (id or synonym) stands for, or None."""
        return self._names.get(fold(name.strip()))

    def resolve(self, name: str) -> str:
        """Like ``find`` but raise UnknownMoodError with the nearest known names."""
        mood_id = self.find(name)
        if mood_id is None:
            raise UnknownMoodError(self.unknown(name))
        return mood_id

    def unknown(self, name: str, where: str = "") -> str:
        """What to say of a mood name that is not known: the nearest ids, else every id."""
        nearest = suggest(name, self._moods)
        listed = "" if nearest else f"; the moods are {', '.join(self._moods)}"
        return f"unknown mood {name!r}{where}{nearest or listed}"

    def position(self, mood_ids: Iterable[str]) -> tuple[float, float]:
        """Where a track with these moods sits on the plane (the origin when none is known).

        The order of a track's moods is their salience: each weighs ``SALIENCE`` of the one
        before, so the place leans to the first. It is then drawn towards the first mood,
        as little as needed, until it lies within ``FIRST_MOOD_REACH`` of it and no mood the
        track lacks is nearer than the nearest of its own: an arc that aims at a mood finds
        the tracks that carry it, never a track that a mean of other moods put there.
        """
        key = tuple(dict.fromkeys(m for m in mood_ids if m in self._moods))
        if not key:
            return (0.0, 0.0)
        place = self._places.get(key)
        if place is None:
            place = self._places[key] = self._place(key)
        return place

    def places(self, mood_lists: Iterable[Iterable[str]]) -> list[tuple[tuple[str, ...], Place]]:
        """The place of each list of moods, as ``position`` finds it, in the form
        ``remember`` takes it back."""
        for moods in mood_lists:
            self.position(moods)
        return list(self._places.items())

    def remember(self, places: Iterable[tuple[tuple[str, ...], Place]]) -> None:
        """Take back what ``places`` gave for this very vocabulary (the parse cache keeps it
        with the records the vocabulary is made of): finding the places of a large
        catalog's tracks costs more than loading them."""
        self._places.update(places)

    def _place(self, ids: tuple[str, ...]) -> tuple[float, float]:
        if self._plane is None:
            self._plane = _Plane(self._moods.values())
        plane = self._plane
        points = [plane.points[m] for m in ids]
        weights = [SALIENCE ** n for n in range(len(points))]
        total = sum(weights)
        first = points[0]
        mean = (sum(w * p[0] for w, p in zip(weights, points)) / total,
                sum(w * p[1] for w, p in zip(weights, points)) / total)
        lacking = [p for m, p in plane.points.items() if m not in ids]
        if _Faithfulness(first, points, lacking)(mean):
            return mean
        return _between(first, mean, _faithful_share(plane, ids, mean))


class _Plane:
    """The vocabulary's moods as points, and for each first and own mood what comparing it
    with every other mood needs, worked out once: a large catalog places tens of thousands
    of sets of moods, and each compares every own mood with every lacking one. Every
    constant is the very expression the comparison would compute, so places stay the same
    to the last bit."""

    def __init__(self, moods: Iterable[Mood]) -> None:
        self.points = {m.id: (m.valence, m.arousal) for m in moods}
        self._rivals: dict[tuple[str, str], list[tuple[str, float, float, float]]] = {}

    def rivals(self, first: str, own: str) -> list[tuple[str, float, float, float]]:
        """Each mood (in vocabulary order) with, for a place on the way from ``first``,
        the terms of "``own`` is no farther than it": its offset from ``own`` and the
        bound (see ``_faithful_share``)."""
        terms = self._rivals.get((first, own))
        if terms is None:
            (fx, fy), (ox, oy) = self.points[first], self.points[own]
            terms = self._rivals[first, own] = [
                (mood, lx - ox, ly - oy, lx * lx + ly * ly - ox * ox - oy * oy
                 - 2 * (fx * (lx - ox) + fy * (ly - oy)))
                for mood, (lx, ly) in self.points.items()]
        return terms


def _faithful_share(plane: _Plane, ids: tuple[str, ...], mean: tuple[float, float]) -> float:
    """How far from the first mood towards ``mean`` a place keeps faith, exactly: along the
    way, each own mood is nearer than every lacking one over an interval (each comparison
    of squared distances is linear in the share); the place goes as far as the intervals
    reach unbroken from the first mood, and no further than FIRST_MOOD_REACH."""
    fx, fy = plane.points[ids[0]]
    dx, dy = mean[0] - fx, mean[1] - fy
    length = (dx * dx + dy * dy) ** 0.5
    limit = min(1.0, FIRST_MOOD_REACH / length) if length else 0.0
    spans = []
    for own in ids:
        span = _span(plane.rivals(ids[0], own), ids, dx, dy, limit)
        if span is not None:
            spans.append(span)
    reached = 0.0
    for low, high in sorted(spans):
        if low > reached + 1e-12:
            break
        reached = max(reached, high)
    # Just short of the boundary, where an own and a lacking mood are equally near: there,
    # rounding could put the lacking one a hair nearer.
    return max(0.0, reached - 1e-9)


def _span(rivals: list[tuple[str, float, float, float]], ids: tuple[str, ...], dx: float,
          dy: float, limit: float) -> tuple[float, float] | None:
    """The shares (low, high) over which one own mood is nearer than every lacking one, or
    None when there are none."""
    low, high = 0.0, limit
    for mood, ex, ey, bound in rivals:
        if mood in ids:
            continue
        # |p - O|^2 <= |p - L|^2, with p = first + t * (mean - first), is slope * t <= bound
        slope = 2 * (dx * ex + dy * ey)
        if slope > 0:
            ratio = bound / slope
            if ratio < high:
                high = ratio
        elif slope < 0:
            ratio = bound / slope
            if ratio > low:
                low = ratio
        elif bound < 0:
            return None
        if low > high:
            return None  # low only rises and high only falls: the span stays empty
    return low, high


def _between(start: tuple[float, float], end: tuple[float, float],
             share: float) -> tuple[float, float]:
    return (start[0] + share * (end[0] - start[0]), start[1] + share * (end[1] - start[1]))


class _Faithfulness:
    """Whether a point keeps faith with a track's moods: within reach of the first, and no
    mood it lacks nearer than the nearest of its own (squared distances: a place is found
    for every set of moods a large catalog holds, so this runs hundreds of thousands of
    times)."""

    def __init__(self, first: tuple[float, float], own: list[tuple[float, float]],
                 lacking: list[tuple[float, float]]) -> None:
        self.first, self.own, self.lacking = first, own, lacking
        self.reach = FIRST_MOOD_REACH ** 2

    def __call__(self, point: tuple[float, float]) -> bool:
        x, y = point
        fx, fy = self.first
        if (x - fx) ** 2 + (y - fy) ** 2 > self.reach:
            return False
        nearest = min((x - v) ** 2 + (y - a) ** 2 for v, a in self.own)
        return all((x - v) ** 2 + (y - a) ** 2 >= nearest for v, a in self.lacking)


def suggest(word: str, known: Iterable[str], *, label: str = "did you mean") -> str:
    """'; did you mean: a, b?' for the nearest known names, or '' when none is near."""
    import difflib  # only needed on the error path

    close = difflib.get_close_matches(fold(word), list(known), n=3, cutoff=0.6)
    return f"; {label}: {', '.join(close)}?" if close else ""


def parse_mood(raw: Any, origin: str) -> Mood:
    """A Mood from a validated mapping (see catalog validation for the checks)."""
    return Mood(
        id=raw["id"],
        description=raw.get("description", ""),
        valence=float(raw["valence"]),
        arousal=float(raw["arousal"]),
        synonyms=tuple(raw.get("synonyms") or ()),
        origin=origin,
    )
