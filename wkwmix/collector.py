"""Pausing Python's cyclic garbage collector while wkwmix builds many objects at once.

Loading a catalog or building a playlist allocates an object per track, none of them in a
cycle; yet each automatic collection walks every object already alive, so with 100,000
tracks the collector's passes grow with the catalog and make the whole load worse than
linear. Pausing it for the build, then freezing what was built (so that later collections
skip it), keeps the time linear and the collections cheap.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(*, freeze: bool = False) -> Iterator[None]:
    """No automatic collection inside the block; with ``freeze``, what it built is then
    moved out of the collector's sight for the rest of the process."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
