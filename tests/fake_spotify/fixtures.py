"""pytest fixtures: a running stand-in, wkwmix pointed at it by configuration, a logged-in user."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fake_spotify.server import FakeSpotify

CLIENT_ID = "wkwmix-test-client"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def configure(monkeypatch: pytest.MonkeyPatch, fake: FakeSpotify) -> None:
    """Point wkwmix at ``fake`` the way a user points it at a proxy: environment variables."""
    monkeypatch.setenv("WKWMIX_SPOTIFY_API_URL", fake.api_url)
    monkeypatch.setenv("WKWMIX_SPOTIFY_ACCOUNTS_URL", fake.accounts_url)
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", f"http://127.0.0.1:{free_port()}/callback")
    monkeypatch.setenv("WKWMIX_SPOTIFY_BACKOFF", "0.01")  # keep retries fast
    monkeypatch.setenv("WKWMIX_SPOTIFY_MAX_WAIT", "2")
    monkeypatch.setenv("WKWMIX_SPOTIFY_TIMEOUT", "5")


def redirect_for(authorize_url: str) -> str:
    """What a browser does: open the authorize URL, agree, and get sent to the redirect URI."""
    import requests

    answer = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def log_in() -> None:
    """Log in through the no-browser flow, delivering the redirect ourselves."""
    from wkwmix.spotify.auth import Login

    login = Login()
    login.finish(redirect_for(login.url))


@pytest.fixture
def fake_spotify(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSpotify]:
    with FakeSpotify() as fake:
        configure(monkeypatch, fake)
        yield fake


@pytest.fixture
def logged_in(fake_spotify: FakeSpotify) -> FakeSpotify:
    log_in()
    fake_spotify.log.clear()
    return fake_spotify


PINNED_TRACKS = 12


@pytest.fixture
def world(logged_in: FakeSpotify, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeSpotify:
    """A catalog of 12 tracks, each pinned to a track the stand-in knows."""
    uris = [logged_in.add_track(f"Song {n}", "Faye Wong", duration=200 + n, seed=f"s{n}")
            for n in range(PINNED_TRACKS)]
    lines = ["films:", "  - {id: f1, title: First Film, year: 1994}", "tracks:"]
    lines += [f"  - {{id: f1/t{n:02d}, film: f1, title: Song {n}, artist: Faye Wong, "
              f"duration: {200 + n}, moods: [dream], spotify: '{uri}'}}"
              for n, uri in enumerate(uris)]
    path = tmp_path / "catalog.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("WKWMIX_CATALOG", str(path))
    logged_in.catalog_uris = uris
    return logged_in


def bigger_catalog(fake: FakeSpotify, folder: Path, count: int = 150) -> str:
    """A catalog of ``count`` pinned tracks (by default more than one write request's
    worth); its path. ``fake.catalog_uris`` become theirs."""
    uris = [fake.add_track(f"Tune {n}", "Faye Wong", seed=f"b{n}") for n in range(count)]
    lines = ["films:", "  - {id: f1, title: First Film, year: 1994}", "tracks:"]
    lines += [f"  - {{id: f1/b{n:03d}, film: f1, title: Tune {n}, artist: Faye Wong, "
              f"moods: [dream], spotify: '{uri}'}}" for n, uri in enumerate(uris)]
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fake.catalog_uris = uris
    return str(path)


def only_playlist(fake: FakeSpotify, name: str = "Dreams") -> Any:
    """The one playlist of that name the stand-in holds (fails when there are several)."""
    [playlist] = fake.own_playlist(name)
    return playlist
