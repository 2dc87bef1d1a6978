"""The mood map: the valence/arousal plane with every mood of the vocabulary, the selected
tracks as marks (colour and shape by film), and a playlist's path in play order.

A track sits at the mean position of its moods, the very place the playlist engine uses;
tracks with the same moods share a place, so they are spread in a small sunflower around
it, each still visible (and off the dot of a mood they sit on). An arc playlist's target
runs under its path as a wide pale band.
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
    INK,
    MUTED,
    clean,
    document,
    element,
    num,
    points,
    serialize,
    tooltip,
)

WIDTH, HEIGHT = 1000.0, 740.0
FRAME = Box(70.0, 50.0, 710.0, 690.0)
PAD = 26.0  # between the frame and the plane's edge (-1 or 1)
MOOD_SIZE, STOP_SIZE = 13.0, 11.0
HALO: dict[str, str | float] = {"stroke": "#ffffff", "stroke_width": 3.5,
                                "stroke_linejoin": "round", "paint_order": "stroke"}
SPREAD = 6.5  # sunflower spacing of tracks that share a place
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
LEGEND_X = 740.0


def mood_map(catalog: Catalog, tracks: Sequence[Track], playlist: Playlist | None = None,
             *, title: str = "", standalone: bool = True) -> str:
    """The map as SVG text: ``tracks`` marked, ``playlist`` (if any) drawn in play order."""
    heading = title or (f"Mood map: {playlist.name}" if playlist else "Mood map")
    root = document(WIDTH, HEIGHT, clean(heading))
    element(root, "text", heading, x=30.0, y=32.0, font_size=18, font_weight="bold")
    _axes(root)
    path = list(playlist.tracks) if playlist else []
    places = _places(catalog, [*tracks, *(t for t in path if t not in tracks)])
    film_marks = marks.film_marks(catalog.films)
    if playlist and playlist.arc:
        _arc_band(root, catalog, playlist.arc)
    _tracks(root, catalog, tracks, places, film_marks, path)
    placer = Placer(FRAME, soft=[Box.around(*places[t.id], marks.RADIUS) for t in tracks])
    _moods(root, list(catalog.moods), placer)
    if path:
        _stops(root, path, places, placer)
    _legend(root, catalog, tracks, film_marks, playlist)
    return serialize(root, standalone=standalone)


def to_x(valence: float) -> float:
    return FRAME.left + PAD + (valence + 1) / 2 * (FRAME.right - FRAME.left - 2 * PAD)


def to_y(arousal: float) -> float:
    return FRAME.top + PAD + (1 - arousal) / 2 * (FRAME.bottom - FRAME.top - 2 * PAD)


def _axes(root: ET.Element) -> None:
    group = element(root, "g", class_="axes", font_size=10, fill=MUTED)
    element(group, "rect", x=FRAME.left, y=FRAME.top, width=FRAME.right - FRAME.left,
            height=FRAME.bottom - FRAME.top, fill="#fafafa", stroke="#cccccc")
    for value in (-1.0, -0.5, 0.0, 0.5, 1.0):
        weight: dict[str, str | float] = {"stroke": "#9a9a9a", "stroke_width": 1.2} \
            if value == 0 else {"stroke": "#e4e4e4", "stroke_width": 1.0}
        x, y = to_x(value), to_y(value)
        element(group, "line", x1=x, y1=FRAME.top, x2=x, y2=FRAME.bottom, **weight)
        element(group, "line", x1=FRAME.left, y1=y, x2=FRAME.right, y2=y, **weight)
        tick = f"{value:+.1f}".replace("+0.0", "0").replace("-", "\u2212")
        element(group, "text", tick, x=x, y=FRAME.bottom + 14, text_anchor="middle")
        element(group, "text", tick, x=FRAME.left - 6, y=y + 3.5, text_anchor="end")
    words = element(root, "g", class_="axis-words", font_size=13, fill=INK)
    below = FRAME.bottom + 36
    element(words, "text", "\u2190 unpleasant", x=FRAME.left, y=below)
    element(words, "text", "valence", x=(FRAME.left + FRAME.right) / 2, y=below,
            text_anchor="middle", fill=MUTED)
    element(words, "text", "pleasant \u2192", x=FRAME.right, y=below, text_anchor="end")
    side = FRAME.left - 40
    for text, y, anchor, colour in (("\u2190 calm", FRAME.bottom, "start", INK),
                                    ("arousal", (FRAME.top + FRAME.bottom) / 2, "middle", MUTED),
                                    ("energetic \u2192", FRAME.top, "end", INK)):
        element(words, "text", text, x=side, y=y, text_anchor=anchor, fill=colour,
                transform=f"rotate(-90 {num(side)} {num(y)})")


def _places(catalog: Catalog, tracks: Sequence[Track]) -> dict[str, tuple[float, float]]:
    """Each track's place on the drawing: its moods' mean, spread among its neighbours."""
    groups: dict[tuple[float, float], list[Track]] = {}
    for track in tracks:
        valence, arousal = catalog.moods.position(track.moods)
        groups.setdefault((to_x(valence), to_y(arousal)), []).append(track)
    moods = {(to_x(m.valence), to_y(m.arousal)) for m in catalog.moods}
    places = {}
    for (x, y), group in groups.items():
        if len(group) == 1 and (x, y) not in moods:
            places[group[0].id] = (x, y)
            continue
        first = 1 if (x, y) in moods else 0  # the middle is the mood's own dot
        for i, track in enumerate(group, first):
            radius, angle = SPREAD * math.sqrt(i + 0.5), i * GOLDEN_ANGLE
            places[track.id] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    return places


def _arc_band(root: ET.Element, catalog: Catalog, arc: Sequence[str]) -> None:
    waypoints = [(to_x(m.valence), to_y(m.arousal)) for m in (catalog.moods[a] for a in arc)]
    if len(waypoints) == 1:
        waypoints = waypoints * 2  # a one-mood arc is a spot
    band = element(root, "polyline", class_="arc-target", points=points(waypoints),
                   fill="none", stroke="#bdbdbd", stroke_width=14.0, stroke_opacity=0.55,
                   stroke_linecap="round", stroke_linejoin="round")
    tooltip(band, "the arc's target: " + " \u2192 ".join(arc))


def _tracks(root: ET.Element, catalog: Catalog, tracks: Sequence[Track],
            places: dict[str, tuple[float, float]], film_marks: dict[str, marks.Mark],
            path: Sequence[Track]) -> None:
    if len(path) > 1:
        element(root, "polyline", class_="path", points=points([places[t.id] for t in path]),
                fill="none", stroke=INK, stroke_width=1.6, stroke_opacity=0.8,
                stroke_linejoin="round")
    stop = {t.id: n for n, t in enumerate(path, 1)}
    group = element(root, "g", class_="tracks")
    for track in sorted(tracks, key=lambda t: t.id in stop):  # the path's marks on top
        film = catalog.films[track.film]
        mark = marks.draw(group, film_marks[track.film], *places[track.id], class_="track")
        mark.set("data-track", track.id)
        number = f"{stop[track.id]}. " if track.id in stop else ""
        by = f" \u2014 {track.artist}" if track.artist else ""
        tooltip(mark, f"{number}{track.title}{by} \u00b7 {film.title} ({film.year}) \u00b7 "
                      + ", ".join(track.moods))


def _moods(root: ET.Element, moods: list[Mood], placer: Placer) -> None:
    spots = {m.id: (to_x(m.valence), to_y(m.arousal)) for m in moods}
    for x, y in spots.values():
        placer.block(Box.around(x, y, 3.5))
    group = element(root, "g", class_="moods", font_size=MOOD_SIZE, font_weight="600")
    for mood in _most_crowded_first(moods):
        x, y = spots[mood.id]
        element(group, "circle", cx=x, cy=y, r=3.2, fill=INK if mood.origin == "catalog"
                else "#ffffff", stroke=INK, stroke_width=1.2)
        label = placer.place(x, y, mood.id, MOOD_SIZE)
        text = element(group, "text", mood.id, class_="mood", x=label.x, y=label.y,
                       text_anchor=label.anchor, **HALO)
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


def _stops(root: ET.Element, path: Sequence[Track], places: dict[str, tuple[float, float]],
           placer: Placer) -> None:
    group = element(root, "g", class_="stops", font_size=STOP_SIZE, font_weight="bold")
    for n, track in enumerate(path, 1):
        x, y = places[track.id]
        label = placer.place(x, y, str(n), STOP_SIZE, gap=marks.RADIUS + 1.5)
        element(group, "text", str(n), class_="stop", x=label.x, y=label.y,
                text_anchor=label.anchor, **HALO)


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


def _legend(root: ET.Element, catalog: Catalog, tracks: Sequence[Track],
            film_marks: dict[str, marks.Mark], playlist: Playlist | None) -> None:
    rows = _Rows(element(root, "g", class_="legend", font_size=12))
    counts: dict[str, int] = {}
    for track in tracks:
        counts[track.film] = counts.get(track.film, 0) + 1
    films = sorted((catalog.films[f] for f in counts), key=lambda f: (f.year, f.id))
    rows.heading(f"{len(tracks)} track{'s' if len(tracks) != 1 else ''} by film")
    room = int((FRAME.bottom - 190 - rows.y) // 20)
    shown = films if len(films) <= room else films[:room - 1]
    for film in shown:
        name = film.title if len(film.title) <= 28 else film.title[:27] + "\u2026"
        y = rows.row(f"{name} ({film.year}) \u00b7 {counts[film.id]}")
        marks.draw(rows.parent, film_marks[film.id], LEGEND_X + 8, y)
    if len(shown) < len(films):
        rows.row(f"and {len(films) - len(shown)} more films", fill=MUTED)
    rows.y += 12
    rows.heading("On the map")
    y = rows.row("a mood (where the vocabulary puts it)")
    element(rows.parent, "circle", cx=LEGEND_X + 8, cy=y, r=3.2, fill=INK)
    if any(m.origin != "catalog" for m in catalog.moods):
        y = rows.row("a mood you added", font_style="italic")
        element(rows.parent, "circle", cx=LEGEND_X + 8, cy=y, r=3.2, fill="#ffffff",
                stroke=INK, stroke_width=1.2)
    if playlist and len(playlist.tracks) > 1:
        y = rows.row("the playlist in play order, numbered")
        element(rows.parent, "line", x1=LEGEND_X, y1=y, x2=LEGEND_X + 16, y2=y, stroke=INK,
                stroke_width=1.6)
    if playlist and playlist.arc:
        y = rows.row("the arc it aims to follow:")
        element(rows.parent, "line", x1=LEGEND_X + 2, y1=y, x2=LEGEND_X + 14, y2=y,
                stroke="#bdbdbd", stroke_width=12.0, stroke_opacity=0.55, stroke_linecap="round")
        rows.row(" \u2192 ".join(playlist.arc), fill=MUTED)
    rows.y += 12
    for line in ("A track sits at the mean of its", "moods; tracks with the same moods",
                 "gather around one place."):
        element(rows.parent, "text", line, x=LEGEND_X, y=rows.y, fill=MUTED)
        rows.y += 16
