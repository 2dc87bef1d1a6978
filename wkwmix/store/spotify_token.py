"""The saved Spotify login: spotipy's token file, written atomically, readable by the user alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spotipy.cache_handler import CacheFileHandler

from wkwmix.store import files, paths


class TokenCache(CacheFileHandler):  # type: ignore[misc]  # spotipy has no types
    """spotipy's token cache at ``paths.token_path()``, with atomic, private writes."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(cache_path=str(path or paths.token_path()))

    def save_token_to_cache(self, token_info: dict[str, Any]) -> None:
        if "scope" not in token_info:
            # A refresh answer may leave the scope out; without it spotipy would judge the
            # token unfit and ask for a new login, so the granted scope is carried over.
            previous = self.get_cached_token() or {}
            token_info = {**token_info, "scope": previous.get("scope", "")}
        path = Path(self.cache_path)
        paths.ensure_dir(path.parent)
        files.write_atomic(path, json.dumps(token_info), mode=0o600)


def logged_in() -> bool:
    return paths.token_path().exists()


def forget() -> bool:
    """Delete the saved login; False when there was none."""
    path = paths.token_path()
    if not path.exists():
        return False
    path.unlink()
    return True
