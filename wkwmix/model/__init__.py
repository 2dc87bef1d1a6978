"""The model: frozen records that every other part of wkwmix passes around, and no I/O.

A ``Catalog`` holds ``Film`` and ``Track`` records and the mood ``Vocabulary``; a ``Recipe``
says what playlist to build; a ``Playlist`` is what the playlist engine returns, one ``Entry``
per track with its length and where to play it. Loading and saving these records is the
store's job (``wkwmix.store``); building, rendering and syncing them are the engines'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

from wkwmix.errors import NotFoundError, Problem
from wkwmix.moods import Vocabulary, suggest
from wkwmix.text import fold

if TYPE_CHECKING:  # the playlist records live in wkwmix.model.playlist (see __getattr__)
    from wkwmix.model.playlist import (
        ArcMoment as ArcMoment,
    )
    from wkwmix.model.playlist import (
        ArcReport as ArcReport,
    )
    from wkwmix.model.playlist import (
        BuildOptions as BuildOptions,
    )
    from wkwmix.model.playlist import (
        Entry as Entry,
    )
    from wkwmix.model.playlist import (
        LocalFile as LocalFile,
    )
    from wkwmix.model.playlist import (
        Playlist as Playlist,
    )
    from wkwmix.model.playlist import (
        Recipe as Recipe,
    )

KINDS = ("song", "score")
RECIPE_FOLDER = "playlists"  # where recipes are looked for, beside the shipped ones
MAX_MINUTES = 24 * 60  # the longest playlist a recipe or --minutes may ask for
ORDERS = ("film", "arc", "shuffle", "album")
# What a track's ``duration`` is the length of: the film's soundtrack version, another release
# of the very recording heard in the film, or a different recording (e.g. a re-recording).
DURATION_VERSIONS = ("soundtrack", "same-recording", "other-recording")
# How a piece is heard in its film, most prominent first: a theme that returns or is the
# film's signature; a scene built on it; under dialogue or from a radio, in part; seconds;
# on a soundtrack album but placed in the film by no source; said by a source not to be in it.
HEARD = ("theme", "featured", "background", "brief", "album-only", "not-in-film")
IN_FILM = HEARD[:4]  # the ways of being heard in the film itself
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
    """One piece of music as a film uses it.

    Each field annotated with a kind is a catalog fact: the one list from which the catalog
    file's schema (``store.catalog_check``), the loader and ``to_dict`` are made, in this
    order. The other fields come from the user's overlay or from a service, never from a
    catalog file.
    """

    id: Annotated[str, "id"]
    film: Annotated[str, "text"]
    title: Annotated[str, "text"]
    alt_titles: Annotated[tuple[str, ...], "texts"] = ()
    artist: Annotated[str | None, "text"] = None
    writers: Annotated[tuple[str, ...], "texts"] = ()
    cover_of: Annotated[CoverOf | None, "cover"] = None
    kind: Annotated[str | None, "kind"] = None
    duration: Annotated[int | None, "duration"] = None
    duration_release: Annotated[str | None, "text"] = None  # the release ``duration`` is of
    duration_version: Annotated[str | None, "duration_version"] = None  # DURATION_VERSIONS
    language: Annotated[str | None, "text"] = None
    instrumental: Annotated[bool | None, "flag"] = None  # True: the version heard is unsung
    original: Annotated[bool | None, "flag"] = None  # True: written for this film
    characters: Annotated[tuple[str, ...], "texts"] = ()
    diegetic: Annotated[bool | None, "flag"] = None  # True: heard inside the film's world
    scene: Annotated[str | None, "text"] = None
    heard: Annotated[str | None, "heard"] = None  # one of HEARD, when a source says
    moods: Annotated[tuple[str, ...], "moods"] = ()
    note: Annotated[str | None, "text"] = None
    same_as: Annotated[str | None, "text"] = None
    sources: Annotated[tuple[str, ...], "texts"] = ()
    spotify: Annotated[str | None, "spotify"] = None
    album: Annotated[str | None, "text"] = None  # the album of the recording, when sourced
    released: Annotated[int | None, "year"] = None  # that album's year
    user_moods: tuple[str, ...] = ()
    removed_moods: tuple[str, ...] = ()
    # The user's word on Spotify (from the overlay): URIs that are not this recording, and
    # "no Spotify track is this one" (``wkwmix resolve --reject``, ``wkwmix pin --none``).
    spotify_rejected: tuple[str, ...] = ()
    spotify_none: bool = False
    # The length of the Spotify recording it resolved to: a real length, not a catalog fact
    # (set by ``App.playable_catalog``, never read from a catalog file).
    spotify_duration: int | None = None

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
        data = {name: _plain(getattr(self, name)) for name in track_facts()}
        if provenance:
            data["mood_origins"] = self.mood_origins()
            data["removed_moods"] = list(self.removed_moods)
            if self.spotify_rejected or self.spotify_none:
                data["spotify_rejected"] = list(self.spotify_rejected)
                data["spotify_none"] = self.spotify_none
        return data


def track_facts() -> dict[str, str]:
    """The catalog facts of a track, in order, each with the kind of value it holds."""
    global _facts
    if _facts is None:
        import typing

        hints = typing.get_type_hints(Track, include_extras=True)
        _facts = {name: hint.__metadata__[0] for name, hint in hints.items()
                  if hasattr(hint, "__metadata__")}
    return _facts


_facts: dict[str, str] | None = None


def _plain(value: Any) -> Any:
    """A fact as JSON spells it: records as mappings, sequences as lists."""
    if isinstance(value, CoverOf):
        return value._asdict()
    return list(value) if isinstance(value, tuple) else value


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


_PLAYLIST_RECORDS = ("Recipe", "BuildOptions", "LocalFile", "ArcMoment", "ArcReport", "Entry",
                     "Playlist")


def __getattr__(name: str) -> Any:
    """The playlist records, imported on first use: a query never needs them, and making
    their classes is a measurable part of a query's start-up."""
    if name in _PLAYLIST_RECORDS:
        from wkwmix.model import playlist

        return getattr(playlist, name)
    raise AttributeError(f"module 'wkwmix.model' has no attribute {name!r}")
