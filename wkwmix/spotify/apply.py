"""Syncing a playlist: find it on Spotify, plan the change, apply it with the fewest requests.

Finding: the id remembered from an earlier sync (still there and still in the user's
library), else a playlist of the same name among the user's own. wkwmix writes only to a
playlist it created — remembered, or carrying the marker in its description — unless the
user adopts it. Applying: the plan's writes in order; a new playlist is remembered the
moment it exists, so a re-run after any failure finds it instead of creating a twin.

A write whose outcome is unknown (a server error or a dropped connection after the request
was sent) is never repeated blindly: the playlist is read back — or, for a create, the
user's marked playlists searched — and the rest planned again from what is really there.
The remembered snapshot is trusted only while Spotify still reports it, so a later sync
always reads a playlist that changed, whoever changed it. ``exclusive`` makes the syncs of
one account take turns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from wkwmix.spotify.errors import NotOurs, Refused, Uncertain
from wkwmix.spotify.plan import Current, Plan, Wanted, Write, has_marker, make_plan
from wkwmix.store import spotify_memory as memory

PAGE = 50
DETAIL_FIELDS = "id,name,description,public,snapshot_id,owner(id)"
ITEM_FIELDS = "items(item(uri),track(uri)),next,total"

REPAIRS = 3  # read-backs after uncertain writes, in one sync, before giving up

Progress = Callable[[int], None]


class Caller(Protocol):
    def call(self, what: str, method: str, *args: Any, **kwargs: Any) -> Any: ...

    def say(self, message: str) -> None: ...


@dataclass(frozen=True)
class Target:
    """The playlist a sync writes to (None: it must be created) and whose it is."""

    user: str
    current: Current | None
    adopt: bool = False


@contextmanager
def exclusive(client: Caller, on_wait: Callable[[str], None] | None = None) -> Iterator[str]:
    """Hold the account's sync lock from planning to the last write; yields the user id."""
    user = user_id(client)
    with memory.sync_lock(user, on_wait):
        yield user


def user_id(client: Caller, *, remember: bool = True) -> str:
    """The logged-in user's id, remembered (unless told not to) after the first time."""
    known = memory.account()
    if known:
        return str(known["id"])
    me = client.call("read your profile", "me")
    if remember:
        memory.set_account(me["id"], me.get("display_name"))
    return str(me["id"])


def find_target(client: Caller, name: str, *, adopt: bool = False,
                dry_run: bool = False) -> Target:
    """The playlist to write to; with ``dry_run`` nothing is remembered or forgotten."""
    user = user_id(client, remember=not dry_run)
    remembered = memory.playlist(user, name)
    if remembered:
        current = _remembered_playlist(client, user, remembered)
        if current is not None:
            return Target(user, current, adopt)
        if not dry_run:
            memory.forget(user, name)  # deleted on Spotify since: look again, else create
    return Target(user, _playlist_named(client, user, name, adopt), adopt)


def _remembered_playlist(client: Caller, user: str, remembered: dict[str, Any]) -> Current | None:
    from wkwmix.spotify.client import Missing

    playlist_id = remembered["id"]
    try:
        details = client.call("read the playlist", "playlist", playlist_id, fields=DETAIL_FIELDS)
    except Missing:
        return None
    if (details.get("owner") or {}).get("id") != user or not _in_library(client, playlist_id):
        return None
    if remembered.get("snapshot_id") and details.get("snapshot_id") == remembered["snapshot_id"]:
        uris = tuple(remembered.get("uris") or ())
    else:
        uris = read_items(client, playlist_id)
    return _current(details, uris)


def _in_library(client: Caller, playlist_id: str) -> bool:
    """Deleting a playlist on Spotify only drops it from the user's library; it stays readable.

    Should Spotify refuse the library check (a login from before it needed a scope), the
    user's own playlists are listed instead: slower, and as sure.
    """
    try:
        answer = client.call("check your library", "current_user_saved_items",
                             [f"spotify:playlist:{playlist_id}"])
    except Refused as e:
        if e.status not in (401, 403):
            raise
        client.say("Spotify refused to check your library (the login may lack a permission; "
                   "`wkwmix spotify login` again grants it); listing your playlists instead.")
        return any(p.get("id") == playlist_id for p in _library(client))
    if not isinstance(answer, list) or not answer or not isinstance(answer[0], bool):
        from wkwmix.spotify.errors import Malformed

        raise Malformed("check your library", f"{type(answer).__name__} where a list of "
                        "true/false was expected")
    return answer[0]


def _playlist_named(client: Caller, user: str, name: str, adopt: bool) -> Current | None:
    same_name = [p for p in own_playlists(client, user) if p.get("name") == name]
    if not same_name:
        return None
    marked = [p for p in same_name if has_marker(p.get("description"))]
    chosen = (marked or same_name)[0]
    if not marked and not adopt:
        raise NotOurs(name, chosen["id"])
    return _current(chosen, read_items(client, chosen["id"]))


def own_playlists(client: Caller, user: str) -> list[dict[str, Any]]:
    """Every playlist the user owns, following the pages of their library."""
    return [p for p in _library(client) if (p.get("owner") or {}).get("id") == user]


def _library(client: Caller) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    page = client.call("list your playlists", "current_user_playlists", limit=PAGE)
    while page:
        found += [p for p in page.get("items") or () if p]
        page = client.call("list your playlists", "next", page) if page.get("next") else None
    return found


def read_items(client: Caller, playlist_id: str) -> tuple[str, ...]:
    uris: list[str] = []
    page = client.call("read the playlist", "playlist_items", playlist_id, fields=ITEM_FIELDS,
                       limit=PAGE, additional_types=("track",))
    while page:
        uris += [uri for entry in page.get("items") or () if (uri := _entry_uri(entry))]
        page = client.call("read the playlist", "next", page) if page.get("next") else None
    return tuple(uris)


def _entry_uri(entry: dict[str, Any] | None) -> str | None:
    # Spotify moved an entry's track from `track` to `item`; read the new one first.
    item = (entry or {}).get("item") or (entry or {}).get("track") or {}
    return item.get("uri")


def _current(details: dict[str, Any], uris: tuple[str, ...]) -> Current:
    return Current(
        id=details["id"], name=details.get("name") or "",
        description=details.get("description") or "", uris=uris,
        public=details.get("public"), snapshot_id=details.get("snapshot_id"),
    )


def plan_sync(client: Caller, wanted: Wanted, *, adopt: bool = False,
              dry_run: bool = False) -> tuple[Plan, Target]:
    """Read what is on Spotify (no writes there) and plan the change."""
    target = find_target(client, wanted.name, adopt=adopt, dry_run=dry_run)
    return make_plan(wanted, target.current), target


def apply(client: Caller, plan: Plan, target: Target, progress: Progress | None = None) -> str:
    """Carry out ``plan``; returns the playlist's id. Nothing is written when it is unchanged.

    After a write whose outcome is unknown, what is on Spotify is read back and the rest
    planned afresh (at most REPAIRS times), so nothing is ever added twice.
    """
    for repairs in range(REPAIRS + 1):
        try:
            return _apply_once(client, plan, target, progress)
        except Uncertain as e:
            if repairs == REPAIRS:
                raise Uncertain(e.what, f"{e.detail}, {REPAIRS + 1} times in a row, the "
                                "playlist read back after each") from None
            detail = e.detail[:1].upper() + e.detail[1:]
            client.say(f"{detail} to {e.what!r}, which may or may not have been done; "
                       "reading the playlist back…")
            plan, target = plan_sync(client, plan.wanted, adopt=target.adopt)
    raise AssertionError("unreachable: the last repair re-raises")


def _apply_once(client: Caller, plan: Plan, target: Target, progress: Progress | None) -> str:
    playlist_id = plan.playlist_id
    snapshot = target.current.snapshot_id if target.current else None
    for write in plan.writes:
        if write.action == "create":
            playlist_id, snapshot = _create(client, plan, target.user, write)
        else:
            snapshot = _write(client, playlist_id, write) or snapshot
        if progress:
            progress(1)
    if playlist_id is None:
        raise AssertionError("a plan without a playlist id creates one first")
    memory.remember(target.user, plan.wanted.name, playlist_id, snapshot, plan.wanted.uris)
    return playlist_id


def _create(client: Caller, plan: Plan, user: str, write: Write) -> tuple[str, str | None]:
    details = dict(write.details)
    made = client.call("create the playlist", "current_user_playlist_create", details["name"],
                       public=details["public"], description=details["description"])
    # Remembered before anything else can fail, so that a re-run never makes a second one.
    memory.remember(user, plan.wanted.name, made["id"], None, None)
    return made["id"], made.get("snapshot_id")


def _write(client: Caller, playlist_id: str | None, write: Write) -> str | None:
    if write.action == "details":
        client.call("change the playlist's details", "playlist_change_details", playlist_id,
                    **dict(write.details))
        return None
    method = {"replace": "playlist_replace_items", "add": "playlist_add_items",
              "remove": "playlist_remove_all_occurrences_of_items"}[write.action]
    answer = client.call(f"{write.action} playlist items", method, playlist_id, list(write.uris))
    return (answer or {}).get("snapshot_id")
