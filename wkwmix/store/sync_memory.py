"""What wkwmix remembers between syncs to one service: the account, the playlists it made.

For each playlist: its id, the snapshot id the service gave when it was last read (where
the service has snapshots), the items written then, and when. When the service still
reports that snapshot, the playlist has not changed since, so a sync need not read its
items again. Each service has its own file in the user's data folder (Spotify's
``spotify-playlists.json``, ``subsonic-playlists.json``), only ever replaced whole, under a
lock. Beside it, ``sync_lock`` keeps two syncs of one account (a cron job and a terminal)
from running at once.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wkwmix.errors import WkwmixError
from wkwmix.store import files, paths
from wkwmix.store.locks import locked
from wkwmix.store.schema import describe

VERSION = 1
SYNC_LOCK_TIMEOUT = 600.0  # a long sync of many playlists may hold the lock for minutes


class Memory:
    """The remembered playlists of one service (``service`` names its files, ``label`` is
    how messages name it); ``path`` None: the file is found anew each time (a test may
    change the data folder between calls)."""

    def __init__(self, service: str, label: str,
                 path: Callable[[], Path] | None = None) -> None:
        self.service = service
        self.label = label
        self._path = path or (lambda: paths.data_dir() / f"{service}-playlists.json")

    def memory_path(self) -> Path:
        return self._path()

    def read(self, path: Path | None = None) -> dict[str, Any]:
        path = path or self.memory_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return _empty()
        except (OSError, ValueError) as e:
            raise WkwmixError(f"{path}: cannot read what wkwmix remembers of your {self.label} "
                              f"playlists ({e}); move the file away to start afresh.") from None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return _empty()
        data.setdefault("playlists", {})
        why = _wrong_shape(data)
        if why is not None:
            raise WkwmixError(f"{path}: what wkwmix remembers of your {self.label} playlists "
                              f"is not as wkwmix writes it ({why}); move the file away to "
                              "start afresh: a sync finds the playlists wkwmix made again by "
                              "the marker in their description.")
        return data

    @contextmanager
    def editing(self, path: Path | None = None) -> Iterator[dict[str, Any]]:
        """Read under a lock, let the caller change the data, write it back atomically."""
        path = path or self.memory_path()
        paths.ensure_dir(path.parent)
        with locked(path, what="syncing"):
            data = self.read(path)
            yield data
            files.write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                               mode=0o600)

    def account(self) -> dict[str, Any] | None:
        found = self.read().get("account")
        return found if isinstance(found, dict) and found.get("id") else None

    def set_account(self, user_id: str | None, display_name: str | None = None) -> None:
        with self.editing() as data:
            data["account"] = {"id": user_id, "name": display_name} if user_id else None

    def playlist(self, user: str, name: str) -> dict[str, Any] | None:
        found = self.read()["playlists"].get(user, {}).get(name)
        return found if isinstance(found, dict) and found.get("id") else None

    def remember(self, user: str, name: str, playlist_id: str, snapshot_id: str | None,
                 uris: tuple[str, ...] | None) -> None:
        """Record a playlist wkwmix wrote; ``uris`` None when its items are not known for
        sure."""
        with self.editing() as data:
            data["playlists"].setdefault(user, {})[name] = {
                "id": playlist_id, "snapshot_id": snapshot_id if uris is not None else None,
                "uris": list(uris or ()),
                "synced_at": time.strftime("%Y-%m-%dT%H:%M:%S%z") if uris is not None
                else None,
            }

    def forget(self, user: str, name: str) -> bool:
        """Forget a remembered playlist; False when there was none of that name."""
        with self.editing() as data:
            return data["playlists"].get(user, {}).pop(name, None) is not None

    def playlists(self, user: str) -> dict[str, dict[str, Any]]:
        """Every playlist remembered for ``user``, by name."""
        found = self.read()["playlists"].get(user, {})
        return {name: entry for name, entry in found.items()
                if isinstance(entry, dict) and entry.get("id")}

    @contextmanager
    def sync_lock(self, user: str, on_wait: Callable[[str], None] | None = None,
                  timeout: float = SYNC_LOCK_TIMEOUT) -> Iterator[None]:
        """Hold the one lock a sync of ``user``'s account needs; ``on_wait`` hears of a
        wait."""
        folder = paths.ensure_dir(self.memory_path().parent)
        safe = re.sub(r"[^\w.-]", "_", user)
        label = self.label
        say = None if on_wait is None else (
            lambda _: on_wait(f"waiting for another sync of this {label} account…"))
        with locked(folder / f"{self.service}-sync-{safe}", what=f"syncing with {label}",
                    on_wait=say, timeout=timeout):
            yield


def _wrong_shape(data: dict[str, Any]) -> str | None:
    """Where a (hand-edited) file differs from what wkwmix writes, or None."""
    account = data.get("account")
    if account is not None and not (isinstance(account, dict)
                                    and isinstance(account.get("id"), str)):
        return f"'account' is {describe(account)}, not an account with an id"
    users = data["playlists"]
    if not isinstance(users, dict):
        return f"'playlists' is {describe(users)}, not a mapping of accounts to their playlists"
    for user, named in users.items():
        if not isinstance(named, dict):
            return (f"the playlists of {user!r} are {describe(named)}, not a mapping of names "
                    "to playlists")
        for name, entry in named.items():
            why = _wrong_entry(entry)
            if why is not None:
                return f"the playlist {name!r} of {user!r} {why}"
    return None


def _wrong_entry(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return f"is {describe(entry)}, not a record of a playlist"
    if not isinstance(entry.get("id"), str):
        return f"has the id {describe(entry.get('id'))}, not the playlist's id as text"
    uris = entry.get("uris", [])
    if not (isinstance(uris, list) and all(isinstance(u, str) for u in uris)):
        return "has 'uris' that are not a list of track URIs"
    for key in ("snapshot_id", "synced_at"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            return f"has a {key!r} that is not text"
    return None


def _empty() -> dict[str, Any]:
    return {"version": VERSION, "account": None, "playlists": {}}
