"""Scale benchmark: a generated catalog of 100,000 tracks across 500 films.

Prints the time and peak memory to load it (cold: nothing cached; warm: the parse cache
filled by the cold run), and to build a 60-minute mood-arc playlist from it, for the
catalog written as YAML and as JSON (JSON is YAML, and parses far faster).

Then the arc build alone, today's code against the ordering before the beam search
(greedy fill and pair swaps, run from that commit's code with today's mood plane), in
interleaved runs on the warm JSON catalog; medians. Targets: load under 3 s (warm),
build under 1 s, peak memory under 500 MB; exits 1 when today's code misses one.

    python bench/scale.py [--tracks 100000] [--films 500] [--runs 5]

Each measurement runs in a fresh process, so peak memory (ru_maxrss) is that step's own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import string
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "6730523edd499d548ab5e0d71150d092493f5c26"  # the last commit with the greedy order
LOAD_LIMIT, BUILD_LIMIT, PEAK_LIMIT = 3.0, 1.0, 500
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


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def measure(catalog_file: str) -> None:
    """One run in this process: load, then build; prints a JSON line of figures."""
    import wkwmix
    from wkwmix.model import Recipe
    from wkwmix.playlist import build
    from wkwmix.store import catalog as catalog_mod

    start = time.perf_counter()
    catalog = catalog_mod.load(Path(catalog_file))
    loaded = time.perf_counter()
    load_peak = peak_mb()
    recipe = Recipe(name="Scale", order="arc", arc=ARC, minutes=60, seed=1)
    playlist = build(catalog, recipe)
    built = time.perf_counter()
    print(json.dumps({
        "tracks": len(catalog), "load_s": loaded - start, "load_peak_mb": load_peak,
        "build_s": built - loaded, "peak_mb": peak_mb(), "playlist_tracks": len(playlist.tracks),
        "playlist_seconds": playlist.total_seconds, "code": wkwmix.__file__,
    }))


def run_measure(catalog_file: Path, home: Path, code: Path | None = None) -> dict:
    """One measurement in a fresh process; with ``code``, that folder's wkwmix runs."""
    env = {**os.environ, "WKWMIX_HOME": str(home)}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    out = subprocess.run([sys.executable, __file__, "--measure", str(catalog_file)], env=env,
                         check=True, capture_output=True, text=True).stdout
    figures = json.loads(out.splitlines()[-1])
    assert code is None or figures["code"].startswith(str(code)), figures["code"]
    return figures


def before_code(folder: Path) -> Path:
    """The wkwmix package of the commit before the beam search, with today's mood plane."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE, "wkwmix"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    (folder / "wkwmix" / "data" / "moods.yaml").write_bytes(
        (ROOT / "wkwmix" / "data" / "moods.yaml").read_bytes())
    return folder


def compare_builds(catalog_file: Path, home: Path, old: Path, runs: int) -> dict:
    """Build times of the old and today's ordering, interleaved; medians."""
    times: dict[str, list[float]] = {"before": [], "now": []}
    sizes: dict[str, str] = {}
    for _ in range(runs):
        for label, code in (("before", old), ("now", None)):
            figures = run_measure(catalog_file, home, code)
            times[label].append(figures["build_s"])
            sizes[label] = (f"{figures['playlist_tracks']} tracks, "
                            f"{figures['playlist_seconds'] // 60} min")
    medians = {label: statistics.median(t) for label, t in times.items()}
    print(f"60-min arc build, {runs} interleaved runs each (median, min-max):")
    for label in ("before", "now"):
        print(f"  {label:<7} {medians[label]:5.2f} s ({min(times[label]):.2f}-"
              f"{max(times[label]):.2f})  {sizes[label]}")
    print(f"  now / before: {medians['now'] / medians['before']:.2f}; target < "
          f"{BUILD_LIMIT:.0f} s: now / target {medians['now'] / BUILD_LIMIT:.2f}")
    return medians


def report(label: str, figures: dict) -> None:
    print(f"{label:<12} load {figures['load_s']:6.2f} s (peak {figures['load_peak_mb']:5.0f} MB)"
          f"   build 60-min arc {figures['build_s']:5.2f} s"
          f" ({figures['playlist_tracks']} tracks, {figures['playlist_seconds'] // 60} min)"
          f"   peak {figures['peak_mb']:5.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--films", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    print(f"command: python bench/scale.py --tracks {args.tracks} --films {args.films} "
          f"--runs {args.runs}")
    data = generate(args.tracks, args.films)
    missed = []
    with tempfile.TemporaryDirectory(prefix="wkwmix-scale-") as tmp:
        folder = Path(tmp)
        write_yaml(data, folder / "catalog.yaml")
        (folder / "catalog.json").write_text(json.dumps(data), encoding="utf-8")
        for name in ("catalog.yaml", "catalog.json"):
            path = folder / name
            home = folder / f"home-{path.suffix[1:]}"
            size = path.stat().st_size / 1e6
            print(f"{name} ({size:.0f} MB, {args.tracks} tracks, {args.films} films)")
            report("  cold", run_measure(path, home))
            warm = run_measure(path, home)
            report("  warm", warm)
            if warm["load_s"] > LOAD_LIMIT:
                missed.append(f"{name} warm load {warm['load_s']:.2f} s")
            if warm["peak_mb"] > PEAK_LIMIT:
                missed.append(f"{name} peak {warm['peak_mb']:.0f} MB")
        old = before_code(folder / "before")
        json_file, json_home = folder / "catalog.json", folder / "home-json"
        medians = compare_builds(json_file, json_home, old, args.runs)
        if medians["now"] > BUILD_LIMIT:
            missed.append(f"arc build {medians['now']:.2f} s")
    print(f"targets: load < {LOAD_LIMIT:.0f} s (warm), build < {BUILD_LIMIT:.0f} s, "
          f"peak < {PEAK_LIMIT} MB")
    if missed:
        print("MISSED: " + "; ".join(missed))
        sys.exit(1)
    print("all targets met")


if __name__ == "__main__":
    main()
