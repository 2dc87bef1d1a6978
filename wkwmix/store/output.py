"""Writing what the user asked for (playlists, exports) to the file they named.

A regular file is replaced atomically, so a failed write leaves the old file as it was.
"""

from __future__ import annotations

from pathlib import Path

from wkwmix.errors import WkwmixError
from wkwmix.store import files


class OutputError(WkwmixError):
    """A file that cannot be written where the user asked."""


def write_text(dest: Path, text: str) -> None:
    """Write ``text`` to ``dest``; OutputError says why when it cannot be done."""
    if dest.is_dir():
        raise OutputError(f"cannot write {str(dest)!r}: it is a folder")
    try:
        files.write_atomic(dest, text)
    except OSError as e:
        reason = e.strerror or str(e)
        raise OutputError(f"cannot write {str(dest)!r}: {reason}") from None
