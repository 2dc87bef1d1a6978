"""Logging in to Spotify (authorization code with PKCE: a client id, no secret) and the token cache.

The token lives in the user's wkwmix folder, written atomically with mode 0600. No token
ever reaches a message or a log: spotipy's logger is silenced before any request is made.
The redirect URI must be one Spotify accepts: https, or plain http to a loopback address
(127.0.0.1 or [::1]; Spotify refuses ``localhost``). The browser flow listens there and
takes only the callback: any other request to that port is answered 404 and ignored.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlparse

import requests
import spotipy
from spotipy.cache_handler import MemoryCacheHandler
from spotipy.exceptions import SpotifyOauthError
from spotipy.oauth2 import SpotifyPKCE

from wkwmix.spotify.client import (
    DEFAULT_REDIRECT_URI,
    SCOPES,
    AccountsDown,
    Client,
    Config,
    Notice,
    NotJSON,
    is_loopback,
    make_session,
    quiet_logs,
)
from wkwmix.spotify.errors import (
    LoginFailed,
    LoginServiceFailed,
    Malformed,
    NoClientId,
    NotLoggedIn,
    Unreachable,
)
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
    """The redirect URI to use, checked as Spotify checks it."""
    uri = os.environ.get(REDIRECT_URI_ENV) or DEFAULT_REDIRECT_URI
    problem = redirect_problem(uri)
    if problem:
        raise LoginFailed(f"{REDIRECT_URI_ENV} is {uri!r}: {problem}")
    return uri


def redirect_problem(uri: str) -> str | None:
    """Why Spotify would refuse ``uri`` as a redirect URI, or None."""
    parts = urlparse(uri)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme != "http" or not parts.hostname:
        return "a redirect URI is an https address, or http to 127.0.0.1 or [::1]."
    if parts.hostname == "localhost":
        return ("Spotify no longer accepts 'localhost' in a redirect URI; use the loopback "
                f"address itself, e.g. http://127.0.0.1:{parts.port or 8888}{parts.path}.")
    if not is_loopback(parts.hostname):
        return ("Spotify accepts plain http only for a loopback address (127.0.0.1 or "
                "[::1]), since anything else would carry the authorization unencrypted; "
                "use https, or a loopback address.")
    return None


def make_auth(config: Config, session: Any, state: str | None = None,
              cache: Any = None) -> QuietPKCE:
    client_id = os.environ.get(CLIENT_ID_ENV)
    if not client_id:
        raise NoClientId()
    quiet_logs()
    auth = QuietPKCE(
        client_id=client_id, redirect_uri=redirect_uri(), state=state, scope=SCOPES,
        cache_handler=cache or TokenCache(), requests_timeout=config.timeout,
        requests_session=session, open_browser=False,
    )
    auth.OAUTH_AUTHORIZE_URL = config.authorize_url
    auth.OAUTH_TOKEN_URL = config.token_url
    return auth


def connect(config: Config | None = None, notice: Notice | None = None) -> Client:
    """A client for the logged-in user; NotLoggedIn when there is no saved login.

    ``notice`` is told of every pause (a rate limit, a retry) as it begins.
    """
    config = config or Config.from_env()
    if not spotify_token.logged_in():
        raise NotLoggedIn()
    session = make_session(config)
    auth = make_auth(config, session)
    spotify = spotipy.Spotify(auth_manager=auth, requests_session=session,
                              requests_timeout=config.timeout)
    spotify.prefix = config.api_url
    return Client(spotify, lambda: _refresh(auth), config, notice)


def _refresh(auth: QuietPKCE) -> None:
    token = auth.cache_handler.get_cached_token()
    if not token or not token.get("refresh_token"):
        raise NotLoggedIn()
    auth.refresh_access_token(token["refresh_token"])


class Login:
    """One login attempt: the URL to open, then the URL the browser was sent back to.

    The new token is held in memory until the profile it belongs to is read: a login whose
    ``/me`` fails leaves the earlier login and its remembered account as they were, never
    a new token beside the old account (whose playlists a sync would then write to). The
    caller remembers ``profile`` as the account.
    """

    def __init__(self, config: Config | None = None, notice: Notice | None = None) -> None:
        self.config = config or Config.from_env()
        self.state = secrets.token_urlsafe(16)
        self.session = make_session(self.config)
        self.auth = make_auth(self.config, self.session, state=self.state,
                              cache=MemoryCacheHandler())
        self.url = self.auth.get_authorize_url()
        self.notice = notice
        self.profile: dict[str, Any] = {}  # the account logged in to, once finished

    def finish(self, redirected_to: str) -> None:
        """Exchange the code in the redirected URL for a token and save it."""
        text = redirected_to.strip()
        if not _same_endpoint(text, self.auth.redirect_uri):
            raise LoginFailed(
                "That is not the address the browser showed after you agreed: it starts "
                f"with {self.auth.redirect_uri}?code=… . Copy the whole address from the "
                "browser's address bar (the page itself may show an error; that is expected).")
        self._take(dict(parse_qsl(urlparse(text).query)))

    def through_browser(self, open_url: Callable[[str], Any], wait: float = BROWSER_WAIT) -> None:
        """Listen on the loopback redirect address, open the URL, and take the redirect."""
        address = urlparse(self.auth.redirect_uri)
        if not is_loopback(address.hostname) or not address.port:
            raise LoginFailed(f"The redirect URI {self.auth.redirect_uri} is not a loopback "
                              "address with a port; use `wkwmix spotify login --no-browser`.")
        server = _listen(address.hostname or "", address.port, address.path or "/")
        try:
            if not open_url(self.url):
                raise LoginFailed("No browser could be opened on this machine; use "
                                  "`wkwmix spotify login --no-browser` and open the address "
                                  "on any device.")
            answer = server.wait(wait)
        finally:
            server.server_close()
        if answer is None:
            raise LoginFailed(f"No answer from the browser within {wait:g} s; on a machine "
                              "without a browser (SSH, a server) use "
                              "`wkwmix spotify login --no-browser`.")
        self._take(answer)

    def _take(self, answer: dict[str, str]) -> None:
        if "error" in answer:
            raise LoginFailed(f"Spotify did not authorize wkwmix ({answer['error']}); "
                              "run the login again and agree on Spotify's page.")
        if answer.get("state") != self.state:
            raise LoginFailed("That URL does not belong to this login (its state differs); "
                              "run the login again and use the newest URL.")
        if not answer.get("code"):
            raise LoginFailed("That URL carries no authorization code; paste the whole "
                              "address the browser shows after you agree.")
        self._exchange(answer["code"])
        token = self.auth.cache_handler.get_cached_token()
        self.profile = self._read_profile(token["access_token"])
        TokenCache().save_token_to_cache(token)

    def _read_profile(self, access_token: str) -> dict[str, Any]:
        """Whose account the new token is for, read with the token itself."""
        spotify = spotipy.Spotify(auth=access_token, requests_session=self.session,
                                  requests_timeout=self.config.timeout)
        spotify.prefix = self.config.api_url

        def refused() -> None:  # a brand-new token refused: nothing to refresh
            raise NotLoggedIn()

        me = Client(spotify, refused, self.config, self.notice).call("read your profile", "me")
        if not isinstance(me, dict) or not me.get("id"):
            raise Malformed("read your profile", "no account id in the answer")
        return me

    def _exchange(self, code: str) -> None:
        try:
            self.auth.get_access_token(code=code, check_cache=False)
        except SpotifyOauthError as e:
            raise LoginFailed(f"Spotify did not accept the authorization ({e.error or e}); "
                              "run the login again.") from None
        except spotipy.SpotifyException as e:
            raise LoginFailed(f"Spotify did not accept the authorization ({e.http_status}); "
                              "run the login again.") from None
        except AccountsDown as e:
            raise LoginServiceFailed(e.status) from None
        except NotJSON as e:
            raise Malformed("log in", str(e)) from None
        except requests.RequestException:
            raise Unreachable("log in", f"cannot connect to {self.config.token_url}") from None


def _same_endpoint(url: str, redirect: str) -> bool:
    """``url`` is the redirect URI with a query added (scheme, host, port, path equal)."""
    a, b = urlparse(url), urlparse(redirect)
    try:
        return (a.scheme, a.hostname, a.port, a.path.rstrip("/")) == (
            b.scheme, b.hostname, b.port, b.path.rstrip("/"))
    except ValueError:  # a port that is not a number
        return False


class _Callback(HTTPServer):
    """A one-shot HTTP server that waits for the OAuth callback and ignores everything else."""

    answer: dict[str, str] | None = None

    def __init__(self, host: str, port: int, path: str) -> None:
        self.path = path.rstrip("/") or "/"
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _CallbackHandler)

    def wait(self, seconds: float) -> dict[str, str] | None:
        deadline = time.monotonic() + seconds
        while self.answer is None:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.timeout = left
            self.handle_request()
        return self.answer


class _CallbackHandler(BaseHTTPRequestHandler):
    server: _Callback
    PAGES: ClassVar[dict[bool, str]] = {
        True: "<h1>wkwmix: done.</h1><p>You can close this window and return to the terminal.",
        False: "<h1>Not found</h1>",
    }

    def do_GET(self) -> None:
        url = urlparse(self.path)
        answer = dict(parse_qsl(url.query))
        ours = (url.path.rstrip("/") or "/") == self.server.path and (
            "code" in answer or "error" in answer)
        if ours:
            self.server.answer = answer
        body = self.PAGES[ours].encode()
        self.send_response(200 if ours else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def _listen(host: str, port: int, path: str) -> _Callback:
    try:
        return _Callback(host, port, path)
    except OSError as e:
        raise LoginFailed(f"Cannot listen on {host}:{port} for Spotify's redirect "
                          f"({e.strerror}); use `wkwmix spotify login --no-browser`.") from None
