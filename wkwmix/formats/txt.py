"""Plain text (``.txt``): the playlist as a person reads it; estimated lengths show a '~',
and a length the catalog does not give but the Spotify recording does is followed by
"(length from Spotify)".

In an arc playlist each track also says the moment of the arc it serves: how far
through the arc, between which named moods, and how far the track lies from that point.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from wkwmix.formats import clock, one_line

if TYPE_CHECKING:
    from wkwmix.model import Entry, Playlist


def render(playlist: Playlist, dest: Path | None) -> str:
    lines = [one_line(playlist.name)]
    if playlist.description:
        lines.append(one_line(playlist.description))
    lines.append("")
    width = len(str(len(playlist.entries)))
    for position, entry in enumerate(playlist.entries, 1):
        lines += _entry_lines(entry, f"{position:>{width}}.")
    lines += ["", summary(playlist)]
    return "\n".join(lines) + "\n"


def _entry_lines(entry: Entry, number: str) -> list[str]:
    track = entry.track
    by = f" — {one_line(track.artist)}" if track.artist else ""
    film = f"{one_line(entry.film.title)} ({entry.film.year})"
    heading = f"{number} {_length(entry)}  {one_line(track.title)}{by} · {film}"
    where = one_line(entry.location) if entry.location else "(unresolved: no file or Spotify URI)"
    if entry.duration_source == "spotify":
        where += " (length from Spotify)"
    lines = [heading, " " * (len(number) + 1) + where]
    if entry.moment is not None:  # why here: the moment of the arc the track serves
        moment = entry.moment
        a, b = moment.between
        place = a if a == b else f"between {a} and {b}"
        lines.append(" " * (len(number) + 1) + f"arc {moment.fraction:.0%}, {place} "
                     f"({moment.distance:.2f} from it)")
    return lines


def _length(entry: Entry) -> str:
    return clock(entry.duration) if entry.duration is not None else "~" + clock(entry.seconds)


def summary(playlist: Playlist) -> str:
    """'12 tracks, 48:00 (3 durations estimated), 2 unresolved'."""
    count = len(playlist.entries)
    parts = [f"{count} track{'s' if count != 1 else ''}"]
    estimated = len(playlist.estimated)
    total = clock(playlist.total_seconds)
    parts.append(f"about {total} ({estimated} duration{'s' if estimated != 1 else ''} estimated)"
                 if estimated else total)
    if playlist.unresolved:
        parts.append(f"{len(playlist.unresolved)} unresolved")
    return ", ".join(parts)
