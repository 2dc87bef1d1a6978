"""Checking parsed YAML records field by field, collecting every problem with where it is."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from wkwmix.errors import DataError, Problem
from wkwmix.model import DURATION_VERSIONS, HEARD, KINDS, SPOTIFY_TRACK_URI
from wkwmix.moods import suggest
from wkwmix.store import files

MAX_DURATION = 3 * 60 * 60
_WHITESPACE = re.compile(r"\s")


class Nested(NamedTuple):
    """A field holding a list of records, each checked field by field with its own line."""

    fields: dict[str, Any]
    required: tuple[str, ...] = ()


class Checker:
    """Collects problems found in one file; lines are looked up once, when raising."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._found: list[tuple[list[Any], str]] = []

    def fail(self, at: Sequence[Any], message: str) -> None:
        self._found.append((list(at), message))

    @property
    def count(self) -> int:
        return len(self._found)

    def problems(self) -> list[Problem]:
        if not self._found:
            return []
        if Path(self.name).is_file():
            lines = files.locate(self.name, [at for at, _ in self._found])
        else:
            lines = [None] * len(self._found)
        return [Problem(self.name, line, msg) for line, (_, msg) in zip(lines, self._found)]

    def raise_if_any(self) -> None:
        if self._found:
            raise DataError(self.problems())

    def unknown_keys(self, record: dict[str, Any], at: list[Any], allowed: Sequence[str]) -> None:
        for key in record:
            if key not in allowed:
                self.fail(at + [key], f"unknown field {key!r}{suggest(str(key), allowed)}")

    def records(
        self, raw: Any, at: list[Any], fields: dict[str, Any], required: Sequence[str]
    ) -> Iterator[tuple[list[Any], dict[str, Any]]]:
        """Each valid record of a list, converted; invalid ones are reported, not yielded."""
        if raw is None:
            return
        if not isinstance(raw, list):
            self.fail(at, f"{at[-1]!r} must be a list")
            return
        for i, item in enumerate(raw):
            here = at + [i]
            record = self.record(item, here, fields, required)
            if record is not None:
                yield here, record

    def record(
        self, item: Any, at: list[Any], fields: dict[str, Any], required: Sequence[str]
    ) -> dict[str, Any] | None:
        """``item`` checked and converted field by field, or None when anything was wrong.

        ``fields`` maps each field to a converter: a name from CONVERTERS, or a callable
        that raises TypeError or ValueError with the message to show.
        """
        if not isinstance(item, dict):
            self.fail(at, "each entry must be a mapping of field: value")
            return None
        before = len(self._found)
        if not fields.keys() >= item.keys():
            self.unknown_keys(item, at, list(fields))
        for key in required:
            if item.get(key) in (None, "", []):
                label = item.get("id", f"entry {at[-1] + 1}")
                self.fail(at, f"{label}: missing required field {key!r}")
        converted = {}
        for key, value in item.items():
            kind = fields.get(key)
            if kind is None or value is None:
                continue
            convert = CONVERTERS.get(kind) if isinstance(kind, str) else None
            if convert is not None:  # the common case, kept short: a catalog has millions
                try:
                    converted[key] = convert(value)
                    continue
                except (TypeError, ValueError) as e:
                    self.fail([*at, key], f"{key}: {e}")
                    continue
            converted[key] = self.value(value, kind, [*at, key])
        return converted if len(self._found) == before else None

    def value(self, value: Any, kind: Any, at: list[Any]) -> Any:
        if isinstance(kind, Nested):
            before = len(self._found)
            records = [r for _, r in self.records(value, at, kind.fields, kind.required)]
            return records if len(self._found) == before else None
        convert = kind if callable(kind) else CONVERTERS[kind]
        try:
            return convert(value)
        except (TypeError, ValueError) as e:
            self.fail(at, f"{at[-1]}: {e}")
            return None


def text(value: Any) -> str:
    """Non-empty text (numbers are taken as text, as YAML reads 2046 as a number)."""
    if value.__class__ is str and value and not value[0].isspace() and \
            not value[-1].isspace():
        return value  # already stripped and not empty: most values of a catalog
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(f"expected text, got {describe(value)}")
    stripped = str(value).strip()
    if not stripped:
        raise ValueError("must not be empty")
    return stripped


def _id(value: Any) -> str:
    given = text(value)
    if _WHITESPACE.search(given):
        raise ValueError(f"an id has no spaces: {given!r}")
    return given


def texts(value: Any) -> list[str]:
    """A list of text; a single text is a list of one."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [text(value)]
    if not isinstance(value, list):
        raise TypeError(f"expected a list of text, got {describe(value)}")
    return [text(v) for v in value]


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a year such as 1994, got {describe(value)}")
    if not 1880 <= value <= 2200:
        raise ValueError(f"{value} is not a plausible year")
    return value


def _duration(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"\d{1,3}:[0-5]\d", value.strip()):
        minutes, seconds = value.strip().split(":")
        value = int(minutes) * 60 + int(seconds)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected seconds (or m:ss), got {describe(value)}")
    if not 0 < value <= MAX_DURATION:
        raise ValueError(f"{value} s is not a plausible duration")
    return value


def flag(value: Any) -> bool:
    """A real YAML boolean: true or false (not "yes", 1 or a quoted "true")."""
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {describe(value)}")
    return value


def one_of(value: Any, choices: Sequence[str]) -> str:
    """Text that is one of ``choices``."""
    given = text(value)
    if given not in choices:
        raise ValueError(f"must be one of {', '.join(choices)}, not {given!r}")
    return given


def _duration_version(value: Any) -> str:
    return one_of(value, DURATION_VERSIONS)


def _heard(value: Any) -> str:
    return one_of(value, HEARD)


def _kind(value: Any) -> str:
    return one_of(value, KINDS)


MAX_MOODS = 12


def _moods(value: Any) -> list[str]:
    # The shipped catalog keeps to 1-4 moods a track (its tests say so); a user's own
    # catalog, e.g. an exported overlay, may carry more.
    names = texts(value) if value != [] else []
    if len(names) > MAX_MOODS:
        raise ValueError(f"a track has at most {MAX_MOODS} moods, not {len(names)}")
    return names


def _cover(value: Any) -> dict[str, str | None]:
    if not isinstance(value, dict) or "title" not in value:
        raise TypeError("cover_of is a mapping with 'title' and 'artist'")
    extra = set(value) - {"title", "artist"}
    if extra:
        raise ValueError(f"cover_of has only 'title' and 'artist', not {sorted(extra)}")
    artist = value.get("artist")
    return {"title": text(value["title"]), "artist": text(artist) if artist else None}


NO_SPOTIFY = "none"  # the overlay's pin for "no Spotify track is this one"


def _spotify(value: Any) -> str:
    given = text(value)
    if not SPOTIFY_TRACK_URI.match(given):
        raise ValueError(f"expected a Spotify track URI (spotify:track:<22 chars>), not {given!r}")
    return given


def _spotify_or_none(value: Any) -> str:
    """A pin in the overlay: a track URI, or "none" (no Spotify track is this one)."""
    if value == NO_SPOTIFY:
        return NO_SPOTIFY
    try:
        return _spotify(value)
    except ValueError:
        raise ValueError(f"expected a Spotify track URI (spotify:track:<22 chars>) or "
                         f"{NO_SPOTIFY!r}, not {text(value)!r}") from None


def _spotify_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list of Spotify track URIs, got {describe(value)}")
    return [_spotify(v) for v in value]


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number from -1 to 1, got {describe(value)}")
    if not -1 <= value <= 1:
        raise ValueError(f"{value} is outside -1..1")
    return float(value)


def describe(value: Any) -> str:
    """How a wrong value is named in a message: 'a mapping', 'true/false', or its repr."""
    names = {dict: "a mapping", list: "a list", bool: "true/false", type(None): "nothing"}
    return names.get(type(value), repr(value))


CONVERTERS = {
    "id": _id, "text": text, "texts": texts, "year": _year, "duration": _duration,
    "kind": _kind, "moods": _moods, "cover": _cover, "spotify": _spotify, "number": _number,
    "flag": flag, "duration_version": _duration_version, "heard": _heard,
    "spotify_or_none": _spotify_or_none, "spotify_list": _spotify_list,
}

MOOD_FIELDS = {
    "id": "id", "description": "text", "synonyms": "texts", "valence": "number",
    "arousal": "number",
}
MOOD_REQUIRED = ("id", "valence", "arousal")


def check_mood_records(checker: Checker, raw: Any, at: list[Any]) -> list[dict[str, Any]]:
    """The valid mood definitions in ``raw`` (a list), reporting the rest."""
    return [record for _, record in checker.records(raw, at, MOOD_FIELDS, MOOD_REQUIRED)]
