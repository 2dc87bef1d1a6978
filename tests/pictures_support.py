"""What the picture and page tests share: a tiny catalog, a real headless Chromium, and
font sets to run it with (fontconfig shown only the fonts a test chose)."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import subprocess
import tempfile
import time
from pathlib import Path

from needs_support import needs_fonts

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

    def __init__(self, binary: str, workdir: Path, env: dict[str, str] | None = None) -> None:
        self.binary, self.workdir = binary, workdir
        self.env = env or {}
        self.seconds: list[float] = []

    def with_env(self, **env: str) -> Chromium:
        """The same browser, run with these environment variables (e.g. a font set)."""
        return Chromium(self.binary, self.workdir, {**self.env, **env})

    def _run(self, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        profile = tempfile.mkdtemp(prefix="profile-", dir=self.workdir)
        env = {**os.environ, "HOME": str(self.workdir), **self.env}  # not the real home
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

    def tab(self) -> Tab:
        """A page driven over the DevTools protocol (close it when done)."""
        return Tab(self.binary, self.workdir, self.env)

    def screenshot(self, page: Path, width: int = 1100, height: int = 1400) -> Path:
        shot = page.with_suffix(".png")
        self._run(page, f"--screenshot={shot}", f"--window-size={width},{height}")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        return shot


# Fonts a test can show Chromium alone, each with the Debian package that brings it.
FONT_PACKAGES = {"DejaVu Sans": "fonts-dejavu-core", "Liberation Sans": "fonts-liberation",
                 "Noto Sans": "fonts-noto-core"}


def font_set(folder: Path, family: str) -> dict[str, str]:
    """The environment in which fontconfig, and so Chromium, knows only ``family``'s fonts:
    a config in ``folder`` naming a font folder that holds links to that family's files.
    Whatever family a page asks for, this one draws it."""
    files = needs_fonts(f":family={family}", f"the {family} font", FONT_PACKAGES[family])
    fonts = folder / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for file in files:
        link = fonts / Path(file).name
        if not link.exists():
            link.symlink_to(file)
    config = folder / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n'
                      f"<fontconfig><dir>{fonts}</dir><cachedir>{folder / 'cache'}</cachedir>"
                      "</fontconfig>\n", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(config)}


class Tab:
    """A page in a headless Chromium driven over the DevTools protocol (through a pipe):
    a viewport of any size, the colour scheme and media emulated, scripts evaluated in the
    page, screenshots taken."""

    def __init__(self, binary: str, workdir: Path, env: dict[str, str]) -> None:
        profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
        to_browser, self._commands = os.pipe()
        self._replies, from_browser = os.pipe()

        def pipe_fds() -> None:  # the protocol reads fd 3 and writes fd 4
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser)]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.process = subprocess.Popen(
            [binary, *BROWSER_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
             "about:blank"], pass_fds=(3, 4), preexec_fn=pipe_fds,
            env={**os.environ, "HOME": str(workdir), **env},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self.session: str | None = None
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        self.send("Page.enable")

    def send(self, method: str, **params: object) -> dict:
        """One protocol command and its result (events that arrive meanwhile are dropped)."""
        self._next += 1
        message: dict[str, object] = {"id": self._next, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                assert "error" not in reply, (method, reply["error"])
                return reply.get("result", {})

    def _read(self) -> dict:
        deadline = time.monotonic() + 120
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._replies], [], [], deadline - time.monotonic())
            assert ready, "Chromium did not answer within 120 s"
            chunk = os.read(self._replies, 1 << 20)
            assert chunk, "Chromium closed the pipe"
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def view(self, width: int, height: int = 900, *, scheme: str = "light",
             media: str = "screen") -> Tab:
        """The viewport's CSS size, and the colour scheme and media the page is shown."""
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)
        self.send("Emulation.setEmulatedMedia", media=media,
                  features=[{"name": "prefers-color-scheme", "value": scheme}])
        return self

    def open(self, page: Path) -> Tab:
        self.send("Page.navigate", url=page.absolute().as_uri())
        self.evaluate("new Promise(r => document.readyState === 'complete' ? r() : "
                      "addEventListener('load', () => r()))")
        return self

    def evaluate(self, expression: str) -> object:
        """The value of a script run in the page (a promise is awaited)."""
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True,
                           returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def screenshot(self, dest: Path, *, full: bool = False) -> Path:
        """A PNG of the viewport (``full``: of the whole page, however long)."""
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=full)
        dest.write_bytes(base64.b64decode(shot["data"]))
        return dest

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        os.close(self._commands)
        os.close(self._replies)
