"""Spotify's way of writing a playlist's items, with the fewest requests.

The plan itself is shared by every service (``wkwmix.sync.plan``, whose names are
re-exported here); what is Spotify's own is how items are written: 100 a request, and a
remove that takes out every occurrence of a URI. Among the ways to get from the items
there to the items wanted, the one with the fewest requests is chosen. A replace rewrites
every entry's "added" date, so when appending, removing or moving a block (a hand
reorder: one request, the reorder endpoint) costs no more requests, that is preferred.
"""

from __future__ import annotations

from wkwmix.sync.plan import (
    MARKER,
    Current,
    Plan,
    Wanted,
    Write,
    changed_details,
    has_marker,
    tidy,
    unique,
    with_marker,
)
from wkwmix.sync.plan import make_plan as _make_plan

CHUNK = 100

__all__ = ["CHUNK", "MARKER", "Current", "Plan", "Wanted", "Write", "changed_details",
           "chunks", "fill", "has_marker", "item_writes", "make_plan", "tidy", "unique",
           "with_marker"]


def chunks(uris: tuple[str, ...], action: str = "add") -> list[Write]:
    return [Write(action, uris[i:i + CHUNK]) for i in range(0, len(uris), CHUNK)]


def make_plan(wanted: Wanted, current: Current | None) -> Plan:
    """What to write so that Spotify has ``wanted``; ``current`` None means create it."""
    return _make_plan(wanted, current, item_writes, fill)


def fill(uris: tuple[str, ...]) -> list[Write]:
    """The writes that fill a new playlist: a replace first, since a replace of every item
    (up to 100) alone decides them, so its snapshot can be trusted (``wkwmix.sync.engine``)."""
    return _replace(uris) if uris else []


def item_writes(now: tuple[str, ...], wanted: tuple[str, ...]) -> list[Write]:
    """The cheapest way from the items ``now`` to the items ``wanted``."""
    if now == wanted:
        return []
    moved = block_move(now, wanted)
    if moved is not None:
        return [moved]  # one request that keeps every entry's added date
    options = [_replace(wanted)]
    trimmed = _remove_then_append(now, wanted)
    if trimmed is not None:
        options.insert(0, trimmed)  # first among equals: it keeps the entries' added dates
    return min(options, key=len)


def block_move(now: tuple[str, ...], wanted: tuple[str, ...]) -> Write | None:
    """The one reorder (a block of entries moved elsewhere) that turns ``now`` into
    ``wanted``, or None when it takes more than one, or items differ."""
    if len(now) != len(wanted) or len(set(now)) != len(now) or set(now) != set(wanted):
        return None
    first = next(i for i, (a, b) in enumerate(zip(now, wanted)) if a != b)
    last = next(i for i in range(len(now) - 1, -1, -1) if now[i] != wanted[i])
    start = now.index(wanted[first])
    if wanted[first:last + 1] != now[start:last + 1] + now[first:start]:
        return None
    return Write("reorder", details=(("range_start", start), ("insert_before", first),
                                     ("range_length", last + 1 - start)))


def _replace(wanted: tuple[str, ...]) -> list[Write]:
    return [Write("replace", wanted[:CHUNK]), *chunks(wanted[CHUNK:])]


def _remove_then_append(now: tuple[str, ...], wanted: tuple[str, ...]) -> list[Write] | None:
    """Remove the unwanted, append the missing; None when that would not give ``wanted``.

    Spotify's remove takes out every occurrence of a URI, so this works only when what
    stays is, in order, the start of ``wanted``.
    """
    keep = set(wanted)
    removed = unique(tuple(u for u in now if u not in keep))
    staying = tuple(u for u in now if u in keep)
    if staying != wanted[: len(staying)]:
        return None
    return chunks(removed, "remove") + chunks(wanted[len(staying):])
