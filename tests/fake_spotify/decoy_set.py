"""The resolver's decoy set (tests/data/spotify_decoys.yaml): loading it, and measuring the
resolver on it.

Each case is a catalog-like track and the search results a real search tends to return;
every third case is kept aside (never tuned on). ``measure`` scores each case's results as
the resolver does and counts: a case is *used* when the best candidate is sure; precision
is the share of used cases whose pick is the right recording, recall the share of cases
with a right recording in which it was picked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fake_spotify.state import spotify_id, track_object
from wkwmix.model import Track

DATA = Path(__file__).resolve().parent.parent / "data" / "spotify_decoys.yaml"
KEPT_ASIDE_EVERY = 3
# Cases written at one time, in order: each batch's kept-aside cases were first run blind.
BATCHES = ((1, 81), (82, 111), (112, 141), (142, 171))


@dataclass(frozen=True)
class Case:
    number: int
    track: Track
    year: int | None
    items: list[dict[str, Any]]
    right: str | None  # the right recording's URI; None: there is none among the results

    @property
    def part(self) -> str:
        return "kept aside" if self.number % KEPT_ASIDE_EVERY == 0 else "tuning"

    @property
    def batch(self) -> tuple[int, int]:
        return next(b for b in BATCHES if b[0] <= self.number <= b[1])


@dataclass(frozen=True)
class Figures:
    cases: int
    with_right: int
    used: int
    used_right: int

    @property
    def precision(self) -> float:
        return self.used_right / self.used if self.used else 1.0

    @property
    def recall(self) -> float:
        return self.used_right / self.with_right if self.with_right else 1.0


def load(path: Path = DATA) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [_case(n, raw) for n, raw in enumerate(data["cases"], 1)]


def _case(number: int, raw: dict[str, Any]) -> Case:
    fields = dict(raw["track"])
    year = fields.pop("year", None)
    fields["alt_titles"] = tuple(fields.get("alt_titles") or ())
    track = Track(id=f"decoys/{number}", film="decoys", moods=("dream",), **fields)
    items, right = [], None
    for k, row in enumerate(raw["results"]):
        name, artists, album, seconds, released = row[:5]
        track_id = spotify_id(f"decoy-{number}-{k}")
        items.append(track_object(track_id, str(name), str(artists).split("; "), str(album),
                                  int(seconds) * 1000, int(released)))
        if row[5:] == ["right"]:
            right = f"spotify:track:{track_id}"
    return Case(number, track, year, items, right)


def measure(cases: list[Case]) -> Figures:
    from wkwmix.spotify.found import status_of
    from wkwmix.spotify.match import best

    used = used_right = 0
    for case in cases:
        pick = best(case.track, case.items, year=case.year)
        if status_of(pick) == "sure" and pick is not None:
            used += 1
            used_right += pick.uri == case.right
    return Figures(len(cases), sum(c.right is not None for c in cases), used, used_right)


def misses(cases: list[Case]) -> list[str]:
    """What went wrong, case by case (for tuning on the tuning part only)."""
    from wkwmix.spotify.found import status_of
    from wkwmix.spotify.match import best

    found = []
    for case in cases:
        pick = best(case.track, case.items, year=case.year)
        chosen = pick.uri if pick is not None and status_of(pick) == "sure" else None
        if chosen != case.right:
            found.append(f"{case.number}: {case.track.title!r} picked "
                         f"{pick.label + ' / ' + pick.album if pick else None} "
                         f"({pick.score if pick else None}); right {case.right is not None}")
    return found
