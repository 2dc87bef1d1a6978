"""Extended M3U in UTF-8 (``.m3u8``): ``#EXTM3U``, ``#PLAYLIST``, ``#EXTINF`` per track.

Local files are written relative to the playlist file when they can be, so the playlist
and the music can move together. A length that is only estimated is written as -1
(unknown), and an unresolved track is listed as a comment, never as a path.
``#EXTALB`` is the recording's album when the catalog knows it; the film an entry is heard
in is its group, ``#EXTGRP``. With a ``PathPrefix`` a local file is written as the server
that mounts the library sees it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from wkwmix.formats import PathPrefix, artist_title, film_words, one_line

if TYPE_CHECKING:
    from wkwmix.model import Entry, Playlist


def render(playlist: Playlist, dest: Path | None, prefix: PathPrefix | None = None) -> str:
    lines = ["#EXTM3U", f"#PLAYLIST:{one_line(playlist.name)}"]
    if playlist.description:
        lines.append(f"# {one_line(playlist.description)}")
    for entry in playlist.entries:
        lines += _entry_lines(entry, dest, prefix)
    return "\n".join(lines) + "\n"


def _entry_lines(entry: Entry, dest: Path | None, prefix: PathPrefix | None) -> list[str]:
    seconds = entry.duration if entry.duration is not None else -1
    lines = [f"#EXTINF:{seconds},{artist_title(entry.track)}"]
    if entry.track.album:
        lines.append(f"#EXTALB:{one_line(entry.track.album)}")
    lines.append(f"#EXTGRP:{one_line(film_words(entry))}")
    location = _location(entry, dest, prefix)
    if location is None:
        return [f"# unresolved: {artist_title(entry.track)} ({entry.track.id})"]
    return lines + [location]


def _location(entry: Entry, dest: Path | None, prefix: PathPrefix | None) -> str | None:
    if entry.local_path is None:
        return entry.spotify
    path = entry.local_path
    placed = prefix.place(path) if prefix is not None else None
    if placed is not None and not any(c in placed for c in "\r\n"):
        return placed
    if any(c in str(path) for c in "\r\n"):
        return path.absolute().as_uri()  # a line break in a file name cannot be a line
    text = _relative(path, dest) if dest is not None else str(path)
    # A line starting with '#' is a comment in M3U, so such a relative path is spelled ./#…
    return f".{os.sep}{text}" if text.startswith("#") else text


def _relative(path: Path, dest: Path) -> str:
    """The path from the playlist's folder, unless they share no folder but the root:
    then the absolute path survives moving the playlist better."""
    target, folder = path.absolute(), dest.absolute().parent
    try:
        shared = os.path.commonpath([target, folder])
    except ValueError:  # another drive (Windows): only an absolute path can reach it
        return str(target)
    if Path(shared) == Path(shared).parent:  # only the root (or drive) in common
        return str(target)
    return os.path.relpath(target, folder)


def render_streams(name: str, streams: list[tuple[str, int | None, str]]) -> str:
    """An M3U8 of addresses a player streams, e.g. from the user's music server:
    (label, seconds or None, URL) each."""
    lines = ["#EXTM3U", f"#PLAYLIST:{one_line(name)}"]
    for label, seconds, url in streams:
        lines += [f"#EXTINF:{seconds if seconds is not None else -1},{one_line(label)}", url]
    return "\n".join(lines) + "\n"
