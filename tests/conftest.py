"""Shared fixtures: every test runs with its own WKWMIX_HOME, never the real one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from needs_support import needs_program
from pictures_support import Chromium

from wkwmix.cli import cli


@pytest.fixture(autouse=True)
def wkwmix_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("wkwmix-home")
    monkeypatch.setenv("WKWMIX_HOME", str(home))
    monkeypatch.delenv("WKWMIX_CATALOG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("WKWMIX_LANG", "en")  # whatever the machine's locale
    return home


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder as the whole PATH: only the stand-ins put in it can be found."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv("WKWMIX_PLAYER", raising=False)
    return folder


@pytest.fixture
def subsonic(monkeypatch: pytest.MonkeyPatch, use_catalog):
    """A Subsonic stand-in serving the Subsonic tests' catalog, set as the server to use."""
    from fake_subsonic import PASSWORD, USER, FakeSubsonic
    from subsonic_support import CATALOG

    use_catalog(CATALOG)
    with FakeSubsonic() as server:
        monkeypatch.setenv("WKWMIX_SUBSONIC_URL", server.url)
        monkeypatch.setenv("WKWMIX_SUBSONIC_USER", USER)
        monkeypatch.setenv("WKWMIX_SUBSONIC_PASSWORD", PASSWORD)
        yield server


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust cached answers however recently their files changed. Tests make their files
    seconds before reading them, which the caches rightly doubt; these tests show what the
    keys alone notice (tests of the doubt itself leave this out)."""
    from wkwmix.store import cache

    monkeypatch.setattr(cache, "RACY_NS", -10**18)


SMALL_CATALOG = """\
films:
  - {id: cx, title: Chungking Express, year: 1994}
  - {id: ml, title: In the Mood for Love, year: 2000}
tracks:
  - {id: cx/dreams, film: cx, title: Dreams, artist: Faye Wong, moods: [dream, romance]}
  - {id: cx/california, film: cx, title: "California Dreamin'",
     artist: The Mamas & the Papas, moods: [wanderlust, hope]}
  - {id: cx/baroque, film: cx, title: Baroque, artist: Michael Galasso,
     moods: [restlessness], duration: 150}
  - {id: ml/yumeji, film: ml, title: "Yumeji's Theme", artist: Shigeru Umebayashi,
     moods: [longing, melancholy]}
  - {id: ml/quizas, film: ml, title: "Quizás, Quizás, Quizás", artist: Nat King Cole,
     moods: [longing, romance], spotify: "spotify:track:4uLU6hMCjMI75M1A2tKUQC"}
"""


@pytest.fixture
def small(use_catalog):
    """Five tracks of two films, one pinned to Spotify, one with a length."""
    return use_catalog(SMALL_CATALOG)


@pytest.fixture
def use_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a catalog file and make it the one every command uses (WKWMIX_CATALOG)."""

    def use(text: str, name: str = "catalog.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("WKWMIX_CATALOG", str(path))
        return path

    return use


@pytest.fixture
def run():
    """Invoke the real CLI; returns click's Result (stdout and stderr kept apart)."""

    def invoke(*args: str, input: str | None = None, expect: int | None = 0):
        result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False,
                                    prog_name="wkwmix")
        if expect is not None:
            assert result.exit_code == expect, (result.exit_code, result.output, result.stderr)
        return result

    return invoke


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Chromium:
    binary = needs_program("chromium", "chromium-browser", package="chromium")
    return Chromium(binary, tmp_path_factory.mktemp("chromium"))
