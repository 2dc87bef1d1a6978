"""The stand-in (and what wkwmix sends it) against the OpenAPI description of the Spotify Web API.

The description ships with the tests, in tests/data/spotify/openapi.yaml (SOURCE.md beside
it says where it comes from).
"""

# The stand-in's fixtures are imported by name, so test parameters share their names.
# ruff: noqa: F811

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fake_spotify.fixtures import fake_spotify, logged_in  # noqa: F401  (fixtures)
from fake_spotify.openapi import Spec
from fake_spotify.server import ROUTES

from wkwmix.spotify import apply as sync
from wkwmix.spotify.auth import connect
from wkwmix.spotify.plan import Wanted

SPEC_PATH = Path(__file__).resolve().parent / "data" / "spotify" / "openapi.yaml"


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec(SPEC_PATH)


def concrete(template: str) -> str:
    return re.sub(r"\{\w+\}", "3cEYpjA9oz9GiPac4AsH4n", template)


def test_every_route_of_the_stand_in_is_a_current_operation(spec):
    assert ROUTES, "the stand-in registers its routes"
    for method, template, _ in ROUTES:
        found = spec.operation(method, concrete(template))
        assert found is not None, f"{method} {template} is not in the Spotify Web API"
        spec_path, operation = found
        assert spec_path == template
        assert not operation.get("deprecated"), f"{method} {template} is deprecated"


def exercise_every_route(fake) -> None:
    client = connect().spotify
    uris = [fake.add_track(f"Song {i}", "Faye Wong", seed=f"song-{i}") for i in range(5)]
    client.me()
    made = client.current_user_playlist_create("Checked", public=False, description="d")
    client.current_user_playlists(limit=50)
    client.playlist_change_details(made["id"], description="e")
    client.playlist_add_items(made["id"], uris[:3])
    client.playlist_replace_items(made["id"], uris)
    client.playlist_reorder_items(made["id"], range_start=0, insert_before=3)
    client.playlist_remove_all_occurrences_of_items(made["id"], uris[:1])
    client.playlist(made["id"])
    client.playlist_items(made["id"], limit=50)
    client.current_user_saved_items([f"spotify:playlist:{made['id']}"])
    fake.add_track("Song 9", "Faye Wong", seed="song-9", markets=("JP",))  # not playable here
    client.search("Song", limit=10, type="track")
    client.search("Song", limit=10, type="track", market="from_token")


def test_every_response_of_the_stand_in_matches_the_spec(spec, logged_in):
    exercise_every_route(logged_in)
    exercised = {(r.method, spec.operation(r.method, r.path)[0]) for r in logged_in.log if r.api}
    assert exercised == {(m, t) for m, t, _ in ROUTES}, "every route is exercised"
    for request in logged_in.api_requests():
        _, operation = spec.operation(request.method, request.path)
        declared, schema = spec.response_schema(operation, request.status)
        assert declared, f"{request.method} {request.path} answered {request.status}, undeclared"
        problems = spec.check(request.response, schema)
        assert not problems, f"{request.method} {request.path}: {problems[:5]}"


def test_every_request_wkwmix_makes_matches_the_spec(spec, logged_in):
    fake = logged_in
    uris = [fake.add_track(f"Song {i}", "Faye Wong", seed=f"song-{i}") for i in range(120)]
    client = connect()
    for items in (uris, uris[5:] + uris[:2], uris[10:60]):
        plan, target = sync.plan_sync(client, Wanted("Checked", "d", tuple(items)))
        sync.apply(client, plan, target)
    sync.memory.forget(sync.user_id(client), "Checked")  # force the lookup by name too
    sync.plan_sync(client, Wanted("Checked", "d", tuple(uris)))
    from wkwmix.spotify.resolve import spotify_search

    spotify_search(client)('track:"Song 1" artist:"Faye Wong"', 0)
    assert fake.api_requests()[-1].query["market"] == "from_token"
    assert len(fake.api_requests()) > 10
    for request in fake.api_requests():
        assert not check_request(spec, request), (request.method, request.path,
                                                  check_request(spec, request))


def check_request(spec: Spec, request) -> list[str]:
    found = spec.operation(request.method, request.path)
    if found is None:
        return ["no such operation"]
    _, operation = found
    if operation.get("deprecated"):
        return ["deprecated operation"]
    declared = spec.parameters(operation)
    problems = [f"undeclared query parameter {name!r}" for name in request.query
                if name not in declared]
    for name, value in request.query.items():
        if name in declared:
            problems += spec.check_parameter(declared[name], value)
    schema = spec.body_schema(operation)
    body = request.body
    if isinstance(body, list) and request.method == "POST":
        # spotipy posts the URIs as a bare JSON array, which the API accepts; the
        # description documents the object form, so check the same URIs in that form.
        body = {"uris": body}
    if body is not None:
        problems += spec.check(body, schema) if schema else ["a body where none is expected"]
    return problems


def test_error_bodies_match_the_spec(spec, logged_in):
    logged_in.fail(404, path="/me$", times=1)  # an undeclared status must be caught below
    logged_in.fail(429, path="/search", times=5, retry_after=600, reason="QUOTA_EXCEEDED")
    logged_in.expire_tokens()
    import requests

    headers = {"Authorization": "Bearer expired-or-not"}
    requests.get(logged_in.api_url + "search?q=x&type=track", headers=headers, timeout=5)
    requests.get(logged_in.api_url + "playlists/nope", headers=headers, timeout=5)
    requests.get(logged_in.api_url + "me", headers=headers, timeout=5)
    by_status = {r.status: r for r in logged_in.api_requests()}
    assert set(by_status) == {429, 401, 404}
    for status in (429, 401):
        request = by_status[status]
        _, operation = spec.operation(request.method, request.path)
        declared, schema = spec.response_schema(operation, status)
        assert declared and not spec.check(request.response, schema)
    _, me = spec.operation("GET", "/me")
    assert spec.response_schema(me, 404) == (False, None)


def test_the_checker_catches_drift(spec):
    _, search = spec.operation("GET", "/search")
    assert spec.check_parameter(spec.parameters(search)["limit"], "11")  # above 10
    assert not spec.check_parameter(spec.parameters(search)["limit"], "10")
    _, me = spec.operation("GET", "/me")
    _, schema = spec.response_schema(me, 200)
    assert spec.check({"id": 7}, schema)
    _, items = spec.operation("GET", "/playlists/x/items")
    _, page = spec.response_schema(items, 200)
    assert spec.check({"items": []}, page)  # paging fields missing
    assert spec.operation("GET", "/playlists/x/tracks")[1].get("deprecated")
