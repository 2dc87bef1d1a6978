"""The requests a Subsonic sync sends, checked against a stand-in that reads them as
Navidrome and other OpenSubsonic servers do: a token login, song ids as repeated
parameters, the fewest requests per operation; and the one-line errors of an address that
is no Subsonic server and of a write that failed half-way."""

from __future__ import annotations

import hashlib

import pytest
from fake_subsonic import API_KEY, PASSWORD, FakeSubsonic
from subsonic_support import CATALOG

RIGHT = ["s1", "s2", "s3", "s4"]


def songs_of(subsonic: FakeSubsonic, name: str) -> list[str]:
    [found] = [p for p in subsonic.playlists.values() if p["name"] == name]
    return list(found["songs"])


def sync(run, *more: str, expect: int = 0):
    return run("sync", "mood:dream", "--name", "Dreams", "--to", "subsonic", *more,
               expect=expect)


def test_a_token_login_and_song_ids_as_repeated_parameters(run, subsonic):
    sync(run)
    assert songs_of(subsonic, "Dreams") == RIGHT
    for _, params in subsonic.requests:
        keys = [k for k, _ in params]
        assert "p" not in keys  # the password never travels where a token is taken
        found = dict(params)
        assert found["t"] == hashlib.md5((PASSWORD + found["s"]).encode()).hexdigest()
        assert (found["v"], found["c"], found["f"]) == ("1.16.1", "wkwmix", "json")
    create = next(params for endpoint, params in subsonic.requests if endpoint == "createPlaylist")
    assert [v for k, v in create if k == "songId"] == RIGHT
    assert len({s for _, params in subsonic.requests for k, s in params if k == "s"}) == len(
        subsonic.requests)  # a fresh salt for every request


def test_requests_per_operation(run, subsonic):
    sync(run)
    searches = subsonic.endpoints().count("search3")
    assert searches == 7  # one per track, and the one not there by each title and performer
    # New: list the playlists, create with every song, set the marking comment.
    assert [e for e in subsonic.endpoints() if e != "search3"] == [
        "getPlaylists", "createPlaylist", "updatePlaylist"]
    subsonic.requests.clear()
    sync(run)  # unchanged: one read, no write
    assert [e for e in subsonic.endpoints() if e != "search3"] == ["getPlaylist"]
    [playlist] = subsonic.playlists.values()
    playlist["songs"] = ["s4", "s3", "s2", "s1"]  # reordered by hand
    subsonic.requests.clear()
    result = sync(run)
    assert "  ~ reorder the tracks\n  1 write request\n" in result.stdout
    assert [e for e in subsonic.endpoints() if e != "search3"] == ["getPlaylist", "createPlaylist"]
    assert songs_of(subsonic, "Dreams") == RIGHT
    playlist["songs"] = ["s1", "s2"]  # the last two removed by hand
    subsonic.requests.clear()
    sync(run)
    assert [e for e in subsonic.endpoints() if e != "search3"] == ["getPlaylist", "updatePlaylist"]
    assert [v for k, v in subsonic.requests[-1][1] if k == "songIdToAdd"] == ["s3", "s4"]
    assert songs_of(subsonic, "Dreams") == RIGHT


def test_an_api_key_is_used_where_given(run, subsonic, monkeypatch):
    monkeypatch.delenv("WKWMIX_SUBSONIC_USER")
    monkeypatch.delenv("WKWMIX_SUBSONIC_PASSWORD")
    monkeypatch.setenv("WKWMIX_SUBSONIC_API_KEY", API_KEY)
    sync(run)
    assert songs_of(subsonic, "Dreams") == RIGHT
    assert all(dict(params).get("apiKey") == API_KEY and "u" not in dict(params)
               for _, params in subsonic.requests)


def test_an_address_that_is_no_subsonic_server_is_one_line(run, subsonic):
    subsonic.html = 200
    result = sync(run, expect=1)
    assert result.stderr.splitlines()[-1] == (
        f"Error: {subsonic.url} does not answer as a Subsonic server (its answer to search3 is "
        "not a Subsonic response); give the address you open the server at, without /rest.")


def test_a_write_answered_with_a_server_error_is_read_back_not_repeated(run, subsonic):
    sync(run)
    [playlist] = subsonic.playlists.values()
    playlist["songs"] = ["s1", "s2"]
    subsonic.fail_next["updatePlaylist"] = 502  # carried out, then answered 502
    result = sync(run)
    assert ("The server answered 502 to 'add playlist items', which may or may not have "
            "been done; reading the playlist back…\n" in result.stderr)
    assert songs_of(subsonic, "Dreams") == RIGHT  # read back: nothing added twice
    assert [e for e in subsonic.endpoints() if e != "search3"][-3:] == [
        "getPlaylist", "updatePlaylist", "getPlaylist"]


def test_a_wrong_token_is_refused_in_one_line(run, subsonic, monkeypatch):
    monkeypatch.setenv("WKWMIX_SUBSONIC_PASSWORD", "nope")
    result = run("subsonic", "whoami", expect=1)
    assert result.stderr == (
        f"Error: The Subsonic server at {subsonic.url} refused the login of user 'bob' (error 40: "
        "Wrong username or password): check the user name and password, then `wkwmix "
        "subsonic login URL --user NAME` again.\n")
    monkeypatch.setenv("WKWMIX_SUBSONIC_PASSWORD", PASSWORD)
    assert run("subsonic", "whoami").stdout == f"bob at {subsonic.url}\n"


def test_sync_all_with_one_broken_recipe_syncs_the_others_and_names_it(run, subsonic, tmp_path):
    folder = tmp_path / "recipes"
    folder.mkdir()
    (folder / "good.yaml").write_text("name: Good\nquery: mood:dream\n", encoding="utf-8")
    broken = folder / "broken.yaml"
    broken.write_text("name: Broken\nquery: mood:nope\n", encoding="utf-8")
    result = run("sync", "--all", str(folder), "--to", "subsonic", expect=1)
    assert songs_of(subsonic, "Good") == RIGHT
    assert [p["name"] for p in subsonic.playlists.values()] == ["Good"]
    assert f"Error: {broken} cannot be synced:\n  {broken}:2: query: unknown mood 'nope'" \
        in result.stderr
    assert result.stderr.splitlines()[-1] == f"1 of 2 playlist(s) synced; failed: {broken}."


def test_a_playlist_deleted_on_the_server_is_made_again(run, subsonic):
    sync(run)
    subsonic.playlists.clear()  # deleted by hand on the server
    result = sync(run)
    assert "Subsonic playlist 'Dreams' (new):" in result.stdout
    assert songs_of(subsonic, "Dreams") == RIGHT and len(subsonic.playlists) == 1


def test_a_web_page_that_is_not_found_is_no_subsonic_server(run, subsonic):
    subsonic.html = 404
    result = run("subsonic", "whoami", expect=1)
    assert result.stderr == (
        f"Error: {subsonic.url} does not answer as a Subsonic server (it answered HTTP 404 to "
        "ping); give the address you open the server at, without /rest.\n")
    subsonic.html = 401
    result = run("subsonic", "whoami", expect=1)
    assert result.stderr.startswith(f"Error: The Subsonic server at {subsonic.url} refused the "
                                    "login of user 'bob' (HTTP 401)")


def test_a_search_the_server_refuses_leaves_that_track_out_and_names_why(run, subsonic):
    subsonic.busy = "Things in Life"
    result = sync(run)
    assert (f"1 track(s) left out, search failed: ce/not-there (The Subsonic server at "
            f"{subsonic.url} refused to search for 'Things in Life' (error 0: Search index "
            "busy).).\n") in result.stderr
    assert songs_of(subsonic, "Dreams") == RIGHT


@pytest.mark.parametrize("env, message", [
    ({"WKWMIX_SUBSONIC_TIMEOUT": "soon"},
     "WKWMIX_SUBSONIC_TIMEOUT must be a number of seconds, not 'soon'"),
    ({"WKWMIX_SUBSONIC_URL": "music.local"},
     "'music.local' is not a server address: give it as http(s)://host[:port][/path], as "
     "you open it in a browser."),
    ({"WKWMIX_SUBSONIC_USER": ""},
     "WKWMIX_SUBSONIC_URL is set but WKWMIX_SUBSONIC_USER is not: set both (and "
     "WKWMIX_SUBSONIC_PASSWORD)."),
])
def test_a_bad_setting_is_named(run, subsonic, monkeypatch, env, message):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert run("subsonic", "whoami", expect=1).stderr == f"Error: {message}\n"


def test_a_stored_login_that_is_not_as_written_is_named(run, subsonic, monkeypatch):
    from wkwmix.subsonic.login import login_path

    for key in ("WKWMIX_SUBSONIC_URL", "WKWMIX_SUBSONIC_USER", "WKWMIX_SUBSONIC_PASSWORD"):
        monkeypatch.delenv(key)
    path = login_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    assert run("subsonic", "whoami", expect=1).stderr.startswith(
        f"Error: {path}: cannot read the stored Subsonic login (")
    path.write_text('{"url": 3}', encoding="utf-8")
    assert run("subsonic", "whoami", expect=1).stderr == (
        f"Error: {path}: the stored Subsonic login is not as wkwmix writes it; run `wkwmix "
        "subsonic login URL --user NAME` again.\n")
    assert run("subsonic", "logout").stdout == "Logged out of the Subsonic server.\n"
    assert run("subsonic", "logout").stdout == "Not logged in to a Subsonic server.\n"


def test_a_doubtful_match_is_held_for_review_not_synced(run, subsonic, use_catalog):
    from fake_subsonic import SONGS

    SONGS["d1"] = {"id": "d1", "title": "Angkor Wat Theme", "artist": "Frankie Chan",
                   "album": "Soundtracks", "duration": 2}
    try:
        use_catalog(CATALOG.replace(
            "tracks:\n",
            "tracks:\n  - {id: itmfl/angkor, film: itmfl, title: Angkor Wat Theme, "
            "moods: [dream]}\n"))
        result = sync(run)
    finally:
        del SONGS["d1"]
    assert ("1 track(s) left out, held for review: a doubtful match on your server: "
            "itmfl/angkor (maybe Angkor Wat Theme — Frankie Chan (Soundtracks)).\n"
            in result.stderr)
    assert songs_of(subsonic, "Dreams") == RIGHT


def test_sync_all_without_a_server_says_so_once(run, use_catalog, tmp_path):
    use_catalog(CATALOG)
    folder = tmp_path / "recipes"
    folder.mkdir()
    for name in ("one", "two"):
        (folder / f"{name}.yaml").write_text(f"name: {name}\nquery: mood:dream\n",
                                             encoding="utf-8")
    result = run("sync", "--all", str(folder), "--to", "subsonic", expect=1)
    assert result.stderr.count("No Subsonic server is set") == 1
    assert result.stderr.splitlines()[-1].startswith("Error: No Subsonic server is set")
