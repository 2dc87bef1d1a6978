"""XSPF 1.0 (``.xspf``): XML with title, creator, album, duration and annotation per track.

Built with ElementTree, so every title is escaped; characters XML 1.0 cannot hold at all
(control characters) are dropped. Durations are in milliseconds and only written when
known; an unresolved track has no ``location`` and says so in its annotation.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wkwmix.model import Entry, Playlist

NS = "http://xspf.org/ns/0/"
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(playlist: Playlist, dest: Path | None) -> str:
    root = ET.Element("playlist", {"version": "1", "xmlns": NS})
    _add(root, "title", playlist.name)
    _add(root, "annotation", playlist.description or None)
    track_list = ET.SubElement(root, "trackList")
    for entry in playlist.entries:
        track_list.append(_track(entry))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _track(entry: Entry) -> ET.Element:
    element = ET.Element("track")
    _add(element, "location", _location(entry))
    _add(element, "title", entry.track.title)
    _add(element, "creator", entry.track.artist)
    _add(element, "annotation", _annotation(entry))
    _add(element, "album", entry.film.title)
    if entry.duration is not None:
        _add(element, "duration", str(entry.duration * 1000))
    return element


def _location(entry: Entry) -> str | None:
    if entry.local_path is not None:
        return entry.local_path.absolute().as_uri()
    return entry.spotify


def _annotation(entry: Entry) -> str:
    parts = [f"{entry.film.title} ({entry.film.year})", "moods: " + ", ".join(entry.track.moods)]
    if entry.location is None:
        parts.append("unresolved: no local file or Spotify URI")
    return "; ".join(parts)


def _add(parent: ET.Element, name: str, text: str | None) -> None:
    if text:
        ET.SubElement(parent, name).text = _NOT_XML.sub("", text)
