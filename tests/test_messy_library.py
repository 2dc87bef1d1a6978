"""A real, messy music folder: broken and looping links, odd names, pipes and devices named
like songs, folders reached through links, a cache that cannot be written. Everything is made
inside the test's temporary folder."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from wkwmix.model import Recipe
from wkwmix.playlist import build
from wkwmix.store.catalog import from_data
from wkwmix.store.library import scan

# Files made seconds ago are rightly doubted by the index; these tests are about its keys.
pytestmark = pytest.mark.usefixtures("trusting")

AUDIO = Path(__file__).parent / "data" / "audio"


@pytest.fixture
def messy(tmp_path) -> Path:
    music = tmp_path / "Music"
    shutil.copytree(AUDIO, music / "albums")
    (music / "dangling.mp3").symlink_to(music / "gone.mp3")
    (music / "loop").symlink_to(music)  # a folder link back to the top
    os.mkfifo(music / "pipe.mp3")  # opening it would wait forever
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(AUDIO / "yumeji.ogg", elsewhere / "linked-yumeji.ogg")
    (music / "linked-folder").symlink_to(elsewhere)
    odd = os.fsencode(music) + b"/caf\xe9.mp3"  # a Latin-1 name, not UTF-8
    shutil.copy(AUDIO / "unrelated.mp3", odd)
    return music


def test_a_messy_folder_is_scanned_without_hanging_or_failing(messy):
    index = scan(messy)
    names = sorted(f.path.name for f in index.files)
    assert names == ["caf\udce9.mp3", "california-dreamin.flac", "faye-wong-dreams.mp3",
                     "linked-yumeji.ogg", "quizas.m4a", "unrelated.mp3", "untagged.mp3",
                     "yumeji.ogg"]  # each real folder once, through the loop or not
    assert {reason: sorted(Path(p).name for p in found)
            for reason, found in index.stats.skipped.items()} == {
        "broken link": ["dangling.mp3"],
        "not a regular file (a FIFO, device or socket)": ["pipe.mp3"],
    }
    assert scan(messy).stats.read == 0  # the odd name survives the cache too


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_link_to_a_device_named_like_a_song_is_never_opened(tmp_path):
    music = tmp_path / "Music"
    music.mkdir()
    os.mknod(tmp_path / "zero", stat.S_IFCHR | 0o666, os.makedev(1, 5))  # endless, in tmp
    (music / "endless.flac").symlink_to(tmp_path / "zero")
    index = scan(music)
    assert index.files == [] and list(index.stats.skipped) == [
        "not a regular file (a FIFO, device or socket)"]


def test_the_build_summary_counts_and_verbose_names_what_was_skipped(run, messy):
    result = run("build", "mood:dream", "--library", str(messy), "--format", "txt", "-v")
    assert ("library: 8 audio files (8 read, 0 unchanged), 1 skipped: broken link, 1 skipped: "
            "not a regular file (a FIFO, device or socket)\n") in result.stderr
    assert f"  skipped (broken link): {messy / 'dangling.mp3'}\n" in result.stderr
    assert f"  skipped (not a regular file (a FIFO, device or socket)): {messy / 'pipe.mp3'}\n" \
        in result.stderr


def test_a_cache_that_cannot_be_written_never_aborts_a_build(run, messy, wkwmix_home):
    (wkwmix_home / "cache").write_text("a file where the cache folder would be",
                                       encoding="utf-8")
    result = run("build", "mood:dream", "--library", str(messy), "--format", "json")
    assert json.loads(result.stdout)["tracks"]


CATALOG = {
    "films": [{"id": "f", "title": "F", "year": 1994}],
    "tracks": [
        {"id": "f/dreams", "film": "f", "title": "Dreams", "moods": ["dream"]},
        {"id": "f/dreams-2", "film": "f", "title": "Dreams", "artist": "Faye Wong",
         "moods": ["dream"]},
        {"id": "f/again", "film": "f", "title": "Dreams", "alt_titles": ["夢中人"],
         "artist": "Faye Wong", "moods": ["dream"]},
        {"id": "f/long", "film": "f", "title": "Dreams", "artist": "Faye Wong",
         "duration": 300, "moods": ["dream"]},
    ],
}


def test_a_track_with_no_performer_never_takes_a_performers_file_by_title_alone(music_one):
    catalog = from_data(CATALOG, "test")
    index = scan(music_one)
    assert index.match(catalog.tracks["f/dreams"]) is None
    assert index.near_misses(catalog.tracks["f/dreams"]) == [
        f"{music_one / 'faye-wong-dreams.mp3'}: by Faye Wong, and the catalog names no "
        "performer or length to confirm it"]


def test_one_file_never_stands_for_two_tracks_of_a_playlist(music_one):
    catalog = from_data(CATALOG, "test")
    playlist = build(catalog, Recipe(name="x"), find_local=scan(music_one).match)
    located = {e.track.id: e.local_path for e in playlist.entries if e.local_path}
    assert located == {"f/dreams-2": music_one / "faye-wong-dreams.mp3"}


def test_verbose_says_why_a_near_match_was_rejected(run, music_one, use_catalog):
    import yaml

    use_catalog(yaml.safe_dump({**CATALOG, "tracks": CATALOG["tracks"][3:]}))
    result = run("build", "--library", str(music_one), "--format", "txt", "--verbose")
    assert (f"  f/long: not {music_one / 'faye-wong-dreams.mp3'}: lasts 0:02, not 5:00 (more "
            "than 15 s apart: another recording)\n") in result.stderr


@pytest.fixture
def music_one(tmp_path) -> Path:
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(AUDIO / "faye-wong-dreams.mp3", folder)
    return folder
