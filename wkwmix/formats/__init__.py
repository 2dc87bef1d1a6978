"""Playlist file formats: one module per format, each with ``render(playlist, dest) -> str``.

Rendering is pure: the store writes the text (``store.output``). Each format's module is
imported only when used. ``dest`` is where the file will be written (or None
for standard output); formats that can use paths relative to the playlist file need it.
The web page (``html``) also needs the catalog, to draw the mood plane.

Where a track's album goes: the recording's own album (the catalog's ``album``), when
known, fills each format's album field (M3U8 ``#EXTALB``, XSPF and JSPF ``album``); the
film the track is heard in is not an album, so it goes to M3U8's ``#EXTGRP`` (the group
an entry belongs to) and to the annotation of XSPF and JSPF. A local file tagged with a
MusicBrainz recording id gives XSPF and JSPF an ``identifier``
(``https://musicbrainz.org/recording/<id>``), which ListenBrainz and other players resolve.
A ``PathPrefix`` writes each local file as seen from a server that mounts the library
under another path.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from wkwmix.errors import WkwmixError
from wkwmix.text import printable

if TYPE_CHECKING:
    from wkwmix.model import Catalog, Entry, Playlist, Track

FORMAT_NAMES = ("m3u8", "xspf", "jspf", "json", "csv", "txt", "html")
SUFFIXES = {"m3u8": ".m3u8", "xspf": ".xspf", "jspf": ".jspf", "json": ".json", "csv": ".csv",
            "txt": ".txt", "html": ".html"}
# Formats whose local files can be written under another folder (``PathPrefix``).
PREFIXED = ("m3u8", "xspf", "jspf")
MUSICBRAINZ_RECORDING = "https://musicbrainz.org/recording/"
_BY_SUFFIX = {**{suffix: name for name, suffix in SUFFIXES.items()}, ".m3u": "m3u8",
              ".htm": "html"}
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


class UnknownFormatError(WkwmixError):
    exit_code = 2


class PathPrefixError(WkwmixError):
    exit_code = 2


def path_prefix(root: Path, prefix: str) -> PathPrefix:
    """The prefix for the files of ``root``: an absolute path or a URL, nothing else."""
    if not (prefix.startswith("/") or "://" in prefix) or any(c in prefix for c in "\r\n"):
        raise PathPrefixError(f"--path-prefix {prefix!r}: give an absolute path (/music) or "
                              "a URL (http://host/music)")
    return PathPrefix(root, prefix)


@dataclass(frozen=True)
class PathPrefix:
    """Write each local file under ``root`` as ``prefix`` plus its path relative to ``root``:
    a music server that sees the library as /music finds ``/music/Album/song.flac``.
    ``prefix`` is an absolute path or a URL (``http://host/music``)."""

    root: Path
    prefix: str

    def place(self, path: Path) -> str | None:
        """The path as the server sees it; None for a file outside ``root``."""
        try:
            relative = PurePosixPath(path.absolute().relative_to(self.root).as_posix())
        except ValueError:
            return None
        return f"{self.prefix.rstrip('/')}/{relative}"

    def uri(self, path: Path) -> str | None:
        """The same place as a URI (XSPF and JSPF locations are URIs)."""
        placed = self.place(path)
        if placed is None:
            return None
        if "://" in self.prefix:
            head = self.prefix.rstrip("/")
            return head + "/" + quote(placed[len(head) + 1:], safe="/")
        return "file://" + quote(placed, safe="/")


def format_for(path: Path) -> str:
    """The format a file name asks for by its extension."""
    name = _BY_SUFFIX.get(path.suffix.lower())
    if name is None:
        raise UnknownFormatError(
            f"cannot tell the format of {str(path)!r} from its extension; use --format "
            f"({', '.join(FORMAT_NAMES)}) or one of {', '.join(sorted(_BY_SUFFIX))}")
    return name


def render(playlist: Playlist, fmt: str, dest: Path | None = None,
           catalog: Catalog | None = None, prefix: PathPrefix | None = None) -> str:
    """The text of ``playlist`` in format ``fmt`` (``html`` needs the ``catalog``); the
    formats of ``PREFIXED`` write local files under ``prefix`` when one is given."""
    if fmt not in FORMAT_NAMES:
        raise UnknownFormatError(f"unknown format {fmt!r} (formats: {', '.join(FORMAT_NAMES)})")
    module = importlib.import_module(f"wkwmix.formats.{fmt}")
    if fmt == "html":
        if catalog is None:
            raise ValueError("a web page needs the catalog to draw the mood plane")
        text: str = module.render(playlist, dest, catalog)
    elif fmt in PREFIXED:
        text = module.render(playlist, dest, prefix)
    else:
        text = module.render(playlist, dest)
    return text


def one_line(text: str | None) -> str:
    """Text safe for a one-line field: line breaks become spaces, controls escapes."""
    return printable(_LINE_BREAKS.sub(" ", text or "").strip())


def recording_uri(entry: Entry) -> str | None:
    """The MusicBrainz address of the entry's recording, when its file is tagged with it."""
    return MUSICBRAINZ_RECORDING + entry.recording_id if entry.recording_id else None


def film_words(entry: Entry) -> str:
    """The film a track is heard in, with its year: 'In the Mood for Love (2000)'."""
    return f"{entry.film.title} ({entry.film.year})"


def artist_title(track: Track) -> str:
    """'Artist - Title', or the title alone when the artist is unknown."""
    title = one_line(track.title)
    return f"{one_line(track.artist)} - {title}" if track.artist else title


def clock(seconds: int) -> str:
    """'4:05', or '1:02:03' from an hour on."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
