"""The arc chart: an arc playlist's target and actual moods along its playing time.

Two panels share the time axis, valence above and arousal below. The target is the arc
walked at an even pace over the playlist's length (the minutes asked for, when fitted to
minutes), drawn as a wide pale band; each track is a dark step at its own mood for as
long as it plays, dashed where its length is only an estimate.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from wkwmix.model import Catalog, Playlist
from wkwmix.pictures.svg import INK, MUTED, document, element, points, serialize, tooltip

Scale = Callable[[float], float]

WIDTH = 1000.0
LEFT, RIGHT = 110.0, 970.0
PANEL = 150.0  # height of each panel
TOPS = (70.0, 270.0)  # top of the valence panel, then of the arousal panel
HEIGHT = TOPS[1] + PANEL + 60
AXES = (("valence", "pleasant", "unpleasant"), ("arousal", "energetic", "calm"))


def arc_chart(catalog: Catalog, playlist: Playlist, *, title: str = "",
              standalone: bool = True) -> str:
    """The chart as SVG text; ``playlist`` must follow an arc (``playlist.arc``)."""
    if not playlist.arc:
        raise ValueError("an arc chart needs a playlist ordered by a mood arc")
    heading = title or f"Arc: {playlist.name}"
    root = document(WIDTH, HEIGHT, heading)
    element(root, "text", heading, x=30.0, y=32.0, font_size=18, font_weight="bold")
    span = max(playlist.total_seconds, playlist.target_seconds or 0, 1)
    pace = playlist.target_seconds or playlist.total_seconds or 1
    waypoints = [catalog.moods[m] for m in playlist.arc]
    starts = _starts([e.seconds for e in playlist.entries])

    def x_of(seconds: float) -> float:
        return LEFT + seconds / span * (RIGHT - LEFT)

    _waypoint_marks(root, [m.id for m in waypoints], pace, x_of)
    for axis, top in enumerate(TOPS):
        def y_of(value: float, top: float = top) -> float:
            return top + (1 - value) / 2 * PANEL

        _panel(root, AXES[axis], top, y_of)
        target = [(m.valence, m.arousal)[axis] for m in waypoints]
        _target(root, target, pace, x_of, y_of)
        _actual(root, catalog, playlist, starts, axis, x_of, y_of)
    _time_axis(root, span, x_of, TOPS[1] + PANEL)
    return serialize(root, standalone=standalone)


def _starts(lengths: Sequence[int]) -> list[int]:
    starts, elapsed = [], 0
    for seconds in lengths:
        starts.append(elapsed)
        elapsed += seconds
    return starts


def _panel(root: ET.Element, names: tuple[str, str, str], top: float, y_of: Scale) -> None:
    axis, high, low = names
    group = element(root, "g", class_="panel", font_size=11, fill=MUTED)
    element(group, "rect", x=LEFT, y=top, width=RIGHT - LEFT, height=PANEL, fill="#fafafa",
            stroke="#cccccc")
    for value in (-0.5, 0.0, 0.5):
        element(group, "line", x1=LEFT, y1=y_of(value), x2=RIGHT, y2=y_of(value),
                stroke="#9a9a9a" if value == 0 else "#e4e4e4")
    element(group, "text", axis, x=LEFT - 10, y=top + PANEL / 2 + 4, text_anchor="end",
            font_size=13, fill=INK, font_weight="bold")
    element(group, "text", high, x=LEFT - 10, y=top + 12, text_anchor="end")
    element(group, "text", low, x=LEFT - 10, y=top + PANEL - 4, text_anchor="end")


def _waypoint_marks(root: ET.Element, names: list[str], pace: int, x_of: Scale) -> None:
    group = element(root, "g", class_="waypoints", font_size=12, fill=MUTED)
    segments = max(len(names) - 1, 1)
    for i, name in enumerate(names):
        x = x_of(pace * i / segments) if len(names) > 1 else x_of(0)
        anchor = "start" if i == 0 else "end" if i == len(names) - 1 else "middle"
        element(group, "line", x1=x, y1=TOPS[0] - 6, x2=x, y2=TOPS[1] + PANEL,
                stroke="#bbbbbb", stroke_dasharray="3 3")
        element(group, "text", name, class_="waypoint", x=x, y=TOPS[0] - 10,
                text_anchor=anchor, font_weight="600", fill=INK)


def _target(root: ET.Element, values: list[float], pace: int, x_of: Scale, y_of: Scale) -> None:
    if len(values) == 1:
        line = [(x_of(0), y_of(values[0])), (x_of(pace), y_of(values[0]))]
    else:
        segments = len(values) - 1
        line = [(x_of(pace * i / segments), y_of(v)) for i, v in enumerate(values)]
    element(root, "polyline", class_="target", points=points(line), fill="none",
            stroke="#bdbdbd", stroke_width=10.0, stroke_opacity=0.6, stroke_linejoin="round",
            stroke_linecap="round")


def _actual(root: ET.Element, catalog: Catalog, playlist: Playlist, starts: list[int],
            axis: int, x_of: Scale, y_of: Scale) -> None:
    ends = [start + entry.seconds for entry, start in zip(playlist.entries, starts)]
    borders = element(root, "g", class_="borders", stroke="#dddddd")
    for end in ends[:-1]:
        element(borders, "line", x1=x_of(end), y1=TOPS[axis], x2=x_of(end),
                y2=TOPS[axis] + PANEL)
    group = element(root, "g", class_="actual", stroke=INK, stroke_width=3.0)
    numbers = element(root, "g", class_="numbers", font_size=10, fill=MUTED,
                      text_anchor="middle")
    for n, (entry, start) in enumerate(zip(playlist.entries, starts), 1):
        value = catalog.moods.position(entry.track.moods)[axis]
        x1, x2, y = x_of(start), x_of(start + entry.seconds), y_of(value)
        step = element(group, "line", x1=x1 + 1, y1=y, x2=x2 - 1, y2=y)
        if entry.duration is None:
            step.set("stroke-dasharray", "5 3")
        tooltip(step, f"{n}. {entry.track.title} ({', '.join(entry.track.moods)})")
        if axis == 1:
            element(numbers, "text", str(n), x=(x1 + x2) / 2, y=TOPS[1] + PANEL + 14)


TICK_STEPS = (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200)
TICKS = 12  # at most this many steps along the time axis


def tick_step(span: int) -> int:
    """Seconds between ticks: a round step that puts at most ``TICKS`` steps on ``span``;
    beyond half a day, whole days (so an arc of any length draws)."""
    fitting = [s for s in TICK_STEPS if span / s <= TICKS]
    return fitting[0] if fitting else 86400 * math.ceil(span / 86400 / TICKS)


def _time_axis(root: ET.Element, span: int, x_of: Scale, bottom: float) -> None:
    group = element(root, "g", class_="time", font_size=11, fill=MUTED)
    step = tick_step(span)
    for seconds in range(0, span + 1, step):
        x = x_of(seconds)
        element(group, "line", x1=x, y1=bottom, x2=x, y2=bottom + 4, stroke=MUTED)
        element(group, "text", f"{seconds // 60}:00" if seconds < 3600 else
                f"{seconds // 3600}:{seconds % 3600 // 60:02d}:00", class_="tick", x=x,
                y=bottom + 30, text_anchor="middle")
    element(group, "text", "playing time (track numbers above; dashed: length estimated)",
            x=(LEFT + RIGHT) / 2, y=bottom + 48, text_anchor="middle", fill=INK)
