"""Syncing a playlist to any target: find it, plan the change, apply it, remember it.

Finding: the id remembered from an earlier sync (still there and still the user's), else
a playlist of the same name among the user's own. wkwmix writes only to a playlist it
created (remembered, or carrying the marker in its description) unless the user adopts
it. Applying: the plan's writes in order; a new playlist is remembered the moment it
exists, so a re-run after any failure finds it instead of creating a twin.

A write whose outcome is unknown (a server error or a dropped connection after the request
was sent) is never repeated blindly: the playlist is read back and the rest planned again
from what is really there. ``exclusive`` makes the syncs of one account take turns, so
two syncs at once leave one playlist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from wkwmix.store.sync_memory import Memory
from wkwmix.sync.plan import Current, Plan, Wanted, Write, has_marker
from wkwmix.sync.target import SyncTarget

REPAIRS = 3  # read-backs after uncertain writes, in one sync, before giving up

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Target:
    """The playlist a sync writes to (None: it must be created) and whose it is."""

    user: str
    current: Current | None
    adopt: bool = False


def memory_of(target: SyncTarget) -> Memory:
    """What is remembered of ``target``'s playlists."""
    return target.memory


@contextmanager
def exclusive(target: SyncTarget, on_wait: Callable[[str], None] | None = None
              ) -> Iterator[str]:
    """Hold the account's sync lock from planning to the last write; yields the user id."""
    user = target.account()
    with memory_of(target).sync_lock(user, on_wait):
        yield user


def find_target(target: SyncTarget, name: str, *, adopt: bool = False,
                dry_run: bool = False) -> Target:
    """The playlist to write to; with ``dry_run`` nothing is remembered or forgotten."""
    memory = memory_of(target)
    user = target.account(remember=not dry_run)
    remembered = memory.playlist(user, name)
    if remembered:
        current = target.read_remembered(user, remembered)
        if current is not None:
            return Target(user, current, adopt)
        if not dry_run:
            memory.forget(user, name)  # deleted on the service since: look again, else create
    return Target(user, _playlist_named(target, user, name, adopt), adopt)


def _playlist_named(target: SyncTarget, user: str, name: str, adopt: bool) -> Current | None:
    same_name = target.own_named(user, name)
    if not same_name:
        return None
    marked = [p for p in same_name if has_marker(p.get("description"))]
    chosen = (marked or same_name)[0]
    if not marked and not adopt:
        raise target.not_ours(name, str(chosen["id"]))
    return target.read(chosen)


def plan_sync(target: SyncTarget, wanted: Wanted, *, adopt: bool = False,
              dry_run: bool = False) -> tuple[Plan, Target]:
    """Read what is on the service (no writes there) and plan the change."""
    found = find_target(target, wanted.name, adopt=adopt, dry_run=dry_run)
    return target.plan(wanted, found.current), found


def apply(target: SyncTarget, plan: Plan, found: Target,
          progress: Progress | None = None) -> str:
    """Carry out ``plan``; returns the playlist's id. Nothing is written to the service when
    it is unchanged: the snapshot just read is remembered, vouching for the items.

    After a write whose outcome is unknown, what is on the service is read back and the
    rest planned afresh (at most REPAIRS times), so nothing is ever added twice.
    """
    for repairs in range(REPAIRS + 1):
        try:
            return _apply_once(target, plan, found, progress)
        except target.uncertain as e:
            what, detail = getattr(e, "what", "write"), getattr(e, "detail", str(e))
            if repairs == REPAIRS:
                raise type(e)(what, f"{detail}, {REPAIRS + 1} times in a row, the "
                              "playlist read back after each") from None
            detail = detail[:1].upper() + detail[1:]
            target.say(f"{detail} to {what!r}, which may or may not have been done; "
                       "reading the playlist back…")
            plan, found = plan_sync(target, plan.wanted, adopt=found.adopt)
    raise AssertionError("unreachable: the last repair re-raises")


def _apply_once(target: SyncTarget, plan: Plan, found: Target,
                progress: Progress | None) -> str:
    memory = memory_of(target)
    playlist_id = plan.playlist_id
    vouched = found.current.snapshot_id if found.current else None
    for write in plan.writes:
        if write.action == "create":
            playlist_id, snapshot = target.create(plan.wanted, write)
            # Remembered before anything else can fail, so a re-run never makes a second one.
            memory.remember(found.user, plan.wanted.name, playlist_id, None, None)
        else:
            if playlist_id is None:
                raise AssertionError("a plan without a playlist id creates one first")
            snapshot = target.write(playlist_id, write)
        vouched = _vouched_after(write, plan.wanted, snapshot, vouched)
        if progress:
            progress(1)
    if playlist_id is None:
        raise AssertionError("a plan without a playlist id creates one first")
    memory.remember(found.user, plan.wanted.name, playlist_id, vouched, plan.wanted.uris)
    return playlist_id


def _vouched_after(write: Write, wanted: Wanted, snapshot: str | None,
                   before: str | None) -> str | None:
    """The snapshot that still vouches for the items being ``wanted.uris`` after ``write``.

    An edit made on the service between wkwmix's read and its write is carried by the
    write's snapshot too, so a write's snapshot vouches for the items only when the write
    alone decides them all: a new (empty) playlist, or a replace of every item at once.
    After any other item write, nothing vouches (None): the next sync reads the items.
    A change of details leaves the items, and the snapshot read before it, alone.
    """
    if write.action == "details":
        return before
    if write.action == "create" or (write.action == "replace" and write.uris == wanted.uris):
        return snapshot
    return None
