"""A Subsonic server as a sync target: its playlists read and written through the API.

The Subsonic side of the seam (``wkwmix.sync.target``). Requests per operation:

- find a track: one ``search3`` per title tried (most tracks: one);
- read a remembered playlist: one ``getPlaylist`` (it holds the items; servers keep no
  snapshot id that every server reports, so the items are always read);
- find a playlist by name: ``getPlaylists``, then ``getPlaylist`` for the one chosen;
- create: ``createPlaylist`` with every song, then ``updatePlaylist`` to set the comment
  that marks it as wkwmix's (``createPlaylist`` takes no comment), and a ``getPlaylists``
  first when the server's answer does not give the new playlist's id (Supysonic 0.7);
- change the items: one request whatever the change: ``updatePlaylist`` with
  ``songIdToAdd`` when the playlist only needs songs appended, else ``createPlaylist``
  with ``playlistId``, which replaces every entry (removing by index is avoided: Funkwhale
  honours only the first ``songIndexToRemove``);
- change the details: one ``updatePlaylist``.
"""

from __future__ import annotations

import re
from typing import Any

from wkwmix.errors import WkwmixError
from wkwmix.store.sync_memory import Memory
from wkwmix.subsonic.client import Client, Missing, Uncertain
from wkwmix.sync.plan import Current, Plan, Wanted, Write, make_plan

MEMORY = Memory("subsonic", "Subsonic")


class NotOurs(WkwmixError):
    """The playlist exists but wkwmix did not create it."""

    def __init__(self, name: str, playlist_id: str) -> None:
        super().__init__(
            f"A playlist named {name!r} (id {playlist_id}) is already on the Subsonic "
            "server, and wkwmix did not create it, so it is left alone. Use --adopt to let "
            "wkwmix replace its contents, or --name to sync under another name.")


class SubsonicTarget:
    """One user's playlists on one Subsonic server."""

    service = "subsonic"
    label = "Subsonic"
    uncertain = Uncertain
    memory = MEMORY

    def __init__(self, client: Client, notice: Any = None) -> None:
        self.client = client
        self._notice = notice
        self._listed: set[str] | None = None  # the playlist ids of the last listing

    def account(self, *, remember: bool = True) -> str:
        """The user at the server: one account per user and address."""
        login = self.client.login
        return f"{login.user or 'api-key'}@{login.url}"

    def read_remembered(self, user: str, remembered: dict[str, Any]) -> Current | None:
        try:
            playlist = self._playlist(str(remembered["id"]))
        except Missing:
            return None
        if not self._owned(playlist):
            return None
        return _current(playlist)

    def own_named(self, user: str, name: str) -> list[dict[str, Any]]:
        return [{**p, "description": p.get("comment") or ""} for p in self._playlists()
                if p.get("name") == name and self._owned(p)]

    def read(self, listed: dict[str, Any]) -> Current:
        return _current(self._playlist(str(listed["id"])))

    def plan(self, wanted: Wanted, current: Current | None) -> Plan:
        plan = make_plan(wanted, current, item_writes, lambda uris: [])
        if current is not None:
            return _details_with_items(plan)
        # Created with its songs in one request; the marker goes in with the comment.
        create, = plan.writes
        details = dict(create.details)
        mark = Write("details", details=(("description", details["description"]),
                                         ("public", details["public"])))
        return Plan(plan.wanted, None, (Write("create", plan.wanted.uris, create.details),
                                        mark), plan.added,
                    changed_details=plan.changed_details)

    def create(self, wanted: Wanted, write: Write) -> tuple[str, str | None]:
        before = self._listed
        if before is None and not self._returns_playlist:
            before = {str(p["id"]) for p in self._playlists()}
        answer = self.client.call("createPlaylist", [("name", wanted.name),
                                                     *_songs("songId", write.uris)],
                                  what="create the playlist")
        made = answer.get("playlist")
        if isinstance(made, dict) and made.get("id"):
            return str(made["id"]), None
        # An older server answers with nothing: the new one is the playlist not there before.
        new = [p for p in self._playlists() if str(p["id"]) not in (before or set())
               and p.get("name") == wanted.name and self._owned(p)]
        if not new:
            raise Uncertain("create the playlist", "the server did not say which playlist "
                            "it made")
        return str(new[-1]["id"]), None

    @property
    def _returns_playlist(self) -> bool:
        """Whether createPlaylist answers with the playlist (API 1.14 and later)."""
        found = re.match(r"(\d+)\.(\d+)", getattr(self.client, "server_version", None) or "")
        return found is not None and (int(found[1]), int(found[2])) >= (1, 14)

    def write(self, playlist_id: str, write: Write) -> str | None:
        if write.action == "details":
            self.client.call("updatePlaylist", [("playlistId", playlist_id),
                                                *_details(dict(write.details))],
                             what="change the playlist's details")
        elif write.action == "add":
            self.client.call("updatePlaylist", [("playlistId", playlist_id),
                                                *_details(dict(write.details)),
                                                *_songs("songIdToAdd", write.uris)],
                             what="add playlist items")
        elif write.action == "replace":
            self.client.call("createPlaylist", [("playlistId", playlist_id),
                                                *_songs("songId", write.uris)],
                             what="replace playlist items")
        else:
            raise AssertionError(f"no such write: {write.action}")
        return None

    def not_ours(self, name: str, playlist_id: str) -> Exception:
        return NotOurs(name, playlist_id)

    def say(self, message: str) -> None:
        if self._notice is not None:
            self._notice(message)

    def link(self, playlist_id: str) -> str:
        return f"{self.client.login.url} (playlist {playlist_id})"

    def search(self, text: str) -> list[dict[str, Any]]:
        """The songs of the library a search for ``text`` finds."""
        from wkwmix.subsonic.find import SONGS_PER_SEARCH

        answer = self.client.call("search3", [("query", text), ("songCount",
                                                                str(SONGS_PER_SEARCH)),
                                              ("artistCount", "0"), ("albumCount", "0")],
                                  what=f"search for {text!r}")
        songs = (answer.get("searchResult3") or {}).get("song") or []
        return [s for s in songs if isinstance(s, dict) and s.get("id")]

    def _playlists(self) -> list[dict[str, Any]]:
        answer = self.client.call("getPlaylists", what="list your playlists")
        found = (answer.get("playlists") or {}).get("playlist") or []
        listed = [p for p in found if isinstance(p, dict) and p.get("id")]
        self._listed = {str(p["id"]) for p in listed}
        return listed

    def _playlist(self, playlist_id: str) -> dict[str, Any]:
        answer = self.client.call("getPlaylist", [("id", playlist_id)],
                                  what="read the playlist")
        playlist = answer.get("playlist")
        if not isinstance(playlist, dict):
            raise Missing(f"The Subsonic server has no playlist {playlist_id}.")
        return playlist

    def _owned(self, playlist: dict[str, Any]) -> bool:
        owner = playlist.get("owner")
        return owner is None or not self.client.login.user or owner == self.client.login.user


def item_writes(now: tuple[str, ...], wanted: tuple[str, ...]) -> list[Write]:
    """One request whatever the change: append when only songs are missing at the end,
    else replace every entry."""
    if now == wanted:
        return []
    if now == wanted[:len(now)]:
        return [Write("add", wanted[len(now):])]
    return [Write("replace", wanted)]


def _details_with_items(plan: Plan) -> Plan:
    """New details and appended songs go in one ``updatePlaylist`` (one request less; and
    Supysonic 0.7 fails a details-only update of an empty playlist)."""
    if [w.action for w in plan.writes] != ["details", "add"]:
        return plan
    details, add = plan.writes
    merged = Write("add", add.uris, details.details)
    return Plan(plan.wanted, plan.playlist_id, (merged,), plan.added, plan.removed,
                plan.reordered, plan.changed_details)


def _details(details: dict[str, Any]) -> list[tuple[str, str]]:
    params = []
    if "name" in details:
        params.append(("name", str(details["name"])))
    if "description" in details:
        params.append(("comment", str(details["description"])))
    if "public" in details:
        params.append(("public", "true" if details["public"] else "false"))
    return params


def _songs(key: str, ids: tuple[str, ...]) -> list[tuple[str, str]]:
    """One parameter per song, the key repeated (Navidrome reads no other form)."""
    return [(key, song) for song in ids]


def _current(playlist: dict[str, Any]) -> Current:
    entries = playlist.get("entry") or []
    return Current(
        id=str(playlist["id"]), name=playlist.get("name") or "",
        description=playlist.get("comment") or "",
        uris=tuple(str(e["id"]) for e in entries if isinstance(e, dict) and e.get("id")),
        public=playlist.get("public") if isinstance(playlist.get("public"), bool) else None)
