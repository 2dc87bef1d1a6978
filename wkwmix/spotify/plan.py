"""The difference between the playlist wanted and the one on Spotify, as the fewest writes.

Pure functions only: no network, no files. ``make_plan`` compares what is wanted with what
is there and chooses, among the ways Spotify's API offers to get from one to the other, the
one with the fewest requests (100 items a request). A replace rewrites every entry's
"added" date, so when appending or removing costs no more requests, that is preferred.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

CHUNK = 100
MARKER = "(synced by wkwmix)"
DESCRIPTION_LIMIT = 300
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Wanted:
    """The playlist as wkwmix wants it on Spotify."""

    name: str
    description: str
    uris: tuple[str, ...]
    public: bool | None = None  # None: leave an existing playlist's setting alone

    @property
    def marked_description(self) -> str:
        return with_marker(self.description)


@dataclass(frozen=True)
class Current:
    """The playlist as it is on Spotify."""

    id: str
    name: str
    description: str
    uris: tuple[str, ...]
    public: bool | None = None
    snapshot_id: str | None = None


@dataclass(frozen=True)
class Write:
    """One write request: create, details, replace, add or remove."""

    action: str
    uris: tuple[str, ...] = ()
    details: tuple[tuple[str, Any], ...] = ()


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


def tidy(text: str | None) -> str:
    """A description as Spotify shows it: HTML entities decoded, whitespace collapsed."""
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
    """The URIs in order, each once (one recording twice in a playlist is a mistake)."""
    return tuple(dict.fromkeys(uris))


def chunks(uris: tuple[str, ...], action: str = "add") -> list[Write]:
    return [Write(action, uris[i:i + CHUNK]) for i in range(0, len(uris), CHUNK)]


def make_plan(wanted: Wanted, current: Current | None) -> Plan:
    """What to write so that Spotify has ``wanted``; ``current`` None means create it."""
    uris = unique(wanted.uris)
    wanted = Wanted(wanted.name, wanted.description, uris, wanted.public)
    if current is None:
        public = False if wanted.public is None else wanted.public
        create = Write("create", details=(("name", wanted.name),
                                          ("description", wanted.marked_description),
                                          ("public", public)))
        return Plan(wanted, None, (create, *chunks(uris)), added=uris,
                    changed_details=("name", "description", "public"))
    details = changed_details(wanted, current)
    writes = ([Write("details", details=details)] if details else []) + item_writes(
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


def item_writes(now: tuple[str, ...], wanted: tuple[str, ...]) -> list[Write]:
    """The cheapest way from the items ``now`` to the items ``wanted``."""
    if now == wanted:
        return []
    options = [_replace(wanted)]
    trimmed = _remove_then_append(now, wanted)
    if trimmed is not None:
        options.insert(0, trimmed)  # first among equals: it keeps the entries' added dates
    return min(options, key=len)


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
