"""Playlist file formats: one module per format, each with ``render(playlist, dest) -> str``.

Rendering is pure: the store writes the text (``store.output``). Each format's module is
imported only when used. ``dest`` is where the file will be written (or None
for standard output); formats that can use paths relative to the playlist file need it.
The web page (``html``) also needs the catalog, to draw the mood plane.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from wkwmix.errors import WkwmixError
from wkwmix.text import printable

if TYPE_CHECKING:
    from wkwmix.model import Catalog, Playlist, Track

FORMAT_NAMES = ("m3u8", "xspf", "json", "csv", "txt", "html")
SUFFIXES = {"m3u8": ".m3u8", "xspf": ".xspf", "json": ".json", "csv": ".csv", "txt": ".txt",
            "html": ".html"}
_BY_SUFFIX = {**{suffix: name for name, suffix in SUFFIXES.items()}, ".m3u": "m3u8",
              ".htm": "html"}
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


class UnknownFormatError(WkwmixError):
    exit_code = 2


def format_for(path: Path) -> str:
    """The format a file name asks for by its extension."""
    name = _BY_SUFFIX.get(path.suffix.lower())
    if name is None:
        raise UnknownFormatError(
            f"cannot tell the format of {str(path)!r} from its extension; use --format "
            f"({', '.join(FORMAT_NAMES)}) or one of {', '.join(sorted(_BY_SUFFIX))}")
    return name


def render(playlist: Playlist, fmt: str, dest: Path | None = None,
           catalog: Catalog | None = None) -> str:
    """The text of ``playlist`` in format ``fmt`` (``html`` needs the ``catalog``)."""
    if fmt not in FORMAT_NAMES:
        raise UnknownFormatError(f"unknown format {fmt!r} (formats: {', '.join(FORMAT_NAMES)})")
    module = importlib.import_module(f"wkwmix.formats.{fmt}")
    if fmt == "html":
        if catalog is None:
            raise ValueError("a web page needs the catalog to draw the mood plane")
        text: str = module.render(playlist, dest, catalog)
    else:
        text = module.render(playlist, dest)
    return text


def one_line(text: str | None) -> str:
    """Text safe for a one-line field: line breaks become spaces, controls escapes."""
    return printable(_LINE_BREAKS.sub(" ", text or "").strip())


def artist_title(track: Track) -> str:
    """'Artist - Title', or the title alone when the artist is unknown."""
    title = one_line(track.title)
    return f"{one_line(track.artist)} - {title}" if track.artist else title


def clock(seconds: int) -> str:
    """'4:05', or '1:02:03' from an hour on."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
