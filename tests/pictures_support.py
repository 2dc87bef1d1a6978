"""What the picture and page tests share: a tiny catalog, and a real headless Chromium."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

TINY = """\
films:
  - {id: cx, title: Chungking Express, original_title: 重慶森林, year: 1994}
  - {id: ml, title: In the Mood for Love, original_title: 花樣年華, year: 2000}
tracks:
  - {id: cx/dreams, film: cx, title: Dreams, alt_titles: [夢中人], artist: Faye Wong,
     moods: [dream, romance],
     note: "Faye's theme", sources: ["https://example.org/dreams", "javascript:alert(1)"]}
  - {id: cx/california, film: cx, title: "California Dreamin'",
     artist: The Mamas & the Papas, moods: [wanderlust, hope], duration: 158}
  - {id: cx/baroque, film: cx, title: Baroque, moods: [restlessness]}
  - {id: ml/yumeji, film: ml, title: "Yumeji's Theme", artist: Shigeru Umebayashi,
     moods: [longing, melancholy], duration: 153}
  - {id: ml/quizas, film: ml, title: "Quizás, Quizás, Quizás", artist: Nat King Cole,
     moods: [longing, romance], spotify: "spotify:track:4uLU6hMCjMI75M1A2tKUQC"}
"""

BROWSER_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--hide-scrollbars")


class Chromium:
    """The operating system's Chromium, run headless with a fresh profile each time."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.binary, self.workdir = binary, workdir
        self.runs = 0
        self.seconds: list[float] = []

    def _run(self, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        self.runs += 1
        profile = self.workdir / f"profile-{self.runs}"
        env = {**os.environ, "HOME": str(self.workdir)}  # nothing lands in the real home
        started = time.perf_counter()
        result = subprocess.run(
            [self.binary, *BROWSER_FLAGS, f"--user-data-dir={profile}", *extra,
             page.absolute().as_uri()],
            capture_output=True, text=True, timeout=120, env=env, check=False)
        self.seconds.append(time.perf_counter() - started)
        assert result.returncode == 0, result.stderr[-2000:]
        return result

    def dom(self, page: Path) -> str:
        """The page's DOM after rendering (and after any script of a test harness ran)."""
        return self._run(page, "--dump-dom", "--virtual-time-budget=2000").stdout

    def screenshot(self, page: Path, width: int = 1100, height: int = 1400) -> Path:
        shot = page.with_suffix(".png")
        self._run(page, f"--screenshot={shot}", f"--window-size={width},{height}")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        return shot
