"""Print how many tracks of each film carry each track fact (the table in CATALOG.md).

Run from a checkout: ``python scripts/catalog_counts.py`` (or with WKWMIX_CATALOG set).
"""

from __future__ import annotations

from wkwmix import App
from wkwmix.model import Catalog, Track

COLUMNS = {
    "tracks": lambda t: True,
    "instrumental:yes": lambda t: t.instrumental is True,
    "instrumental:no": lambda t: t.instrumental is False,
    "original:yes": lambda t: t.original is True,
    "original:no": lambda t: t.original is False,
    "characters": lambda t: bool(t.characters),
    "diegetic:yes": lambda t: t.diegetic is True,
    "diegetic:no": lambda t: t.diegetic is False,
    "scene": lambda t: bool(t.scene),
    "duration": lambda t: t.duration is not None,
    "duration_version": lambda t: t.duration_version is not None,
    "album": lambda t: t.album is not None,
    "released": lambda t: t.released is not None,
    "heard": lambda t: t.heard is not None,
}


def counts(catalog: Catalog, tracks: list[Track]) -> list[int]:
    return [sum(1 for t in tracks if test(t)) for test in COLUMNS.values()]


def table(catalog: Catalog) -> str:
    films = sorted(catalog.films.values(), key=lambda f: (f.year, f.id))
    header = ["film", *COLUMNS, "albums"]
    rows = [[f.id, *counts(catalog, [t for t in catalog if t.film == f.id]), len(f.albums)]
            for f in films]
    rows.append(["all", *counts(catalog, list(catalog)),
                 sum(len(f.albums) for f in catalog.films.values())])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(App(use_overlay=False).catalog))
