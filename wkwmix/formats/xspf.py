"""XSPF 1.0 (``.xspf``): XML with title, creator, album, duration and annotation per track.

Built with ElementTree, so every title is escaped; characters XML 1.0 cannot hold at all
(control characters) are dropped. Durations are in milliseconds and only written when
known; an unresolved track has no ``location`` and says so in its annotation. ``album`` is
the recording's album when the catalog knows it, else absent; the film is in the
annotation. A file tagged with a MusicBrainz recording id gives an ``identifier``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from wkwmix.formats import PathPrefix, film_words, recording_uri

if TYPE_CHECKING:
    from wkwmix.model import Entry, Playlist

NS = "http://xspf.org/ns/0/"
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(playlist: Playlist, dest: Path | None, prefix: PathPrefix | None = None) -> str:
    root = ET.Element("playlist", {"version": "1", "xmlns": NS})
    _add(root, "title", playlist.name)
    _add(root, "annotation", playlist.description or None)
    track_list = ET.SubElement(root, "trackList")
    for entry in playlist.entries:
        track_list.append(_track(entry, prefix))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _track(entry: Entry, prefix: PathPrefix | None) -> ET.Element:
    element = ET.Element("track")
    _add(element, "location", location(entry, prefix))
    _add(element, "identifier", recording_uri(entry))
    _add(element, "title", entry.track.title)
    _add(element, "creator", entry.track.artist)
    _add(element, "annotation", annotation(entry))
    _add(element, "album", entry.track.album)
    if entry.duration is not None:
        _add(element, "duration", str(entry.duration * 1000))
    return element


def location(entry: Entry, prefix: PathPrefix | None = None) -> str | None:
    """The entry's place as a URI: its file (under ``prefix``, when given), else Spotify's."""
    if entry.local_path is not None:
        placed = prefix.uri(entry.local_path) if prefix is not None else None
        return placed or entry.local_path.absolute().as_uri()
    return entry.spotify


def annotation(entry: Entry) -> str:
    """The film the track is heard in, its moods, and a word when it cannot play."""
    parts = [film_words(entry), "moods: " + ", ".join(entry.track.moods)]
    if entry.location is None:
        parts.append("unresolved: no local file or Spotify URI")
    return "; ".join(parts)


def _add(parent: ET.Element, name: str, text: str | None) -> None:
    if text:
        ET.SubElement(parent, name).text = _NOT_XML.sub("", text)
