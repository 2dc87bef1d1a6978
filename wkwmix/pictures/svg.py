"""SVG building blocks: elements, numbers, text that XML accepts, and the finished document.

Everything is drawn in viewBox units (the pictures scale to any size); numbers are
rounded to a tenth so that files stay small and the same input gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

SVG_NS = "http://www.w3.org/2000/svg"
# Latin first, then CJK faces, so Chinese titles draw as characters wherever a CJK font
# is installed; generic sans-serif last.
FONTS = ("'Noto Sans', 'Helvetica Neue', Helvetica, Arial, 'Noto Sans CJK TC', "
         "'Noto Sans CJK SC', 'PingFang TC', 'Hiragino Sans', 'Microsoft JhengHei', "
         "'Source Han Sans TC', sans-serif")
# The light palette (a page restyles the pictures for its dark theme): night-city red
# for paths, jade green for targets, on warm paper; text at WCAG AA contrast or better.
INK = "#1a1a1a"
MUTED = "#5a5550"
PAPER = "#fbf7ef"
ACCENT = "#c0122c"
BAND = "#0f8a4c"
# Characters XML 1.0 forbids (control characters other than tab, newline, return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Point = tuple[float, float]


def num(value: float) -> str:
    """A coordinate as short text: one decimal, no trailing zero."""
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def clean(text: str | None) -> str:
    """Text XML can hold, on one line: forbidden characters dropped, line breaks as spaces."""
    return " ".join(_NOT_XML.sub("", text or "").split())


def element(parent: ET.Element | None, tag: str, text: str | None = None, /,
            **attributes: str | float) -> ET.Element:
    """An SVG element (under ``parent`` when given); ``font_size`` stands for font-size."""
    attrs = {name.rstrip("_").replace("_", "-"): num(value) if isinstance(value, float)
             else str(value) for name, value in attributes.items()}
    node = ET.Element(tag, attrs) if parent is None else ET.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = clean(text)
    return node


def tooltip(parent: ET.Element, text: str) -> None:
    """A <title>: browsers show it on hover."""
    element(parent, "title", text)


def points(coords: Sequence[Point]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in coords)


def document(width: float, height: float, label: str, role: str = "img") -> ET.Element:
    """The root <svg>, sized by its viewBox so it scales to the space it is given; a
    picture holding links is a "group" (an image may hold nothing one can use)."""
    root = element(None, "svg", xmlns=SVG_NS, viewBox=f"0 0 {num(width)} {num(height)}",
                   role=role, font_family=FONTS, font_size=13, fill=INK)
    root.set("aria-label", clean(label))
    element(root, "title", label)
    element(root, "rect", class_="paper", width=width, height=height, fill=PAPER)
    return root


def serialize(root: ET.Element, *, standalone: bool) -> str:
    """The SVG text; ``standalone`` adds the XML declaration a file on its own wants."""
    text = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n' if standalone else text
