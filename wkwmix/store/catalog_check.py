"""Checking a catalog file's records: every field of every film and track, and what they
name (films, moods, tracks), every problem reported at once with its line.

Only a cold load needs this (a valid file is kept in the parse cache as checked records),
so it is imported only then.
"""

from __future__ import annotations

from typing import Any

from wkwmix.errors import Problem
from wkwmix.model import Catalog, track_facts
from wkwmix.moods import suggest
from wkwmix.store import files
from wkwmix.store.schema import Checker, Nested, check_mood_records


def validate(raw: Any, name: str, shipped_moods: list[Any]) -> dict[str, list[Any]]:
    """Checked, converted records of moods, films and tracks; DataError lists every problem."""
    checker = Checker(name)
    if not isinstance(raw, dict):
        checker.fail([], "a catalog is a mapping with 'films' and 'tracks'")
        checker.raise_if_any()
    checker.unknown_keys(raw, [], ("version", "films", "tracks", "moods", "people"))
    moods = shipped_moods + check_mood_records(checker, raw.get("moods"), ["moods"])
    films = _check_films(checker, raw.get("films"))
    film_ids = films.keys() | _ids(raw.get("films"))  # a bad film is reported once, not per track
    tracks = _check_tracks(checker, raw.get("tracks"), film_ids, {m["id"] for m in moods})
    _check_album_ids(checker, films, _ids(raw.get("tracks")))
    people = _check_people(checker, raw.get("people"))
    checker.raise_if_any()
    return {"moods": moods, "films": [f for _, f in films.values()], "tracks": tracks,
            "people": people}


ALBUM_TRACK_FIELDS = {"title": "text", "id": "id"}
ALBUM_FIELDS = {
    "title": "text", "label": "text", "year": "year",
    "tracks": Nested(ALBUM_TRACK_FIELDS, ("title",)), "note": "text", "sources": "texts",
}
FILM_FIELDS = {
    "id": "id", "title": "text", "year": "year", "original_title": "text",
    "composers": "texts", "note": "text", "sources": "texts",
    "albums": Nested(ALBUM_FIELDS, ("title", "tracks")),
}
FILM_REQUIRED = ("id", "title", "year")

TRACK_FIELDS = track_facts()
TRACK_REQUIRED = ("id", "film", "title")
# Fields that say something about a track's duration, so only given with one.
DURATION_FACTS = ("duration_release", "duration_version")


PERSON_FIELDS = {"names": "texts", "sources": "texts", "note": "text"}
PERSON_REQUIRED = ("names", "sources")


def _check_people(checker: Checker, raw: Any) -> list[dict[str, Any]]:
    """Each person's names (王菲, Faye Wong): sourced, and no name given to two people."""
    people = []
    owner: dict[str, str] = {}
    for at, record in checker.records(raw, ["people"], PERSON_FIELDS, PERSON_REQUIRED):
        first = record["names"][0]
        for n, name in enumerate(record["names"]):
            if owner.get(name, first) != first:
                checker.fail(at + ["names", n], f"{name!r} is already a name of {owner[name]!r}")
            owner[name] = first
        people.append(record)
    return people


def _check_films(checker: Checker, raw: Any) -> dict[str, tuple[list[Any], dict[str, Any]]]:
    """The valid films by id, each with where it is in the file."""
    films: dict[str, tuple[list[Any], dict[str, Any]]] = {}
    for at, record in checker.records(raw, ["films"], FILM_FIELDS, FILM_REQUIRED):
        if record["id"] in films:
            checker.fail(at + ["id"], f"duplicate film id {record['id']!r}")
        else:
            films[record["id"]] = (at, record)
    return films


def _check_album_ids(
    checker: Checker, films: dict[str, tuple[list[Any], dict[str, Any]]], track_ids: set[str]
) -> None:
    """Every ``id`` on a film's album track list names a track of the catalog."""
    for at, film in films.values():
        for a, album in enumerate(film.get("albums", ())):
            for n, entry in enumerate(album["tracks"]):
                track_id = entry.get("id")
                if track_id is not None and track_id not in track_ids:
                    checker.fail(at + ["albums", a, "tracks", n, "id"],
                                 f"album {album['title']!r} track {n + 1} names no track: "
                                 f"{track_id!r}{suggest(track_id, track_ids)}")


def _ids(raw: Any) -> set[str]:
    """The ids of every entry of a list, valid or not."""
    if not isinstance(raw, list):
        return set()
    return {str(r["id"]) for r in raw if isinstance(r, dict) and r.get("id") is not None}


def _check_tracks(
    checker: Checker, raw: Any, films: set[str], mood_ids: set[str]
) -> list[dict[str, Any]]:
    tracks: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    # Ids of every entry, valid or not, so that one bad track is not reported again by
    # each track that names it in same_as.
    named = _ids(raw)
    pending_same_as: list[tuple[list[Any], str]] = []
    for at, record in checker.records(raw, ["tracks"], TRACK_FIELDS, TRACK_REQUIRED):
        if record["id"] in seen:
            checker.fail(at + ["id"], f"duplicate track id {record['id']!r}")
            continue
        seen.add(record["id"])
        if record.get("same_as"):
            pending_same_as.append((at + ["same_as"], record["same_as"]))
        if _references_ok(checker, at, record, films, mood_ids):
            tracks[record["id"]] = record
    for at, target in pending_same_as:
        if target not in named:
            checker.fail(at, f"same_as names no track: {target!r}{suggest(target, named)}")
    return list(tracks.values())


def _references_ok(
    checker: Checker, at: list[Any], record: dict[str, Any], films: set[str], mood_ids: set[str]
) -> bool:
    found = checker.count
    film = record["film"]
    if film not in films:
        checker.fail(at + ["film"], f"unknown film {film!r}{suggest(film, films)}")
    elif not record["id"].startswith(film + "/"):
        checker.fail(at + ["id"], f"track id {record['id']!r} must start with its film id "
                     f"{film + '/'!r}")
    for key in DURATION_FACTS:
        if key in record and "duration" not in record:
            checker.fail(at + [key], f"{key}: only given with a duration (this track has none)")
    for i, name in enumerate(record.get("moods", ())):
        if name not in mood_ids:
            checker.fail(at + ["moods", i], f"unknown mood {name!r}{suggest(name, mood_ids)}")
    return checker.count == found


def control_characters(catalog: Catalog) -> list[str]:
    """Text with control characters (escape sequences can hide or fake what a terminal
    shows): one problem per field, with its line in the catalog file."""
    from wkwmix.text import has_control

    found: list[tuple[list[Any], str]] = []
    for i, track in enumerate(catalog):
        for field, value in track.to_dict(provenance=False).items():
            texts = value if isinstance(value, list) else [value]
            if any(isinstance(t, str) and has_control(t) for t in texts):
                found.append((["tracks", i, field], f"{track.id}: {field} has a control "
                              "character"))
    if not found or not catalog.files:
        return [message for _, message in found]
    name = catalog.files[0]
    lines = files.locate(name, [at for at, _ in found])
    return [str(Problem(name, line, message)) for line, (_, message) in zip(lines, found)]
