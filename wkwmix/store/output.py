"""Writing what the user asked for (playlists, exports) to the path they named, safely.

What is at the path decides how it is written:

- a regular file (or nothing yet) is replaced atomically: the new text goes to a temp file
  beside it, which then takes its place, keeping the old file's mode. A failed write leaves
  the old file as it was;
- a symlink is followed first, so the file it points to gets the new text and the link
  stays a link (a dangling link gets its target created);
- a file with other hard links is rewritten in place, so every name keeps seeing it;
- a character device or a FIFO (a pipe a program reads from) is written straight through,
  never replaced; a FIFO that nobody reads is refused rather than waited on forever;
- a folder, a socket or anything else is refused, with the reason.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from wkwmix.errors import WkwmixError
from wkwmix.store import files


class OutputError(WkwmixError):
    """A file that cannot be written where the user asked."""


def write_text(dest: Path, text: str) -> None:
    """Write ``text`` to ``dest``; OutputError says why when it cannot be done."""
    try:
        # A file name that is not UTF-8 (held as surrogates) is written as its own bytes,
        # so that a player reading the playlist finds the file.
        _write(dest, text.encode("utf-8", "surrogateescape"))
    except OSError as e:
        raise OutputError(f"cannot write {str(dest)!r}: {_reason(e)}") from None


def _write(dest: Path, data: bytes) -> None:
    try:
        info = dest.stat()  # through links: what will really be written
    except FileNotFoundError:
        _replace(_real(dest), data, mode=0o644)  # new, or a dangling link's target
        return
    kind = info.st_mode
    if stat.S_ISDIR(kind):
        raise IsADirectoryError(errno.EISDIR, "it is a folder")
    if stat.S_ISCHR(kind) or stat.S_ISFIFO(kind):
        # Opened by the name given: a link such as /dev/stdout reaches the right place
        # even where its target has no name of its own (a pipe).
        _write_through(dest, data, fifo=stat.S_ISFIFO(kind))
        return
    target = _real(dest)
    if not stat.S_ISREG(kind):
        raise OSError(errno.EINVAL, "it is not a regular file, a device or a FIFO")
    elif info.st_nlink > 1:
        _rewrite_in_place(target, data)
    else:
        _replace(target, data, mode=stat.S_IMODE(kind), owner=(info.st_uid, info.st_gid))


def _real(dest: Path) -> Path:
    return Path(os.path.realpath(dest))


def _replace(target: Path, data: bytes, *, mode: int,
             owner: tuple[int, int] | None = None) -> None:
    files.write_atomic_bytes(target, data, mode=mode, owner=owner)


def _write_through(target: Path, data: bytes, *, fifo: bool) -> None:
    flags = os.O_WRONLY | (os.O_NONBLOCK if fifo else 0)
    try:
        fd = os.open(target, flags)
    except OSError as e:
        if fifo and e.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "it is a FIFO that no program is reading") from None
        raise
    try:
        if fifo:
            os.set_blocking(fd, True)  # a reader is there: wait for it, as a shell would
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _rewrite_in_place(target: Path, data: bytes) -> None:
    with open(target, "r+b") as f:
        f.write(data)
        f.truncate()
        f.flush()
        os.fsync(f.fileno())


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno == errno.ENOTDIR:
        return "a folder on the way is a file"
    return error.strerror or str(error)
