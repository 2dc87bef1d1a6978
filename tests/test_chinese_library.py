"""Your own files, tagged in Chinese or not tagged at all, found by ``build --library``.

Real audio files from tests/data/audio, copied and retagged with mutagen in temp folders.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from audio_support import retag

AUDIO = Path(__file__).parent / "data" / "audio"

CATALOG = """\
version: 1
films:
  - {id: chungking-express, title: Chungking Express, original_title: 重慶森林, year: 1994}
tracks:
  - id: chungking-express/dreams
    film: chungking-express
    title: Dreams
    alt_titles: [夢中人]
    artist: Faye Wong
    duration: 2
  - id: chungking-express/california-dreamin
    film: chungking-express
    title: California Dreamin'
    artist: The Mamas & the Papas
people:
  - names: [Faye Wong, 王菲]
    sources: [https://en.wikipedia.org/wiki/Faye_Wong]
"""


def located(run, folder: Path, *extra: str) -> dict[str, str | None]:
    result = run("build", "--library", str(folder), "-f", "json", *extra)
    return {t["id"]: t["location"] for t in json.loads(result.stdout)["tracks"]}


@pytest.fixture(autouse=True)
def catalog(use_catalog) -> Path:
    return use_catalog(CATALOG)


@pytest.mark.parametrize("title", ["夢中人", "梦中人"])
def test_a_file_tagged_in_chinese_in_either_script_matches(run, tmp_path, title):
    music = tmp_path / "Music"
    music.mkdir()
    shutil.copy(AUDIO / "faye-wong-dreams.mp3", music / "track.mp3")
    retag(music / "track.mp3", title=title, artist="王菲")
    found = located(run, music)
    assert found["chungking-express/dreams"] == str((music / "track.mp3").resolve())


def test_a_singer_tagged_in_chinese_is_the_catalogs_pinyin_name(run, tmp_path, use_catalog):
    use_catalog(CATALOG.replace("artist: Faye Wong", "artist: Wang Fei").split("people:")[0])
    music = tmp_path / "Music"
    music.mkdir()
    shutil.copy(AUDIO / "faye-wong-dreams.mp3", music / "track.mp3")
    retag(music / "track.mp3", title="夢中人", artist="王菲")  # the catalog knows no 王菲
    assert located(run, music)["chungking-express/dreams"] == str(
        (music / "track.mp3").resolve())
    retag(music / "track.mp3", title="夢中人", artist="王靖雯")  # not her Pinyin
    assert located(run, music)["chungking-express/dreams"] is None


def test_an_untagged_file_is_matched_by_its_name_when_its_length_agrees(run, tmp_path):
    music = tmp_path / "Music"
    music.mkdir()
    shutil.copy(AUDIO / "untagged.mp3", music / "Faye Wong - Dreams.mp3")
    found = located(run, music)
    assert found["chungking-express/dreams"] == str((music / "Faye Wong - Dreams.mp3").resolve())


def test_a_numbered_file_in_an_artist_album_folder_is_matched_by_its_name(run, tmp_path):
    album = tmp_path / "Music" / "王菲" / "重慶森林"
    album.mkdir(parents=True)
    shutil.copy(AUDIO / "untagged.mp3", album / "01 夢中人.mp3")
    found = located(run, tmp_path / "Music")
    assert found["chungking-express/dreams"] == str((album / "01 夢中人.mp3").resolve())


def test_a_named_file_whose_length_disagrees_is_passed_over_and_verbose_says_why(
        run, tmp_path, use_catalog):
    use_catalog(CATALOG.replace("duration: 2", "duration: 265"))
    music = tmp_path / "Music"
    music.mkdir()
    shutil.copy(AUDIO / "untagged.mp3", music / "Faye Wong - Dreams.mp3")
    shutil.copy(AUDIO / "untagged.mp3", music / "nameless.mp3")
    result = run("build", "--library", str(music), "-f", "txt", "-v")
    assert (f"  chungking-express/dreams: not {music.resolve() / 'Faye Wong - Dreams.mp3'}: "
            "untagged, known only by its name, and its length does not confirm it "
            "(lasts 0:02, not 4:25)\n") in result.stderr
    assert ("  passed over (no title in its tags or its name): "
            f"{music.resolve() / 'nameless.mp3'}\n") in result.stderr
    assert "Faye Wong - Dreams.mp3" not in result.stdout


def test_a_karaoke_file_never_wins_over_the_real_recording(run, tmp_path):
    music = tmp_path / "Music"
    music.mkdir()
    # Named to come first in path order, where a tie used to be decided.
    shutil.copy(AUDIO / "california-dreamin.flac", music / "a-karaoke.flac")
    retag(music / "a-karaoke.flac", title="California Dreamin' (Karaoke Version)")
    shutil.copy(AUDIO / "california-dreamin.flac", music / "b-live.flac")
    retag(music / "b-live.flac", title="California Dreamin' (Live)")
    shutil.copy(AUDIO / "california-dreamin.flac", music / "c-original.flac")
    found = located(run, music)
    assert found["chungking-express/california-dreamin"] == str(
        (music / "c-original.flac").resolve())


def test_a_karaoke_file_alone_is_no_match(run, tmp_path):
    music = tmp_path / "Music"
    music.mkdir()
    shutil.copy(AUDIO / "california-dreamin.flac", music / "karaoke.flac")
    retag(music / "karaoke.flac", title="California Dreamin' (Karaoke Version)")
    result = run("build", "--library", str(music), "-f", "txt", "-v")
    assert (f"  chungking-express/california-dreamin: not {music.resolve() / 'karaoke.flac'}: "
            "a karaoke, tribute or cover-band version\n") in result.stderr
