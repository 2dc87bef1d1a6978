"""The catalog: films and tracks, loaded from YAML, validated, merged with the user's overlay."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from wkwmix import yamlio
from wkwmix.errors import NotFoundError, Problem
from wkwmix.moods import Mood, Vocabulary, load_shipped, parse_mood, suggest
from wkwmix.schema import Checker, check_mood_records
from wkwmix.text import fold

KINDS = ("song", "score")
CATALOG_ENV = "WKWMIX_CATALOG"


@dataclass(frozen=True, slots=True)
class CoverOf:
    title: str
    artist: str | None = None


@dataclass(frozen=True, slots=True)
class Film:
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


@dataclass(frozen=True, slots=True)
class Track:
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
            "cover_of": _cover_dict(self.cover_of),
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


def _cover_dict(cover: CoverOf | None) -> dict[str, Any] | None:
    return None if cover is None else {"title": cover.title, "artist": cover.artist}


@dataclass
class Catalog:
    """Films, tracks and moods, merged and validated; ``warnings`` are for ``wkwmix check``."""

    films: dict[str, Film]
    tracks: dict[str, Track]
    moods: Vocabulary
    files: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

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
    return Path(str(resources.files("wkwmix") / "data" / "catalog.yaml"))


def catalog_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The catalog file to use: an explicit path, else WKWMIX_CATALOG, else the shipped one."""
    chosen = explicit or os.environ.get(CATALOG_ENV)
    return Path(chosen) if chosen else shipped_catalog_path()


def load(path: Path | None = None, overlay: Path | None = None) -> Catalog:
    """Load and validate a catalog file, then merge the user's overlay when given."""
    from wkwmix import overlay as overlay_mod  # overlay builds on this module

    path = path or shipped_catalog_path()
    raw = yamlio.read(path)
    vocabulary = Vocabulary(parse_mood(m, "catalog") for m in load_shipped())
    catalog = from_data(raw, str(path), vocabulary)
    if overlay is not None and overlay.exists():
        catalog = overlay_mod.apply(catalog, overlay_mod.read(overlay), str(overlay))
    return catalog


def from_data(raw: Any, name: str, vocabulary: Vocabulary) -> Catalog:
    """Validate parsed catalog data; raise DataError listing every problem with its line."""
    checker = Checker(name)
    if not isinstance(raw, dict):
        checker.fail([], "a catalog is a mapping with 'films' and 'tracks'")
        checker.raise_if_any()
    checker.unknown_keys(raw, [], ("version", "films", "tracks", "moods"))
    for mood in check_mood_records(checker, raw.get("moods"), ["moods"]):
        vocabulary.add(parse_mood(mood, "catalog"))
    films = _check_films(checker, raw.get("films"))
    tracks = _check_tracks(checker, raw.get("tracks"), films, vocabulary)
    checker.raise_if_any()
    return Catalog(films, tracks, vocabulary, files=[name])


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
TRACK_REQUIRED = ("id", "film", "title", "moods")


def _check_films(checker: Checker, raw: Any) -> dict[str, Film]:
    films: dict[str, Film] = {}
    for at, record in checker.records(raw, ["films"], FILM_FIELDS, FILM_REQUIRED):
        if record["id"] in films:
            checker.fail(at + ["id"], f"duplicate film id {record['id']!r}")
            continue
        films[record["id"]] = Film(
            id=record["id"],
            title=record["title"],
            year=record["year"],
            original_title=record.get("original_title"),
            composers=tuple(record.get("composers", ())),
            note=record.get("note"),
            sources=tuple(record.get("sources", ())),
        )
    return films


def _check_tracks(
    checker: Checker, raw: Any, films: dict[str, Film], vocabulary: Vocabulary
) -> dict[str, Track]:
    tracks: dict[str, Track] = {}
    pending_same_as: list[tuple[list, str]] = []
    for at, record in checker.records(raw, ["tracks"], TRACK_FIELDS, TRACK_REQUIRED):
        track = _track_from_record(checker, at, record, films, vocabulary)
        if track is None:
            continue
        if track.id in tracks:
            checker.fail(at + ["id"], f"duplicate track id {track.id!r}")
            continue
        if track.same_as:
            pending_same_as.append((at + ["same_as"], track.same_as))
        tracks[track.id] = track
    for at, target in pending_same_as:
        if target not in tracks:
            checker.fail(at, f"same_as names no track: {target!r}{suggest(target, tracks)}")
    return tracks


def _track_from_record(
    checker: Checker, at: list, record: dict, films: dict[str, Film], vocabulary: Vocabulary
) -> Track | None:
    ok = True
    if record["film"] not in films:
        film = record["film"]
        checker.fail(at + ["film"], f"unknown film {film!r}{suggest(film, films)}")
        ok = False
    elif not record["id"].startswith(record["film"] + "/"):
        checker.fail(at + ["id"], f"track id {record['id']!r} must start with its film id "
                     f"{record['film'] + '/'!r}")
        ok = False
    moods = []
    for i, name in enumerate(record["moods"]):
        if name in vocabulary:
            moods.append(name)
        else:
            checker.fail(at + ["moods", i], f"unknown mood {name!r}"
                         f"{suggest(name, [m.id for m in vocabulary])}")
            ok = False
    if not ok:
        return None
    cover = record.get("cover_of")
    return Track(
        id=record["id"],
        film=record["film"],
        title=record["title"],
        kind=record.get("kind"),
        moods=tuple(moods),
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


def mood_records(moods: Iterable[Mood]) -> list[dict[str, Any]]:
    return [{k: v for k, v in m.to_dict().items() if k != "origin"} for m in moods]
