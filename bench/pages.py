"""Pages at scale: a web page of a generated 2,000-track catalog against its M3U8, and the
mood map of a 100,000-track catalog against a process that only parses the same data as
JSON.

Every figure is a whole `wkwmix` process run cold (a new, empty home each time, so nothing
is cached), in turn with its floor; medians of the rounds:
- `build -o page.html` of every track <= 3 x `build -o page.m3u8` of the same tracks;
- `map -o map.svg` of every track of the large catalog <= 5 x json.loads of it, with the
  catalog's parse cache filled (warm: the map's own work); cold (nothing cached, so the
  YAML catalog is parsed first) it is reported against the same floor without a target,
  as bench/scale.py holds the cold load to its own target.
Exits 1 when a target is missed.

    python bench/pages.py [--tracks 2000] [--map-tracks 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from scale import generate, write_yaml
from timing import Verdict, run


def wkwmix(*args: str) -> list[str]:
    return [sys.executable, "-m", "wkwmix", *args]


def cold(command: list[str], folder: Path, label: str, rounds: int,
         extra: dict[str, str]) -> list[float]:
    """Seconds of ``command`` run ``rounds`` times, each in a new home."""
    seconds = []
    for n in range(rounds):
        env = {**os.environ, **extra, "WKWMIX_HOME": str(folder / f"home-{label}-{n}")}
        seconds.append(run(command, env)[0])
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=2_000)
    parser.add_argument("--map-tracks", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"command: python bench/pages.py --tracks {args.tracks} --map-tracks "
          f"{args.map_tracks} --rounds {args.rounds} (cold runs: whole processes, a new "
          "empty home each, in turn with the floor; medians)")
    verdict = Verdict()
    with tempfile.TemporaryDirectory(prefix="wkwmix-pages-") as tmp:
        folder = Path(tmp)
        catalog = folder / "catalog.yaml"
        write_yaml(generate(args.tracks, max(5, args.tracks // 100)), catalog)
        env = {"WKWMIX_CATALOG": str(catalog)}
        page, m3u8 = [], []
        for n in range(args.rounds):
            page += cold(wkwmix("build", "-o", str(folder / "page.html")), folder,
                         f"html{n}", 1, env)
            m3u8 += cold(wkwmix("build", "-o", str(folder / "page.m3u8")), folder,
                         f"m3u8{n}", 1, env)
        size = (folder / "page.html").stat().st_size / 1e6
        print(f"page of {args.tracks:,} tracks: {size:.1f} MB")
        verdict.ratio(f"build -o page.html ({args.tracks:,} tracks)", statistics.median(page),
                      statistics.median(m3u8), "build -o page.m3u8", 3.0)
        if args.map_tracks:
            data = generate(args.map_tracks, max(5, args.map_tracks // 200))
            big, as_json = folder / "big.yaml", folder / "big.json"
            write_yaml(data, big)
            as_json.write_text(json.dumps(data), encoding="utf-8")
            floor, drawn, warm = [], [], []
            parse = [sys.executable, "-c", "import json, sys; json.loads(open(sys.argv[1], "
                     "encoding='utf-8').read())", str(as_json)]
            draw = wkwmix("map", "-o", str(folder / "map.svg"))
            big_env = {**os.environ, "WKWMIX_CATALOG": str(big)}
            for n in range(args.rounds):
                floor += cold(parse, folder, f"json{n}", 1, {})
                drawn += cold(draw, folder, f"map{n}", 1, {"WKWMIX_CATALOG": str(big)})
                # The same home again: the catalog's parse cache is filled.
                home = str(folder / f"home-map{n}-0")  # the cold run's
                warm.append(run(draw, {**big_env, "WKWMIX_HOME": home})[0])
            print(f"map of {args.map_tracks:,} tracks: "
                  f"{(folder / 'map.svg').stat().st_size / 1e3:.0f} KB")
            verdict.ratio(f"map ({args.map_tracks:,} tracks, warm)", statistics.median(warm),
                          statistics.median(floor), "json.loads", 5.0)
            verdict.ratio(f"map ({args.map_tracks:,} tracks, cold)", statistics.median(drawn),
                          statistics.median(floor), "json.loads", None)
    verdict.finish()


if __name__ == "__main__":
    main()
