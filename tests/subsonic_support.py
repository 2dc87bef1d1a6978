"""A real Subsonic server for the tests: Supysonic, on 127.0.0.1, over a folder of small
tagged audio files (copies of tests/data/audio, tagged anew), each test's playlists
cleared before it runs.

Supysonic is a test tool (the test extra installs it), never a dependency of wkwmix.
Without it, the tests that need it skip and say how to install it; where CI is set they
fail instead, as every test that needs something from outside does (``needs_support``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from needs_support import in_ci

AUDIO = Path(__file__).parent / "data" / "audio"
USER, PASSWORD = "alice", "s3cret! ü"

# (file, source in tests/data/audio, title, artist, album): the real recordings, and the
# decoys a careless search would take (a karaoke take, a tribute, another song's title).
LIBRARY = [
    ("faye/dreams.mp3", "faye-wong-dreams.mp3", "Dreams", "Faye Wong", "Chungking Express"),
    ("decoys/dreams-karaoke.mp3", "unrelated.mp3", "Dreams (Karaoke Version)",
     "Karaoke Hits Band", "Karaoke Hits of the 90s"),
    ("decoys/dreams-cranberries.mp3", "untagged.mp3", "Dreams", "The Cranberries",
     "Everybody Else Is Doing It"),
    ("mamas/california.flac", "california-dreamin.flac", "California Dreamin'",
     "The Mamas & the Papas", "If You Can Believe Your Eyes and Ears"),
    ("decoys/california-tribute.flac", "california-dreamin.flac",
     "California Dreamin' (Tribute to The Mamas & the Papas)", "Tribute Stars",
     "A Tribute to the 60s"),
    ("umebayashi/yumeji.ogg", "yumeji.ogg", "Yumeji's Theme", "Shigeru Umebayashi",
     "In the Mood for Love"),
    ("cole/quizas.m4a", "quizas.m4a", "Quizás, Quizás, Quizás", "Nat King Cole",
     "Cole Español"),
]

CATALOG = """\
films:
  - {id: ce, title: Chungking Express, year: 1994}
  - {id: itmfl, title: In the Mood for Love, year: 2000}
tracks:
  - {id: ce/dreams, film: ce, title: 夢中人, alt_titles: [Dreams], artist: Faye Wong,
     moods: [dream]}
  - {id: ce/california, film: ce, title: California Dreamin', artist: The Mamas & the Papas,
     moods: [dream]}
  - {id: ce/not-there, film: ce, title: Things in Life, artist: Dennis Brown, moods: [dream]}
  - {id: itmfl/yumeji, film: itmfl, title: Yumeji's Theme, artist: Shigeru Umebayashi,
     moods: [dream]}
  - {id: itmfl/quizas, film: itmfl, title: "Quizás, Quizás, Quizás", artist: Nat King Cole,
     moods: [dream]}
"""

SERVE = """
import sys
from supysonic.config import IniConfig
from supysonic.web import create_application
from werkzeug.serving import make_server

app = create_application(IniConfig.from_common_locations())
make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True).serve_forever()
"""


INSTALL = "pip install supysonic (the test extra: pip install -e '.[test]')"


def needs_supysonic() -> None:
    """Skip (fail in CI) when Supysonic is not installed, naming how to install it."""
    if importlib.util.find_spec("supysonic") is None:
        _missing(f"needs Supysonic: {INSTALL}")


def _missing(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so what a test needs must be there)", pytrace=False)
    pytest.skip(reason)


def start_or_skip(base: Path) -> Supysonic:
    """``start``, or skip (fail in CI) saying why Supysonic could not start."""
    needs_supysonic()
    try:
        return start(base)
    except (RuntimeError, subprocess.SubprocessError, OSError) as e:
        detail = getattr(e, "stderr", None) or str(e)
        if isinstance(detail, bytes):
            detail = detail.decode(errors="replace")
        _missing(f"needs a Supysonic that starts ({INSTALL}): {detail.strip()[-300:]}")
        raise


def make_library(folder: Path) -> Path:
    """The audio files of LIBRARY, each tagged with its title, artist and album."""
    import mutagen

    for relative, source, title, artist, album in LIBRARY:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(AUDIO / source, target)
        audio = mutagen.File(target, easy=True)
        if audio.tags is None:
            audio.add_tags()
        audio["title"], audio["artist"], audio["album"] = title, artist, album
        audio.save()
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Supysonic:
    """A running Supysonic; ``call`` speaks its API as the test's own client."""

    url: str
    folder: Path
    process: subprocess.Popen[bytes]

    def call(self, endpoint: str, params: list[tuple[str, str]] | None = None,
             user: str = USER, password: str = PASSWORD) -> dict[str, Any]:
        query = urllib.parse.urlencode([("u", user), ("p", password), ("v", "1.12.0"),
                                        ("c", "tests"), ("f", "json"), *(params or [])])
        with urllib.request.urlopen(f"{self.url}/rest/{endpoint}?{query}", timeout=10) as r:
            body = r.read()
        return json.loads(body)["subsonic-response"] if body.strip() else {}

    def playlists(self) -> list[dict[str, Any]]:
        return self.call("getPlaylists").get("playlists", {}).get("playlist", [])

    def playlist(self, name: str) -> dict[str, Any]:
        [found] = [p for p in self.playlists() if p["name"] == name]
        return self.call("getPlaylist", [("id", found["id"])])["playlist"]

    def titles(self, name: str) -> list[str]:
        return [f"{e['title']} — {e['artist']}" for e in self.playlist(name).get("entry", [])]

    def clear(self) -> None:
        for playlist in self.playlists():
            self.call("deletePlaylist", [("id", playlist["id"])])

    def env(self) -> dict[str, str]:
        return {"WKWMIX_SUBSONIC_URL": self.url, "WKWMIX_SUBSONIC_USER": USER,
                "WKWMIX_SUBSONIC_PASSWORD": PASSWORD}


def start(base: Path) -> Supysonic:
    """Set up Supysonic in ``base`` (a user, the library scanned) and start it."""
    folder = make_library(base / "music")
    (base / "supysonic.conf").write_text(
        f"[base]\ndatabase_uri = sqlite:///{base / 'supysonic.db'}\n"
        f"[webapp]\ncache_dir = {base / 'cache'}\nmount_webui = no\nlog_level = ERROR\n"
        f"[daemon]\nsocket = {base / 'daemon.sock'}\nrun_watcher = no\n", encoding="utf-8")
    cli = [sys.executable, "-c", "from supysonic.cli import main; main()"]
    env = {**os.environ, "HOME": str(base)}
    for words in (["user", "add", USER, "-p", PASSWORD], ["folder", "add", "music", str(folder)],
                  ["folder", "scan", "-f"]):
        subprocess.run([*cli, *words], cwd=base, env=env, check=True, capture_output=True,
                       timeout=120)
    port = free_port()
    log = open(base / "server.log", "wb")  # noqa: SIM115  # the server writes it while it runs
    process = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], cwd=base, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    server = Supysonic(f"http://127.0.0.1:{port}", folder, process)
    deadline = time.monotonic() + 30
    while True:
        try:
            if server.call("ping").get("status") == "ok":
                return server
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("Supysonic did not start: "
                               + (base / "server.log").read_text(errors="replace")[-2000:])
        time.sleep(0.1)
