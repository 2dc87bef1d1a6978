"""What wkwmix remembers between syncs: the Spotify account, and the playlists it made.

For each playlist: its id, the snapshot id Spotify gave after the last write, and the
items written then. When Spotify still reports that snapshot, the playlist has not changed
since, so a sync need not read its items again. The file sits in the user's data folder
and is only ever replaced whole, under a lock.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wkwmix.errors import WkwmixError
from wkwmix.store import files, paths
from wkwmix.store.locks import locked

VERSION = 1


def memory_path() -> Path:
    return paths.spotify_memory_path()


def read(path: Path | None = None) -> dict[str, Any]:
    path = path or memory_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _empty()
    except (OSError, ValueError) as e:
        raise WkwmixError(f"{path}: cannot read what wkwmix remembers of your Spotify "
                          f"playlists ({e}); move the file away to start afresh.") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return _empty()
    data.setdefault("playlists", {})
    return data


def _empty() -> dict[str, Any]:
    return {"version": VERSION, "account": None, "playlists": {}}


@contextmanager
def editing(path: Path | None = None) -> Iterator[dict[str, Any]]:
    """Read under a lock, let the caller change the data, write it back atomically."""
    path = path or memory_path()
    paths.ensure_dir(path.parent)
    with locked(path, what="syncing"):
        data = read(path)
        yield data
        files.write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                           mode=0o600)


def account() -> dict[str, Any] | None:
    found = read().get("account")
    return found if isinstance(found, dict) and found.get("id") else None


def set_account(user_id: str | None, display_name: str | None = None) -> None:
    with editing() as data:
        data["account"] = {"id": user_id, "name": display_name} if user_id else None


def playlist(user: str, name: str) -> dict[str, Any] | None:
    found = read()["playlists"].get(user, {}).get(name)
    return found if isinstance(found, dict) and found.get("id") else None


def remember(user: str, name: str, playlist_id: str, snapshot_id: str | None,
             uris: tuple[str, ...] | None) -> None:
    """Record a playlist wkwmix wrote; ``uris`` None when its items are not known for sure."""
    with editing() as data:
        data["playlists"].setdefault(user, {})[name] = {
            "id": playlist_id, "snapshot_id": snapshot_id if uris is not None else None,
            "uris": list(uris or ()),
        }


def forget(user: str, name: str) -> None:
    with editing() as data:
        data["playlists"].get(user, {}).pop(name, None)
