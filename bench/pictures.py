"""Pictures and pages benchmark: render times and sizes of the mood map, the arc chart
and the dream-arc web page on the shipped catalog, and how long Chromium takes to draw
the page.

Renders are timed in-process, interleaved, and quoted as medians; the page is also built
by the whole `wkwmix build` process, against the same build written as M3U8 (the page
may add at most 100 ms). Exits
non-zero when a target is missed.

    python bench/pictures.py [--runs 20] [--no-browser]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wkwmix import App

BROWSER_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--hide-scrollbars")


PAGE_EXTRA_MS = 100  # what writing a page may add to a build, whole process


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def wkwmix_command() -> list[str]:
    script = shutil.which("wkwmix")
    return [script] if script else [sys.executable, "-m", "wkwmix"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    app = App(use_overlay=False)
    playlist = app.build("dream-arc")
    tracks = list(app.catalog)
    work = {
        "map, whole catalog": lambda: app.mood_map(tracks),
        "map, dream-arc": lambda: app.mood_map(playlist.tracks, playlist),
        "arc chart, dream-arc": lambda: app.arc_chart(playlist),
        "web page, dream-arc": lambda: app.render(playlist, "html", Path("dream.html")),
    }
    targets_ms = {"map, whole catalog": 60, "map, dream-arc": 20, "arc chart, dream-arc": 10,
                  "web page, dream-arc": 60}
    targets_kb = {"map, whole catalog": 80, "map, dream-arc": 40, "arc chart, dream-arc": 20,
                  "web page, dream-arc": 120}
    for render in work.values():
        render()  # warm: the first page compiles its templates
    times: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(args.runs):
        for name, render in work.items():
            times[name].append(timed(render))
    missed = 0
    print(f"command: python bench/pictures.py --runs {args.runs}")
    for name, render in work.items():
        ms = statistics.median(times[name]) * 1000
        kb = len(str(render()).encode("utf-8")) / 1024
        ok = ms <= targets_ms[name] and kb <= targets_kb[name]
        missed += not ok
        print(f"{name:22} median {ms:6.1f} ms (target <= {targets_ms[name]} ms, ratio "
              f"{ms / targets_ms[name]:.2f})  size {kb:5.1f} KB (target <= "
              f"{targets_kb[name]} KB, ratio {kb / targets_kb[name]:.2f})")
    with tempfile.TemporaryDirectory() as folder:
        missed += processes(Path(folder), max(5, args.runs // 4))
        if not args.no_browser:
            missed += browser(Path(folder))
    sys.exit(1 if missed else 0)


def processes(folder: Path, runs: int) -> int:
    """`wkwmix build -r dream-arc` as a page and as M3U8, whole processes, interleaved."""
    command = [*wkwmix_command(), "--no-overlay", "build", "-r", "dream-arc", "-o"]
    page, m3u8 = [], []
    for _ in range(runs):
        for dest, into in ((folder / "dream.html", page), (folder / "dream.m3u8", m3u8)):
            into.append(timed(lambda dest=dest: subprocess.run(
                [*command, str(dest)], check=True, capture_output=True)))
    ours, base = statistics.median(page) * 1000, statistics.median(m3u8) * 1000
    extra = ours - base  # Jinja2's import and templates, the pictures, the page
    print(f"build -o dream.html    median {ours:6.1f} ms against -o dream.m3u8 {base:6.1f} ms: "
          f"the page adds {extra:.0f} ms (target <= {PAGE_EXTRA_MS} ms, ratio "
          f"{extra / PAGE_EXTRA_MS:.2f})")
    return extra > PAGE_EXTRA_MS


def browser(folder: Path) -> int:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        print("chromium: not installed, browser timing left out")
        return 1
    page = folder / "dream.html"
    seconds = []
    for run in range(3):
        seconds.append(timed(lambda run=run: subprocess.run(
            [binary, *BROWSER_FLAGS, f"--user-data-dir={folder / f'profile-{run}'}",
             f"--screenshot={folder / 'dream.png'}", "--window-size=1100,3000",
             page.as_uri()], check=True, capture_output=True)))
    median = statistics.median(seconds)
    print(f"chromium screenshot    median {median:6.2f} s for the page, whole browser start "
          f"included (target <= 5 s, ratio {median / 5:.2f}); PNG "
          f"{(folder / 'dream.png').stat().st_size / 1024:.0f} KB")
    return median > 5


if __name__ == "__main__":
    main()
