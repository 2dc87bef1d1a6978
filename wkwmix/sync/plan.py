"""The difference between the playlist wanted and the one a service has, as writes.

Pure functions only: no network, no files. ``make_plan`` compares what is wanted with what
is there; how the items are best rewritten is the target's own choice (``ItemWrites``),
since each service's API offers other requests (Spotify: 100 items a request and a remove
of every occurrence; Subsonic: one request replaces everything).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MARKER = "(synced by wkwmix)"
DESCRIPTION_LIMIT = 300
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Wanted:
    """The playlist as wkwmix wants it on the service: ``uris`` are the service's ids."""

    name: str
    description: str
    uris: tuple[str, ...]
    public: bool | None = None  # None: leave an existing playlist's setting alone

    @property
    def marked_description(self) -> str:
        return with_marker(self.description)


@dataclass(frozen=True)
class Current:
    """The playlist as it is on the service."""

    id: str
    name: str
    description: str
    uris: tuple[str, ...]
    public: bool | None = None
    snapshot_id: str | None = None


@dataclass(frozen=True)
class Write:
    """One write request: create, details, replace, add or remove (or a target's own)."""

    action: str
    uris: tuple[str, ...] = ()
    details: tuple[tuple[str, Any], ...] = ()
    positions: tuple[int, ...] = ()  # for a remove by position


@dataclass(frozen=True)
class Plan:
    wanted: Wanted
    playlist_id: str | None
    writes: tuple[Write, ...]
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    reordered: bool = False
    changed_details: tuple[str, ...] = ()

    @property
    def create(self) -> bool:
        return self.playlist_id is None

    @property
    def unchanged(self) -> bool:
        return not self.writes


# (items now, items wanted) -> the writes that get from one to the other
ItemWrites = Callable[[tuple[str, ...], tuple[str, ...]], list[Write]]
# (the wanted items) -> the writes that fill a playlist just created
FillWrites = Callable[[tuple[str, ...]], list[Write]]


def tidy(text: str | None) -> str:
    """A description as a service shows it: HTML entities decoded, whitespace collapsed."""
    return _SPACES.sub(" ", html.unescape(text or "")).strip()


def with_marker(description: str) -> str:
    room = DESCRIPTION_LIMIT - len(MARKER) - 1
    text = tidy(description)
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return f"{text} {MARKER}".strip()


def has_marker(description: str | None) -> bool:
    return MARKER in tidy(description)


def unique(uris: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The ids in order, each once (one recording twice in a playlist is a mistake)."""
    return tuple(dict.fromkeys(uris))


def make_plan(wanted: Wanted, current: Current | None, items: ItemWrites,
              fill: FillWrites) -> Plan:
    """What to write so that the service has ``wanted``; ``current`` None means create it.

    ``items`` plans the item writes of an existing playlist, ``fill`` those of a new one.
    """
    uris = unique(wanted.uris)
    wanted = Wanted(wanted.name, wanted.description, uris, wanted.public)
    if current is None:
        public = False if wanted.public is None else wanted.public
        create = Write("create", details=(("name", wanted.name),
                                          ("description", wanted.marked_description),
                                          ("public", public)))
        return Plan(wanted, None, (create, *fill(uris)), added=uris,
                    changed_details=("name", "description", "public"))
    details = changed_details(wanted, current)
    writes = ([Write("details", details=details)] if details else []) + items(
        current.uris, uris)
    kept = set(uris)
    before = set(current.uris)
    common_now = [u for u in current.uris if u in kept]
    common_wanted = [u for u in uris if u in before]
    return Plan(
        wanted, current.id, tuple(writes),
        added=tuple(u for u in uris if u not in before),
        removed=tuple(u for u in unique(current.uris) if u not in kept),
        reordered=common_now != common_wanted,
        changed_details=tuple(name for name, _ in details),
    )


def changed_details(wanted: Wanted, current: Current) -> tuple[tuple[str, Any], ...]:
    changes: list[tuple[str, Any]] = []
    if wanted.name != current.name:
        changes.append(("name", wanted.name))
    if tidy(wanted.marked_description) != tidy(current.description):
        changes.append(("description", wanted.marked_description))
    if wanted.public is not None and wanted.public != current.public:
        changes.append(("public", wanted.public))
    return tuple(changes)
