"""JSON (``.json``): the playlist with its tracks in the catalog's own field names.

``duration`` is only ever a real length (null when unknown) and ``duration_source`` says
whose: "file", "catalog", or "spotify" (the resolved Spotify recording's, when the catalog
gives none); the length assumed for fitting is ``estimated_duration`` (source "estimate"),
so no estimate passes for a fact.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wkwmix.model import Entry, Playlist


def render(playlist: Playlist, dest: Path | None) -> str:
    estimated = playlist.estimated
    data = {
        "name": playlist.name,
        "description": playlist.description,
        "order": playlist.order,
        "duration": playlist.duration,
        "estimated_duration": playlist.total_seconds if estimated else None,
        "estimated_tracks": len(estimated),
        "unresolved": [e.track.id for e in playlist.unresolved],
        "tracks": [track_record(e) for e in playlist.entries],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def track_record(entry: Entry) -> dict[str, Any]:
    record = entry.track.to_dict(provenance=False)
    record.update(
        film_title=entry.film.title,
        year=entry.film.year,
        duration=entry.duration,
        estimated_duration=entry.estimated_duration,
        duration_source=entry.duration_source,
        location=entry.location,
        location_kind=_location_kind(entry),
    )
    return record


def _location_kind(entry: Entry) -> str:
    if entry.local_path is not None:
        return "file"
    return "spotify" if entry.spotify else "unresolved"
