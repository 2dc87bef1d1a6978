"""Playlist files that carry ids: a MusicBrainz recording id read from each kind of tag,
JSPF checked against the format's rules, the recording's album in the album field (the
film in the group or annotation), and --path-prefix for a server that mounts the library
under another path."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from wkwmix.store.library import scan

AUDIO = Path(__file__).parent / "data" / "audio"
NS = {"x": "http://xspf.org/ns/0/"}
DREAMS_ID = "1a2b3c4d-0000-4000-8000-00000000dea1"
CALIFORNIA_ID = "1a2b3c4d-0000-4000-8000-00000000ca11"
QUIZAS_ID = "1a2b3c4d-0000-4000-8000-0000000000a5"
RELEASE_TRACK_ID = "99999999-0000-4000-8000-000000000999"

CATALOG = """\
films:
  - {id: ce, title: Chungking Express, year: 1994}
tracks:
  - {id: ce/dreams, film: ce, title: 夢中人, alt_titles: [Dreams], artist: Faye Wong,
     moods: [dream], album: 胡思亂想, released: 1994}
  - {id: ce/california, film: ce, title: California Dreamin', artist: The Mamas & the Papas,
     moods: [dream]}
  - {id: ce/quizas, film: ce, title: "Quizás, Quizás, Quizás", artist: Nat King Cole,
     moods: [dream]}
"""


def tag_ids(folder: Path) -> None:
    """Tag each file with its recording id where its format keeps it, and with a release
    track id as well (which is not the recording's and must never be read)."""
    from mutagen.flac import FLAC
    from mutagen.id3 import ID3, TXXX, UFID
    from mutagen.mp4 import MP4, MP4FreeForm

    mp3 = ID3(folder / "faye-wong-dreams.mp3")
    mp3.add(UFID(owner="http://musicbrainz.org", data=DREAMS_ID.encode()))
    mp3.add(TXXX(encoding=3, desc="MusicBrainz Release Track Id", text=[RELEASE_TRACK_ID]))
    mp3.save()
    flac = FLAC(folder / "california-dreamin.flac")
    flac["MUSICBRAINZ_TRACKID"] = CALIFORNIA_ID
    flac["MUSICBRAINZ_RELEASETRACKID"] = RELEASE_TRACK_ID
    flac.save()
    mp4 = MP4(folder / "quizas.m4a")
    mp4["----:com.apple.iTunes:MusicBrainz Track Id"] = [MP4FreeForm(QUIZAS_ID.encode())]
    mp4["----:com.apple.iTunes:MusicBrainz Release Track Id"] = [
        MP4FreeForm(RELEASE_TRACK_ID.encode())]
    mp4.save()


@pytest.fixture
def music(tmp_path: Path) -> Path:
    folder = tmp_path / "Music"
    shutil.copytree(AUDIO, folder / "albums")
    tag_ids(folder / "albums")
    return folder


def test_the_recording_id_is_read_from_id3_vorbis_and_mp4_tags(music, trusting):
    files = {f.path.name: f for f in scan(music).files}
    assert files["faye-wong-dreams.mp3"].recording_id == DREAMS_ID
    assert files["california-dreamin.flac"].recording_id == CALIFORNIA_ID
    assert files["quizas.m4a"].recording_id == QUIZAS_ID
    assert files["yumeji.ogg"].recording_id is None
    assert files["untagged.mp3"].recording_id is None
    # The cached index keeps it: a rescan that reads nothing still knows it.
    again = scan(music)
    assert again.stats.read == 0
    assert {f.path.name: f.recording_id for f in again.files}["quizas.m4a"] == QUIZAS_ID


def test_a_release_track_id_alone_or_a_tag_that_is_no_id_gives_no_recording_id(tmp_path):
    from mutagen.flac import FLAC

    folder = tmp_path / "Music"
    folder.mkdir()
    only_release = folder / "only-release.flac"
    not_an_id = folder / "not-an-id.flac"
    for path, tags in ((only_release, {"MUSICBRAINZ_RELEASETRACKID": RELEASE_TRACK_ID}),
                       (not_an_id, {"MUSICBRAINZ_TRACKID": "see the sleeve"})):
        shutil.copy(AUDIO / "california-dreamin.flac", path)
        audio = FLAC(path)
        audio.update(tags)
        audio.save()
    assert [f.recording_id for f in scan(folder).files] == [None, None]


# --- JSPF: the rules of the format (xspf.org/jspf), as ListenBrainz reads them ----------

_PLAYLIST_KEYS = {"title": str, "creator": str, "annotation": str, "info": str,
                  "location": str, "identifier": str, "image": str, "date": str,
                  "license": str, "attribution": list, "link": list, "meta": list,
                  "extension": dict, "track": list}
_TRACK_KEYS = {"location": list, "identifier": list, "title": str, "creator": str,
               "annotation": str, "info": str, "image": str, "album": str, "trackNum": int,
               "duration": int, "link": list, "meta": list, "extension": dict}


def jspf_problems(document: Any) -> list[str]:
    """What in ``document`` breaks the JSPF format; an empty list when it is valid."""
    if not isinstance(document, dict) or set(document) != {"playlist"}:
        return ["the document must be one object with the one key 'playlist'"]
    playlist = document["playlist"]
    if not isinstance(playlist, dict):
        return ["playlist: must be an object"]
    found = _typed("playlist", playlist, _PLAYLIST_KEYS)
    for i, track in enumerate(playlist.get("track", [])):
        where = f"playlist.track[{i}]"
        if not isinstance(track, dict):
            found.append(f"{where}: must be an object")
            continue
        found += _typed(where, track, _TRACK_KEYS)
        for key in ("location", "identifier"):
            values = track.get(key, [])
            for value in values if isinstance(values, list) else []:
                if not (isinstance(value, str) and ":" in value and value.strip() == value):
                    found.append(f"{where}.{key}: {value!r} is not a URI")
        for key in ("trackNum", "duration"):
            if isinstance(track.get(key), int) and (isinstance(track[key], bool)
                                                    or track[key] < 0):
                found.append(f"{where}.{key}: must be a non-negative integer")
    return found


def _typed(where: str, value: dict[str, Any], keys: dict[str, type]) -> list[str]:
    problems = [f"{where}.{key}: not a field of the format" for key in value if key not in keys]
    problems += [f"{where}.{key}: must be a {keys[key].__name__}" for key in value
                 if key in keys and not isinstance(value[key], keys[key])]
    return problems


def test_the_jspf_check_can_fail():
    assert jspf_problems({"playlist": {"title": "x", "track": [
        {"title": "a", "duration": "4:05", "location": "file:///a.mp3", "film": "f"}]}}) == [
        "playlist.track[0].film: not a field of the format",
        "playlist.track[0].duration: must be a int",
        "playlist.track[0].location: must be a list"]
    assert jspf_problems({"playlist": {"track": [
        {"identifier": ["not a uri"], "trackNum": -1}]}}) == [
        "playlist.track[0].identifier: 'not a uri' is not a URI",
        "playlist.track[0].trackNum: must be a non-negative integer"]
    assert jspf_problems([]) == ["the document must be one object with the one key 'playlist'"]


def test_jspf_output_is_valid_and_carries_the_recording_id_of_a_tagged_file(
        run, use_catalog, music, tmp_path):
    use_catalog(CATALOG)
    dest = tmp_path / "out" / "dreams.jspf"
    run("build", "film:ce", "--library", str(music), "-o", str(dest))
    document = json.loads(dest.read_text(encoding="utf-8"))
    assert jspf_problems(document) == []
    tracks = document["playlist"]["track"]
    by_title = {t["title"]: t for t in tracks}
    assert by_title["夢中人"]["identifier"] == [
        f"https://musicbrainz.org/recording/{DREAMS_ID}"]
    assert by_title["夢中人"]["album"] == "胡思亂想"
    assert by_title["夢中人"]["creator"] == "Faye Wong"
    assert by_title["夢中人"]["annotation"] == "Chungking Express (1994); moods: dream"
    assert by_title["夢中人"]["location"] == [
        (music / "albums" / "faye-wong-dreams.mp3").resolve().as_uri()]
    assert 1500 <= by_title["夢中人"]["duration"] <= 2500
    assert by_title["California Dreamin'"]["identifier"] == [
        f"https://musicbrainz.org/recording/{CALIFORNIA_ID}"]
    assert "album" not in by_title["California Dreamin'"]  # the catalog does not know it


def test_jspf_is_a_format_by_name_and_by_extension(run, use_catalog):
    use_catalog(CATALOG)
    printed = run("build", "film:ce", "-f", "jspf").stdout
    document = json.loads(printed)
    assert jspf_problems(document) == []
    assert [t["title"] for t in document["playlist"]["track"]] == [
        "夢中人", "California Dreamin'", "Quizás, Quizás, Quizás"]
    # Nothing can play: no location, no identifier, and the annotation says so.
    assert all("location" not in t and "identifier" not in t
               for t in document["playlist"]["track"])


def test_m3u8_puts_the_recordings_album_in_extalb_and_the_film_in_extgrp(
        run, use_catalog, music, tmp_path):
    use_catalog(CATALOG)
    dest = tmp_path / "dreams.m3u8"
    run("build", "film:ce", "--library", str(music), "-o", str(dest))
    lines = dest.read_text(encoding="utf-8").splitlines()
    at = lines.index(next(line for line in lines if line.endswith("Faye Wong - 夢中人")))
    assert lines[at + 1:at + 3] == ["#EXTALB:胡思亂想", "#EXTGRP:Chungking Express (1994)"]
    at = lines.index(next(line for line in lines if "California" in line))
    assert lines[at + 1] == "#EXTGRP:Chungking Express (1994)"  # no album known: none
    assert not any(line.startswith("#EXTALB:Chungking") for line in lines)


def test_xspf_carries_identifier_album_and_the_film_in_the_annotation(
        run, use_catalog, music, tmp_path):
    use_catalog(CATALOG)
    dest = tmp_path / "dreams.xspf"
    run("build", "film:ce", "--library", str(music), "-o", str(dest))
    [dreams, california, quizas] = ET.parse(dest).getroot().findall("x:trackList/x:track", NS)
    assert dreams.findtext("x:identifier", namespaces=NS) == (
        f"https://musicbrainz.org/recording/{DREAMS_ID}")
    assert dreams.findtext("x:album", namespaces=NS) == "胡思亂想"
    assert dreams.findtext("x:annotation", namespaces=NS) == (
        "Chungking Express (1994); moods: dream")
    assert california.find("x:album", NS) is None
    assert quizas.findtext("x:identifier", namespaces=NS) == (
        f"https://musicbrainz.org/recording/{QUIZAS_ID}")
    # The order XSPF's schema asks for: location, identifier, title, creator, annotation,
    # album, duration.
    assert [child.tag.split("}")[1] for child in dreams] == [
        "location", "identifier", "title", "creator", "annotation", "album", "duration"]


def test_path_prefix_writes_each_file_under_the_prefix(run, use_catalog, music, tmp_path):
    use_catalog(CATALOG)
    m3u8, xspf, jspf = (tmp_path / f"server.{ext}" for ext in ("m3u8", "xspf", "jspf"))
    for dest in (m3u8, xspf, jspf):
        run("build", "film:ce", "--library", str(music), "--path-prefix", "/music",
            "-o", str(dest))
    paths = [line for line in m3u8.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    assert paths == ["/music/albums/faye-wong-dreams.mp3",
                     "/music/albums/california-dreamin.flac", "/music/albums/quizas.m4a"]
    locations = [t.findtext("x:location", namespaces=NS)
                 for t in ET.parse(xspf).getroot().findall("x:trackList/x:track", NS)]
    assert locations == ["file:///music/albums/faye-wong-dreams.mp3",
                         "file:///music/albums/california-dreamin.flac",
                         "file:///music/albums/quizas.m4a"]
    document = json.loads(jspf.read_text(encoding="utf-8"))
    assert [t["location"] for t in document["playlist"]["track"]] == [[x] for x in locations]


def test_a_url_prefix_quotes_each_path(run, use_catalog, music, tmp_path):
    use_catalog(CATALOG)
    (music / "albums" / "quizas.m4a").rename(music / "albums" / "Quizás #1.m4a")
    printed = run("build", "film:ce", "--library", str(music), "--path-prefix",
                  "http://nas.local/music/", "-f", "xspf").stdout
    root = ET.fromstring(printed)
    assert root.findall("x:trackList/x:track", NS)[2].findtext("x:location", namespaces=NS) \
        == "http://nas.local/music/albums/Quiz%C3%A1s%20%231.m4a"


def test_a_path_prefix_without_library_or_not_absolute_is_refused(run, use_catalog, music):
    use_catalog(CATALOG)
    result = run("build", "film:ce", "--path-prefix", "/music", expect=2)
    assert result.stderr.endswith(
        "Error: --path-prefix needs --library: the prefix takes the library folder's place\n")
    result = run("build", "film:ce", "--library", str(music), "--path-prefix", "music",
                 expect=2)
    assert result.stderr == ("Error: --path-prefix 'music': give an absolute path (/music) "
                             "or a URL (http://host/music)\n")
