"""What wkwmix remembers between syncs to Spotify: the account, and the playlists it made.

The Spotify instance of ``wkwmix.store.sync_memory`` (see there), kept as module functions
for the Spotify login and the commands that list or forget playlists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wkwmix.store import paths
from wkwmix.store.sync_memory import SYNC_LOCK_TIMEOUT, VERSION, Memory

__all__ = ["MEMORY", "SYNC_LOCK_TIMEOUT", "VERSION", "account", "editing", "forget",
           "memory_path", "playlist", "playlists", "read", "remember", "set_account",
           "sync_lock"]

MEMORY = Memory("spotify", "Spotify", lambda: paths.spotify_memory_path())


def memory_path() -> Path:
    return MEMORY.memory_path()


def read(path: Path | None = None) -> dict[str, Any]:
    return MEMORY.read(path)


@contextmanager
def editing(path: Path | None = None) -> Iterator[dict[str, Any]]:
    with MEMORY.editing(path) as data:
        yield data


def account() -> dict[str, Any] | None:
    return MEMORY.account()


def set_account(user_id: str | None, display_name: str | None = None) -> None:
    MEMORY.set_account(user_id, display_name)


def playlist(user: str, name: str) -> dict[str, Any] | None:
    return MEMORY.playlist(user, name)


def remember(user: str, name: str, playlist_id: str, snapshot_id: str | None,
             uris: tuple[str, ...] | None) -> None:
    MEMORY.remember(user, name, playlist_id, snapshot_id, uris)


def forget(user: str, name: str) -> bool:
    return MEMORY.forget(user, name)


def playlists(user: str) -> dict[str, dict[str, Any]]:
    return MEMORY.playlists(user)


@contextmanager
def sync_lock(user: str, on_wait: Callable[[str], None] | None = None,
              timeout: float = SYNC_LOCK_TIMEOUT) -> Iterator[None]:
    with MEMORY.sync_lock(user, on_wait, timeout):
        yield
