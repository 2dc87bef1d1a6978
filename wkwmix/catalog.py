"""The catalog: films and tracks, loaded from YAML, validated, merged with the user's overlay."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from wkwmix import yamlio
from wkwmix.data import DATA_DIR
from wkwmix.errors import NotFoundError, Problem
from wkwmix.moods import Vocabulary, load_shipped, parse_mood, shipped_moods_path, suggest
from wkwmix.schema import Checker, check_mood_records
from wkwmix.text import fold

CATALOG_ENV = "WKWMIX_CATALOG"


class CoverOf(NamedTuple):
    title: str
    artist: str | None = None


class Film(NamedTuple):
    id: str
    title: str
    year: int
    original_title: str | None = None
    composers: tuple[str, ...] = ()
    note: str | None = None
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "original_title": self.original_title,
            "year": self.year,
            "composers": list(self.composers),
            "note": self.note,
            "sources": list(self.sources),
        }


class Track(NamedTuple):
    id: str
    film: str
    title: str
    moods: tuple[str, ...]
    kind: str | None = None
    artist: str | None = None
    alt_titles: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()
    cover_of: CoverOf | None = None
    duration: int | None = None
    language: str | None = None
    note: str | None = None
    same_as: str | None = None
    sources: tuple[str, ...] = ()
    spotify: str | None = None
    user_moods: tuple[str, ...] = ()
    removed_moods: tuple[str, ...] = ()

    @property
    def recording(self) -> str:
        """The id shared by every appearance of the same recording or composition."""
        return self.same_as or self.id

    def mood_origins(self) -> dict[str, str]:
        return {m: "user" if m in self.user_moods else "catalog" for m in self.moods}

    def to_dict(self, *, provenance: bool = True) -> dict[str, Any]:
        """The track as the catalog spells it (the user's edits merged in)."""
        data: dict[str, Any] = {
            "id": self.id,
            "film": self.film,
            "title": self.title,
            "alt_titles": list(self.alt_titles),
            "artist": self.artist,
            "writers": list(self.writers),
            "cover_of": self.cover_of._asdict() if self.cover_of else None,
            "kind": self.kind,
            "duration": self.duration,
            "language": self.language,
            "moods": list(self.moods),
            "note": self.note,
            "same_as": self.same_as,
            "sources": list(self.sources),
            "spotify": self.spotify,
        }
        if provenance:
            data["mood_origins"] = self.mood_origins()
            data["removed_moods"] = list(self.removed_moods)
        return data


class Catalog:
    """Films, tracks and moods, merged and validated; ``warnings`` are for ``wkwmix check``."""

    def __init__(
        self, films: dict[str, Film], tracks: dict[str, Track], moods: Vocabulary,
        files: list[str] | None = None, warnings: list[Problem] | None = None,
    ) -> None:
        self.films = films
        self.tracks = tracks
        self.moods = moods
        self.files = files or []
        self.warnings = warnings or []

    def __iter__(self) -> Iterator[Track]:
        return iter(self.tracks.values())

    def __len__(self) -> int:
        return len(self.tracks)

    def film_of(self, track: Track) -> Film:
        return self.films[track.film]

    def find_track(self, ref: str) -> Track:
        """A track by id, unique id prefix, or exact title (ignoring case and accents)."""
        if ref in self.tracks:
            return self.tracks[ref]
        matches = [t for t in self.tracks.values() if t.id.startswith(ref)]
        if not matches:
            wanted = fold(ref)
            matches = [t for t in self.tracks.values() if _title_matches(t, wanted)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            shown = ", ".join(t.id for t in matches[:5])
            more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
            raise NotFoundError(f"{ref!r} matches {len(matches)} tracks: {shown}{more}")
        raise NotFoundError(f"no track {ref!r}{suggest(ref, self.tracks)}")

    def replace(self, tracks: Iterable[Track]) -> Catalog:
        """A copy with these tracks in place of the ones with the same ids."""
        merged = dict(self.tracks)
        merged.update((t.id, t) for t in tracks)
        return Catalog(self.films, merged, self.moods, self.files, self.warnings)


def _title_matches(track: Track, wanted: str) -> bool:
    return fold(track.title) == wanted or any(fold(a) == wanted for a in track.alt_titles)


def shipped_catalog_path() -> Path:
    return DATA_DIR / "catalog.yaml"


def catalog_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The catalog file to use: an explicit path, else WKWMIX_CATALOG, else the shipped one."""
    chosen = explicit or os.environ.get(CATALOG_ENV)
    return Path(chosen) if chosen else shipped_catalog_path()


def load(path: Path | None = None, overlay: Path | None = None) -> Catalog:
    """Load and validate a catalog file, then merge the user's overlay when given."""
    path = path or shipped_catalog_path()
    catalog = build(_validated_records(path), str(path))
    if overlay is not None and overlay.exists():
        from wkwmix import overlay as overlay_mod  # overlay builds on this module

        catalog = overlay_mod.apply(catalog, overlay_mod.read(overlay), str(overlay))
    return catalog


def _validated_records(path: Path) -> dict[str, list]:
    """The catalog's records, checked; kept in the parse cache so a valid file is checked once."""
    key = ("validated", yamlio.file_key(path), yamlio.file_key(shipped_moods_path()))
    cached = yamlio.cache_get(key)
    if cached is not None:
        return cached
    records = validate(yamlio.read(path, cache=False), str(path), load_shipped())
    yamlio.cache_put(key, records)
    return records


def from_data(raw: Any, name: str) -> Catalog:
    """A catalog from parsed data; raise DataError listing every problem with its line."""
    return build(validate(raw, name, load_shipped()), name)


def validate(raw: Any, name: str, shipped_moods: list) -> dict[str, list]:
    """Checked, converted records of moods, films and tracks; DataError lists every problem."""
    checker = Checker(name)
    if not isinstance(raw, dict):
        checker.fail([], "a catalog is a mapping with 'films' and 'tracks'")
        checker.raise_if_any()
    checker.unknown_keys(raw, [], ("version", "films", "tracks", "moods"))
    moods = shipped_moods + check_mood_records(checker, raw.get("moods"), ["moods"])
    films = _check_films(checker, raw.get("films"))
    film_ids = films.keys() | _ids(raw.get("films"))  # a bad film is reported once, not per track
    tracks = _check_tracks(checker, raw.get("tracks"), film_ids, {m["id"] for m in moods})
    checker.raise_if_any()
    return {"moods": moods, "films": list(films.values()), "tracks": tracks}


def build(records: dict[str, list], name: str) -> Catalog:
    """Catalog objects from validated records."""
    vocabulary = Vocabulary(parse_mood(m, "catalog") for m in records["moods"])
    films = {f["id"]: _film(f) for f in records["films"]}
    tracks = {t["id"]: _track(t) for t in records["tracks"]}
    return Catalog(films, tracks, vocabulary, files=[name])


def _film(record: dict) -> Film:
    return Film(
        id=record["id"],
        title=record["title"],
        year=record["year"],
        original_title=record.get("original_title"),
        composers=tuple(record.get("composers", ())),
        note=record.get("note"),
        sources=tuple(record.get("sources", ())),
    )


def _track(record: dict) -> Track:
    cover = record.get("cover_of")
    return Track(
        id=record["id"],
        film=record["film"],
        title=record["title"],
        kind=record.get("kind"),
        moods=tuple(record.get("moods", ())),
        artist=record.get("artist"),
        alt_titles=tuple(record.get("alt_titles", ())),
        writers=tuple(record.get("writers", ())),
        cover_of=CoverOf(cover["title"], cover.get("artist")) if cover else None,
        duration=record.get("duration"),
        language=record.get("language"),
        note=record.get("note"),
        same_as=record.get("same_as"),
        sources=tuple(record.get("sources", ())),
        spotify=record.get("spotify"),
    )


FILM_FIELDS = {
    "id": "id", "title": "text", "year": "year", "original_title": "text",
    "composers": "texts", "note": "text", "sources": "texts",
}
FILM_REQUIRED = ("id", "title", "year")

TRACK_FIELDS = {
    "id": "id", "film": "text", "title": "text", "alt_titles": "texts", "artist": "text",
    "writers": "texts", "cover_of": "cover", "kind": "kind", "duration": "duration",
    "language": "text", "moods": "moods", "note": "text", "same_as": "text",
    "sources": "texts", "spotify": "spotify",
}
TRACK_REQUIRED = ("id", "film", "title")


def _check_films(checker: Checker, raw: Any) -> dict[str, dict]:
    films: dict[str, dict] = {}
    for at, record in checker.records(raw, ["films"], FILM_FIELDS, FILM_REQUIRED):
        if record["id"] in films:
            checker.fail(at + ["id"], f"duplicate film id {record['id']!r}")
        else:
            films[record["id"]] = record
    return films


def _ids(raw: Any) -> set[str]:
    """The ids of every entry of a list, valid or not."""
    if not isinstance(raw, list):
        return set()
    return {str(r["id"]) for r in raw if isinstance(r, dict) and r.get("id") is not None}


def _check_tracks(
    checker: Checker, raw: Any, films: set[str], mood_ids: set[str]
) -> list[dict]:
    tracks: dict[str, dict] = {}
    seen: set[str] = set()
    # Ids of every entry, valid or not, so that one bad track is not reported again by
    # each track that names it in same_as.
    named = _ids(raw)
    pending_same_as: list[tuple[list, str]] = []
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
    checker: Checker, at: list, record: dict, films: set[str], mood_ids: set[str]
) -> bool:
    found = checker.count
    film = record["film"]
    if film not in films:
        checker.fail(at + ["film"], f"unknown film {film!r}{suggest(film, films)}")
    elif not record["id"].startswith(film + "/"):
        checker.fail(at + ["id"], f"track id {record['id']!r} must start with its film id "
                     f"{film + '/'!r}")
    for i, name in enumerate(record.get("moods", ())):
        if name not in mood_ids:
            checker.fail(at + ["moods", i], f"unknown mood {name!r}{suggest(name, mood_ids)}")
    return checker.count == found
