"""The seam between the shared sync and each service: ``SyncTarget``.

A target does only what differs between services: who the user is, reading a playlist
(one it remembers, or its own of a given name), the cheapest writes from one list of
items to another, carrying out one write, and the service's own words (its name, a
playlist's address, the error for a playlist wkwmix did not make). Finding tracks is the
target's too (``find``); what is doubtful is held for review by the caller.
"""

from __future__ import annotations

from typing import Any, Protocol

from wkwmix.store.sync_memory import Memory
from wkwmix.sync.plan import Current, Plan, Wanted, Write


class SyncTarget(Protocol):
    """One service's playlists, as the shared sync (``wkwmix.sync.engine``) uses them."""

    service: str  # names its files: "spotify", "subsonic"
    label: str  # names it in messages: "Spotify", "Subsonic"

    @property
    def memory(self) -> Memory:
        """What wkwmix remembers of this service's playlists, and its sync lock."""

    @property
    def uncertain(self) -> type[Exception]:
        """The error of a write that may or may not have been carried out; it has ``what``
        and ``detail``, and is made again from them."""

    def account(self, *, remember: bool = True) -> str:
        """The user's id on the service (remembered, unless told not to)."""

    def read_remembered(self, user: str, remembered: dict[str, Any]) -> Current | None:
        """The playlist wkwmix remembers, read; None when it is gone from the user's."""

    def own_named(self, user: str, name: str) -> list[dict[str, Any]]:
        """The user's own playlists called ``name`` (each with "id" and "description")."""

    def read(self, listed: dict[str, Any]) -> Current:
        """One of ``own_named``'s playlists with its items."""

    def plan(self, wanted: Wanted, current: Current | None) -> Plan:
        """The fewest writes that make the playlist ``wanted`` (``make_plan`` with the
        service's own item writes)."""

    def create(self, wanted: Wanted, write: Write) -> tuple[str, str | None]:
        """Create the playlist; its id, and a snapshot id when the service gives one."""

    def write(self, playlist_id: str, write: Write) -> str | None:
        """Carry out one write; the new snapshot id when the service gives one (the engine
        decides whether it vouches for the items)."""

    def not_ours(self, name: str, playlist_id: str) -> Exception:
        """The error for a same-named playlist wkwmix did not create."""

    def say(self, message: str) -> None:
        """Tell the user something while the sync goes on."""

    def link(self, playlist_id: str) -> str:
        """Where the user can open the playlist."""
