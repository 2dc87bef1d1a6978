"""The arc chart: an arc playlist's target and actual moods along its playing time.

Two panels share the time axis, valence above and arousal below. The target is the arc
walked at an even pace over the playlist's length (the minutes asked for, when fitted to
minutes), drawn as a wide pale band; each track is a dark step at its own mood for as
long as it plays, dashed where its length is only an estimate.

Two sizes: ``WIDE`` for a screen; ``COMPACT``, narrower with larger text and each panel's
name above it, for a phone (a step too short for its number goes unnumbered).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wkwmix.model import Catalog, Playlist
from wkwmix.pictures.layout import text_width
from wkwmix.pictures.svg import (
    BAND,
    INK,
    MUTED,
    document,
    element,
    points,
    serialize,
    tooltip,
)

Scale = Callable[[float], float]


@dataclass(frozen=True)
class Sizes:
    """The chart's geometry and text sizes, in drawing units."""

    width: float
    left: float
    right: float
    panel: float  # height of each panel
    tops: tuple[float, float]  # top of the valence panel, then of the arousal panel
    title: float
    text: float  # axis names, waypoints, the time axis's words
    small: float  # ticks and track numbers
    names_above: bool  # each panel's name on a line above it (else at its left)
    height: float


WIDE = Sizes(1000.0, 110.0, 970.0, 150.0, (70.0, 270.0), title=18.0, text=13.0, small=11.0,
             names_above=False, height=480.0)
COMPACT = Sizes(600.0, 12.0, 588.0, 130.0, (100.0, 272.0), title=20.0, text=17.0,
                small=16.0, names_above=True, height=478.0)
WIDTH, LEFT, RIGHT, PANEL, TOPS = WIDE.width, WIDE.left, WIDE.right, WIDE.panel, WIDE.tops
HEIGHT = WIDE.height
AXES = (("valence", "pleasant", "unpleasant"), ("arousal", "energetic", "calm"))


def arc_chart(catalog: Catalog, playlist: Playlist, *, title: str = "",
              standalone: bool = True, sizes: Sizes = WIDE) -> str:
    """The chart as SVG text; ``playlist`` must follow an arc (``playlist.arc``)."""
    if not playlist.arc:
        raise ValueError("an arc chart needs a playlist ordered by a mood arc")
    heading = title or f"Arc: {playlist.name}"
    root = document(sizes.width, sizes.height, heading)
    element(root, "text", heading, class_="heading", x=sizes.left if sizes.names_above
            else 30.0, y=32.0, font_size=sizes.title, font_weight="bold")
    span = max(playlist.total_seconds, playlist.target_seconds or 0, 1)
    pace = playlist.target_seconds or playlist.total_seconds or 1
    waypoints = [catalog.moods[m] for m in playlist.arc]
    starts = _starts([e.seconds for e in playlist.entries])

    def x_of(seconds: float) -> float:
        return sizes.left + seconds / span * (sizes.right - sizes.left)

    _waypoint_marks(root, [m.id for m in waypoints], pace, x_of, sizes)
    for axis, top in enumerate(sizes.tops):
        def y_of(value: float, top: float = top) -> float:
            return top + (1 - value) / 2 * sizes.panel

        _panel(root, AXES[axis], top, y_of, sizes)
        target = [(m.valence, m.arousal)[axis] for m in waypoints]
        _target(root, target, pace, x_of, y_of)
        _actual(root, catalog, playlist, starts, axis, x_of, y_of, sizes)
    _time_axis(root, span, x_of, sizes.tops[1] + sizes.panel, sizes)
    return serialize(root, standalone=standalone)


def _starts(lengths: Sequence[int]) -> list[int]:
    starts, elapsed = [], 0
    for seconds in lengths:
        starts.append(elapsed)
        elapsed += seconds
    return starts


def _panel(root: ET.Element, names: tuple[str, str, str], top: float, y_of: Scale,
           sizes: Sizes) -> None:
    axis, high, low = names
    left, right, panel = sizes.left, sizes.right, sizes.panel
    group = element(root, "g", class_="panel", font_size=sizes.small, fill=MUTED)
    element(group, "rect", x=left, y=top, width=right - left, height=panel, fill="#fffdf8",
            stroke="#d8d0c0")
    for value in (-0.5, 0.0, 0.5):
        element(group, "line", class_="zero" if value == 0 else "grid", x1=left,
                y1=y_of(value), x2=right, y2=y_of(value),
                stroke="#a09888" if value == 0 else "#ebe4d6")
    if sizes.names_above:
        element(group, "text", axis, class_="axis-name", x=left, y=top - 8,
               font_size=sizes.text, fill=INK, font_weight="bold")
        element(group, "text", f"top: {high}, bottom: {low}", x=right, y=top - 8,
                text_anchor="end", font_size=sizes.text)
        return
    element(group, "text", axis, class_="axis-name", x=left - 10, y=top + panel / 2 + 4,
            text_anchor="end", font_size=sizes.text, fill=INK, font_weight="bold")
    element(group, "text", high, x=left - 10, y=top + 12, text_anchor="end")
    element(group, "text", low, x=left - 10, y=top + panel - 4, text_anchor="end")


def _waypoint_marks(root: ET.Element, names: list[str], pace: int, x_of: Scale,
                    sizes: Sizes) -> None:
    group = element(root, "g", class_="waypoints", font_size=sizes.text, fill=MUTED)
    segments = max(len(names) - 1, 1)
    above = sizes.tops[0] - (2.4 * sizes.text if sizes.names_above else 10)
    for i, name in enumerate(names):
        x = x_of(pace * i / segments) if len(names) > 1 else x_of(0)
        anchor = "start" if i == 0 else "end" if i == len(names) - 1 else "middle"
        element(group, "line", x1=x, y1=above + 4, x2=x, y2=sizes.tops[1] + sizes.panel,
                stroke="#c9c0ae", stroke_dasharray="3 3")
        element(group, "text", name, class_="waypoint", x=x, y=above,
                text_anchor=anchor, font_weight="600", fill=INK)


def _target(root: ET.Element, values: list[float], pace: int, x_of: Scale, y_of: Scale) -> None:
    if len(values) == 1:
        line = [(x_of(0), y_of(values[0])), (x_of(pace), y_of(values[0]))]
    else:
        segments = len(values) - 1
        line = [(x_of(pace * i / segments), y_of(v)) for i, v in enumerate(values)]
    element(root, "polyline", class_="target", points=points(line), fill="none",
            stroke=BAND, stroke_width=10.0, stroke_opacity=0.35, stroke_linejoin="round",
            stroke_linecap="round")


def _actual(root: ET.Element, catalog: Catalog, playlist: Playlist, starts: list[int],
            axis: int, x_of: Scale, y_of: Scale, sizes: Sizes) -> None:
    top = sizes.tops[axis]
    ends = [start + entry.seconds for entry, start in zip(playlist.entries, starts)]
    borders = element(root, "g", class_="borders", stroke="#e3dccd")
    for end in ends[:-1]:
        element(borders, "line", x1=x_of(end), y1=top, x2=x_of(end), y2=top + sizes.panel)
    group = element(root, "g", class_="actual", stroke=INK, stroke_width=3.0)
    numbers = element(root, "g", class_="numbers", font_size=sizes.small, fill=MUTED,
                      text_anchor="middle")
    for n, (entry, start) in enumerate(zip(playlist.entries, starts), 1):
        value = catalog.moods.position(entry.track.moods)[axis]
        x1, x2, y = x_of(start), x_of(start + entry.seconds), y_of(value)
        step = element(group, "line", x1=x1 + 1, y1=y, x2=x2 - 1, y2=y)
        if entry.duration is None:
            step.set("stroke-dasharray", "5 3")
        tooltip(step, f"{n}. {entry.track.title} ({', '.join(entry.track.moods)})")
        fits = text_width(str(n), sizes.small) + 2 <= x2 - x1 or sizes is WIDE
        if axis == 1 and fits:
            element(numbers, "text", str(n), class_="step-number", x=(x1 + x2) / 2,
                    y=top + sizes.panel + sizes.small + 3)


TICK_STEPS = (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200)
TICKS = 12  # at most this many steps along the time axis


def tick_step(span: int, ticks: int = TICKS) -> int:
    """Seconds between ticks: a round step that puts at most ``ticks`` steps on ``span``;
    beyond half a day, whole days (so an arc of any length draws)."""
    fitting = [s for s in TICK_STEPS if span / s <= ticks]
    return fitting[0] if fitting else 86400 * math.ceil(span / 86400 / ticks)


def _time_axis(root: ET.Element, span: int, x_of: Scale, bottom: float, sizes: Sizes) -> None:
    group = element(root, "g", class_="time", font_size=sizes.small, fill=MUTED)
    step = tick_step(span, TICKS if sizes is WIDE else 5)
    label_y = bottom + 2 * sizes.small + 8
    for seconds in range(0, span + 1, step):
        x = x_of(seconds)
        element(group, "line", x1=x, y1=bottom, x2=x, y2=bottom + 4, stroke=MUTED)
        anchor = "middle" if sizes is WIDE else "start" if seconds == 0 \
            else "end" if x > sizes.right - 40 else "middle"
        element(group, "text", f"{seconds // 60}:00" if seconds < 3600 else
                f"{seconds // 3600}:{seconds % 3600 // 60:02d}:00", class_="tick", x=x,
                y=label_y, text_anchor=anchor)
    words = ("playing time (track numbers above; dashed: length estimated)" if sizes is WIDE
             else "playing time (dashed: length estimated)")
    element(group, "text", words, class_="caption", x=(sizes.left + sizes.right) / 2,
            y=label_y + 1.4 * sizes.text, text_anchor="middle", fill=INK, font_size=sizes.text)


__all__ = ["COMPACT", "WIDE", "arc_chart", "tick_step"]
