"""Where labels go: text sizes bounded from their characters, and a placer that puts
each label beside its point where it overlaps no other label and no marked point.

No font is at hand to measure text, and the browser draws a label in whichever of the
picture's fonts it has (or its own sans-serif). So a label's box is laid out to hold it in
any of them: each character as wide as its widest advance among the common sans-serif
faces, the box as tall as the tallest line of them. The layout is then the same on every
machine, and a browser test checks the bound against real rendering with several fonts.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# The widest advance of each printable ASCII character, in ems, among DejaVu Sans (the
# usual fallback sans-serif, and the widest), Liberation Sans (Arial's and Helvetica's
# metrics) and Noto Sans, in the weights and slants labels use (600 and bold, upright and
# italic); rounded up to a hundredth.
ADVANCE = {
    ' ': 0.35, '!': 0.46, '"': 0.53, '#': 0.84, '$': 0.7, '%': 1.01, '&': 0.88, "'": 0.31,
    '(': 0.46, ')': 0.46, '*': 0.55, '+': 0.84, ',': 0.38, '-': 0.42, '.': 0.38, '/': 0.43,
    '0': 0.7, '1': 0.7, '2': 0.7, '3': 0.7, '4': 0.7, '5': 0.7, '6': 0.7, '7': 0.7, '8': 0.7,
    '9': 0.7, ':': 0.4, ';': 0.4, '<': 0.84, '=': 0.84, '>': 0.84, '?': 0.62, '@': 1.0,
    'A': 0.78, 'B': 0.77, 'C': 0.74, 'D': 0.83, 'E': 0.69, 'F': 0.69, 'G': 0.83, 'H': 0.84,
    'I': 0.39, 'J': 0.56, 'K': 0.78, 'L': 0.64, 'M': 1.0, 'N': 0.84, 'O': 0.85, 'P': 0.74,
    'Q': 0.85, 'R': 0.77, 'S': 0.72, 'T': 0.69, 'U': 0.82, 'V': 0.78, 'W': 1.11, 'X': 0.78,
    'Y': 0.73, 'Z': 0.73, '[': 0.46, '\\': 0.43, ']': 0.46, '^': 0.84, '_': 0.56, '`': 0.5,
    'a': 0.68, 'b': 0.72, 'c': 0.6, 'd': 0.72, 'e': 0.68, 'f': 0.44, 'g': 0.72, 'h': 0.72,
    'i': 0.35, 'j': 0.35, 'k': 0.67, 'l': 0.35, 'm': 1.05, 'n': 0.72, 'o': 0.69, 'p': 0.72,
    'q': 0.72, 'r': 0.5, 's': 0.6, 't': 0.48, 'u': 0.72, 'v': 0.66, 'w': 0.93, 'x': 0.65,
    'y': 0.66, 'z': 0.59, '{': 0.72, '|': 0.56, '}': 0.72, '~': 0.84
}
WIDEST = max(ADVANCE.values())  # any other character not known to be narrower
WIDE_EM = 1.0  # CJK and other wide characters: a full square
# The tallest line of those faces (Noto Sans), above and below the baseline, in ems: a
# browser's box around a text spans the font's whole line, not only its ink.
ASCENT, DESCENT = 1.07, 0.30
MIDDLE = 0.27  # the middle of a small letter, above the baseline: where the eye centres text


def char_width(char: str) -> float:
    """A bound on the advance of ``char``, in ems."""
    if char in ADVANCE:
        return ADVANCE[char]
    if unicodedata.east_asian_width(char) in "WF":
        return WIDE_EM
    if unicodedata.combining(char):
        return 0.0  # drawn over the character before it
    base = unicodedata.normalize("NFD", char)[0]  # an accented letter: as its letter
    return ADVANCE.get(base, WIDEST)


def text_width(text: str, size: float) -> float:
    return size * sum(char_width(c) for c in text)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)

    def inside(self, frame: Box) -> bool:
        return (self.left >= frame.left and self.right <= frame.right
                and self.top >= frame.top and self.bottom <= frame.bottom)

    @staticmethod
    def around(x: float, y: float, radius: float) -> Box:
        return Box(x - radius, y - radius, x + radius, y + radius)


@dataclass(frozen=True)
class Label:
    """A label's text placed with its baseline at (x, y) and the given anchor."""

    x: float
    y: float
    anchor: str  # start | middle | end
    box: Box


def text_box(x: float, y: float, anchor: str, text: str, size: float) -> Box:
    width = text_width(text, size)
    left = x - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
    return Box(left, y - ASCENT * size, left + width, y + DESCENT * size)


# Positions around a point, preferred first: right, left, above, below, then diagonals;
# each a direction and the text-anchor that keeps the text on that side.
_SIDES = ((1, 0, "start"), (-1, 0, "end"), (0, -1, "middle"), (0, 1, "middle"),
          (1, -1, "start"), (-1, -1, "end"), (1, 1, "start"), (-1, 1, "end"))


class Placer:
    """Places labels one by one; each avoids every label placed before and the obstacles.

    ``hard`` boxes (other labels, points that must stay visible) are never covered when a
    free place exists; ``soft`` ones (marks under a label's halo) are avoided where cheap.
    Boxes are filed in a grid of square cells, so a candidate is tested only against the
    boxes of the cells it touches: placing n labels among m obstacles stays near-linear.
    """

    CELL = 48.0  # the grid's cell side, in drawing units: about a label's width

    def __init__(self, frame: Box, hard: Iterable[Box] = (), soft: Iterable[Box] = ()) -> None:
        self.frame = frame
        self.hard = _Grid(self.CELL)
        self.soft = _Grid(self.CELL)
        for box in hard:
            self.hard.add(box)
        for box in soft:
            self.soft.add(box)

    def place(self, x: float, y: float, text: str, size: float, gap: float = 5.0) -> Label:
        best: tuple[float, Label] | None = None
        for step in range(8):  # further away only when every nearer place is taken
            distance = gap + step * size * 0.9
            for rank, (dx, dy, anchor) in enumerate(_SIDES):
                label = self._candidate(x, y, dx, dy, anchor, text, size, distance)
                cost = self._cost(label.box) + rank * 0.01 + step * 0.5
                if best is None or cost < best[0]:
                    best = (cost, label)
            assert best is not None
            if best[0] < 1:  # no hard overlap and few soft ones at this distance
                break
        assert best is not None
        self.hard.add(best[1].box)
        return best[1]

    def block(self, box: Box) -> None:
        self.hard.add(box)

    def _candidate(self, x: float, y: float, dx: int, dy: int, anchor: str, text: str,
                   size: float, distance: float) -> Label:
        scale = math.sqrt(0.5) if dx and dy else 1.0
        bx = x + dx * distance * scale
        # The baseline sits so the text's middle is level with the point (left or right),
        # or its box's edge is ``distance`` away (above or below).
        by = {0: y + MIDDLE * size, -1: y - distance * scale - DESCENT * size,
              1: y + distance * scale + ASCENT * size}[dy]
        return Label(bx, by, anchor, text_box(bx, by, anchor, text, size))

    def _cost(self, box: Box) -> float:
        if not box.inside(self.frame):
            return 1000.0
        return self.hard.overlapping(box) * 100.0 + self.soft.overlapping(box) * 0.3


class _Grid:
    """Boxes filed by the square cells they touch."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.boxes: list[Box] = []
        self.cells: dict[tuple[int, int], list[int]] = {}

    def _keys(self, box: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box.left / c), math.floor(box.right / c) + 1):
            for j in range(math.floor(box.top / c), math.floor(box.bottom / c) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        self.boxes.append(box)
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(len(self.boxes) - 1)

    def overlapping(self, box: Box) -> int:
        """How many filed boxes overlap ``box``."""
        near = {n for key in self._keys(box) for n in self.cells.get(key, ())}
        return sum(1 for n in near if box.overlaps(self.boxes[n]))
