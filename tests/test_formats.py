"""Every playlist format is written, then parsed back with a real parser: titles with line
breaks, commas, quotes, '#' and non-Latin script survive; estimates never pose as facts."""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from wkwmix import App, formats
from wkwmix.formats import UnknownFormatError, format_for
from wkwmix.model import Recipe
from wkwmix.playlist import build
from wkwmix.store.catalog import from_data
from wkwmix.store.library import scan
from wkwmix.store.output import OutputError

AUDIO = Path(__file__).parent / "data" / "audio"
URI = "spotify:track:4uLU6hMCjMI75M1A2tKUQC"
NS = {"x": "http://xspf.org/ns/0/"}

TRACKS = [
    {"id": "f/lines", "title": "Line one\nline two", "artist": "Ann\r\nOther", "duration": 200},
    {"id": "f/punct", "title": 'Comma, "quotes", and #hash', "artist": "O'Brien, Jr.",
     "spotify": URI},
    {"id": "f/hash", "title": "#1 Hit", "artist": "Hash Band"},
    {"id": "f/cjk", "title": "夢中人", "alt_titles": ["Dreams"], "artist": "王菲"},
    {"id": "f/bell", "title": "Bell\x07 & <tag>", "artist": None},
]


@pytest.fixture
def catalog():
    records = [{**t, "film": "f", "moods": ["dream"]} for t in TRACKS]
    return from_data({"films": [{"id": "f", "title": "Film, \"The\"", "year": 1994}],
                      "tracks": [{k: v for k, v in r.items() if v is not None}
                                 for r in records]}, "test")


@pytest.fixture
def library(tmp_path):
    """A real music folder: the hash track and the CJK track as tagged MP3 files."""
    from mutagen.easyid3 import EasyID3

    music = tmp_path / "music" / "sub dir"
    music.mkdir(parents=True)
    for name, title, artist in (("#1 Hit.mp3", "#1 Hit", "Hash Band"),
                                ("夢中人.mp3", "夢中人", "王菲")):
        target = music / name
        shutil.copy(AUDIO / "untagged.mp3", target)
        tags = EasyID3()
        tags.update({"title": title, "artist": artist})
        tags.save(target)
    return scan(tmp_path / "music")


@pytest.fixture
def playlist(catalog, library):
    return build(catalog, Recipe(name='Night, "neon"\n#2', description="Line\nbreak"),
                 find_local=library.match)


def test_the_fixture_covers_every_kind_of_location(playlist):
    kinds = [e.duration_source for e in playlist.entries]
    assert [e.location is None for e in playlist.entries] == [True, False, False, False, True]
    assert kinds == ["catalog", "estimate", "file", "file", "estimate"]


def test_m3u8_reads_back_line_by_line(playlist, tmp_path):
    dest = tmp_path / "out" / "night.m3u8"
    App().write(playlist, "m3u8", dest)
    lines = dest.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "#EXTM3U"
    assert lines[1] == '#PLAYLIST:Night, "neon" #2'
    assert lines[-1] == ""
    entries = parse_m3u(lines)
    assert entries == [
        ("-1", "O'Brien, Jr. - Comma, \"quotes\", and #hash", URI),
        ("2", "Hash Band - #1 Hit", "../music/sub dir/#1 Hit.mp3"),
        ("2", "王菲 - 夢中人", "../music/sub dir/夢中人.mp3"),
    ]
    for _, _, location in entries[1:]:
        assert (dest.parent / location).is_file()  # relative to the playlist file
    unresolved = [line for line in lines if line.startswith("# unresolved:")]
    assert unresolved == ["# unresolved: Ann Other - Line one line two (f/lines)",
                          "# unresolved: Bell\\x07 & <tag> (f/bell)"]  # never a raw control


def parse_m3u(lines: list[str]) -> list[tuple[str, str, str]]:
    """(seconds, 'Artist - Title', location) as a player reads them."""
    entries, info = [], None
    for line in lines:
        if line.startswith("#EXTINF:"):
            info = line[len("#EXTINF:"):].split(",", 1)
        elif line and not line.startswith("#"):
            entries.append((info[0], info[1], line))
            info = None
    return entries


def test_m3u8_never_starts_a_path_with_the_comment_sign(playlist, tmp_path):
    dest = tmp_path / "music" / "sub dir" / "here.m3u8"
    App().write(playlist, "m3u8", dest)
    locations = [e[2] for e in parse_m3u(dest.read_text(encoding="utf-8").split("\n"))]
    assert locations[1:] == ["./#1 Hit.mp3", "夢中人.mp3"]
    assert (dest.parent / locations[1]).is_file()


def test_m3u8_keeps_absolute_paths_when_only_the_root_is_shared(playlist):
    text = formats.render(playlist, "m3u8", Path("/wkwmix-elsewhere/p.m3u8"))
    assert [e[2] for e in parse_m3u(text.split("\n"))][1:] == [
        str(playlist.entries[2].local_path), str(playlist.entries[3].local_path)]


def test_m3u8_without_a_destination_uses_absolute_paths(playlist):
    text = formats.render(playlist, "m3u8")
    assert [e[2] for e in parse_m3u(text.split("\n"))][1:] == [
        str(playlist.entries[2].local_path), str(playlist.entries[3].local_path)]


def test_xspf_is_valid_xml_with_every_title_intact(playlist, tmp_path):
    dest = tmp_path / "night.xspf"
    App().write(playlist, "xspf", dest)
    root = ET.parse(dest).getroot()
    assert root.tag == "{http://xspf.org/ns/0/}playlist" and root.get("version") == "1"
    assert root.findtext("x:title", namespaces=NS) == 'Night, "neon"\n#2'
    tracks = root.findall("x:trackList/x:track", NS)
    titles = [t.findtext("x:title", namespaces=NS) for t in tracks]
    assert titles == ["Line one\nline two", 'Comma, "quotes", and #hash', "#1 Hit", "夢中人",
                      "Bell & <tag>"]
    durations = [t.findtext("x:duration", namespaces=NS) for t in tracks]
    assert durations == ["200000", None, "2000", "2000", None]
    locations = [t.findtext("x:location", namespaces=NS) for t in tracks]
    assert locations[0] is None and locations[4] is None and locations[1] == URI
    for location, entry in zip(locations[2:4], playlist.entries[2:4]):
        assert Path(unquote(urlparse(location).path)) == entry.local_path
    assert "unresolved" in tracks[0].findtext("x:annotation", namespaces=NS)
    # No recording album in this catalog: no album field; the film is in the annotation.
    assert all(t.find("x:album", NS) is None for t in tracks)
    assert all(t.findtext("x:annotation", namespaces=NS).startswith('Film, "The" (1994); ')
               for t in tracks)


def test_json_has_catalog_fields_and_never_a_guessed_duration(playlist, tmp_path):
    dest = tmp_path / "night.json"
    App().write(playlist, "json", dest)
    data = json.loads(dest.read_text(encoding="utf-8"))
    assert (data["name"], data["description"]) == ('Night, "neon"\n#2', "Line\nbreak")
    assert data["duration"] is None and data["estimated_duration"] == playlist.total_seconds
    assert data["unresolved"] == ["f/lines", "f/bell"]
    first, second = data["tracks"][:2]
    assert {"id", "title", "artist", "duration", "moods", "location", "film"} <= set(first)
    assert (first["title"], first["duration"], first["estimated_duration"]) == (
        "Line one\nline two", 200, None)
    assert (second["duration"], second["estimated_duration"], second["location"]) == (
        None, playlist.entries[1].estimated_duration, URI)
    assert data["tracks"][3]["location"] == str(playlist.entries[3].local_path)


def test_csv_round_trips_every_title(playlist, tmp_path):
    dest = tmp_path / "night.csv"
    App().write(playlist, "csv", dest)
    with dest.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    # Every title as written, but a control character shown as its escape, never raw.
    assert [r["title"] for r in rows] == [t["title"].replace("\x07", "\\x07") for t in TRACKS]
    assert [r["position"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [r["duration"] for r in rows] == ["200", "", "2", "2", ""]
    assert rows[1]["location"] == URI and rows[0]["location_kind"] == "unresolved"


def test_text_keeps_each_track_on_its_own_lines(playlist):
    text = formats.render(playlist, "txt")
    lines = text.splitlines()
    assert lines[0] == 'Night, "neon" #2'
    assert "1. 3:20  Line one line two — Ann Other · Film, \"The\" (1994)" in lines
    assert any(line.startswith("2. ~0:02  Comma") for line in lines)
    assert lines.count("   (unresolved: no file or Spotify URI)") == 2
    assert lines[-1] == "5 tracks, about 3:28 (2 durations estimated), 2 unresolved"


def test_an_empty_playlist_is_still_a_valid_file_in_every_format(catalog):
    empty = build(catalog, Recipe(name="Nothing", query="nomatch"))
    assert not empty.entries
    for fmt in formats.FORMAT_NAMES:
        text = formats.render(empty, fmt, catalog=catalog)
        assert text.endswith("\n")
    assert json.loads(formats.render(empty, "json"))["tracks"] == []
    ET.fromstring(formats.render(empty, "xspf"))


@pytest.mark.parametrize(("name", "fmt"), [("a.m3u8", "m3u8"), ("a.M3U", "m3u8"),
                                            ("a.xspf", "xspf"), ("dir/a.json", "json"),
                                            ("a.csv", "csv"), ("a.txt", "txt")])
def test_the_extension_names_the_format(name, fmt):
    assert format_for(Path(name)) == fmt


def test_an_unknown_extension_is_explained():
    with pytest.raises(UnknownFormatError, match=r"cannot tell the format of 'a\.wav'"):
        format_for(Path("a.wav"))


def test_an_unwritable_destination_leaves_nothing_behind(playlist, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        App().write(playlist, "m3u8", blocker / "p.m3u8")
    with pytest.raises(OutputError, match="it is a folder"):
        App().write(playlist, "m3u8", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "music"]


def test_rendering_twice_gives_identical_text(playlist, catalog, tmp_path):
    for fmt in formats.FORMAT_NAMES:
        assert formats.render(playlist, fmt, tmp_path / "p", catalog) == formats.render(
            playlist, fmt, tmp_path / "p", catalog)


def test_the_playlist_is_not_written_when_rendering_fails(playlist, tmp_path):
    with pytest.raises(UnknownFormatError):
        App().write(playlist, "wav", tmp_path / "p.wav")
    assert not (tmp_path / "p.wav").exists()
