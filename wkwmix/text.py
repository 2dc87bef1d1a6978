"""Text normalization shared by queries, matching and resolution."""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss"})


def unligatured(text: str) -> str:
    """``text`` with its letter ligatures spelled out ('Cœur' as 'Coeur'), which Unicode's
    own decomposition leaves as they are."""
    return text.translate(_LIGATURES)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``: 'Quizás' and 'QUIZAS' fold alike, and
    'Cœur' and 'coeur'."""
    decomposed = unicodedata.normalize("NFKD", unligatured(text).translate(_APOSTROPHES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


def loose(text: str) -> str:
    """``fold`` without punctuation and with single spaces, for comparing titles."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", fold(text).replace("'", ""))).strip()


def slugify(text: str) -> str:
    """A lowercase ascii slug such as used in ids."""
    return re.sub(r"[^a-z0-9]+", "-", loose(text)).strip("-")


# C0 and C1 control characters (tab and line breaks are handled where text is laid out) and
# the bidirectional overrides, which can make a title display as something it is not.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``), never sent raw.

    A title from a shared catalog could otherwise clear the screen or hide what follows.
    """
    if not has_control(text):
        return text
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading = + - @ gets a quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can always be printed, a file name that is not UTF-8 included
    (its bytes shown as escapes)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
