"""Logging in to Spotify (authorization code with PKCE: a client id, no secret) and the token cache.

The token lives in the user's wkwmix folder, written atomically with mode 0600. No token
ever reaches a message or a log: spotipy's logger is silenced before any request is made.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import requests
import spotipy
from spotipy.exceptions import SpotifyOauthError
from spotipy.oauth2 import SpotifyOAuth, SpotifyPKCE, start_local_http_server

from wkwmix.spotify.client import (
    DEFAULT_REDIRECT_URI,
    SCOPES,
    Client,
    Config,
    make_session,
    quiet_logs,
)
from wkwmix.spotify.errors import LoginFailed, NoClientId, NotLoggedIn, Unreachable
from wkwmix.store import spotify_token
from wkwmix.store.spotify_token import TokenCache

CLIENT_ID_ENV = "SPOTIPY_CLIENT_ID"
REDIRECT_URI_ENV = "SPOTIPY_REDIRECT_URI"
BROWSER_WAIT = 300.0


class QuietPKCE(SpotifyPKCE):  # type: ignore[misc]  # spotipy has no types
    """SpotifyPKCE that never starts an interactive login in the middle of another command."""

    def get_authorization_code(self, response: str | None = None) -> str:
        if response:
            return str(super().get_authorization_code(response))
        raise NotLoggedIn()


def redirect_uri() -> str:
    return os.environ.get(REDIRECT_URI_ENV) or DEFAULT_REDIRECT_URI


def make_auth(config: Config, session: Any, state: str | None = None) -> QuietPKCE:
    client_id = os.environ.get(CLIENT_ID_ENV)
    if not client_id:
        raise NoClientId()
    quiet_logs()
    auth = QuietPKCE(
        client_id=client_id, redirect_uri=redirect_uri(), state=state, scope=SCOPES,
        cache_handler=TokenCache(), requests_timeout=config.timeout,
        requests_session=session, open_browser=False,
    )
    auth.OAUTH_AUTHORIZE_URL = config.authorize_url
    auth.OAUTH_TOKEN_URL = config.token_url
    return auth


def connect(config: Config | None = None) -> Client:
    """A client for the logged-in user; NotLoggedIn when there is no saved login."""
    config = config or Config.from_env()
    if not spotify_token.logged_in():
        raise NotLoggedIn()
    session = make_session(config)
    auth = make_auth(config, session)
    spotify = spotipy.Spotify(auth_manager=auth, requests_session=session,
                              requests_timeout=config.timeout)
    spotify.prefix = config.api_url
    return Client(spotify, lambda: _refresh(auth), config)


def _refresh(auth: QuietPKCE) -> None:
    token = auth.cache_handler.get_cached_token()
    if not token or not token.get("refresh_token"):
        raise NotLoggedIn()
    auth.refresh_access_token(token["refresh_token"])


class Login:
    """One login attempt: the URL to open, then the URL the browser was sent back to."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config.from_env()
        self.state = secrets.token_urlsafe(16)
        self.auth = make_auth(self.config, make_session(self.config), state=self.state)
        self.url = self.auth.get_authorize_url()

    def finish(self, redirected_to: str) -> None:
        """Exchange the code in the redirected URL for a token and save it."""
        try:
            state, code = SpotifyOAuth.parse_auth_response_url(redirected_to.strip())
        except SpotifyOauthError as e:
            raise LoginFailed(f"Spotify did not authorize wkwmix ({e.error or e}); "
                              "run the login again and agree on Spotify's page.") from None
        self._exchange(state, code)

    def through_browser(self, open_url: Callable[[str], Any], wait: float = BROWSER_WAIT) -> None:
        """Listen on the loopback redirect address, open the URL, and take the redirect."""
        address = urlparse(self.auth.redirect_uri)
        if address.hostname not in ("127.0.0.1", "localhost") or not address.port:
            raise LoginFailed(f"The redirect URI {self.auth.redirect_uri} is not a loopback "
                              "address with a port; use `wkwmix spotify login --no-browser`.")
        try:
            server = start_local_http_server(address.port)
        except OSError as e:
            raise LoginFailed(f"Cannot listen on 127.0.0.1:{address.port} for Spotify's redirect "
                              f"({e.strerror}); use `wkwmix spotify login --no-browser`.") from None
        try:
            server.timeout = wait
            open_url(self.url)
            server.handle_request()
        finally:
            server.server_close()
        if server.error is not None:
            raise LoginFailed(f"Spotify did not authorize wkwmix ({server.error}).")
        if server.auth_code is None:
            raise LoginFailed(f"No answer from the browser within {wait:g} s; run the login "
                              "again, or use --no-browser.")
        self._exchange(getattr(server, "state", None), server.auth_code)

    def _exchange(self, state: str | None, code: str | None) -> None:
        if state != self.state:
            raise LoginFailed("That URL does not belong to this login (its state differs); "
                              "run the login again and use the newest URL.")
        if not code:
            raise LoginFailed("That URL carries no authorization code; paste the whole "
                              "address the browser shows after you agree.")
        try:
            self.auth.get_access_token(code=code, check_cache=False)
        except SpotifyOauthError as e:
            raise LoginFailed(f"Spotify did not accept the authorization ({e.error or e}); "
                              "run the login again.") from None
        except spotipy.SpotifyException as e:
            raise LoginFailed(f"Spotify did not accept the authorization ({e.http_status}); "
                              "run the login again.") from None
        except requests.RequestException:
            raise Unreachable("log in", f"cannot connect to {self.config.token_url}") from None
