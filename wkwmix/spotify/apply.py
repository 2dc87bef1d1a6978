"""Spotify as a sync target: its playlists read and written through the Web API.

``SpotifyTarget`` is the Spotify side of the seam (``wkwmix.sync.target``); finding the
playlist, planning, applying with read-backs, remembering and the lock are shared
(``wkwmix.sync.engine``). What is Spotify's own:

- a remembered playlist is still the user's only while it is in their library: deleting
  a playlist on Spotify only drops it from the library, it stays readable;
- the remembered snapshot is trusted only while Spotify still reports it, so a later sync
  always reads a playlist that changed, whoever changed it; and only a snapshot that vouches
  for the items is remembered (``wkwmix.sync.engine``): one read before the items, or one a
  write gave that alone decided them all;
- a remembered playlist's details come with its first 100 items, of the same snapshot; the
  rest are read 50 a page and written 100 a request (``wkwmix.spotify.plan``), and read
  for the listener's market (``from_token``), so that an item that no longer plays where
  they are is seen (``SpotifyTarget.unplayable``).

The functions below (``plan_sync``, ``apply``, ``exclusive``) take a connected client, as
the benches and tests call them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from wkwmix.spotify.errors import NotOurs, Refused, Uncertain
from wkwmix.spotify.plan import Current, Plan, Wanted, Write, make_plan
from wkwmix.store import spotify_memory as memory
from wkwmix.sync import engine
from wkwmix.sync.engine import Progress, Target

PAGE = 50
DETAIL_FIELDS = "id,name,description,public,snapshot_id,owner(id)"
ITEM_FIELDS = "items(item(uri,is_playable),track(uri,is_playable)),next,total"

__all__ = ["PAGE", "SpotifyTarget", "Target", "apply", "exclusive", "find_target", "memory",
           "own_playlists", "plan_sync", "read_items", "user_id"]


class Caller(Protocol):
    def call(self, what: str, method: str, *args: Any, **kwargs: Any) -> Any: ...

    def say(self, message: str) -> None: ...


class SpotifyTarget:
    """The user's Spotify playlists, through a connected client."""

    service = "spotify"
    label = "Spotify"
    uncertain = Uncertain
    memory = memory.MEMORY  # the module's (store.spotify_memory) one Memory

    def __init__(self, client: Caller) -> None:
        self.client = client
        self.unplayable: set[str] = set()  # items read that cannot play in the user's market

    def account(self, *, remember: bool = True) -> str:
        return user_id(self.client, remember=remember)

    def read_remembered(self, user: str, remembered: dict[str, Any]) -> Current | None:
        from wkwmix.spotify.client import Missing

        client = self.client
        playlist_id = remembered["id"]
        try:  # details and the first 100 items in one answer, of one snapshot
            details = client.call("read the playlist", "playlist", playlist_id,
                                  fields=f"{DETAIL_FIELDS},items({ITEM_FIELDS})",
                                  market="from_token", additional_types=("track",))
        except Missing:
            return None
        if (details.get("owner") or {}).get("id") != user or not _in_library(client,
                                                                              playlist_id):
            return None
        first = details.get("items") if isinstance(details.get("items"), dict) else {}
        known = tuple(remembered.get("uris") or ())
        # A track that stops playing where the listener is leaves the snapshot as it was:
        # the first page, read anyway, still shows it.
        seen = _entries(first, self.unplayable)
        snapshot = details.get("snapshot_id")
        if (snapshot is not None and remembered.get("snapshot_id") == snapshot
                and tuple(seen) == known[:len(seen)] and first.get("total") == len(known)):
            return _current(details, known)  # the first page and the count agree: trusted
        return _current(details, read_items(self.client, playlist_id, first=first,
                                            unplayable=self.unplayable))

    def own_named(self, user: str, name: str) -> list[dict[str, Any]]:
        return [p for p in own_playlists(self.client, user) if p.get("name") == name]

    def read(self, listed: dict[str, Any]) -> Current:
        return _current(listed, read_items(self.client, listed["id"], self.unplayable))

    def plan(self, wanted: Wanted, current: Current | None) -> Plan:
        return make_plan(wanted, current)

    def create(self, wanted: Wanted, write: Write) -> tuple[str, str | None]:
        details = dict(write.details)
        made = self.client.call("create the playlist", "current_user_playlist_create",
                                details["name"], public=details["public"],
                                description=details["description"])
        return made["id"], made.get("snapshot_id")

    def write(self, playlist_id: str, write: Write) -> str | None:
        if write.action == "details":
            self.client.call("change the playlist's details", "playlist_change_details",
                             playlist_id, **dict(write.details))
            return None
        if write.action == "reorder":  # moves entries, keeping their added dates
            answer = self.client.call("reorder playlist items", "playlist_reorder_items",
                                      playlist_id, **dict(write.details))
            return (answer or {}).get("snapshot_id")
        method = {"replace": "playlist_replace_items", "add": "playlist_add_items",
                  "remove": "playlist_remove_all_occurrences_of_items"}[write.action]
        answer = self.client.call(f"{write.action} playlist items", method, playlist_id,
                                  list(write.uris))
        return (answer or {}).get("snapshot_id")

    def not_ours(self, name: str, playlist_id: str) -> Exception:
        return NotOurs(name, playlist_id)

    def say(self, message: str) -> None:
        self.client.say(message)

    def link(self, playlist_id: str) -> str:
        return f"https://open.spotify.com/playlist/{playlist_id}"


@contextmanager
def exclusive(client: Caller, on_wait: Callable[[str], None] | None = None) -> Iterator[str]:
    """Hold the account's sync lock from planning to the last write; yields the user id."""
    with engine.exclusive(SpotifyTarget(client), on_wait) as user:
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
    return engine.find_target(SpotifyTarget(client), name, adopt=adopt, dry_run=dry_run)


def plan_sync(client: Caller, wanted: Wanted, *, adopt: bool = False,
              dry_run: bool = False) -> tuple[Plan, Target]:
    """Read what is on Spotify (no writes there) and plan the change."""
    return engine.plan_sync(SpotifyTarget(client), wanted, adopt=adopt, dry_run=dry_run)


def apply(client: Caller, plan: Plan, target: Target, progress: Progress | None = None) -> str:
    """Carry out ``plan``; returns the playlist's id (see ``wkwmix.sync.engine.apply``)."""
    return engine.apply(SpotifyTarget(client), plan, target, progress)


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


def read_items(client: Caller, playlist_id: str, unplayable: set[str] | None = None, *,
               first: dict[str, Any] | None = None) -> tuple[str, ...]:
    """The playlist's items (after ``first``, a page already read, when given); those
    Spotify says cannot play in the user's market are added to ``unplayable``."""
    uris = list(_entries(first, unplayable)) if first else []
    if first and not first.get("next"):
        return tuple(uris)
    offset = len(first.get("items") or ()) if first else 0
    page = client.call("read the playlist", "playlist_items", playlist_id, fields=ITEM_FIELDS,
                       limit=PAGE, offset=offset, market="from_token",
                       additional_types=("track",))
    while page:
        uris += _entries(page, unplayable)
        page = client.call("read the playlist", "next", page) if page.get("next") else None
    return tuple(uris)


def _entries(page: dict[str, Any], unplayable: set[str] | None) -> list[str]:
    """The URIs of one page of items, noting in ``unplayable`` those that cannot play."""
    uris = []
    for entry in page.get("items") or ():
        uri = _entry_uri(entry)
        if not uri:
            continue
        uris.append(uri)
        if unplayable is not None and _item(entry).get("is_playable") is False:
            unplayable.add(uri)
    return uris


def _entry_uri(entry: dict[str, Any] | None) -> str | None:
    return _item(entry).get("uri")


def _item(entry: dict[str, Any] | None) -> dict[str, Any]:
    # Spotify moved an entry's track from `track` to `item`; read the new one first.
    found = (entry or {}).get("item") or (entry or {}).get("track") or {}
    return found if isinstance(found, dict) else {}


def _current(details: dict[str, Any], uris: tuple[str, ...]) -> Current:
    return Current(
        id=details["id"], name=details.get("name") or "",
        description=details.get("description") or "", uris=uris,
        public=details.get("public"), snapshot_id=details.get("snapshot_id"),
    )
