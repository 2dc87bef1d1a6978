"""A candidate: a track that may go into a playlist, with what ordering and fitting need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wkwmix.model import Entry, Film, LocalFile, Track

Point = tuple[float, float]
# How prominent a track is in its film, from its ``heard`` fact: what the film features
# first, a track no source describes next, then music heard in passing or not at all.
PROMINENCE = {"theme": 0, "featured": 0, None: 1, "background": 2, "brief": 3,
              "album-only": 3, "not-in-film": 4}


@dataclass(slots=True, eq=False)  # identity: two appearances are never one candidate
class Candidate:
    """A track that may go into the playlist, with what ordering and fitting need to know."""

    track: Track
    film: Film
    seconds: int  # real length, else the estimate
    duration: int | None  # real length only
    duration_source: str  # "file", "catalog", "spotify" or "estimate"
    local: LocalFile | None
    point: Point  # the track's position on the valence/arousal plane
    chronology: int  # film chronology, then catalog order
    draw: int  # a seeded random number, unique: the order among equals

    @property
    def artist(self) -> str | None:
        return self.track.artist

    @property
    def prominence(self) -> int:
        """0 for a film's themes and featured songs; larger for music heard less."""
        return PROMINENCE.get(self.track.heard, 1)

    def entry(self, estimate: int) -> Entry:
        return Entry(
            track=self.track,
            film=self.film,
            duration=self.duration,
            estimated_duration=estimate if self.duration is None else None,
            duration_source=self.duration_source,
            local_path=self.local.path if self.local is not None else None,
            spotify=self.track.spotify,
            recording_id=self.local.recording_id if self.local is not None else None,
            point=self.point,
            duration_basis=self.track.duration_basis if self.duration is not None
            and self.local is None else None,
        )


def median(values: Iterable[float]) -> float:
    """The middle value (the mean of the two middle ones for an even count), as
    ``statistics.median`` gives it: that module costs a build more to import than to use."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
