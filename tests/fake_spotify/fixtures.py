"""pytest fixtures: a running stand-in, wkwmix pointed at it by configuration, a logged-in user."""

from __future__ import annotations

import socket
from collections.abc import Iterator

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
