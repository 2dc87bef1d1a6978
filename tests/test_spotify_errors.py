"""What a Spotify error tells the user: when to try again (a date, for a pause that may
last past midnight), and whether anything was left half done."""

# The stand-in's fixtures are imported by name, so test parameters share their names.
# ruff: noqa: F811

from __future__ import annotations

import time

import pytest
from fake_spotify.fixtures import fake_spotify, logged_in, world  # noqa: F401  (fixtures)

NOW = 1_800_000_000  # 2027-01-15 08:00 UTC


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr("wkwmix.spotify.errors.time.time", lambda: NOW)
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_long_pause_says_the_day_and_time_to_try_again(run, logged_in, frozen_clock):
    logged_in.fail(429, path="/me/?$", retry_after=20 * 3600, reason="QUOTA_EXCEEDED")
    result = run("spotify", "whoami", expect=1)
    assert result.stderr == (
        "Error: Spotify is limiting requests (your app's request quota is used up) and asked "
        "to wait 20.0 h, more than is left of the 2 s wkwmix waits in all for one command "
        "(WKWMIX_SPOTIFY_MAX_WAIT). Try again after 2027-01-16 04:00 (in 20.0 h). Nothing is "
        "left half done: run the same command again and it carries on.\n")


def test_an_error_after_the_playlist_was_created_does_not_say_nothing_is_half_done(
        run, world, frozen_clock):
    world.fail(429, method="PUT", path="/items$", retry_after=3600)  # filling it
    result = run("sync", "mood:dream", "--name", "Dreams", expect=1)
    assert result.stderr.splitlines()[-1] == (
        "Error: Spotify is limiting requests (too many requests) and asked to wait 60 min, "
        "more than is left of the 2 s wkwmix waits in all for one command "
        "(WKWMIX_SPOTIFY_MAX_WAIT). Try again after 2027-01-15 09:00 (in 60 min). Part of "
        "it is done (wkwmix could create the playlist, then had to stop): run the same "
        "command again and it carries on.")
    [playlist] = world.own_playlist("Dreams")
    assert world.uris(playlist.id) == []  # created, still empty

    world.faults.clear()
    run("sync", "mood:dream", "--name", "Dreams")
    assert world.uris(playlist.id) == world.catalog_uris
