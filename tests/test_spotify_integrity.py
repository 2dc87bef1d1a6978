"""Sync under real faults: writes that land but answer an error, dropped connections, captive
portals, two syncs at once, a refused library check, one bad search among many."""

# The stand-in's fixtures are imported by name, so test parameters share their names.
# ruff: noqa: F811

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fake_spotify.fixtures import (  # noqa: F401  (fixtures)
    PINNED_TRACKS,
    bigger_catalog,
    fake_spotify,
    logged_in,
    only_playlist,
    world,
)
from fake_spotify.state import USER

from wkwmix.spotify.plan import MARKER
from wkwmix.store import spotify_memory as memory
from wkwmix.store.resolutions import cache_path


def assert_clean(fake, name="Dreams"):
    """One playlist of that name, holding exactly the catalog's tracks once each."""
    playlist = only_playlist(fake, name)
    assert fake.uris(playlist.id) == fake.catalog_uris
    return playlist


# --- a write that lands, then an error ----------------------------------------------------


def _change_so_that(world, run, write):
    """Sync once cleanly, then change the wanted playlist so the next sync makes ``write``."""
    run("sync", "mood:dream", "--name", "Dreams")
    playlist = only_playlist(world)
    if write == "add":  # two tracks missing at the end: appended
        playlist.items = playlist.items[:-2]
    elif write == "remove":  # a stray track: removed
        stray = world.add_track("Stray", "Nobody", seed="stray")
        playlist.items.append((stray, "2020-01-01T00:00:00Z"))
    elif write == "replace":  # the order reversed: replaced
        playlist.items.reverse()
    elif write == "details":
        playlist.name, playlist.description = "Dreams", "someone edited this " + MARKER
    playlist.changed()


@pytest.mark.parametrize("status", [502, 504])
@pytest.mark.parametrize("write, method, path", [
    ("create", "POST", "/me/playlists$"),
    ("add", "POST", "/items$"),
    ("remove", "DELETE", "/items$"),
    ("replace", "PUT", "/items$"),
    ("details", "PUT", "/playlists/[^/]+$"),
])
def test_an_error_after_a_write_landed_never_duplicates(run, world, write, method, path, status):
    if write != "create":
        _change_so_that(world, run, write)
    world.log.clear()
    world.fail(status, method=method, path=path, mode="after")
    result = run("sync", "mood:dream", "--name", "Dreams")
    assert_clean(world)
    statuses = [r.status for r in world.log if r.method == method and re.search(path, r.path)]
    if method == "POST":  # never repeated: read back, and nothing was left to do
        assert statuses == [status]
        assert (f"Spotify answered {status} (a server error) to '{write} "
                in result.stderr and "reading the playlist back…" in result.stderr)
    else:  # idempotent: simply sent again
        assert statuses == [status, 200]
    world.log.clear()
    assert "up to date" in run("sync", "mood:dream", "--name", "Dreams").output
    assert world.writes() == []


def test_a_connection_dropped_in_the_middle_of_an_add_is_read_back(run, world):
    _change_so_that(world, run, "add")
    world.fail(200, method="POST", path="/items$", mode="drop")
    result = run("sync", "mood:dream", "--name", "Dreams")
    assert ("The connection dropped in the middle of the answer to 'add playlist items', "
            "which may or may not have been done; reading the playlist back…") in result.stderr
    assert_clean(world)


def test_a_create_that_landed_unannounced_is_reused_by_the_next_run(run, world):
    # The create lands but its answer is lost, and so is every later request of this run:
    # an orphan, empty, marked playlist is left behind. The next run adopts it.
    world.fail(502, method="POST", path="/me/playlists$", mode="after")
    world.fail(503, method="GET", path="/me/playlists$", times=4, skip=1)  # after planning
    result = run("sync", "mood:dream", "--name", "Dreams", expect=1)
    assert "Error: Could not reach Spotify (list your playlists)" in result.stderr
    orphan = only_playlist(world)
    assert world.uris(orphan.id) == [] and orphan.description.endswith(MARKER)
    run("sync", "mood:dream", "--name", "Dreams")
    assert assert_clean(world).id == orphan.id


def test_a_snapshot_is_trusted_only_while_spotify_still_reports_it(run, world):
    run("sync", "mood:dream", "--name", "Dreams")
    playlist = only_playlist(world)
    playlist.items = playlist.items + playlist.items  # doubled behind wkwmix's back
    playlist.changed()
    result = run("sync", "mood:dream", "--name", "Dreams")
    assert "up to date" not in result.output
    assert_clean(world)


# --- an edit the listener makes while wkwmix writes ---------------------------------------


def _stray_added_by_hand(world, playlist):
    """An edit as the listener makes it in their app: a track of their own, at the top."""
    stray = world.add_track("Their Own", "Somebody", seed="their-own")

    def edit():
        playlist.items.insert(0, (stray, "2020-01-01T00:00:00Z"))
        playlist.changed()
    return stray, edit


def test_an_edit_landing_between_wkwmix_s_read_and_its_write_is_seen_by_the_next_sync(
        run, world):
    _change_so_that(world, run, "add")  # two tracks missing: the next sync appends them
    playlist = only_playlist(world)
    stray, edit = _stray_added_by_hand(world, playlist)
    world.edit_before("POST", "/items$", edit)  # after wkwmix read the items, before its add
    result = run("sync", "mood:dream", "--name", "Dreams")
    assert "  + add 2: Song 10 — Faye Wong; Song 11 — Faye Wong\n  1 write request\n" in (
        result.output)
    assert world.uris(playlist.id) == [stray, *world.catalog_uris]  # the edit survived it
    # The add's snapshot was not taken to vouch for the items: the next sync reads them,
    # sees the listener's track, and takes it out.
    world.log.clear()
    again = run("sync", "mood:dream", "--name", "Dreams")
    assert f"  - remove 1: {stray}\n  1 write request\n" in again.output
    assert_clean(world)


def test_a_replace_of_every_item_vouches_for_them_even_after_an_edit_it_overwrote(run, world):
    _change_so_that(world, run, "replace")  # the order reversed: one replace puts it back
    playlist = only_playlist(world)
    _stray, edit = _stray_added_by_hand(world, playlist)
    world.edit_before("PUT", "/items$", edit)
    run("sync", "mood:dream", "--name", "Dreams")
    assert_clean(world)  # the replace set every item: the edit before it is gone
    world.log.clear()
    assert "up to date" in run("sync", "mood:dream", "--name", "Dreams").output
    assert [(r.method, r.path.rsplit("/", 1)[-1]) for r in world.api_requests()] == [
        ("GET", playlist.id), ("GET", "contains")]  # the replace's snapshot trusted: no items


def test_after_several_writes_the_next_sync_reads_the_items_once_then_trusts_its_read(
        run, world, monkeypatch, tmp_path):
    monkeypatch.setenv("WKWMIX_CATALOG", bigger_catalog(world, tmp_path, 130))
    run("sync", "mood:dream", "--name", "Dreams")  # create, replace 100, add 30
    playlist = only_playlist(world)
    world.log.clear()
    assert "up to date" in run("sync", "mood:dream", "--name", "Dreams").output
    reads = [r for r in world.api_requests() if r.path.endswith("/items")]
    assert [(r.query["offset"], r.query["limit"]) for r in reads] == [("100", "50")]
    world.log.clear()
    assert "up to date" in run("sync", "mood:dream", "--name", "Dreams").output
    assert [r.path for r in world.api_requests()] == [f"/playlists/{playlist.id}",
                                                      "/me/library/contains"]


def test_remembered_items_that_disagree_with_the_first_page_are_not_trusted(run, world):
    run("sync", "mood:dream", "--name", "Dreams")
    playlist = only_playlist(world)
    entry = memory.playlist(USER, "Dreams")
    # What is remembered says the snapshot is current, but lists the tracks reversed (a
    # copy of the file from another machine, say): the first page, read anyway, shows it.
    memory.remember(USER, "Dreams", playlist.id, entry["snapshot_id"],
                    tuple(reversed(entry["uris"])))
    world.log.clear()
    assert "up to date" in run("sync", "mood:dream", "--name", "Dreams").output
    assert world.writes() == []
    assert memory.playlist(USER, "Dreams")["uris"] == world.catalog_uris


# --- answers that are not the API's -------------------------------------------------------


def test_a_captive_portal_answer_is_an_error_and_never_cached(run, world, tmp_path,
                                                               monkeypatch):
    catalog = tmp_path / "unpinned.yaml"
    catalog.write_text("films:\n  - {id: f1, title: First Film, year: 1994}\ntracks:\n"
                       "  - {id: f1/s, film: f1, title: Song 1, artist: Faye Wong, "
                       "duration: 201, moods: [dream]}\n", encoding="utf-8")
    monkeypatch.setenv("WKWMIX_CATALOG", str(catalog))
    world.fail(200, path="/search$", mode="portal")
    result = run("resolve", expect=1)
    assert result.stderr.endswith(
        "Error: Spotify's answer to 'search for \\'track:\"Song 1\" artist:\"Faye Wong\"\\'' "
        "was not the JSON its API sends (200 with text/html); a captive portal or a proxy "
        "may be in the way. Nothing was taken from it. Nothing is left half done: run the "
        "same command again and it carries on.\n")
    assert not cache_path().exists() or "f1/s" not in json.loads(
        cache_path().read_text())["tracks"]
    assert run("resolve").output.count("sure") == 1  # the next run searches and finds it


def test_whoami_behind_a_captive_portal_says_so(run, world):
    world.fail(200, path="/me/?$", mode="portal")
    result = run("spotify", "whoami", expect=1)
    assert result.stderr.startswith("Error: Spotify's answer to 'read your profile' was not "
                                    "the JSON its API sends (200 with text/html)")


# --- one bad search among many; one bad recipe among many -------------------------------


def test_a_refused_search_names_the_track_skips_it_and_goes_on(run, world, tmp_path,
                                                               monkeypatch):
    catalog = tmp_path / "unpinned.yaml"
    catalog.write_text(
        "films:\n  - {id: f1, title: First Film, year: 1994}\ntracks:\n" + "".join(
            f"  - {{id: f1/s{n}, film: f1, title: Song {n}, artist: Faye Wong, "
            f"duration: {200 + n}, moods: [dream]}}\n" for n in range(3)), encoding="utf-8")
    monkeypatch.setenv("WKWMIX_CATALOG", str(catalog))
    world.fail(400, path="/search$", message="Bad search query")
    result = run("resolve")
    assert result.stderr.endswith(
        "3 tracks: 0 pinned, 2 found, 0 doubtful, 0 not found, 1 failed\n"
        "1 search(es) failed; those tracks are left out and searched again next time:\n"
        "  f1/s0: Spotify refused to search for 'track:\"Song 0\" artist:\"Faye Wong\"' "
        "(400: Bad search query).\n")
    assert "f1/s0" not in json.loads(cache_path().read_text())["tracks"]
    assert "3 found" in run("resolve").stderr


def test_sync_all_syncs_the_rest_summarises_and_fails(run, world, tmp_path):
    folder = tmp_path / "recipes"
    folder.mkdir()
    (folder / "a-first.yaml").write_text("name: First\nquery: mood:dream\n", encoding="utf-8")
    (folder / "b-second.yaml").write_text("name: Second\nquery: mood:dream\n",
                                          encoding="utf-8")
    world.fail(403, method="POST", path="/me/playlists$", message="Forbidden")
    result = run("sync", "--all", str(folder), expect=1)
    assert "Error syncing 'First': Spotify refused to create the playlist (403: Forbidden)." \
        in result.stderr
    assert result.stderr.endswith("1 of 2 playlist(s) synced; failed: 'First'.\n")
    assert_clean(world, "Second")
    assert world.own_playlist("First") == []


# --- the library check and its scope -----------------------------------------------------


def test_a_refused_library_check_takes_the_safe_path_and_says_so(run, world):
    run("sync", "mood:dream", "--name", "Dreams")
    world.fail(403, path="/me/library/contains", message="Insufficient client scope")
    only_playlist(world).items.pop()
    only_playlist(world).changed()
    result = run("sync", "mood:dream", "--name", "Dreams")
    assert ("Spotify refused to check your library (the login may lack a permission; "
            "`wkwmix spotify login` again grants it); listing your playlists instead.") \
        in result.stderr
    assert "Development Mode" not in result.stderr
    assert_clean(world)


def test_the_stand_in_checks_scopes_per_route(fake_spotify):
    import requests

    token = fake_spotify.new_token("playlist-modify-private")["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    contains = requests.get(fake_spotify.api_url + "me/library/contains",
                            params={"uris": "spotify:playlist:" + "a" * 22}, headers=headers,
                            timeout=5)
    assert contains.status_code == 403
    assert contains.json()["error"]["message"] == "Insufficient client scope"
    public = requests.post(fake_spotify.api_url + "me/playlists", json={"name": "x"},
                           headers=headers, timeout=5)
    assert public.status_code == 403  # public by default: needs playlist-modify-public
    private = requests.post(fake_spotify.api_url + "me/playlists",
                            json={"name": "x", "public": False}, headers=headers, timeout=5)
    assert private.status_code == 201


# --- two syncs at once -----------------------------------------------------------------------


def test_two_syncs_at_once_make_one_playlist_without_duplicates(world, tmp_path):
    gate = world.hold("POST", "/me/playlists$")  # the first sync stops inside its create
    command = [sys.executable, "-m", "wkwmix", "sync", "mood:dream", "--name", "Dreams"]
    env = dict(os.environ)
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    assert _wait(lambda: any(r.method == "GET" and r.path == "/me/playlists"
                             for r in world.log))
    second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    waiting = threading.Event()
    lines: list[str] = []

    def read_stderr() -> None:
        for line in second.stderr:
            lines.append(line)
            if "waiting for another sync" in line:
                waiting.set()

    reader = threading.Thread(target=read_stderr)
    reader.start()
    assert waiting.wait(30), lines
    gate.set()
    assert first.wait(60) == 0 and second.wait(60) == 0
    reader.join()
    assert "waiting for another sync of this Spotify account…\n" in lines
    assert_clean(world)
    assert "up to date" in second.stdout.read()


def _wait(condition, seconds: float = 30.0) -> bool:
    from fake_spotify.server import wait_until

    return wait_until(condition, seconds)


def test_the_sync_lock_lives_in_the_data_folder(world, run):
    run("sync", "mood:dream", "--name", "Dreams")
    assert (memory.memory_path().parent / "spotify-sync-wkwfan.lock").exists()
    assert Path(memory.memory_path()).parent == Path(os.environ["WKWMIX_HOME"])


# --- seeing and forgetting what wkwmix made; the dry run ----------------------------------


def test_spotify_playlists_lists_what_wkwmix_made_and_forgets_one(run, world):
    run("sync", "mood:dream", "--name", "Dreams")
    playlist = only_playlist(world)
    listed = json.loads(run("spotify", "playlists", "--format", "json").stdout)
    assert [(r["name"], r["id"], r["tracks"]) for r in listed] == [
        ("Dreams", playlist.id, PINNED_TRACKS)]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", listed[0]["synced"])
    world.log.clear()
    forgot = run("spotify", "playlists", "--forget", "Dreams")
    assert forgot.stdout.startswith(f"Forgot 'Dreams' (spotify:playlist:{playlist.id}). "
                                    "It stays on Spotify")
    assert world.log == []  # nothing asked of Spotify
    assert json.loads(run("spotify", "playlists", "--format", "json").stdout) == []
    missing = run("spotify", "playlists", "--forget", "Dreams", expect=1)
    assert missing.stderr == ("Error: wkwmix remembers no playlist named 'Dreams' for "
                              "wkwfan; see `wkwmix spotify playlists`.\n")


def test_the_dry_run_lists_a_new_playlists_tracks(run, world):
    result = run("sync", "mood:dream", "--name", "Dreams", "--dry-run")
    lines = result.stdout.splitlines()
    assert lines[:3] == ["Spotify playlist 'Dreams' (new):", "  create it with 12 tracks",
                         "     1. Song 0 — Faye Wong"]
    assert lines[13:] == ["    12. Song 11 — Faye Wong", "  2 write requests"]
    assert world.writes() == []
