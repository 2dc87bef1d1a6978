"""The mood map: the valence/arousal plane with every mood of the vocabulary, the selected
tracks as marks (colour and shape by film), and, for an arc, the playlist's path in order.

A track sits at the mean position of its moods, the very place the playlist engine uses;
tracks with the same moods share a place, so they are spread in a small sunflower around
it, each still visible (and off the dot of a mood they sit on), and their play-order
numbers share one label ("3, 7–9"). Only an arc's order means something on the plane, so
only an arc gets a line from track to track, over its target drawn as a wide pale band.
Past ``DENSE`` tracks a map of single marks is an unreadable mass: the plane then shows
clusters, one disc a cell of a grid, sized and labelled by their counts.

Two sizes: ``WIDE`` (legend at the right) for a screen, ``COMPACT`` (the plane alone, its
text twice as large) for a phone, where it is drawn at about half its size.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from wkwmix.model import Catalog, Playlist, Track
from wkwmix.moods import Mood
from wkwmix.pictures import marks
from wkwmix.pictures.layout import Box, Placer
from wkwmix.pictures.svg import (
    ACCENT,
    BAND,
    INK,
    MUTED,
    PAPER,
    clean,
    document,
    element,
    num,
    points,
    serialize,
    tooltip,
)


@dataclass(frozen=True)
class Sizes:
    """The drawing's size and its text and mark sizes, in drawing units."""

    width: float
    height: float
    frame: Box
    mood: float  # a mood's label
    stop: float  # play-order numbers and cluster counts
    words: float  # the axes' words
    title: float
    tick: float | None  # the axes' numbers (None: left out)
    mark: float  # a track's mark, its radius
    legend: bool


WIDE = Sizes(1000.0, 740.0, Box(70.0, 50.0, 710.0, 690.0), mood=13.0, stop=11.0, words=13.0,
             title=18.0, tick=10.0, mark=marks.RADIUS, legend=True)
COMPACT = Sizes(720.0, 770.0, Box(58.0, 62.0, 708.0, 712.0), mood=19.0, stop=19.0,
                words=19.0, title=22.0, tick=None, mark=8.0, legend=False)
WIDTH, HEIGHT = WIDE.width, WIDE.height
FRAME = WIDE.frame
PAD = 26.0  # between the frame and the plane's edge (-1 or 1), in WIDE units
MOOD_SIZE, STOP_SIZE = WIDE.mood, WIDE.stop
HALO: dict[str, str | float] = {"stroke": PAPER, "stroke_width": 3.5,
                                "stroke_linejoin": "round", "paint_order": "stroke"}
SPREAD = 6.5  # sunflower spacing of tracks that share a place, for a WIDE mark
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
LEGEND_X = 740.0
DENSE = 300  # more tracks than this: clusters with counts instead of single marks
CLUSTER_CELLS = 14  # the cluster grid, cells along each side of the plane


@dataclass(frozen=True)
class _Plane:
    """Where a mood-plane point is drawn, for one size."""

    sizes: Sizes

    @property
    def pad(self) -> float:
        return PAD * (self.sizes.frame.right - self.sizes.frame.left) / (FRAME.right - FRAME.left)

    def x(self, valence: float) -> float:
        f = self.sizes.frame
        return f.left + self.pad + (valence + 1) / 2 * (f.right - f.left - 2 * self.pad)

    def y(self, arousal: float) -> float:
        f = self.sizes.frame
        return f.top + self.pad + (1 - arousal) / 2 * (f.bottom - f.top - 2 * self.pad)


def mood_map(catalog: Catalog, tracks: Sequence[Track], playlist: Playlist | None = None,
             *, title: str = "", standalone: bool = True, sizes: Sizes = WIDE,
             links: bool = False) -> str:
    """The map as SVG text: ``tracks`` marked, ``playlist`` (if any) numbered in play order
    (with its path when it is an arc). ``links``: each number links to ``#track-N``, its
    entry on the page the map is drawn in."""
    heading = title or (f"Mood map: {playlist.name}" if playlist else "Mood map")
    root = document(sizes.width, sizes.height, clean(heading), "group" if links else "img")
    plane = _Plane(sizes)
    element(root, "text", heading, class_="heading", x=30.0 if sizes.legend else 8.0,
            y=sizes.frame.top - 18, font_size=sizes.title, font_weight="bold")
    _axes(root, plane)
    path = list(playlist.tracks) if playlist else []
    selected = {t.id for t in tracks}
    shown = [*tracks, *(t for t in path if t.id not in selected)]
    dense = len(shown) > DENSE
    if playlist and playlist.arc:
        _arc_band(root, catalog, playlist.arc, plane)
    if dense:
        soft = _clusters(root, catalog, shown, plane)
        placer = Placer(sizes.frame, soft=soft)
        _moods(root, list(catalog.moods), placer, plane)
    else:
        groups = _groups(catalog, shown, plane)
        places = _places(groups, catalog, plane)
        film_marks = marks.film_marks(catalog.films)
        _tracks(root, catalog, tracks, places, film_marks, path if playlist and playlist.arc
                else [], path, plane)
        placer = Placer(sizes.frame, soft=[Box.around(*places[t.id], sizes.mark)
                                           for t in tracks])
        _moods(root, list(catalog.moods), placer, plane)
        if path:
            _stops(root, path, groups, placer, plane, links)
    if sizes.legend:
        _legend(root, catalog, shown, playlist, dense)
    return serialize(root, standalone=standalone)


def to_x(valence: float) -> float:
    return _Plane(WIDE).x(valence)


def to_y(arousal: float) -> float:
    return _Plane(WIDE).y(arousal)


def _axes(root: ET.Element, plane: _Plane) -> None:
    frame, sizes = plane.sizes.frame, plane.sizes
    group = element(root, "g", class_="axes", font_size=sizes.tick or sizes.words, fill=MUTED)
    element(group, "rect", class_="frame", x=frame.left, y=frame.top,
            width=frame.right - frame.left, height=frame.bottom - frame.top, fill="#fffdf8",
            stroke="#d8d0c0")
    for value in (-1.0, -0.5, 0.0, 0.5, 1.0):
        weight: dict[str, str | float] = {"stroke": "#a09888", "stroke_width": 1.2,
                                          "class_": "grid zero"} \
            if value == 0 else {"stroke": "#ebe4d6", "stroke_width": 1.0, "class_": "grid"}
        x, y = plane.x(value), plane.y(value)
        element(group, "line", x1=x, y1=frame.top, x2=x, y2=frame.bottom, **weight)
        element(group, "line", x1=frame.left, y1=y, x2=frame.right, y2=y, **weight)
        if sizes.tick:
            tick = f"{value:+.1f}".replace("+0.0", "0").replace("-", "\u2212")
            element(group, "text", tick, class_="tick", x=x, y=frame.bottom + 14,
                    text_anchor="middle")
            element(group, "text", tick, class_="tick", x=frame.left - 6, y=y + 3.5,
                    text_anchor="end")
    words = element(root, "g", class_="axis-words", font_size=sizes.words, fill=INK)
    below = frame.bottom + (36 if sizes.tick else sizes.words * 1.5)
    element(words, "text", "\u2190 unpleasant", x=frame.left, y=below)
    element(words, "text", "valence", class_="muted", x=(frame.left + frame.right) / 2,
            y=below, text_anchor="middle", fill=MUTED)
    element(words, "text", "pleasant \u2192", x=frame.right, y=below, text_anchor="end")
    side = frame.left - (40 if sizes.tick else sizes.words * 0.6)
    for text, y, anchor, colour in (("\u2190 calm", frame.bottom, "start", INK),
                                    ("arousal", (frame.top + frame.bottom) / 2, "middle", MUTED),
                                    ("energetic \u2192", frame.top, "end", INK)):
        turned = element(words, "text", text, x=side, y=y, text_anchor=anchor, fill=colour,
                         transform=f"rotate(-90 {num(side)} {num(y)})")
        if colour == MUTED:
            turned.set("class", "muted")


Place = tuple[float, float]


def _groups(catalog: Catalog, tracks: Sequence[Track], plane: _Plane) -> dict[Place, list[Track]]:
    """The tracks at their places among their moods, drawn: tracks with the same moods share
    a place."""
    groups: dict[Place, list[Track]] = {}
    for track in tracks:
        valence, arousal = catalog.moods.position(track.moods)
        groups.setdefault((plane.x(valence), plane.y(arousal)), []).append(track)
    return groups


def _places(groups: dict[Place, list[Track]], catalog: Catalog,
            plane: _Plane) -> dict[str, Place]:
    """Each track's mark: its group's place, spread in a sunflower among its neighbours."""
    moods = {(plane.x(m.valence), plane.y(m.arousal)) for m in catalog.moods}
    spread = SPREAD * plane.sizes.mark / marks.RADIUS
    places = {}
    for (x, y), group in groups.items():
        if len(group) == 1 and (x, y) not in moods:
            places[group[0].id] = (x, y)
            continue
        first = 1 if (x, y) in moods else 0  # the middle is the mood's own dot
        for i, track in enumerate(group, first):
            radius, angle = spread * math.sqrt(i + 0.5), i * GOLDEN_ANGLE
            places[track.id] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    return places


def _spread_radius(count: int, plane: _Plane) -> float:
    """How far a group of ``count`` marks reaches from its place."""
    spread = SPREAD * plane.sizes.mark / marks.RADIUS
    return (spread * math.sqrt(count + 0.5) if count > 1 else 0.0) + plane.sizes.mark


def _arc_band(root: ET.Element, catalog: Catalog, arc: Sequence[str], plane: _Plane) -> None:
    waypoints = [(plane.x(m.valence), plane.y(m.arousal))
                 for m in (catalog.moods[a] for a in arc)]
    if len(waypoints) == 1:
        waypoints = waypoints * 2  # a one-mood arc is a spot
    band = element(root, "polyline", class_="arc-target", points=points(waypoints),
                   fill="none", stroke=BAND, stroke_width=14.0 * plane.sizes.mark / marks.RADIUS,
                   stroke_opacity=0.35, stroke_linecap="round", stroke_linejoin="round")
    tooltip(band, "the arc's target: " + " \u2192 ".join(arc))


def _tracks(root: ET.Element, catalog: Catalog, tracks: Sequence[Track],
            places: dict[str, Place], film_marks: dict[str, marks.Mark],
            line: Sequence[Track], path: Sequence[Track], plane: _Plane) -> None:
    if len(line) > 1:
        element(root, "polyline", class_="path", points=points([places[t.id] for t in line]),
                fill="none", stroke=ACCENT, stroke_width=1.8 * plane.sizes.mark / marks.RADIUS,
                stroke_opacity=0.85, stroke_linejoin="round")
    stop = {t.id: n for n, t in enumerate(path, 1)}
    group = element(root, "g", class_="tracks")
    for track in sorted(tracks, key=lambda t: t.id in stop):  # the playlist's marks on top
        film = catalog.films[track.film]
        mark = marks.draw(group, film_marks[track.film], *places[track.id],
                          r=plane.sizes.mark, class_="track")
        mark.set("data-track", track.id)
        number = f"{stop[track.id]}. " if track.id in stop else ""
        by = f" \u2014 {track.artist}" if track.artist else ""
        tooltip(mark, f"{number}{track.title}{by} \u00b7 {film.title} ({film.year}) \u00b7 "
                      + ", ".join(track.moods))


def _clusters(root: ET.Element, catalog: Catalog, tracks: Sequence[Track],
              plane: _Plane) -> list[Box]:
    """Too many tracks for single marks: one disc a grid cell, its count written on it."""
    frame, sizes = plane.sizes.frame, plane.sizes
    side = (frame.right - frame.left) / CLUSTER_CELLS
    cells: dict[tuple[int, int], list[Track]] = {}
    for track in tracks:
        valence, arousal = catalog.moods.position(track.moods)
        x, y = plane.x(valence), plane.y(arousal)
        key = (min(int((x - frame.left) / side), CLUSTER_CELLS - 1),
               min(int((y - frame.top) / side), CLUSTER_CELLS - 1))
        cells.setdefault(key, []).append(track)
    most = max(len(v) for v in cells.values())
    group = element(root, "g", class_="clusters", font_size=sizes.stop, font_weight="bold",
                    text_anchor="middle")
    boxes = []
    for (i, j), members in sorted(cells.items()):
        x, y = frame.left + (i + 0.5) * side, frame.top + (j + 0.5) * side
        r = max(sizes.stop * 0.9, side * 0.48 * math.sqrt(len(members) / most))
        disc = element(group, "circle", class_="cluster", cx=x, cy=y, r=r, fill=ACCENT,
                       fill_opacity=0.22, stroke=ACCENT, stroke_width=1.0)
        tooltip(disc, f"{len(members)} track{'s' if len(members) != 1 else ''} here")
        element(group, "text", str(len(members)), class_="count", x=x,
                y=y + sizes.stop * 0.35, **HALO)
        boxes.append(Box.around(x, y, r))
    return boxes


def _moods(root: ET.Element, moods: list[Mood], placer: Placer, plane: _Plane) -> None:
    spots = {m.id: (plane.x(m.valence), plane.y(m.arousal)) for m in moods}
    size = plane.sizes.mood
    dot = 3.2 * size / MOOD_SIZE
    for x, y in spots.values():
        placer.block(Box.around(x, y, dot + 0.3))
    # The halo is set once on the group; each dot sets its own stroke.
    group = element(root, "g", class_="moods", font_size=size, font_weight="600", **HALO)
    for mood in _most_crowded_first(moods):
        x, y = spots[mood.id]
        element(group, "circle", class_="dot" if mood.origin == "catalog" else "dot yours",
                cx=x, cy=y, r=dot, fill=INK if mood.origin == "catalog" else PAPER,
                stroke=INK, stroke_width=1.2, paint_order="normal")
        label = placer.place(x, y, mood.id, size, gap=5.0 * size / MOOD_SIZE)
        text = element(group, "text", mood.id, class_="mood", x=label.x, y=label.y,
                       text_anchor=label.anchor)
        if mood.origin != "catalog":
            text.set("font-style", "italic")
        tooltip(text, f"{mood.id} ({mood.valence:+.2f}, {mood.arousal:+.2f}): "
                      f"{mood.description}")


def _most_crowded_first(moods: list[Mood]) -> list[Mood]:
    """Moods with close neighbours choose their label's place first."""
    def neighbours(mood: Mood) -> int:
        return sum(1 for m in moods if math.dist((m.valence, m.arousal),
                                                 (mood.valence, mood.arousal)) < 0.3)
    return sorted(moods, key=lambda m: (-neighbours(m), m.id))


def numbers_text(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Play-order numbers as runs: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _run_text(run: tuple[int, int]) -> str:
    first, last = run
    return str(first) if first == last else f"{first}\u2013{last}"


def _stops(root: ET.Element, path: Sequence[Track], groups: dict[Place, list[Track]],
           placer: Placer, plane: _Plane, links: bool) -> None:
    """One label a place: the play-order numbers of the tracks there ("3, 7–9")."""
    number = {t.id: n for n, t in enumerate(path, 1)}
    size = plane.sizes.stop
    group = element(root, "g", class_="stops", font_size=size, font_weight="bold", **HALO)
    for (x, y), members in sorted(groups.items(), key=lambda g: min(
            number.get(t.id, 1 << 30) for t in g[1])):
        runs = numbers_text([number[t.id] for t in members if t.id in number])
        if not runs:
            continue
        words = ", ".join(_run_text(r) for r in runs)
        reach = _spread_radius(len(members), plane)
        label = placer.place(x, y, words, size, gap=reach + 1.5)
        text = element(group, "text", None, class_="stop", x=label.x, y=label.y,
                       text_anchor=label.anchor)
        _numbers_in(text, runs, links)


def _numbers_in(text: ET.Element, runs: list[tuple[int, int]], links: bool) -> None:
    """The label's runs, each a link to its first track's entry when ``links``."""
    previous: ET.Element | None = None
    for i, run in enumerate(runs):
        words = _run_text(run)
        separator = ", " if i else ""
        if not links:
            text.text = (text.text or "") + separator + words
            continue
        if previous is None:
            text.text = separator or None
        else:
            previous.tail = separator
        previous = element(text, "a", words, href=f"#track-{run[0]}")


@dataclass
class _Rows:
    """The legend, written downwards one row at a time."""

    parent: ET.Element
    y: float = FRAME.top + 14

    def heading(self, text: str) -> None:
        element(self.parent, "text", text, x=LEGEND_X, y=self.y, font_weight="bold")
        self.y += 20

    def row(self, text: str, height: float = 20.0, **attributes: str | float) -> float:
        element(self.parent, "text", text, x=LEGEND_X + 22, y=self.y + 4, **attributes)
        y = self.y
        self.y += height
        return y


def film_counts(catalog: Catalog, tracks: Sequence[Track]) -> list[tuple[str, int]]:
    """The films of ``tracks``, oldest first, each with how many of them it has."""
    counts: dict[str, int] = {}
    for track in tracks:
        counts[track.film] = counts.get(track.film, 0) + 1
    films = sorted((catalog.films[f] for f in counts), key=lambda f: (f.year, f.id))
    return [(f.id, counts[f.id]) for f in films]


def _legend(root: ET.Element, catalog: Catalog, tracks: Sequence[Track],
            playlist: Playlist | None, dense: bool) -> None:
    rows = _Rows(element(root, "g", class_="legend", font_size=12))
    film_marks = marks.film_marks(catalog.films)
    films = film_counts(catalog, tracks)
    rows.heading(f"{len(tracks)} track{'s' if len(tracks) != 1 else ''} by film")
    room = int((FRAME.bottom - 190 - rows.y) // 20)
    shown = films if len(films) <= room else films[:room - 1]
    for film_id, count in shown:
        film = catalog.films[film_id]
        name = film.title if len(film.title) <= 28 else film.title[:27] + "\u2026"
        y = rows.row(f"{name} ({film.year}) \u00b7 {count}")
        if not dense:
            marks.draw(rows.parent, film_marks[film.id], LEGEND_X + 8, y)
    if len(shown) < len(films):
        rows.row(f"and {len(films) - len(shown)} more films", class_="muted", fill=MUTED)
    rows.y += 12
    rows.heading("On the map")
    y = rows.row("a mood (where the vocabulary puts it)")
    element(rows.parent, "circle", class_="dot", cx=LEGEND_X + 8, cy=y, r=3.2, fill=INK)
    if any(m.origin != "catalog" for m in catalog.moods):
        y = rows.row("a mood you added", font_style="italic")
        element(rows.parent, "circle", class_="dot yours", cx=LEGEND_X + 8, cy=y, r=3.2,
                fill=PAPER, stroke=INK, stroke_width=1.2)
    if dense:
        y = rows.row("tracks close together, counted")
        element(rows.parent, "circle", class_="key-cluster", cx=LEGEND_X + 8, cy=y, r=7.0,
                fill=ACCENT, fill_opacity=0.22, stroke=ACCENT)
    elif playlist and playlist.arc and len(playlist.tracks) > 1:
        y = rows.row("the playlist in play order, numbered")
        element(rows.parent, "line", class_="key-path", x1=LEGEND_X, y1=y, x2=LEGEND_X + 16, y2=y,
                stroke=ACCENT, stroke_width=1.8)
    elif playlist:
        rows.row("numbers: the play order")
    if playlist and playlist.arc:
        y = rows.row("the arc it aims to follow:")
        element(rows.parent, "line", class_="key-band", x1=LEGEND_X + 2, y1=y,
                x2=LEGEND_X + 14, y2=y, stroke=BAND, stroke_width=12.0, stroke_opacity=0.35,
                stroke_linecap="round")
        rows.row(" \u2192 ".join(playlist.arc), class_="muted", fill=MUTED)
    rows.y += 12
    for line in ("A track sits among its moods, led", "by the first; tracks with the same",
                 "moods gather around one place."):
        element(rows.parent, "text", line, class_="muted", x=LEGEND_X, y=rows.y, fill=MUTED)
        rows.y += 16
