"""Text normalization shared by queries, matching and resolution."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``: 'Quizás' and 'QUIZAS' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


def loose(text: str) -> str:
    """``fold`` without punctuation and with single spaces, for comparing titles."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", fold(text).replace("'", ""))).strip()


def slugify(text: str) -> str:
    """A lowercase ascii slug such as used in ids."""
    return re.sub(r"[^a-z0-9]+", "-", loose(text)).strip("-")
