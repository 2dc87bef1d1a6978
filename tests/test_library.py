"""The music folder: real tiny MP3, FLAC, Ogg Vorbis and M4A files are scanned with
mutagen, matched to catalog tracks, and rescanned from the cache when unchanged."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from audio_support import retag

from wkwmix.model import Recipe
from wkwmix.playlist import build
from wkwmix.store import catalog as catalog_mod
from wkwmix.store import library, paths
from wkwmix.store.cache import code_stamp
from wkwmix.store.catalog import from_data
from wkwmix.store.library import CACHE_VERSION, LibraryError, scan

# Files made seconds ago are rightly doubted by the index; these tests are about its keys.
pytestmark = pytest.mark.usefixtures("trusting")

AUDIO = Path(__file__).parent / "data" / "audio"


@pytest.fixture
def music(tmp_path) -> Path:
    folder = tmp_path / "Music"
    shutil.copytree(AUDIO, folder / "albums")
    return folder


def by_name(index) -> dict[str, object]:
    return {f.path.name: f for f in index.files}


def test_tags_and_lengths_are_read_from_every_format(music):
    index = scan(music)
    files = by_name(index)
    assert sorted(files) == ["california-dreamin.flac", "faye-wong-dreams.mp3", "quizas.m4a",
                             "unrelated.mp3", "untagged.mp3", "yumeji.ogg"]
    assert (files["faye-wong-dreams.mp3"].title, files["faye-wong-dreams.mp3"].artist) == (
        "Dreams", "Faye Wong")
    assert files["california-dreamin.flac"].artist == "The Mamas & the Papas"
    assert files["yumeji.ogg"].title == "Yumeji's Theme"
    assert files["quizas.m4a"].title == "Quizás, Quizás, Quizás"
    assert files["untagged.mp3"].title is None
    assert all(1.5 < f.duration < 2.5 for f in index.files)
    assert (index.stats.files, index.stats.read, index.stats.unreadable) == (6, 6, 0)


def test_a_rescan_reads_only_new_or_changed_files(music):
    scan(music)
    assert scan(music).stats.read == 0
    target = music / "albums" / "unrelated.mp3"
    retag(target, title="Renamed")
    shutil.copy(AUDIO / "yumeji.ogg", music / "new.ogg")
    (music / "albums" / "untagged.mp3").unlink()
    index = scan(music)
    assert (index.stats.files, index.stats.read) == (6, 2)
    assert by_name(index)["unrelated.mp3"].title == "Renamed"
    assert "untagged.mp3" not in by_name(index)


def test_the_cache_lives_in_the_users_cache_folder_and_survives_corruption(music):
    scan(music)
    [cache_file] = (paths.cache_dir() / "library").iterdir()
    version = json.loads(cache_file.read_text())["version"]
    assert version == f"{CACHE_VERSION}:{code_stamp()}"
    cache_file.write_text("{ not json")
    assert scan(music).stats.read == 6
    cache_file.write_text(json.dumps({"version": version,
                                      "files": {"albums/yumeji.ogg": [1, 2]}}))
    assert scan(music).stats.read == 6


def test_unreadable_and_non_audio_files_are_skipped(music):
    (music / "notes.txt").write_text("not audio")
    (music / "broken.mp3").write_bytes(b"\x00" * 100)
    index = scan(music)
    assert index.stats.files == 7 and index.stats.unreadable == 1
    assert by_name(index)["broken.mp3"].title is None


def test_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(LibraryError, match="no music folder"):
        scan(tmp_path / "nowhere")


def test_progress_is_reported_file_by_file(music):
    calls = []
    scan(music, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 6) for i in range(1, 7)]


def test_shipped_tracks_match_by_title_artist_and_length(music):
    catalog = catalog_mod.load()
    index = scan(music)
    yumeji = index.match(catalog.tracks["in-the-mood-for-love/yumejis-theme"])
    assert yumeji is not None and yumeji.path.name == "yumeji.ogg"
    # The harmonica version in My Blueberry Nights is another artist's recording.
    assert index.match(catalog.tracks["my-blueberry-nights/yumejis-theme"]) is None
    # Dreams is 4:25 in the catalog: a two-second file with its tags is not that recording.
    assert catalog.tracks["chungking-express/dreams"].duration
    assert index.match(catalog.tracks["chungking-express/dreams"]) is None


def small_catalog(**extra):
    tracks = [
        {"id": "f/dreams", "title": "Dreams", "artist": "Faye Wong", "alt_titles": ["夢中人"]},
        {"id": "f/quizas", "title": "Quizas, quizas, quizas", "artist": "Nat King Cole"},
        {"id": "f/california", "title": "California Dreamin’", "artist": "The Mamas and the Papas"},
        {"id": "f/gone", "title": "Not In The Folder", "artist": "Nobody"},
    ]
    tracks = [{**t, "film": "f", "moods": ["dream"], **extra.get(t["id"], {})} for t in tracks]
    return from_data({"films": [{"id": "f", "title": "F", "year": 1994}], "tracks": tracks}, "t")


def test_titles_match_ignoring_case_accents_apostrophes_and_version_notes(music):
    retag(music / "albums" / "faye-wong-dreams.mp3", title="Dreams (2019 Remaster)")
    catalog, index = small_catalog(), scan(music)
    found = {t.id: index.match(t) for t in catalog}
    assert found["f/dreams"].path.name == "faye-wong-dreams.mp3"
    assert found["f/quizas"].path.name == "quizas.m4a"
    assert found["f/gone"] is None
    assert found["f/california"].path.name == "california-dreamin.flac"  # '&' is 'and'


def test_alternate_titles_match_and_other_artists_do_not(music):
    retag(music / "albums" / "faye-wong-dreams.mp3", title="夢中人")
    retag(music / "albums" / "unrelated.mp3", title="Dreams", artist="The Cranberries")
    catalog, index = small_catalog(), scan(music)
    assert index.match(catalog.tracks["f/dreams"]).path.name == "faye-wong-dreams.mp3"


def test_a_length_far_from_the_catalogs_is_another_recording(music):
    catalog = small_catalog(**{"f/quizas": {"duration": 166}})
    assert scan(music).match(catalog.tracks["f/quizas"]) is None
    catalog = small_catalog(**{"f/quizas": {"duration": 10}})
    assert scan(music).match(catalog.tracks["f/quizas"]).path.name == "quizas.m4a"


def test_a_playlist_plays_matched_files_and_uses_their_real_lengths(music):
    playlist = build(small_catalog(), Recipe(name="x"), find_local=scan(music).match)
    by_id = {e.track.id: e for e in playlist.entries}
    assert by_id["f/dreams"].local_path == (music / "albums" / "faye-wong-dreams.mp3").resolve()
    assert (by_id["f/dreams"].duration, by_id["f/dreams"].duration_source) == (2, "file")
    assert by_id["f/gone"].location is None and by_id["f/gone"].duration_source == "estimate"
    assert os.path.isabs(by_id["f/quizas"].location)


def test_a_retag_that_keeps_size_and_mtime_is_noticed(music):
    target = music / "albums" / "unrelated.mp3"
    scan(music)
    before = target.stat()
    retag(target, title="Renamd")  # as long as the old title: the same size, as it happens
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # as a careful tag editor
    assert target.stat().st_size == before.st_size
    index = scan(music)
    assert index.stats.read == 1
    assert by_name(index)["unrelated.mp3"].title == "Renamd"


def test_a_new_version_of_the_code_reads_every_file_again(music, monkeypatch):
    scan(music)
    monkeypatch.setattr(library, "code_stamp", lambda: "another")
    assert scan(music).stats.read == 6


def test_a_file_changed_moments_before_a_scan_is_read_again_next_time(music, monkeypatch):
    from wkwmix.store import cache

    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)  # as it is, not as the tests trust
    scan(music)
    assert scan(music).stats.read == 6  # each was changed within the doubt window
