"""The parse cache: data already parsed and checked, so the next run need not do it again.

One entry per kind and name (a catalog edited ten times still has one entry); the entry
holds the full key and is used only when all of it still matches. The key is everything
the answer depends on:

- the code that made it: ``code_stamp()``, which changes whenever any module of wkwmix
  does (an upgrade, an edited checkout), and the Python that wrote the entry;
- each file read: its path, device, inode, size, modification and change times. The
  change time (ctime) cannot be set back by ``touch -r``, ``cp -p`` or ``rsync -t``, and a
  file swapped in by ``mv`` has another inode, so an edit that keeps size and mtime shows;
- whatever else the caller names (a search's question and constants).

A file changed within ``RACY_NS`` of the moment its key was taken might not show the
change in its times yet (clocks tick coarsely on some file systems): such an entry is in
doubt, so it is never used, only made again (as git treats a "racily clean" file).

Entries are marshal blobs: the fastest format Python reads back. The cache is an
optimisation only: any failure to read or write it costs speed, never a command.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wkwmix.store import files, paths
from wkwmix.version import __version__

RACY_NS = 2_000_000_000  # FAT and some network file systems keep times to 2 s
PACKAGE_DIR = Path(__file__).resolve().parent.parent
_stamp: str | None = None


def code_stamp() -> str:
    """What identifies this copy of wkwmix's code: every module file's path, inode, size
    and times, checksummed. Reading each file's times costs a fraction of a millisecond;
    hashing their text would cost more and tell nothing the times do not."""
    global _stamp
    if _stamp is None:
        listing = repr([(f"{__version__} {sys.version}",)] + [
            (name, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            for name, info in sorted(_module_files(PACKAGE_DIR))]).encode()
        # Two checksums make 64 bits: enough to tell versions of one package apart, and
        # zlib is loaded already where hashlib would cost milliseconds to import.
        _stamp = f"{zlib.crc32(listing):08x}{zlib.adler32(listing):08x}"
    return _stamp


def _module_files(folder: Path, prefix: str = "") -> list[tuple[str, os.stat_result]]:
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                found += _module_files(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                found.append((prefix + entry.name, entry.stat()))
    return found


class Question:
    """What a cached answer depends on: ``files`` read (keyed as above) and ``extra``
    plain values. Taken before the files are read, so an edit made while they are being
    read makes the answer's key stale rather than the answer wrong."""

    def __init__(self, kind: str, name: str, sources: Sequence[Path] = (),
                 extra: tuple[Any, ...] = ()) -> None:
        self.kind = kind
        self.name = name
        self.asked_ns = time.time_ns()
        keys = [files.file_key(path) for path in sources]
        self.changed_ns = max((key[-1] for key in keys), default=0)
        self.key = (code_stamp(), kind, name, *keys, *extra)


def read(path: Path) -> Any:
    """The parsed data of a YAML or JSON file, from the cache while the file is unchanged."""
    question = Question("parsed", str(path), [path])
    cached = get(question)
    if cached is not None:
        return cached
    data = files.read(path)
    put(question, data)
    return data


def read_json(path: Path, version: int | str, field: str) -> dict[str, Any]:
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


def write_json(path: Path, version: int | str, field: str, entries: dict[str, Any], *,
               readable: bool = False) -> None:
    """Replace a versioned JSON cache file, readable by the user alone. ASCII escapes keep
    text that is not UTF-8 (file names arrive as surrogates) intact."""
    import json

    paths.ensure_dir(path.parent)
    text = json.dumps({"version": version, field: entries}, indent=1 if readable else None,
                      sort_keys=readable)
    files.write_atomic(path, text + "\n", mode=0o600)


def _entry_file(kind: str, name: str) -> Path:
    # Named by kind and name alone, so a changed file replaces its entry; crc32 only
    # spreads names, the full key inside the entry is what is compared.
    return paths.cache_dir() / "parsed" / f"{kind}-{zlib.crc32(name.encode()):08x}.marshal"


def get(question: Question) -> Any:
    """The answer kept for ``question``, or None: none kept, another key, or in doubt."""
    try:
        entry = marshal.loads(_entry_file(question.kind, question.name).read_bytes())
        key, asked_ns, data = entry
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if key != question.key or not isinstance(asked_ns, int):
        return None
    if question.changed_ns >= asked_ns - RACY_NS:
        return None  # changed too close to when the answer was made to be sure of it
    return data


def put(question: Question, data: Any) -> None:
    """Keep ``data`` (plain values only) as the answer; a failure only costs speed later."""
    try:
        blob = marshal.dumps((question.key, question.asked_ns, data))
    except ValueError:
        return  # e.g. a date value: marshal cannot hold it, so this file is not cached
    target = _entry_file(question.kind, question.name)
    try:
        paths.ensure_dir(target.parent)
        fd, tmp = files.temp_file_beside(target)
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, target)
    except OSError:
        pass


class Memo:
    """Answers of a pure computation kept in the cache, one entry per ``name`` (each new
    answer under a name replaces the last): e.g. the arc search of each recipe. The
    ``key`` names the whole question; the code stamp is added to it here."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def get(self, name: str, key: str) -> Any:
        return get(Question(self.kind, name, extra=(key,)))

    def put(self, name: str, key: str, value: Any) -> None:
        put(Question(self.kind, name, extra=(key,)), value)
