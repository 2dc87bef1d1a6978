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


class Vocabulary:
    """The moods known to a catalog, found by id or by any synonym, ignoring case and accents."""

    def __init__(self, moods: Iterable[Mood] = ()) -> None:
        self._moods: dict[str, Mood] = {}
        self._names: dict[str, str] = {}
        for mood in moods:
            self.add(mood)

    def add(self, mood: Mood) -> None:
        """Add or replace a mood (a later definition of an id wins)."""
        self._moods[mood.id] = mood
        self._names[fold(mood.id)] = mood.id
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
        """Mean valence/arousal of the given moods (the origin when none is known)."""
        points = [self._moods[m] for m in mood_ids if m in self._moods]
        if not points:
            return (0.0, 0.0)
        n = len(points)
        return (sum(p.valence for p in points) / n, sum(p.arousal for p in points) / n)


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
