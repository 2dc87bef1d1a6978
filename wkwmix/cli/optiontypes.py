"""The values of the recipe options as typed, checked: ``--minutes`` a real length,
``--seed`` a seed of sensible size; and why a length fits no track at all.

Every command that takes the options (build, play, map, sync) uses these types, so that a
hostile value gets the same message everywhere, as a usage error, before any work is done.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from wkwmix.store.recipes import MAX_MINUTES

if TYPE_CHECKING:
    from wkwmix.model import Playlist, Track

MAX_SEED = 100  # characters; a numeric seed becomes a number, which Python caps at 4300 digits
SHOWN = 20  # characters of a huge value a message quotes


class Minutes(click.FloatRange):
    """A length in minutes: more than 0, at most a day; never nan or infinite."""

    name = "float range"  # as click names a FloatRange in help

    def __init__(self) -> None:
        super().__init__(0, MAX_MINUTES, min_open=True)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        number = click.FLOAT.convert(value, param, ctx)
        if not math.isfinite(number):  # nan passes every comparison of a range
            self.fail(f"{str(value)!r} is not a number of minutes.", param, ctx)
        return super().convert(number, param, ctx)


class Seed(click.ParamType):
    """Any text, of at most ``MAX_SEED`` characters (kept as text: the command reads it)."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        text = str(value)
        if len(text) > MAX_SEED:
            shown = text[:SHOWN] + "…"
            self.fail(f"{shown!r} is {len(text)} characters long; a seed has at most "
                      f"{MAX_SEED}.", param, ctx)
        return text


MINUTES = Minutes()
SEED = Seed()


def too_short(playlist: Playlist, minutes: float | None, tracks: Sequence[Track],
              what: str) -> str | None:
    """Why a playlist fitted to ``minutes`` came out empty although tracks match: the
    length asked for is shorter than the shortest of them. None for any other reason."""
    if playlist.entries or minutes is None or playlist.target_seconds is None or not tracks:
        return None
    estimate = playlist.estimate_seconds
    lengths = [(t.duration, False, t.id) if t.duration is not None else (estimate, True, t.id)
               for t in tracks if t.duration is not None or estimate is not None]
    if not lengths:
        return None
    seconds, estimated, track_id = min(lengths, key=lambda length: (length[0], length[1]))
    if playlist.target_seconds >= (seconds or 0):
        return None
    from wkwmix.formats import clock

    lasts = f"about {clock(seconds or 0)}, an estimate" if estimated else clock(seconds or 0)
    return (f"{what}: {minutes:g} minutes is shorter than any track that matches "
            f"(the shortest, {track_id}, lasts {lasts})")
