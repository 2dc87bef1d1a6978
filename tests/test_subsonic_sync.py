"""Syncing to a real Subsonic server (Supysonic on 127.0.0.1) through the real CLI: the
right songs and no decoy, nothing written when nothing changed, a hand edit repaired, a
playlist wkwmix did not make left alone, two syncs at once, --dry-run, a wrong password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from subsonic_support import CATALOG, PASSWORD, USER, start_or_skip

pytestmark = pytest.mark.slow

RIGHT = ["Dreams — Faye Wong", "California Dreamin' — The Mamas & the Papas",
         "Yumeji's Theme — Shigeru Umebayashi", "Quizás, Quizás, Quizás — Nat King Cole"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    running = start_or_skip(tmp_path_factory.mktemp("supysonic"))
    yield running
    running.process.terminate()
    running.process.wait(timeout=10)


@pytest.fixture
def supysonic(server, monkeypatch, use_catalog):
    """The server with no playlists; wkwmix pointed at it and at a small catalog."""
    server.clear()
    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    use_catalog(CATALOG)
    return server


def test_a_sync_creates_one_playlist_with_the_right_songs_and_no_decoy(run, supysonic):
    result = run("sync", "mood:dream", "--name", "Dreams", "--to", "subsonic")
    assert ("1 track(s) left out, not found in your server's library: ce/not-there.\n"
            in result.stderr)
    [playlist] = supysonic.playlists()
    assert playlist["name"] == "Dreams"
    assert supysonic.titles("Dreams") == RIGHT
    assert supysonic.playlist("Dreams")["comment"].endswith("(synced by wkwmix)")
    assert result.stdout.splitlines()[0] == "Subsonic playlist 'Dreams' (new):"
    assert result.stdout.splitlines()[-1] == (
        f"Synced: {supysonic.url} (playlist {playlist['id']})")


def test_a_rerun_changes_nothing(run, supysonic):
    run("sync", "mood:dream", "--name", "Dreams", "--to", "subsonic")
    before = supysonic.playlist("Dreams")
    result = run("sync", "mood:dream", "--name", "Dreams", "--to", "subsonic")
    assert result.stdout == (f"Subsonic playlist 'Dreams' (id {before['id']}): up to date, "
                             "nothing to change.\n")
    assert supysonic.playlist("Dreams") == before


def test_a_hand_removed_entry_comes_back(run, supysonic):
    run("sync", "mood:dream", "--name", "Dreams", "--to", "subsonic")
    playlist = supysonic.playlist("Dreams")
    supysonic.call("updatePlaylist", [("playlistId", playlist["id"]),
                                      ("songIndexToRemove", "1")])
    assert len(supysonic.titles("Dreams")) == 3
    result = run("sync", "mood:dream", "--name", "Dreams", "--to", "subsonic")
    assert "  + add 1: California Dreamin' — The Mamas & the Papas\n" in result.stdout
    assert supysonic.titles("Dreams") == RIGHT
    assert [p["id"] for p in supysonic.playlists()] == [playlist["id"]]


def test_a_same_named_playlist_wkwmix_did_not_create_is_left_alone(run, supysonic):
    supysonic.call("createPlaylist", [("name", "Dreams")])
    [theirs] = supysonic.playlists()
    result = run("sync", "mood:dream", "--name", "Dreams", "--to", "subsonic", expect=1)
    assert result.stderr.splitlines()[-1] == (
        f"Error: A playlist named 'Dreams' (id {theirs['id']}) is already on the Subsonic "
        "server, and wkwmix did not create it, so it is left alone. Use --adopt to let "
        "wkwmix replace its contents, or --name to sync under another name.")
    assert supysonic.titles("Dreams") == []
    run("sync", "mood:dream", "--name", "Dreams", "--to", "subsonic", "--adopt")
    assert [p["id"] for p in supysonic.playlists()] == [theirs["id"]]
    assert supysonic.titles("Dreams") == RIGHT


def test_dry_run_changes_nothing(run, supysonic):
    result = run("sync", "mood:dream", "--name", "Dreams", "--to", "subsonic", "--dry-run")
    assert result.stdout == (
        "Subsonic playlist 'Dreams' (new):\n"
        "  create it with 4 tracks\n"
        "     1. 夢中人 — Faye Wong\n"
        "     2. California Dreamin' — The Mamas & the Papas\n"
        "     3. Yumeji's Theme — Shigeru Umebayashi\n"
        "     4. Quizás, Quizás, Quizás — Nat King Cole\n"
        "  2 write requests\n")
    assert supysonic.playlists() == []


def test_two_syncs_at_once_leave_one_playlist(supysonic, tmp_path):
    env = {**os.environ, **supysonic.env()}
    command = [sys.executable, "-m", "wkwmix", "sync", "mood:dream", "--name", "Together",
               "--to", "subsonic"]
    both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE) for _ in range(2)]
    for process in both:
        process.communicate(timeout=120)
        assert process.returncode == 0
    assert [p["name"] for p in supysonic.playlists()] == ["Together"]
    assert supysonic.titles("Together") == RIGHT


def test_a_wrong_password_is_one_clear_line(run, supysonic, monkeypatch):
    monkeypatch.setenv("WKWMIX_SUBSONIC_PASSWORD", "wrong")
    result = run("sync", "mood:dream", "--name", "Dreams", "--to", "subsonic", expect=1)
    assert result.stderr.splitlines()[-1] == (
        f"Error: The Subsonic server at {supysonic.url} refused the login of user 'alice' "
        "(error 40: Wrong username or password): check the user name and password, then "
        "`wkwmix subsonic login URL --user NAME` again.")
    assert "Traceback" not in result.output


def test_a_server_that_is_down_is_one_clear_line(run, supysonic, monkeypatch):
    from subsonic_support import free_port

    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("WKWMIX_SUBSONIC_URL", url)
    result = run("sync", "mood:dream", "--to", "subsonic", expect=1)
    assert result.stderr.splitlines()[-1] == (
        f"Error: Could not reach the Subsonic server at {url} (search for '夢中人'): the "
        "connection was refused (is the server running?).")


def test_login_is_checked_then_stored_for_the_user_alone(run, supysonic, monkeypatch):
    for key in ("WKWMIX_SUBSONIC_URL", "WKWMIX_SUBSONIC_USER", "WKWMIX_SUBSONIC_PASSWORD"):
        monkeypatch.delenv(key)
    result = run("subsonic", "login", supysonic.url, "--user", USER, input="wrong\n",
                 expect=1)
    assert "refused the login of user 'alice'" in result.stderr
    result = run("subsonic", "login", supysonic.url + "/", "--user", USER,
                 input=PASSWORD + "\n")
    stored = Path(result.stdout.split("(stored in ")[1].split(",")[0])
    assert result.stdout == (f"Logged in to {supysonic.url} as alice (stored in {stored}, "
                             "readable by you alone).\n")
    assert stored.stat().st_mode & 0o777 == 0o600
    assert run("subsonic", "whoami").stdout == f"alice at {supysonic.url}\n"
    run("sync", "mood:dream", "--name", "Stored", "--to", "subsonic")
    assert supysonic.titles("Stored") == RIGHT
    assert run("subsonic", "logout").stdout == "Logged out of the Subsonic server.\n"
    assert not stored.exists()
    result = run("sync", "mood:dream", "--to", "subsonic", expect=1)
    assert result.stderr.splitlines()[-1] == (
        "Error: No Subsonic server is set: run `wkwmix subsonic login URL --user NAME`, or "
        "set WKWMIX_SUBSONIC_URL, WKWMIX_SUBSONIC_USER and WKWMIX_SUBSONIC_PASSWORD.")


def test_a_supysonic_that_cannot_start_skips_naming_it_and_fails_in_ci(monkeypatch, tmp_path):
    import subsonic_support

    def broken(base):
        raise RuntimeError("Supysonic did not start: address in use")

    monkeypatch.setattr(subsonic_support, "start", broken)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        subsonic_support.start_or_skip(tmp_path)
    assert str(skipped.value) == (
        "needs a Supysonic that starts (pip install supysonic (the test extra: pip install -e "
        "'.[test]')): Supysonic did not start: address in use")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        subsonic_support.start_or_skip(tmp_path)
