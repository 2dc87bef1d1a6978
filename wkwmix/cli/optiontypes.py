"""The value of ``--minutes`` as typed, checked, and why a length fits no track at all.

Every command that takes ``--minutes`` (build, play, map) uses ``MINUTES``, so that a
hostile value gets the same message everywhere, as a usage error, before any work is done.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from wkwmix.model import MAX_MINUTES

if TYPE_CHECKING:
    from wkwmix.model import Playlist, Track


class Minutes(click.FloatRange):
    """A length in minutes: more than 0, at most a day; never nan, which passes every
    comparison of a range (infinity fails them)."""

    name = "float range"  # as click names a FloatRange in help

    def __init__(self) -> None:
        super().__init__(0, MAX_MINUTES, min_open=True)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        number = click.FLOAT.convert(value, param, ctx)
        if math.isnan(number):
            self.fail("nan is not a number of minutes.", param, ctx)
        return super().convert(number, param, ctx)


MINUTES = Minutes()


def too_short(playlist: Playlist, minutes: float | None, tracks: Sequence[Track],
              what: str) -> str | None:
    """Why a playlist fitted to ``minutes`` came out empty although tracks match: the
    length asked for is shorter than the shortest of them. None for any other reason."""
    if playlist.entries or minutes is None or playlist.target_seconds is None or not tracks:
        return None
    lengths: list[tuple[int, bool, str]] = []  # seconds, whether estimated, the track's id
    for track in tracks:
        if track.duration is not None:
            lengths.append((track.duration, False, track.id))
        elif playlist.estimate_seconds is not None:
            lengths.append((playlist.estimate_seconds, True, track.id))
    if not lengths:
        return None
    seconds, estimated, track_id = min(lengths, key=lambda length: length[:2])
    if playlist.target_seconds >= seconds:
        return None
    from wkwmix.formats import clock

    lasts = f"about {clock(seconds)}, an estimate" if estimated else clock(seconds)
    return (f"{what}: {minutes:g} minutes is shorter than any track that matches "
            f"(the shortest, {track_id}, lasts {lasts})")
