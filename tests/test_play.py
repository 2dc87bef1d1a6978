"""`wkwmix play`: build and play at once, with stand-in players on PATH that record how they
were called."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from player_support import stand_in

from wkwmix import App
from wkwmix.store import spotify_memory

AUDIO = Path(__file__).parent / "data" / "audio"
YUMEJI = "in-the-mood-for-love/yumejis-theme"


@pytest.fixture
def music(tmp_path) -> Path:
    folder = tmp_path / "Music"
    shutil.copytree(AUDIO, folder)
    return folder


def played_files(playlist: Path) -> list[Path]:
    """The files an M3U8 names, resolved as a player resolves them."""
    lines = playlist.read_text(encoding="utf-8").splitlines()
    return [(playlist.parent / line).resolve() for line in lines
            if line and not line.startswith("#")]


def test_local_files_play_in_mpv(run, music, bin_dir):
    record = stand_in(bin_dir, "mpv")
    stand_in(bin_dir, "vlc")
    result = run("play", "title:yumeji", "--library", str(music))
    (playlist,) = record.read_text(encoding="utf-8").splitlines()
    assert played_files(Path(playlist)) == [(music / "yumeji.ogg").resolve()]
    assert result.stderr.splitlines()[-1] == f"Playing 1 track with mpv: {playlist}"
    assert not (bin_dir.parent / "vlc.args").exists()


def test_vlc_plays_when_there_is_no_mpv(run, music, bin_dir):
    record = stand_in(bin_dir, "vlc")
    result = run("play", "title:yumeji", "--library", str(music))
    (playlist,) = record.read_text(encoding="utf-8").splitlines()
    assert played_files(Path(playlist)) == [(music / "yumeji.ogg").resolve()]
    assert result.stderr.splitlines()[-1] == f"Playing 1 track with vlc: {playlist}"


def test_only_the_tracks_with_a_file_play_and_the_rest_are_counted(run, music, bin_dir):
    record = stand_in(bin_dir, "mpv")
    result = run("play", "film:in-the-mood-for-love", "--library", str(music))
    (playlist,) = record.read_text(encoding="utf-8").splitlines()
    assert played_files(Path(playlist)) == [(music / "yumeji.ogg").resolve()]
    film = App().eligible("film:in-the-mood-for-love")
    assert len(film) > 1
    assert result.stderr.splitlines()[-2] == (
        f"{len(film) - 1} of the {len(film)} matching tracks have no file in {music} and "
        "are left out")


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS opens files with `open`")
def test_without_a_player_the_desktop_opens_the_playlist(run, music, bin_dir):
    record = stand_in(bin_dir, "xdg-open")
    result = run("play", "title:yumeji", "--library", str(music))
    (playlist,) = record.read_text(encoding="utf-8").splitlines()
    assert playlist.endswith(".m3u8") and "with xdg-open" in result.stderr


def test_the_player_asked_for_wins_with_its_own_arguments(run, music, bin_dir, monkeypatch):
    stand_in(bin_dir, "mpv")
    record = stand_in(bin_dir, "myplayer")
    run("play", "title:yumeji", "--library", str(music), "--player", "myplayer --shuffle")
    args = record.read_text(encoding="utf-8").splitlines()
    assert args[0] == "--shuffle" and args[1].endswith(".m3u8")
    monkeypatch.setenv("WKWMIX_PLAYER", "myplayer --loop")
    run("play", "title:yumeji", "--library", str(music))
    assert record.read_text(encoding="utf-8").splitlines()[0] == "--loop"


def test_build_options_are_fitted_over_the_tracks_that_can_play(run, music, bin_dir):
    record = stand_in(bin_dir, "mpv")
    run("play", "--library", str(music), "--limit", "1", "--order", "album",
        "film:in-the-mood-for-love,2046")
    (playlist,) = record.read_text(encoding="utf-8").splitlines()
    assert played_files(Path(playlist)) == [(music / "yumeji.ogg").resolve()]
    run("play", "--library", str(music), "--arc", "longing,romance", "title:yumeji")
    run("play", "--library", str(music), "--arc", "nosuch", "title:yumeji", expect=2)


def test_a_synced_playlist_opens_on_spotify_when_no_file_can_play(run, bin_dir):
    record = stand_in(bin_dir, "xdg-open")
    stand_in(bin_dir, "mpv")
    spotify_memory.set_account("someone")
    spotify_memory.remember("someone", "Night city", "37i9dQZF1DX0000000", None, None)
    result = run("play", "night-city")
    url = "https://open.spotify.com/playlist/37i9dQZF1DX0000000"
    assert record.read_text(encoding="utf-8") == f"{url}\n"
    assert not (bin_dir.parent / "mpv.args").exists()
    assert result.stderr.splitlines()[-1] == (
        f"Opening 'Night city' on Spotify (as last synced): {url}")


def test_when_nothing_can_play_it_says_what_would(run, bin_dir, music, tmp_path):
    record = stand_in(bin_dir, "mpv")
    result = run("play", "night-city", expect=1)
    assert result.stderr.splitlines()[-1] == (
        "Error: Nothing to play for 'Night city' (13 tracks): add --library ~/Music to play "
        "them from your own files, or run `wkwmix sync night-city` to play them on Spotify "
        "(after `wkwmix spotify login`).")
    empty = tmp_path / "Empty"
    empty.mkdir()
    result = run("play", "mood:dream", "--library", str(empty), expect=1)
    assert result.stderr.splitlines()[-1] == (
        f"Error: Nothing to play for 'wkwmix: mood:dream': none of the 8 matching tracks is "
        f"in {str(empty)!r}; run `wkwmix sync mood:dream` to play them on Spotify "
        "(after `wkwmix spotify login`).")
    assert not record.exists()


def test_no_player_at_all_is_one_message(run, music, bin_dir):
    result = run("play", "title:yumeji", "--library", str(music), expect=1)
    assert result.stderr.splitlines()[-1] == (
        "Error: no player found: install mpv or VLC, or name one with --player COMMAND (or "
        "$WKWMIX_PLAYER); there is no xdg-open to ask the desktop")


def test_a_player_that_fails_is_reported(run, music, bin_dir):
    stand_in(bin_dir, "mpv", status=3)
    result = run("play", "title:yumeji", "--library", str(music), expect=1)
    assert result.stderr.splitlines()[-1] == "Error: mpv stopped with exit status 3"


def test_a_query_that_selects_nothing_plays_nothing(run, bin_dir):
    record = stand_in(bin_dir, "mpv")
    result = run("play", "title:no-such-song", expect=1)
    assert result.stderr.splitlines()[-1] == (
        "Error: title:no-such-song: no track matches the query; nothing to play")
    assert not record.exists()
