"""How a film's tracks are marked: a colour and a shape, so a map printed in black and
white still tells the films apart (six shapes, each filled or hollow, make twelve).

A film keeps its mark in every picture: marks follow the catalog's film chronology, not
which films a picture happens to show.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import NamedTuple

from wkwmix.model import Film
from wkwmix.pictures.svg import element, num, points

# Distinct hues that stay apart for the common colour-vision deficiencies, dark enough
# to read on white.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
           "#7a5195", "#8c564b", "#3a7d44", "#b8860b", "#c0392b", "#34495e")
SHAPES = ("circle", "square", "triangle", "diamond", "down", "hexagon")
RADIUS = 5.5


class Mark(NamedTuple):
    colour: str
    shape: str
    hollow: bool


def film_marks(films: Mapping[str, Film]) -> dict[str, Mark]:
    """Each film's mark, by the films' chronology (year, then id)."""
    ordered = sorted(films.values(), key=lambda f: (f.year, f.id))
    return {film.id: _mark(rank) for rank, film in enumerate(ordered)}


def _mark(rank: int) -> Mark:
    shape = SHAPES[rank % len(SHAPES)]
    hollow = (rank // len(SHAPES)) % 2 == 1
    return Mark(COLOURS[rank % len(COLOURS)], shape, hollow)


def draw(parent: ET.Element, mark: Mark, x: float, y: float, r: float = RADIUS,
         **attributes: str | float) -> ET.Element:
    """The mark centred on (x, y); a hollow mark is white inside with a thick outline."""
    style: dict[str, str | float] = {
        "fill": "#ffffff" if mark.hollow else mark.colour,
        "stroke": mark.colour if mark.hollow else "#ffffff",
        "stroke_width": 2.0 if mark.hollow else 0.9,
        **attributes,
    }
    if mark.shape == "circle":
        return element(parent, "circle", cx=num(x), cy=num(y), r=num(r * 0.95), **style)
    if mark.shape == "square":
        side = r * 1.65
        return element(parent, "rect", x=num(x - side / 2), y=num(y - side / 2),
                       width=num(side), height=num(side), **style)
    return element(parent, "polygon", points=points(_outline(mark.shape, x, y, r)), **style)


def swatch(mark: Mark) -> str:
    """The mark alone as a small inline SVG, for a legend written in HTML (hidden from
    screen readers: the film's name beside it says what it means)."""
    root = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": "-8 -8 16 16",
                              "aria-hidden": "true", "focusable": "false"})
    draw(root, mark, 0.0, 0.0, r=6.0, class_="swatch")
    return ET.tostring(root, encoding="unicode")


def _outline(shape: str, x: float, y: float, r: float) -> list[tuple[float, float]]:
    corners, turn, scale = {"triangle": (3, -90, 1.2), "down": (3, 90, 1.2),
                            "diamond": (4, -90, 1.2), "hexagon": (6, 0, 1.05)}[shape]
    return [(x + r * scale * math.cos(math.radians(turn + i * 360 / corners)),
             y + r * scale * math.sin(math.radians(turn + i * 360 / corners)))
            for i in range(corners)]
