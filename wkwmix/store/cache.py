"""The parse cache: data already parsed and checked, so the next run need not do it again.

One entry per kind and file path (a catalog edited ten times still has one entry); the
entry holds the full key (wkwmix's version, the file's path, size and modification time)
and is used only when all of it still matches. Entries are marshal blobs: the fastest
format Python reads back. The cache is an optimisation only: any failure to read or write
it costs speed, never a command.
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any

from wkwmix.store import files, paths
from wkwmix.version import __version__


def read(path: Path) -> Any:
    """The parsed data of a YAML or JSON file, from the cache while the file is unchanged."""
    key = files.file_key(path)
    cached = get("parsed", key)
    if cached is not None:
        return cached
    data = files.read(path)
    put("parsed", key, data)
    return data


def read_json(path: Path, version: int, field: str) -> dict[str, Any]:
    """The entries a versioned JSON cache file keeps under ``field``; {} when the file is
    missing, broken or of another version (a cache only ever costs work to rebuild)."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != version:
        return {}
    entries = data.get(field)
    return entries if isinstance(entries, dict) else {}


def write_json(path: Path, version: int, field: str, entries: dict[str, Any], *,
               readable: bool = False) -> None:
    """Replace a versioned JSON cache file, readable by the user alone. ASCII escapes keep
    text that is not UTF-8 (file names arrive as surrogates) intact."""
    import json

    paths.ensure_dir(path.parent)
    text = json.dumps({"version": version, field: entries}, indent=1 if readable else None,
                      sort_keys=readable)
    files.write_atomic(path, text + "\n", mode=0o600)


def _entry_file(kind: str, key: tuple[Any, ...]) -> Path:
    # Named by the file's path alone, so a changed file replaces its entry; crc32 only
    # spreads names, the full key inside the entry is what is compared.
    name = f"{kind}-{zlib.crc32(repr(key[0]).encode()):08x}.marshal"
    return paths.cache_dir() / "parsed" / name


def get(kind: str, key: tuple[Any, ...]) -> Any:
    """Data stored under ``key`` by this version of wkwmix, or None."""
    full_key = (__version__, kind, *key)
    try:
        entry = marshal.loads(_entry_file(kind, key).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return entry[1] if isinstance(entry, tuple) and entry[0] == full_key else None


class Memo:
    """Answers of a pure computation kept in the cache, one entry per ``name`` (each new
    answer under a name replaces the last): e.g. the arc search of each recipe."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def get(self, name: str, key: str) -> Any:
        return get(self.kind, (name, key))

    def put(self, name: str, key: str, value: Any) -> None:
        put(self.kind, (name, key), value)


def put(kind: str, key: tuple[Any, ...], data: Any) -> None:
    """Keep ``data`` (plain values only) under ``key``; a failure only costs speed later."""
    full_key = (__version__, kind, *key)
    try:
        blob = marshal.dumps((full_key, data))
    except ValueError:
        return  # e.g. a date value: marshal cannot hold it, so this file is not cached
    target = _entry_file(kind, key)
    try:
        paths.ensure_dir(target.parent)
        fd, tmp = files.temp_file_beside(target)
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, target)
    except OSError:
        pass
