"""The model: frozen records that every other part of wkwmix passes around, and no I/O.

A ``Catalog`` holds ``Film`` and ``Track`` records and the mood ``Vocabulary``; a ``Recipe``
says what playlist to build; a ``Playlist`` is what the playlist engine returns, one ``Entry``
per track with its length and where to play it. Loading and saving these records is the
store's job (``wkwmix.store``); building, rendering and syncing them are the engines'.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from wkwmix.errors import NotFoundError, Problem
from wkwmix.moods import Vocabulary, suggest
from wkwmix.text import fold, slugify

KINDS = ("song", "score")
ORDERS = ("film", "arc", "shuffle", "album")
# What a track's ``duration`` is the length of: the film's soundtrack version, another release
# of the very recording heard in the film, or a different recording (e.g. a re-recording).
DURATION_VERSIONS = ("soundtrack", "same-recording", "other-recording")
SPOTIFY_TRACK_URI = re.compile(r"^spotify:track:[0-9A-Za-z]{22}$")


class CoverOf(NamedTuple):
    title: str
    artist: str | None = None


class AlbumTrack(NamedTuple):
    """One track of a soundtrack album as printed; ``id`` names the catalog track, if any."""

    title: str
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "id": self.id}


class Album(NamedTuple):
    """An official soundtrack album of a film, its tracks in album order."""

    title: str
    tracks: tuple[AlbumTrack, ...] = ()
    label: str | None = None
    year: int | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "label": self.label,
            "year": self.year,
            "tracks": [t.to_dict() for t in self.tracks],
            "note": self.note,
            "sources": list(self.sources),
        }


class Film(NamedTuple):
    id: str
    title: str
    year: int
    original_title: str | None = None
    composers: tuple[str, ...] = ()
    note: str | None = None
    sources: tuple[str, ...] = ()
    albums: tuple[Album, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "original_title": self.original_title,
            "year": self.year,
            "composers": list(self.composers),
            "note": self.note,
            "sources": list(self.sources),
            "albums": [a.to_dict() for a in self.albums],
        }

    def album_positions(self) -> dict[str, int]:
        """Where each catalog track sits on the film's first album (0-based), by track id."""
        if not self.albums:
            return {}
        positions: dict[str, int] = {}
        for i, entry in enumerate(self.albums[0].tracks):
            if entry.id is not None:
                positions.setdefault(entry.id, i)
        return positions


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
    instrumental: bool | None = None  # True: the version heard has no singing
    original: bool | None = None  # True: written for this film; False: pre-existing
    characters: tuple[str, ...] = ()
    diegetic: bool | None = None  # True: heard inside the film's world
    scene: str | None = None
    duration_release: str | None = None  # which release ``duration`` is the length of
    duration_version: str | None = None  # one of DURATION_VERSIONS
    user_moods: tuple[str, ...] = ()
    removed_moods: tuple[str, ...] = ()

    @property
    def recording(self) -> str:
        """The id shared by every appearance of the same recording or composition."""
        return self.same_as or self.id

    def mood_origins(self) -> dict[str, str]:
        return {m: "user" if m in self.user_moods else "catalog" for m in self.moods}

    @property
    def duration_basis(self) -> str | None:
        """What the catalog's length is of: the release, and which version (when said)."""
        release, version = self.duration_release, self.duration_version
        if release and version:
            return f"{release} ({version})"
        return release or version

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
            "duration_release": self.duration_release,
            "duration_version": self.duration_version,
            "language": self.language,
            "instrumental": self.instrumental,
            "original": self.original,
            "characters": list(self.characters),
            "diegetic": self.diegetic,
            "scene": self.scene,
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


@dataclass(frozen=True)
class Recipe:
    """What playlist to build: a selection, an order, a length; read from a file or typed."""

    name: str
    description: str = ""
    query: str = ""  # query-language text
    order: str = "film"  # film | arc | shuffle | album
    arc: tuple[str, ...] = ()  # mood ids/synonyms as waypoints
    minutes: float | None = None
    limit: int | None = None
    seed: int | str = 0
    formats: tuple[str, ...] = ("m3u8",)
    path: Path | None = None

    @property
    def slug(self) -> str:
        """The file name (without extension) outputs of this recipe get."""
        if self.path is not None:
            return self.path.stem
        return slugify(self.name) or "playlist"


@dataclass(frozen=True)
class BuildOptions:
    """What a user asked for on top of a recipe: each set field replaces the recipe's own.

    ``narrow`` is query text added to the recipe's query (both must match).
    """

    minutes: float | None = None
    limit: int | None = None
    order: str | None = None
    arc: tuple[str, ...] | None = None
    seed: int | str | None = None
    name: str | None = None
    description: str | None = None
    narrow: str = ""

    def apply_to(self, recipe: Recipe) -> Recipe:
        """The recipe with these options in place of its own.

        A recipe whose query or arc changed forgets its file: what the user typed has no
        line in that file to point at.
        """
        changes: dict[str, Any] = {
            field.name: getattr(self, field.name) for field in dataclasses.fields(self)
            if field.name != "narrow" and getattr(self, field.name) is not None
        }
        if self.arc is not None:
            changes["order"] = "arc"
        if self.narrow:
            changes["query"] = f"{recipe.query} {self.narrow}".strip()
        changed = dataclasses.replace(recipe, **changes)
        if changed.path is not None and (changed.query, changed.arc) != (recipe.query,
                                                                          recipe.arc):
            changed = dataclasses.replace(changed, path=None)
        return changed


@dataclass(frozen=True, slots=True)
class LocalFile:
    """An audio file of the user's music folder, with the tags read from it."""

    path: Path
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    duration: float | None = None


@dataclass(frozen=True)
class ArcMoment:
    """Why a track stands where it does in an arc: the moment of the arc it serves."""

    fraction: float  # how far through the arc (0 to 1) the track's middle falls, by time
    target: tuple[float, float]  # the arc's point on the mood plane at that moment
    between: tuple[str, str]  # the named moods of the segment that moment lies on
    distance: float  # from the track's own position to the target

    def to_dict(self) -> dict[str, Any]:
        return {
            "fraction": round(self.fraction, 4),
            "target": {"valence": round(self.target[0], 4), "arousal": round(self.target[1], 4)},
            "between": list(self.between),
            "distance": round(self.distance, 4),
        }


@dataclass(frozen=True)
class ArcReport:
    """How well an arc playlist follows its path (``wkwmix.playlist.quality`` measures it).

    Distances are on the valence/arousal plane, each axis from -1 to 1. ``bound`` is the
    least mean distance any choice of tracks could reach for the same moments.
    """

    mean_distance: float
    max_distance: float
    largest_step: float
    forward_share: float  # steps that do not move back along the arc
    length_error: int | None  # seconds over (+) or under (-) the target; None without one
    within_one_track: bool
    estimated_share: float
    bound: float | None = None
    search: str = ""  # how the order was found (e.g. "beam 64")
    misses: tuple[str, ...] = ()  # the targets not met, as words
    binding: tuple[str, ...] = ()  # why not: what in the selection or rules prevents it

    @property
    def meets_targets(self) -> bool:
        return not self.misses

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean_distance": round(self.mean_distance, 4),
            "max_distance": round(self.max_distance, 4),
            "largest_step": round(self.largest_step, 4),
            "forward_share": round(self.forward_share, 4),
            "length_error": self.length_error,
            "within_one_track": self.within_one_track,
            "estimated_share": round(self.estimated_share, 4),
            "bound": None if self.bound is None else round(self.bound, 4),
            "search": self.search,
            "meets_targets": self.meets_targets,
            "misses": list(self.misses),
            "binding": list(self.binding),
        }


@dataclass(frozen=True)
class Entry:
    """One track of a playlist with where to find it and how long it is."""

    track: Track
    film: Film
    duration: int | None  # a real length: the local file's, else the catalog's
    estimated_duration: int | None = None  # set only when ``duration`` is unknown
    local_path: Path | None = None
    spotify: str | None = None
    point: tuple[float, float] | None = None  # the track's place on the mood plane
    moment: ArcMoment | None = None  # in an arc playlist: the moment it serves
    duration_basis: str | None = None  # what release a catalog length is of, when said

    @property
    def seconds(self) -> int:
        """The length used for fitting: real when known, else the estimate."""
        return self.duration if self.duration is not None else self.estimated_duration or 0

    @property
    def duration_source(self) -> str:
        if self.duration is None:
            return "estimate"
        return "file" if self.local_path is not None else "catalog"

    @property
    def location(self) -> str | None:
        """The absolute local path, else the Spotify URI, else None (unresolved)."""
        return str(self.local_path) if self.local_path is not None else self.spotify


@dataclass(frozen=True)
class Playlist:
    name: str
    description: str
    tracks: tuple[Track, ...]
    entries: tuple[Entry, ...] = ()
    order: str = "film"
    target_seconds: int | None = None
    selected: int = 0  # how many tracks the query selected, before fitting and --playable
    estimate_seconds: int | None = None  # the length assumed for a track without one
    known_range: tuple[int, int] | None = None  # shortest and longest known lengths
    arc: tuple[str, ...] = ()  # the mood ids an arc playlist walks through, in order
    arc_report: ArcReport | None = None
    seed: int | str | None = None  # the seed the order was drawn with
    # The position of each mood the tracks hold: a track's position is the mean of its
    # moods' (see ``Entry.point``).
    mood_positions: dict[str, tuple[float, float]] = dataclasses.field(default_factory=dict)

    @property
    def total_range(self) -> tuple[int, int]:
        """The least and most the total could be, each unknown length within the known range.
        """
        known = sum(e.duration for e in self.entries if e.duration is not None)
        if not self.estimated or self.known_range is None:
            return (self.total_seconds, self.total_seconds)
        shortest, longest = self.known_range
        return (known + shortest * len(self.estimated), known + longest * len(self.estimated))

    @property
    def total_seconds(self) -> int:
        """The length counting estimates (see ``estimated``)."""
        return sum(e.seconds for e in self.entries)

    @property
    def duration(self) -> int | None:
        """The real total length, or None when any track's length is only estimated."""
        return None if self.estimated else self.total_seconds

    @property
    def estimated(self) -> list[Entry]:
        return [e for e in self.entries if e.duration is None]

    @property
    def unresolved(self) -> list[Entry]:
        return [e for e in self.entries if e.location is None]
