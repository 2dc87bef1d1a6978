"""The stand-in's search index from the decoy set, independent of the catalog under test.

Every result of every case in tests/data/spotify_decoys.yaml is indexed (in each case's
order of popularity), and a catalog is written whose tracks are the cases' tracks. Nothing
here is derived from the catalog, so a wrong credit in a catalog shows as a failed match.
One recording may be the subject of several cases; any case's right answer for the same
track counts as right.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from fake_spotify.decoy_set import Case, load
from fake_spotify.state import World


@dataclass(frozen=True)
class Indexed:
    track_id: str
    right: frozenset[str]  # URIs of this track's right recording (any twin case's)
    indexed: frozenset[str]  # every URI the case put in the index


def index_case(world: World, case: Case) -> None:
    """Put one case's results in the index, most popular first."""
    for n, item in enumerate(case.raw):
        world.tracks[item["id"]] = item
        world.popularity[item["id"]] = 90 - n
        world.searchable[item["id"]] = set(_words(item))


def populate(world: World, catalog: Path) -> list[Indexed]:
    """Index every case's results; write the cases' tracks as a catalog to ``catalog``."""
    cases = load()
    for case in cases:
        index_case(world, case)
    catalog.write_text(yaml.safe_dump(_catalog(cases), allow_unicode=True), encoding="utf-8")
    rights: dict[tuple, set[str]] = {}
    for case in cases:
        rights.setdefault(_key(case), set()).update(case.rights)
    return [Indexed(_track_id(c), frozenset(rights.get(_key(c), ())),
                    frozenset(i["uri"] for i in c.raw)) for c in cases]


def _words(item: dict) -> list[str]:
    from fake_spotify.state import _searchable

    return _searchable(item)


def _key(case: Case) -> tuple:
    t = case.track
    return (t.title, t.artist, t.language, t.alt_titles, case.year)


def _film_id(case: Case) -> str:
    """A film per year; a case that names its film has a film of its own."""
    named = f"-case-{case.number}" if case.film else ""
    return f"decoys-{case.year}{named}"


def _track_id(case: Case) -> str:
    return f"{_film_id(case)}/case-{case.number}"


def _catalog(cases: list[Case]) -> dict:
    films = {_film_id(c): {"id": _film_id(c), "title": c.film or f"Decoy Film {c.year}",
                           "year": c.year} for c in cases if c.year}
    tracks = []
    for case in cases:
        t = case.track
        record = {"id": _track_id(case), "film": _film_id(case), "title": t.title,
                  "artist": t.artist, "duration": t.duration, "kind": t.kind,
                  "moods": ["dream"]}
        if t.instrumental is not None:
            record["instrumental"] = t.instrumental
        if t.alt_titles:
            record["alt_titles"] = list(t.alt_titles)
        if t.language:
            record["language"] = t.language
        if t.album:
            record["album"] = t.album
        if t.released:
            record["released"] = t.released
        tracks.append(record)
    return {"version": 1, "films": [films[k] for k in sorted(films)], "tracks": tracks}
