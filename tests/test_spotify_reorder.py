"""A hand reorder on Spotify is undone with the reorder endpoint: one request that keeps
every entry's added date, where a full replace would reset them all."""

# The stand-in's fixtures are imported by name, so test parameters share their names.
# ruff: noqa: F811

from __future__ import annotations

from fake_spotify.fixtures import (  # noqa: F401  (fixtures)
    fake_spotify,
    logged_in,
    only_playlist,
    world,
)

from wkwmix.spotify.plan import Write, block_move, item_writes


def test_one_block_moved_is_one_reorder():
    now = ("a", "b", "c", "d", "e")
    assert block_move(now, ("a", "d", "b", "c", "e")) == Write("reorder", details=(
        ("range_start", 3), ("insert_before", 1), ("range_length", 1)))
    assert block_move(now, ("a", "c", "d", "b", "e")) == Write("reorder", details=(
        ("range_start", 2), ("insert_before", 1), ("range_length", 2)))
    assert block_move(now, ("b", "a", "d", "c", "e")) is None  # two moves: not one reorder
    assert block_move(now, ("a", "b", "c", "d", "f")) is None  # other items
    assert item_writes(now, ("b", "a", "d", "c", "e")) == [
        Write("replace", ("b", "a", "d", "c", "e"))]


def test_a_hand_reorder_is_put_back_in_one_write_keeping_added_dates(run, world):
    run("sync", "mood:dream", "--name", "Dreams")
    playlist = only_playlist(world)
    dates = dict(playlist.items)
    moved = playlist.items.pop(7)  # the listener drags the eighth track to the top
    playlist.items.insert(0, moved)
    playlist.changed()
    world.log.clear()
    result = run("sync", "mood:dream", "--name", "Dreams")
    assert "  ~ reorder the tracks\n  1 write request\n" in result.output
    [write] = world.writes()
    # The seven tracks it jumped over move back in front of it: one block, one request.
    assert (write.method, write.body) == ("PUT", {"range_start": 1, "insert_before": 0,
                                                  "range_length": 7})
    assert world.uris(playlist.id) == world.catalog_uris
    assert dict(playlist.items) == dates  # every entry keeps its added date


def test_an_item_that_no_longer_plays_in_the_listeners_market_is_named(run, world):
    run("sync", "mood:dream", "--name", "Dreams")
    playlist = only_playlist(world)
    world.tracks[world.catalog_uris[3].rsplit(":", 1)[1]]["is_playable"] = False
    playlist.changed()  # so that the items are read again
    world.log.clear()
    result = run("sync", "mood:dream", "--name", "Dreams")
    assert ("1 track(s) of the playlist cannot play where you are now: f1/t03 (Song 3 — Faye "
            "Wong). 1 of them pinned: pin another with `wkwmix pin TRACK URI`.\n"
            in result.stderr)
    reads = [r for r in world.api_requests() if r.method == "GET" and "/playlists/" in r.path]
    assert reads and all(r.query.get("market") == "from_token" for r in reads)


def test_an_item_that_stops_playing_is_named_though_the_snapshot_stayed_the_same(run, world):
    run("sync", "mood:dream", "--name", "Dreams")
    world.tracks[world.catalog_uris[5].rsplit(":", 1)[1]]["is_playable"] = False
    world.log.clear()
    result = run("sync", "mood:dream", "--name", "Dreams")
    assert ("1 track(s) of the playlist cannot play where you are now: f1/t05 (Song 5 — Faye "
            "Wong). 1 of them pinned: pin another with `wkwmix pin TRACK URI`.\n"
            in result.stderr)
    assert not [r for r in world.api_requests() if r.path.endswith("/items")]


def test_after_a_change_of_details_only_later_syncs_do_not_read_the_items(run, world):
    run("sync", "mood:dream", "--name", "Dreams")
    world.log.clear()
    result = run("sync", "mood:dream", "--name", "Dreams", "--public")
    assert "  * update public\n  1 write request\n" in result.output
    world.log.clear()
    again = run("sync", "mood:dream", "--name", "Dreams", "--public")
    assert "up to date, nothing to change" in again.output
    assert world.writes() == []
    assert [r.path for r in world.api_requests() if r.path.endswith("/items")] == []
    assert len(world.api_requests()) <= 3
