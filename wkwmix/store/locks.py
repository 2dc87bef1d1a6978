"""Edits under a lock: read a file, let the caller change its data, write it back atomically.

Every file that more than one wkwmix may change at once (the overlay, the Spotify memory)
is edited through ``locked``: concurrent processes never lose each other's edits, and one
that has to wait says so at once rather than after a silent timeout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from wkwmix.errors import WkwmixError

LOCK_TIMEOUT = 30.0


class Busy(WkwmixError):
    """Another wkwmix held the lock for longer than we wait."""


@contextmanager
def locked(path: Path, *, what: str, on_wait: Callable[[str], None] | None = None,
           timeout: float | None = None) -> Iterator[None]:
    """Hold the lock beside ``path``; ``what`` names the work in messages ("editing", …).

    Hold it only for the work itself, never while a person is asked something: every
    other wkwmix that edits the file waits meanwhile, and gives up after ``timeout``
    seconds (LOCK_TIMEOUT by default).
    """
    from filelock import FileLock, Timeout

    if timeout is None:
        timeout = LOCK_TIMEOUT

    lock = FileLock(str(path) + ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait(f"waiting for another wkwmix that is {what}…")
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise Busy(f"{path}: another wkwmix has been {what} for {timeout:.0f} s; "
                       "try again when it is done") from None
    try:
        yield
    finally:
        lock.release()
