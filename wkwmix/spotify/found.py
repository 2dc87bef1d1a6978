"""What a Spotify search found for a catalog track: a ``Candidate`` with its score, and
what the score makes of it (sure, doubtful or none).

Kept apart from the scorer (``spotify.match``), so that reading remembered answers, as every
build does, needs none of the scorer's patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

SURE = 0.80
DOUBT = 0.50


@dataclass(frozen=True)
class Candidate:
    uri: str
    name: str
    artists: tuple[str, ...]
    album: str
    duration: int | None
    score: float
    year: int | None = None
    isrc: str | None = None
    note: str = ""  # why a likely match is held for review (another recording, the market)

    @property
    def label(self) -> str:
        return f"{self.name} — {', '.join(self.artists)}"


def status_of(candidate: Candidate | None) -> str:
    if candidate is None or candidate.score < DOUBT:
        return "none"
    return "sure" if candidate.score >= SURE else "doubtful"
