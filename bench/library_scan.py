"""Library-scan benchmark: scan a folder of 2,000 small tagged audio files, then rescan it
unchanged (served from the index cache). Target: the rescan at least 10 times faster.

    python bench/library_scan.py [--files 2000]

The files are copies of the test suite's tiny MP3, FLAC, Ogg and M4A files, each given its
own title, spread over 100 album folders, so every first-scan read is a real tag read.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "audio"
KINDS = ("faye-wong-dreams.mp3", "california-dreamin.flac", "yumeji.ogg", "quizas.m4a")


def make_library(folder: Path, count: int) -> None:
    import mutagen

    for n in range(count):
        sample = SAMPLES / KINDS[n % len(KINDS)]
        album = folder / f"Album {n % 100:03d}"
        album.mkdir(exist_ok=True)
        target = album / f"{n:05d} {sample.name}"
        shutil.copy(sample, target)
        audio = mutagen.File(target, easy=True)
        audio["title"] = f"Song {n}"
        audio.save()


def timed_scan(folder: Path) -> tuple[float, int]:
    from wkwmix.store.library import scan

    start = time.perf_counter()
    index = scan(folder)
    return time.perf_counter() - start, index.stats.read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    count = parser.parse_args().files
    print(f"command: python bench/library_scan.py --files {count}")
    with tempfile.TemporaryDirectory(prefix="wkwmix-library-") as tmp:
        os.environ["WKWMIX_HOME"] = str(Path(tmp) / "home")  # a cold, private index cache
        music = Path(tmp) / "Music"
        music.mkdir()
        make_library(music, count)
        first, read_first = timed_scan(music)
        again, read_again = timed_scan(music)
    print(f"first scan  {first * 1000:8.1f} ms  ({read_first} files read)")
    print(f"rescan      {again * 1000:8.1f} ms  ({read_again} files read)")
    print(f"rescan is {first / again:.0f}x faster (target >= 10x)")


if __name__ == "__main__":
    main()
