"""Scale benchmark: a generated YAML catalog of 100,000 tracks across 500 films.

Every figure is a whole process, run in turn with its floor (a process that json.loads the
same data), medians of the rounds:
- cold load (nothing cached) <= 12 x the floor, peak memory <= 400 MB;
- warm load (the parse cache filled) <= 2 x the floor, peak memory <= 250 MB;
- a 60-minute mood-arc build on the warm catalog <= 2.5 x the floor;
- growth: the cold load's own time (in the process) at 1,000, 10,000 and 100,000 tracks,
  as the slope of log(time) against log(tracks): <= 1.05 (linear).
Exits 1 when a target is missed.

    python bench/scale.py [--tracks 100000] [--films 500] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import Runs, Verdict, interleaved, run

ARC = ("dream", "isolation", "hope")
MOODS = (
    "dream", "longing", "isolation", "melancholy", "nostalgia", "romance", "obsession", "hope",
    "restlessness", "menace", "euphoria", "tenderness", "regret", "sensuality", "playfulness",
    "grief", "wanderlust", "serenity", "resignation", "tension",
)


def generate(tracks: int, films: int, seed: int = 2046) -> dict:
    """A plausible catalog: 1-4 moods a track, a third with durations, some reused themes."""
    rng = random.Random(seed)
    film_records = [{"id": f"film-{i}", "title": f"Film {i}", "year": 1960 + i % 60}
                    for i in range(films)]
    artists = [f"Artist {i}" for i in range(tracks // 20)]
    records = []
    for n in range(tracks):
        film = f"film-{n % films}"
        record = {"id": f"{film}/track-{n}", "film": film, "title": f"Track {n}",
                  "artist": rng.choice(artists), "kind": rng.choice(("song", "score")),
                  "moods": rng.sample(MOODS, rng.randint(1, 4))}
        if rng.random() < 0.33:
            record["duration"] = rng.randint(90, 420)
        if rng.random() < 0.1:
            record["spotify"] = "spotify:track:" + "".join(
                rng.choices(string.ascii_letters + string.digits, k=22))
        if n > films and rng.random() < 0.02:
            record["same_as"] = records[rng.randrange(n - films)]["id"]
        records.append(record)
    return {"version": 1, "films": film_records, "tracks": records}


def write_yaml(data: dict, path: Path) -> None:
    """One flow mapping a line (JSON-quoted strings are valid YAML), as fast to write as JSON."""
    lines = ["version: 1", "films:"]
    lines += [f"  - {_flow(f)}" for f in data["films"]]
    lines.append("tracks:")
    lines += [f"  - {_flow(t)}" for t in data["tracks"]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _flow(record: dict) -> str:
    return "{" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}"
                           for k, v in record.items()) + "}"


def measure(catalog_file: str, step: str) -> None:
    """One step in this process (a child of the bench): load, or load and build."""
    if step == "json":
        json.loads(Path(catalog_file).read_text(encoding="utf-8"))
        return
    from wkwmix.store import catalog as catalog_mod

    start = time.perf_counter()
    catalog = catalog_mod.load(Path(catalog_file))
    loaded = time.perf_counter() - start
    if step == "build":
        from wkwmix.model import Recipe
        from wkwmix.playlist import build

        recipe = Recipe(name="Scale", order="arc", arc=ARC, minutes=60, seed=1)
        assert build(catalog, recipe).tracks
    print(json.dumps({"tracks": len(catalog), "load_s": loaded}))


def child(catalog: Path, step: str) -> list[str]:
    return [sys.executable, __file__, "--measure", str(catalog), "--step", step]


def cold_runs(yaml_file: Path, json_file: Path, folder: Path, rounds: int) -> dict[str, Runs]:
    """Cold loads in a new, empty home each time, in turn with the JSON floor."""
    results = {"json": Runs(), "cold": Runs()}
    for n in range(rounds):
        env = {**os.environ, "WKWMIX_HOME": str(folder / f"home-cold-{n}")}
        for name, command in (("json", child(json_file, "json")),
                              ("cold", child(yaml_file, "load"))):
            seconds, peak = run(command, env)
            results[name].seconds.append(seconds)
            results[name].peak_mb.append(peak)
    return results


def own_load_time(yaml_file: Path, home: Path) -> float:
    env = {**os.environ, "WKWMIX_HOME": str(home)}
    out = subprocess.run(child(yaml_file, "load"), env=env, check=True, capture_output=True,
                         text=True).stdout
    return float(json.loads(out.splitlines()[-1])["load_s"])


def slope(sizes: list[int], times: list[float]) -> float:
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--films", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.step)
        return
    print(f"command: python bench/scale.py --tracks {args.tracks} --films {args.films} "
          f"--rounds {args.rounds} (medians of whole processes, run in turn)")
    with tempfile.TemporaryDirectory(prefix="wkwmix-scale-") as tmp:
        folder = Path(tmp)
        data = generate(args.tracks, args.films)
        yaml_file, json_file = folder / "catalog.yaml", folder / "catalog.json"
        write_yaml(data, yaml_file)
        json_file.write_text(json.dumps(data), encoding="utf-8")
        print(f"catalog.yaml: {yaml_file.stat().st_size / 1e6:.0f} MB, {args.tracks} tracks, "
              f"{args.films} films")
        cold = cold_runs(yaml_file, json_file, folder, args.rounds)
        warm_env = {**os.environ, "WKWMIX_HOME": str(folder / "home-cold-0")}
        warm = interleaved({"json": child(json_file, "json"), "warm": child(yaml_file, "load"),
                            "build": child(yaml_file, "build")}, args.rounds, warm_env)
        growth = []
        for size in (1_000, 10_000, args.tracks):
            small = folder / f"catalog-{size}.yaml"
            write_yaml(generate(size, max(5, size // 200)), small)
            growth.append(statistics.median(
                own_load_time(small, folder / f"home-growth-{size}-{n}")
                for n in range(args.rounds)))
    floor = statistics.median(cold["json"].seconds + warm["json"].seconds)
    verdict = Verdict()
    verdict.ratio("cold load (YAML, nothing cached)", cold["cold"].time, floor, "json.loads",
                  12.0)
    verdict.most("cold load peak memory", cold["cold"].memory, 400, "MB")
    verdict.ratio("warm load (parse cache)", warm["warm"].time, floor, "json.loads", 2.0)
    verdict.most("warm load peak memory", warm["warm"].memory, 250, "MB")
    verdict.ratio("60-minute arc build (warm)", warm["build"].time, floor, "json.loads", 2.5)
    sizes = [1_000, 10_000, args.tracks]
    print("cold load's own time: " + ", ".join(
        f"{size:,} tracks {seconds * 1000:.0f} ms" for size, seconds in zip(sizes, growth)))
    verdict.most("growth slope (log time / log tracks)", slope(sizes, growth), 1.05)
    verdict.finish()


if __name__ == "__main__":
    main()
