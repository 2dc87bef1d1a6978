"""`wkwmix play` takes the routes in order: the listener's files, else their music server,
else the Spotify playlist, else the playlist's page in the browser."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from player_support import stand_in
from subsonic_support import CATALOG

AUDIO = Path(__file__).parent / "data" / "audio"


def test_without_files_the_tracks_stream_from_the_server(run, subsonic, bin_dir):
    record = stand_in(bin_dir, "mpv")
    result = run("play", "mood:dream")
    (playlist,) = record.read_text(encoding="utf-8").splitlines()
    urls = [line for line in Path(playlist).read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")]
    assert [parse_qs(urlparse(u).query)["id"] for u in urls] == [["s1"], ["s2"], ["s3"],
                                                                 ["s4"]]
    assert all(u.startswith(f"{subsonic.url}/rest/stream?") for u in urls)
    assert result.stderr.splitlines()[-1] == (
        f"Playing 4 tracks from your server with mpv: {playlist}")


def test_the_listeners_files_come_first(run, subsonic, bin_dir, tmp_path):
    record = stand_in(bin_dir, "mpv")
    music = tmp_path / "Music"
    shutil.copytree(AUDIO, music)
    result = run("play", "title:yumeji", "--library", str(music))
    assert "Playing 1 track with mpv" in result.stderr.splitlines()[-1]
    assert record.exists()
    assert subsonic.requests == []  # the server is not asked


def test_play_to_subsonic_without_a_login_says_how(run, bin_dir, use_catalog):
    use_catalog(CATALOG)
    stand_in(bin_dir, "mpv")
    result = run("play", "mood:dream", "--to", "subsonic", expect=1)
    assert result.stderr.splitlines()[-1] == (
        "Error: No Subsonic server is set: run `wkwmix subsonic login URL --user NAME`, or "
        "set WKWMIX_SUBSONIC_URL, WKWMIX_SUBSONIC_USER and WKWMIX_SUBSONIC_PASSWORD.")


def test_when_nothing_else_plays_the_page_opens(run, bin_dir, use_catalog):
    use_catalog(CATALOG)
    record = stand_in(bin_dir, "xdg-open")
    result = run("play", "mood:dream")
    (address,) = record.read_text(encoding="utf-8").splitlines()
    page = Path(urlparse(address).path)
    assert address == page.as_uri() and page.suffix == ".html"
    text = page.read_text(encoding="utf-8")
    assert "Yumeji&#39;s Theme" in text or "Yumeji's Theme" in text
    assert result.stderr.splitlines()[-1] == (
        "Nothing to play for 'wkwmix: mood:dream' (5 tracks): add --library ~/Music to play "
        "them from your own files, or run `wkwmix sync mood:dream` to play them on Spotify "
        "(after `wkwmix spotify login`). Opening its page, where every track has its "
        f"listening links: {page}")


def test_a_page_that_cannot_be_opened_says_what_would_play_and_where_the_page_is(
        run, bin_dir, use_catalog):
    use_catalog(CATALOG)
    script = bin_dir / "xdg-open"
    script.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    script.chmod(0o755)
    result = run("play", "mood:dream", expect=1)
    last = result.stderr.splitlines()[-1]
    assert last.startswith("Error: Nothing to play for 'wkwmix: mood:dream' (5 tracks): ")
    page = last.split(" Its page is ")[1].split(" (")[0]
    assert Path(page).is_file()
    assert last.endswith(f" Its page is {page} (the desktop's opener stopped with exit "
                         "status 3).")


def test_a_server_without_the_tracks_passes_to_the_next_route(run, subsonic, bin_dir):
    record = stand_in(bin_dir, "xdg-open")
    stand_in(bin_dir, "mpv")
    result = run("play", "title:things")
    assert "None of the 1 track is in your server's library.\n" in result.stderr
    assert record.read_text(encoding="utf-8").startswith("file://")
    assert not (bin_dir.parent / "mpv.args").exists()
