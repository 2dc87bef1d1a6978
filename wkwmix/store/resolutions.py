"""The Spotify resolution cache: what each catalog track's search found, so it is searched once.

Each entry keeps the signature of what the search depended on (title, artist, length,
alternate titles); the resolver ignores an entry whose signature no longer matches. A
missing or broken cache only costs searches.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wkwmix.store import files, paths

CACHE_FILE = "spotify-resolved.json"
CACHE_VERSION = 1


def cache_path() -> Path:
    return paths.cache_dir() / CACHE_FILE


def read(path: Path | None = None) -> dict[str, Any]:
    path = path or cache_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    entries = data.get("tracks")
    return entries if isinstance(entries, dict) else {}


def write(entries: dict[str, Any], path: Path | None = None) -> None:
    path = path or cache_path()
    paths.ensure_dir(path.parent)
    text = json.dumps({"version": CACHE_VERSION, "tracks": entries}, ensure_ascii=False,
                      indent=1, sort_keys=True)
    files.write_atomic(path, text + "\n", mode=0o600)
