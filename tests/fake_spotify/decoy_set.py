"""The resolver's decoy set (tests/data/spotify_decoys.yaml): loading it, and measuring the
resolver on it.

Each case is a catalog-like track and the search results a real search tends to return
(as Spotify sends them for a search in the listener's market); every third case is kept
aside (never tuned on). ``measure`` scores each case's results as the resolver does and
counts: a case is *used* when the best candidate is sure; precision is the share of used
cases whose pick is a right recording, recall the share of cases with a right recording in
which one was picked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fake_spotify.state import in_market, spotify_id, track_object
from wkwmix.model import Track

DATA = Path(__file__).resolve().parent.parent / "data" / "spotify_decoys.yaml"
KEPT_ASIDE_EVERY = 3
# Cases written at one time, in order: each batch's kept-aside cases were first run blind.
BATCHES = ((1, 81), (82, 111), (112, 141), (142, 171), (172, 216), (217, 261), (262, 321),
           (322, 411), (412, 501), (502, 591), (592, 681),
           (682, 771), (772, 861), (862, 951), (952, 1041), (1042, 1131), (1132, 1221),
           (1222, 1311), (1312, 1401), (1402, 1491), (1492, 1581), (1582, 1671),
           (1672, 1761), (1762, 1851), (1852, 1941), (1942, 2031))
ELSEWHERE = ("JP", "TW")  # where a release marked "elsewhere" can be played: not the listener's


@dataclass(frozen=True)
class Case:
    number: int
    track: Track
    year: int | None
    items: list[dict[str, Any]]  # as a search in the listener's market returns them
    rights: frozenset[str]  # the URIs of the right recording; empty: none among the results
    film: str | None = None  # the film's title, when the case gives it
    raw: tuple[dict[str, Any], ...] = ()  # the items as the stand-in keeps them

    @property
    def right(self) -> str | None:
        """One right URI, or None when the case has none."""
        return min(self.rights) if self.rights else None

    @property
    def film_names(self) -> tuple[str, ...]:
        return (self.film,) if self.film else ()

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
    film = fields.pop("film", None)
    fields["alt_titles"] = tuple(fields.get("alt_titles") or ())
    track = Track(id=f"decoys/{number}", film="decoys", moods=("dream",), **fields)
    stored, rights = [], set()
    for k, row in enumerate(raw["results"]):
        name, artists, album, seconds, released = row[:5]
        flags = set(row[5:])
        if flags - {"right", "elsewhere"}:
            raise ValueError(f"decoy case {number}: unknown flags {sorted(flags)}")
        track_id = spotify_id(f"decoy-{number}-{k}")
        markets = ELSEWHERE if "elsewhere" in flags else ("HK", "FR")
        stored.append(track_object(track_id, str(name), str(artists).split("; "), str(album),
                                   int(seconds) * 1000, int(released), markets))
        if "right" in flags:
            rights.add(f"spotify:track:{track_id}")
    items = [in_market(item, "from_token") for item in stored]
    return Case(number, track, year, items, frozenset(rights), film and str(film),
                tuple(stored))


def measure(cases: list[Case]) -> Figures:
    from wkwmix.spotify.found import status_of
    from wkwmix.spotify.match import best

    used = used_right = 0
    for case in cases:
        pick = best(case.track, case.items, year=case.year, film=case.film_names)
        if status_of(pick) == "sure" and pick is not None:
            used += 1
            used_right += pick.uri in case.rights
    return Figures(len(cases), sum(bool(c.rights) for c in cases), used, used_right)


def misses(cases: list[Case]) -> list[str]:
    """What went wrong, case by case (for tuning on the tuning part only)."""
    from wkwmix.spotify.found import status_of
    from wkwmix.spotify.match import best

    found = []
    for case in cases:
        pick = best(case.track, case.items, year=case.year, film=case.film_names)
        chosen = pick.uri if pick is not None and status_of(pick) == "sure" else None
        if chosen not in case.rights and (chosen or case.rights):
            found.append(f"{case.number}: {case.track.title!r} picked "
                         f"{pick.label + ' / ' + pick.album if pick else None} "
                         f"({pick.score if pick else None}); right {case.right is not None}")
    return found
