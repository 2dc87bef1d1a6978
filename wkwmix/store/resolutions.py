"""The Spotify resolution cache: what each catalog track's search found, so it is searched once.

Each entry keeps the signature of what the search depended on (title, artist, length,
alternate titles); the resolver ignores an entry whose signature no longer matches. A
missing or broken cache only costs searches.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wkwmix.store import cache, paths

CACHE_FILE = "spotify-resolved.json"
CACHE_VERSION = 1


def cache_path() -> Path:
    return paths.cache_dir() / CACHE_FILE


def version(path: Path | None = None) -> tuple[int, int] | None:
    """What identifies the cache's current contents (size, mtime), or None without one."""
    try:
        stat = (path or cache_path()).stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def read(path: Path | None = None) -> dict[str, Any]:
    return cache.read_json(path or cache_path(), CACHE_VERSION, "tracks")


def write(entries: dict[str, Any], path: Path | None = None) -> None:
    cache.write_json(path or cache_path(), CACHE_VERSION, "tracks", entries, readable=True)
