"""JSPF (``.jspf``): XSPF written as JSON, the form ListenBrainz imports and exports.

One object ``{"playlist": {...}}`` with a title, an annotation and a ``track`` list. Each
track has its title, creator, the recording's album when the catalog knows it, a duration
in milliseconds when known, ``location`` (a list of URIs: the local file, else the Spotify
URI) and ``identifier`` (``https://musicbrainz.org/recording/<id>`` when the track's file
is tagged with its MusicBrainz recording id): ListenBrainz finds a recording by that id,
and by title and creator otherwise. The film is in each track's annotation. Fields that
are unknown are left out rather than written empty, as the format asks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wkwmix.formats import PathPrefix, recording_uri
from wkwmix.formats.xspf import annotation, location

if TYPE_CHECKING:
    from wkwmix.model import Entry, Playlist


def render(playlist: Playlist, dest: Path | None, prefix: PathPrefix | None = None) -> str:
    body: dict[str, Any] = {"title": playlist.name}
    if playlist.description:
        body["annotation"] = playlist.description
    body["track"] = [_track(entry, prefix) for entry in playlist.entries]
    return json.dumps({"playlist": body}, ensure_ascii=False, indent=2) + "\n"


def _track(entry: Entry, prefix: PathPrefix | None) -> dict[str, Any]:
    track: dict[str, Any] = {}
    where = location(entry, prefix)
    if where:
        track["location"] = [where]
    identifier = recording_uri(entry)
    if identifier:
        track["identifier"] = [identifier]
    track["title"] = entry.track.title
    if entry.track.artist:
        track["creator"] = entry.track.artist
    track["annotation"] = annotation(entry)
    if entry.track.album:
        track["album"] = entry.track.album
    if entry.duration is not None:
        track["duration"] = entry.duration * 1000
    return track
