"""JSON (``.json``): the playlist with its tracks in the catalog's own field names.

``duration`` is only ever a real length (null when unknown); the length assumed for
fitting is ``estimated_duration``, so no estimate passes for a fact. ``lengths`` says
the estimate used and the least and most the total could be; ``duration_source`` says
where each real length comes from: ``file``, ``catalog`` (``duration_basis`` says what
release a catalog length is of, and which version, when the catalog says), or ``spotify``
(the resolved Spotify recording's, when the catalog gives none).

Why each track is where it is: ``position`` is its place on the mood plane, the mean of
its moods' places (listed beside it); in an arc playlist ``arc_moment`` is the moment of
the arc it serves (how far through, the arc's point there, the two named moods it lies
between, and the distance), and ``arc`` holds the waypoints and the quality report.
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
        "lengths": _lengths(playlist),
        "seed": playlist.seed,
        "arc": _arc(playlist),
        "unresolved": [e.track.id for e in playlist.unresolved],
        "tracks": [track_record(e, playlist.mood_positions) for e in playlist.entries],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _lengths(playlist: Playlist) -> dict[str, Any]:
    low, high = playlist.total_range
    return {
        "estimate_per_track": playlist.estimate_seconds if playlist.estimated else None,
        "estimated_share": round(len(playlist.estimated) / len(playlist.entries), 4)
        if playlist.entries else 0.0,
        "total_min": low,
        "total_max": high,
        "target": playlist.target_seconds,
    }


def _arc(playlist: Playlist) -> dict[str, Any] | None:
    if playlist.order != "arc":
        return None
    report = playlist.arc_report
    return {
        "waypoints": [_place(playlist.mood_positions.get(m), mood=m) for m in playlist.arc],
        "report": report.to_dict() if report is not None else None,
    }


def track_record(entry: Entry,
                 mood_positions: dict[str, tuple[float, float]] | None = None) -> dict[str, Any]:
    record = entry.track.to_dict(provenance=False)
    record.update(
        film_title=entry.film.title,
        year=entry.film.year,
        duration=entry.duration,
        estimated_duration=entry.estimated_duration,
        duration_source=entry.duration_source,
        duration_basis=entry.duration_basis,
        location=entry.location,
        location_kind=_location_kind(entry),
    )
    if entry.point is not None:
        positions = mood_positions or {}
        record["position"] = {
            **_place(entry.point),
            "from_moods": [_place(positions[m], mood=m) for m in entry.track.moods
                           if m in positions],
        }
    if entry.moment is not None:
        record["arc_moment"] = entry.moment.to_dict()
    return record


def _place(point: tuple[float, float] | None, *, mood: str | None = None) -> dict[str, Any]:
    place: dict[str, Any] = {"mood": mood} if mood is not None else {}
    if point is not None:
        place.update(valence=round(point[0], 4), arousal=round(point[1], 4))
    return place


def _location_kind(entry: Entry) -> str:
    if entry.local_path is not None:
        return "file"
    return "spotify" if entry.spotify else "unresolved"
