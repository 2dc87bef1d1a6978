"""Where labels go: text sizes estimated from their characters, and a placer that puts
each label beside its point where it overlaps no other label and no marked point.

No font is at hand to measure text, so widths are estimated generously (a wide Latin
letter, a full square for a CJK character); a browser test checks the estimate against
real rendering on the shipped catalog.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

LATIN_EM = 0.6  # average advance of a sans-serif letter, in ems, rounded up
WIDE_EM = 1.0  # CJK and other wide characters
ASCENT, DESCENT = 0.78, 0.24  # of the font size, above and below the baseline


def text_width(text: str, size: float) -> float:
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return size * (wide * WIDE_EM + (len(text) - wide) * LATIN_EM)


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
    """

    def __init__(self, frame: Box, hard: Iterable[Box] = (), soft: Iterable[Box] = ()) -> None:
        self.frame = frame
        self.hard = list(hard)
        self.soft = list(soft)

    def place(self, x: float, y: float, text: str, size: float, gap: float = 5.0) -> Label:
        best: tuple[float, Label] | None = None
        for step in range(4):  # further away only when every nearer place is taken
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
        self.hard.append(best[1].box)
        return best[1]

    def block(self, box: Box) -> None:
        self.hard.append(box)

    def _candidate(self, x: float, y: float, dx: int, dy: int, anchor: str, text: str,
                   size: float, distance: float) -> Label:
        scale = math.sqrt(0.5) if dx and dy else 1.0
        bx = x + dx * distance * scale
        # The baseline sits so the text's middle is level with the point (left or right),
        # or its edge is ``distance`` away (above or below).
        middle = (ASCENT - DESCENT) / 2 * size
        by = {0: y + middle, -1: y - distance * scale - DESCENT * size,
              1: y + distance * scale + ASCENT * size}[dy]
        return Label(bx, by, anchor, text_box(bx, by, anchor, text, size))

    def _cost(self, box: Box) -> float:
        if not box.inside(self.frame):
            return 1000.0
        hard = sum(1 for other in self.hard if box.overlaps(other))
        soft = sum(1 for other in self.soft if box.overlaps(other))
        return hard * 100.0 + soft * 0.3
