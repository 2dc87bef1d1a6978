"""Planning a sync: the diff, and the fewest requests that carry it out (pure, no network)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wkwmix.spotify.plan import (
    CHUNK,
    MARKER,
    Current,
    Wanted,
    has_marker,
    make_plan,
    tidy,
    with_marker,
)


def uri(n: int) -> str:
    return f"spotify:track:{n:022d}"


def uris(*numbers: int) -> tuple[str, ...]:
    return tuple(uri(n) for n in numbers)


def current(items: tuple[str, ...], description: str = "Songs " + MARKER, **kw) -> Current:
    return Current(id="p1", name="Dream", description=description, uris=items,
                   snapshot_id="s1", **kw)


def wanted(items: tuple[str, ...], **kw) -> Wanted:
    return Wanted(name="Dream", description="Songs", uris=items, **kw)


def carry_out(before: list[str], plan) -> list[str]:
    """What Spotify would hold after the plan's writes (the stand-in's semantics)."""
    items = list(before)
    for write in plan.writes:
        if write.action == "replace":
            items = list(write.uris)
        elif write.action == "add":
            items += write.uris
        elif write.action == "remove":
            items = [u for u in items if u not in write.uris]
        elif write.action == "create":
            items = []
        elif write.action == "reorder":
            moves = dict(write.details)
            start, length = moves["range_start"], moves["range_length"]
            moving = items[start:start + length]
            rest = items[:start] + items[start + length:]
            at = moves["insert_before"]
            at = at if at <= start else at - length
            items = rest[:at] + moving + rest[at:]
    return items


def test_a_new_playlist_is_created_private_with_the_marker_then_filled_100_at_a_time():
    plan = make_plan(wanted(uris(*range(250))), None)
    assert plan.create
    # A replace first: for up to 100 tracks it alone decides the items, so its snapshot
    # can be trusted.
    assert [w.action for w in plan.writes] == ["create", "replace", "add", "add"]
    details = dict(plan.writes[0].details)
    assert details == {"name": "Dream", "description": f"Songs {MARKER}", "public": False}
    assert [len(w.uris) for w in plan.writes[1:]] == [100, 100, 50]


def test_an_unchanged_playlist_needs_no_write():
    plan = make_plan(wanted(uris(1, 2, 3)), current(uris(1, 2, 3)))
    assert plan.unchanged
    assert plan.writes == ()
    assert not plan.added and not plan.removed and not plan.reordered


def test_spotify_escaping_the_description_is_not_a_change():
    escaped = "Rock &amp; roll, Wong&#x27;s " + MARKER
    plan = make_plan(Wanted("Dream", "Rock & roll, Wong's", uris(1)),
                     current(uris(1), description=escaped))
    assert plan.unchanged


def test_appending_is_one_add_and_keeps_the_existing_entries():
    plan = make_plan(wanted(uris(1, 2, 3, 4)), current(uris(1, 2)))
    assert [(w.action, w.uris) for w in plan.writes] == [("add", uris(3, 4))]
    assert plan.added == uris(3, 4)


def test_removing_only_is_one_remove():
    plan = make_plan(wanted(uris(1, 3)), current(uris(1, 2, 3)))
    assert [(w.action, w.uris) for w in plan.writes] == [("remove", uris(2))]
    assert plan.removed == uris(2)
    assert not plan.reordered


def test_reordering_replaces():
    plan = make_plan(wanted(uris(3, 2, 1)), current(uris(1, 2, 3)))
    assert [w.action for w in plan.writes] == ["replace"]
    assert plan.reordered


def test_details_change_when_name_description_or_public_differ():
    plan = make_plan(Wanted("Dream", "New words", uris(1), public=True),
                     current(uris(1), public=False))
    assert [w.action for w in plan.writes] == ["details"]
    assert dict(plan.writes[0].details) == {"description": f"New words {MARKER}", "public": True}
    assert plan.changed_details == ("description", "public")


def test_public_unspecified_leaves_an_existing_playlist_alone():
    assert make_plan(wanted(uris(1)), current(uris(1), public=True)).unchanged


def test_duplicates_are_synced_once():
    plan = make_plan(wanted(uris(1, 2, 1)), None)
    assert plan.wanted.uris == uris(1, 2)


def test_emptying_a_playlist_is_one_replace_with_nothing():
    plan = make_plan(wanted(()), current(uris(1, 2)))
    assert [(w.action, w.uris) for w in plan.writes] == [("remove", uris(1, 2))]
    assert carry_out(list(uris(1, 2)), plan) == []


def test_the_marker_survives_a_long_description_and_is_recognized():
    text = with_marker("x" * 400)
    assert len(text) <= 300
    assert has_marker(text)
    assert not has_marker("A playlist of my own")
    assert tidy(" a \n b ") == "a b"


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 400), max_size=260), st.lists(st.integers(0, 400), max_size=260))
def test_any_plan_reaches_the_wanted_items_within_the_request_budget(before, after):
    want = tuple(dict.fromkeys(uri(n) for n in after))
    now = tuple(uri(n) for n in before)
    plan = make_plan(wanted(want), current(now))
    assert carry_out(list(now), plan) == list(want)
    budget = 1 + max(0, math.ceil((len(want) - CHUNK) / CHUNK))  # one replace + adds
    assert len(plan.writes) <= budget
    assert plan.unchanged == (now == want)
