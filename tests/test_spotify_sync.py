"""`wkwmix sync` end to end: the real CLI and the real spotipy client against the stand-in."""

# The stand-in's fixtures are imported by name, so test parameters share their names.
# ruff: noqa: F811

from __future__ import annotations

import json
import time

import pytest
from fake_spotify.fixtures import (  # noqa: F401  (fixtures)
    PINNED_TRACKS,
    bigger_catalog,
    fake_spotify,
    free_port,
    logged_in,
    only_playlist,
    world,
)
from fake_spotify.state import USER

from wkwmix.spotify.plan import MARKER
from wkwmix.store import spotify_memory as memory


def test_sync_creates_a_private_marked_playlist_then_a_rerun_writes_nothing(run, world):
    result = run("sync", "mood:dream", "--name", "Dreams")
    assert "Spotify playlist 'Dreams' (new):\n  create it with 12 tracks" in result.output
    assert "Synced: https://open.spotify.com/playlist/" in result.output
    playlist = only_playlist(world)
    assert world.uris(playlist.id) == world.catalog_uris
    assert playlist.public is False and playlist.description.endswith(MARKER)
    world.log.clear()
    again = run("sync", "mood:dream", "--name", "Dreams")
    assert "up to date, nothing to change" in again.output
    assert world.writes() == []
    assert len(world.api_requests()) <= 3


def test_dry_run_shows_the_plan_and_writes_nothing(run, world):
    result = run("sync", "mood:dream", "--name", "Dreams", "--dry-run")
    assert "create it with 12 tracks" in result.output
    assert world.writes() == [] and world.own_playlist("Dreams") == []
    assert not memory.memory_path().exists()  # nor anything on this machine


def test_a_refusal_names_what_was_refused_and_hints_at_development_mode(run, world):
    world.fail(403, method="POST", path="/me/playlists$", message="Forbidden")
    result = run("sync", "mood:dream", "--name", "Dreams", expect=1)
    assert result.stderr.endswith(
        "Error: Spotify refused to create the playlist (403: Forbidden). If your Spotify app "
        "is in Development Mode, add your account to its users in the developer dashboard.\n")


def test_a_changed_selection_is_planned_and_applied(run, world):
    run("sync", "mood:dream", "--name", "Dreams")
    replacement = world.add_track("Song 3 (Single Mix)", "Faye Wong", seed="other")
    run("pin", "f1/t03", replacement)
    result = run("sync", "mood:dream", "--name", "Dreams", "--public")
    assert "+ add 1: Song 3 — Faye Wong" in result.output
    assert "- remove 1" in result.output and "update public" in result.output
    expected = list(world.catalog_uris)
    expected[3] = replacement
    playlist = only_playlist(world)
    assert world.uris(playlist.id) == expected and playlist.public is True


def test_a_playlist_wkwmix_did_not_create_is_left_alone_unless_adopted(run, world):
    own = world.create_playlist("Dreams", "My own favourites", public=True)
    own.items = [(world.catalog_uris[0], "2020-01-01T00:00:00Z")]
    result = run("sync", "mood:dream", "--name", "Dreams", expect=1)
    assert "wkwmix did not create it" in result.stderr and "--adopt" in result.stderr
    assert world.writes() == []
    run("sync", "mood:dream", "--name", "Dreams", "--adopt")
    assert world.uris(own.id) == world.catalog_uris
    assert len(world.own_playlist("Dreams")) == 1
    run("sync", "mood:dream", "--name", "Dreams")  # now remembered: no --adopt needed


def test_a_forgotten_playlist_is_found_by_its_marker_across_pages(run, world):
    for n in range(120):
        world.create_playlist(f"Other {n}")
    run("sync", "mood:dream", "--name", "Dreams")
    for n in range(5):
        world.create_playlist(f"Newer {n}")  # pushes ours onto the third page
    memory.memory_path().unlink()
    world.log.clear()
    result = run("sync", "mood:dream", "--name", "Dreams")
    assert "up to date" in result.output
    assert len(world.own_playlist("Dreams")) == 1
    pages = [r for r in world.api_requests() if r.path == "/me/playlists"]
    assert len(pages) == 3


def test_a_playlist_deleted_on_spotify_is_created_again(run, world):
    run("sync", "mood:dream", "--name", "Dreams")
    first = only_playlist(world)
    world.unfollow(first.id)  # what "delete" does in a Spotify app
    run("sync", "mood:dream", "--name", "Dreams")
    second = only_playlist(world)
    assert second.id != first.id and world.uris(second.id) == world.catalog_uris
    world.purge(second.id)  # gone altogether: 404
    run("sync", "mood:dream", "--name", "Dreams")
    assert world.uris(only_playlist(world).id) == world.catalog_uris


def test_entries_in_the_older_track_form_are_read(run, world):
    run("sync", "mood:dream", "--name", "Dreams")
    world.legacy_entries = True
    memory.memory_path().unlink()  # forces reading the items
    assert "up to date" in run("sync", "mood:dream", "--name", "Dreams").output


# --- faults ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_short_retry_after_is_waited_out(run, world):
    world.fail(429, method="PUT", path="/items$", retry_after=1)  # filling the new playlist
    started = time.monotonic()
    run("sync", "mood:dream", "--name", "Dreams")
    assert time.monotonic() - started >= 1
    assert world.uris(only_playlist(world).id) == world.catalog_uris


def test_a_long_retry_after_stops_with_when_to_come_back_and_a_rerun_finishes(run, world):
    world.fail(429, method="PUT", path="/items$", retry_after=3600, reason="QUOTA_EXCEEDED")
    started = time.monotonic()
    result = run("sync", "mood:dream", "--name", "Dreams", expect=1)
    assert time.monotonic() - started < 5
    [message] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert message.startswith("Error: Spotify is limiting requests (your app's request quota "
                              "is used up) and asked to wait 60 min")
    assert "Try again after" in message and "run the same command again" in message
    assert "Traceback" not in message and "http" not in message
    run("sync", "mood:dream", "--name", "Dreams")
    assert world.uris(only_playlist(world).id) == world.catalog_uris  # one playlist, complete


@pytest.mark.parametrize("status", [500, 502, 503])
@pytest.mark.parametrize("where", [("GET", "/me/playlists"), ("POST", "/me/playlists"),
                                   ("PUT", "/items$")])
def test_a_server_error_once_is_survived(run, world, status, where):
    world.fail(status, method=where[0], path=where[1])
    run("sync", "mood:dream", "--name", "Dreams")
    assert world.uris(only_playlist(world).id) == world.catalog_uris
    assert any(r.status == status for r in world.log)


def test_a_token_expiring_mid_sync_is_refreshed(run, world):
    world.expire_when("PUT", "/items$")  # filling the new playlist
    run("sync", "mood:dream", "--name", "Dreams")
    assert world.uris(only_playlist(world).id) == world.catalog_uris
    assert [r.status for r in world.log if r.path.endswith("/items")] == [401, 200]
    assert any(r.path == "/accounts/api/token" for r in world.log)


def test_server_errors_that_persist_stop_cleanly_and_a_rerun_repairs(run, world, monkeypatch,
                                                                     tmp_path):
    monkeypatch.setenv("WKWMIX_CATALOG", bigger_catalog(world, tmp_path))
    world.fail(503, method="POST", path="/items$", times=4)  # outlasts the repairs
    result = run("sync", "mood:dream", "--name", "Dreams", expect=1)
    assert result.stderr.count("Spotify answered 503 (a server error) to 'add playlist "
                               "items', which may or may not have been done; reading the "
                               "playlist back…\n") == 3
    assert result.stderr.endswith(
        "Error: Could not reach Spotify (add playlist items): Spotify answered 503 (a server "
        "error), 4 times in a row, the playlist read back after each; it may or may not have "
        "been carried out. Run the same command again: it reads back what is on Spotify and "
        "carries on from there.\n")
    assert [r.status for r in world.log if r.method == "POST" and r.path.endswith("/items")
            ] == [503] * 4  # never sent again blindly: each try follows a read-back
    run("sync", "mood:dream", "--name", "Dreams")
    assert len(world.own_playlist("Dreams")) == 1
    assert world.uris(only_playlist(world).id) == world.catalog_uris


def test_a_refused_connection_is_one_clear_paragraph(run, world, monkeypatch):
    monkeypatch.setenv("WKWMIX_SPOTIFY_API_URL", f"http://127.0.0.1:{free_port()}/v1/")
    result = run("sync", "mood:dream", "--name", "Dreams", expect=1)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith("Error: Could not reach Spotify")
    assert "cannot connect" in errors[0] and "Traceback" not in result.stderr


def test_a_query_that_selects_nothing_is_an_error(run, world):
    result = run("sync", "zzz-nothing-matches", expect=1)
    assert result.stderr == ("Error: zzz-nothing-matches: no track matches the query (and it "
                             "names no recipe); nothing to sync\n")


def test_unresolved_tracks_are_reported_not_silently_dropped(run, world, tmp_path, monkeypatch):
    path = tmp_path / "mixed.yaml"
    path.write_text(
        "films:\n  - {id: f1, title: First Film, year: 1994}\ntracks:\n"
        f"  - {{id: f1/a, film: f1, title: Song 0, artist: Faye Wong, moods: [dream], "
        f"spotify: '{world.catalog_uris[0]}'}}\n"
        "  - {id: f1/b, film: f1, title: Nowhere To Be Found, artist: Nobody, moods: [dream]}\n",
        encoding="utf-8")
    monkeypatch.setenv("WKWMIX_CATALOG", str(path))
    result = run("sync", "mood:dream", "--name", "Dreams")
    assert "1 track(s) left out" in result.stderr and "f1/b (none)" in result.stderr
    assert world.uris(only_playlist(world).id) == [world.catalog_uris[0]]
    searches = [r for r in world.log if r.path == "/search"]
    assert searches and all(int(r.query["limit"]) <= 10 for r in searches)
    cache = json.loads((memory.memory_path().parent / "cache" /
                        "spotify-resolved.json").read_text())
    assert cache["tracks"]["f1/b"]["candidate"] is None
    world.log.clear()
    run("sync", "mood:dream", "--name", "Dreams")
    assert not [r for r in world.log if r.path == "/search"]  # the cache answers


def test_remembered_playlists_belong_to_the_account(world):
    from wkwmix.spotify import apply as sync
    from wkwmix.spotify.auth import connect
    from wkwmix.spotify.plan import Wanted

    client = connect()
    plan, target = sync.plan_sync(client, Wanted("Mine", "", tuple(world.catalog_uris)))
    playlist_id = sync.apply(client, plan, target)
    assert memory.playlist(USER, "Mine")["id"] == playlist_id
    assert memory.playlist("someone-else", "Mine") is None


def test_the_request_budget_of_the_benchmark_holds(logged_in):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bench" / "spotify_requests.py"
    spec = importlib.util.spec_from_file_location("spotify_requests", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.remember_account()
    rows = {label: (requests, writes) for label, requests, writes, _ in
            bench.run_scenarios(logged_in)}
    assert rows["new"][0] <= 6 and rows["changed"][0] <= 5
    assert rows["unchanged"][0] <= 3 and rows["unchanged"][1] == 0
    # Vouching for 250 items written in four requests: one read of them all, no write.
    assert rows["re-read"] == (5, 0)
    assert rows["new 60"][0] == 3 and rows["unchanged 60"] == (2, 0)


def test_a_recipe_file_is_synced_under_its_own_name_and_description(run, world, tmp_path):
    recipe = tmp_path / "late-night.yaml"
    recipe.write_text("name: Late Night\ndescription: Songs for 3 a.m. & after\n"
                      "query: mood:dream\nlimit: 5\n", encoding="utf-8")
    result = run("sync", str(recipe))
    assert "Spotify playlist 'Late Night' (new)" in result.output
    playlist = only_playlist(world, "Late Night")
    assert len(world.uris(playlist.id)) == 5
    assert playlist.description == f"Songs for 3 a.m. & after {MARKER}"
    world.log.clear()
    assert "up to date" in run("sync", str(recipe)).output  # the escaped "&" is no change
    assert world.writes() == []


def test_being_rate_limited_again_and_again_stops_with_a_message(run, world):
    world.fail(429, path="/me/playlists", times=9, retry_after=0)
    result = run("sync", "mood:dream", "--name", "Dreams", expect=1)
    assert "still asked wkwmix to slow down" in result.stderr
    assert "Try again in a few minutes" in result.stderr


def test_nothing_resolved_means_nothing_to_sync(run, logged_in, tmp_path, monkeypatch):
    path = tmp_path / "lost.yaml"
    path.write_text("films:\n  - {id: f1, title: First Film, year: 1994}\ntracks:\n"
                    "  - {id: f1/b, film: f1, title: Lost, artist: Nobody, moods: [dream]}\n",
                    encoding="utf-8")
    monkeypatch.setenv("WKWMIX_CATALOG", str(path))
    result = run("sync", "mood:dream", expect=1)
    assert "None of the 1 tracks of 'wkwmix: mood:dream' is found on Spotify" in result.stderr
    assert logged_in.writes() == []


def test_a_bad_wait_setting_is_named(run, world, monkeypatch):
    monkeypatch.setenv("WKWMIX_SPOTIFY_MAX_WAIT", "a minute")
    result = run("sync", "mood:dream", expect=1)
    assert "WKWMIX_SPOTIFY_MAX_WAIT must be a number of seconds, not 'a minute'" in result.stderr


def test_sync_all_syncs_every_recipe_once_and_a_rerun_writes_nothing(run, world, tmp_path):
    folder = tmp_path / "recipes"
    folder.mkdir()
    (folder / "early.yaml").write_text("name: Early\nquery: title:'song 1'\n", encoding="utf-8")
    (folder / "all.yaml").write_text("name: All of them\nquery: mood:dream\n", encoding="utf-8")
    result = run("sync", "--all", str(folder))
    assert result.output.count("Synced: https://open.spotify.com/playlist/") == 2
    assert len(only_playlist(world, "All of them").items) == PINNED_TRACKS
    assert [world.uris(only_playlist(world, "Early").id)] == [
        [world.catalog_uris[1], world.catalog_uris[10], world.catalog_uris[11]]]
    world.log.clear()
    run("sync", "--all", str(folder))
    assert world.writes() == []


def test_sync_needs_a_source_or_all(run, world):
    assert "give a RECIPE or a QUERY" in run("sync", expect=2).stderr
    assert "--all syncs the recipes as they are" in run(
        "sync", "--all", "playlists", "mood:dream", expect=2).stderr
