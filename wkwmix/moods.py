"""The mood vocabulary: ids, descriptions, synonyms and valence/arousal positions.

Pure: the shipped vocabulary is read from ``data/moods.yaml`` by the store.
"""

from __future__ import annotations

import math
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


class Vocabulary:
    """The moods known to a catalog, found by id or by any synonym, ignoring case and accents."""

    def __init__(self, moods: Iterable[Mood] = ()) -> None:
        self._moods: dict[str, Mood] = {}
        self._names: dict[str, str] = {}
        self._places: dict[tuple[str, ...], tuple[float, float]] = {}
        for mood in moods:
            self.add(mood)

    def add(self, mood: Mood) -> None:
        """Add or replace a mood (a later definition of an id wins)."""
        self._moods[mood.id] = mood
        self._names[fold(mood.id)] = mood.id
        self._places.clear()
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

    def _place(self, ids: tuple[str, ...]) -> tuple[float, float]:
        points = [(self._moods[m].valence, self._moods[m].arousal) for m in ids]
        weights = [SALIENCE ** n for n in range(len(points))]
        total = sum(weights)
        first = points[0]
        mean = (sum(w * p[0] for w, p in zip(weights, points)) / total,
                sum(w * p[1] for w, p in zip(weights, points)) / total)

        def towards_first(share: float) -> tuple[float, float]:
            return (first[0] + share * (mean[0] - first[0]),
                    first[1] + share * (mean[1] - first[1]))

        if self._faithful(mean, first, set(ids)):
            return mean
        kept, dropped = 0.0, 1.0  # the share of the way to the mean that is faithful
        for _ in range(16):
            middle = (kept + dropped) / 2
            if self._faithful(towards_first(middle), first, set(ids)):
                kept = middle
            else:
                dropped = middle
        return towards_first(kept)

    def _faithful(self, point: tuple[float, float], first: tuple[float, float],
                  own: set[str]) -> bool:
        if math.dist(point, first) > FIRST_MOOD_REACH:
            return False
        nearest_own = min(math.dist(point, (m.valence, m.arousal))
                          for m in self._moods.values() if m.id in own)
        return all(math.dist(point, (m.valence, m.arousal)) >= nearest_own
                   for m in self._moods.values() if m.id not in own)


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
