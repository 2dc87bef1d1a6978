"""The playlist records: what to build (``Recipe``, ``BuildOptions``) and what a build
returns (``Playlist``, one ``Entry`` a track, an arc's ``ArcReport`` and ``ArcMoment``s).

Frozen dataclasses, no I/O. They are kept apart from the catalog records in
``wkwmix.model`` because only building and writing playlists needs them, and making them
is a measurable part of start-up (``from wkwmix.model import Playlist`` still works).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wkwmix.model import Film, Track
from wkwmix.text import slugify


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
    recording_id: str | None = None  # the MusicBrainz recording id it is tagged with


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
    featured: int = 0  # tracks chosen that are a film's themes or featured songs
    tracks: int = 0  # tracks chosen

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
            "featured": self.featured,
            "tracks": self.tracks,
        }


@dataclass(frozen=True)
class Entry:
    """One track of a playlist with where to find it and how long it is."""

    track: Track
    film: Film
    duration: int | None  # a real length: the local file's, the catalog's, or Spotify's
    estimated_duration: int | None = None  # set only when ``duration`` is unknown
    local_path: Path | None = None
    spotify: str | None = None
    recording_id: str | None = None  # MusicBrainz recording id, from the local file's tags
    point: tuple[float, float] | None = None  # the track's place on the mood plane
    moment: ArcMoment | None = None  # in an arc playlist: the moment it serves
    duration_basis: str | None = None  # what release a catalog length is of, when said
    duration_source: str = "catalog"  # "file", "catalog", "spotify" or "estimate"

    @property
    def seconds(self) -> int:
        """The length used for fitting: real when known, else the estimate."""
        return self.duration if self.duration is not None else self.estimated_duration or 0

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
    set_aside: int = 0  # selected but left out: placed in the film by no source (NOT_HEARD)
    estimate_seconds: int | None = None  # the length assumed for a track without one
    known_range: tuple[int, int] | None = None  # shortest and longest known lengths
    arc: tuple[str, ...] = ()  # the mood ids an arc playlist walks through, in order
    arc_report: ArcReport | None = None
    seed: int | str | None = None  # the seed the order was drawn with
    # The position of each mood the tracks hold: a track's position is drawn from its
    # moods', led by the first (see ``Entry.point`` and ``Vocabulary.position``).
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
