"""The spotipy client as wkwmix configures it: base URLs, timeouts, capped retries, quiet logs.

Everything is set through spotipy's public knobs: ``Spotify.prefix`` for the Web API base
URL, the auth manager's ``OAUTH_*_URL`` attributes for the accounts service, and a requests
session whose retry policy waits out a short ``Retry-After`` but gives up on a long one (urllib3
would otherwise sleep for as long as Spotify asks, even an hour).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
import spotipy
from requests.adapters import HTTPAdapter
from spotipy.exceptions import SpotifyException, SpotifyOauthError
from urllib3.exceptions import InvalidHeader, MaxRetryError, ResponseError
from urllib3.util.retry import Retry

from wkwmix.errors import WkwmixError
from wkwmix.spotify.errors import (
    NotLoggedIn,
    RateLimited,
    Refused,
    SpotifyError,
    Unreachable,
)

API_URL_ENV = "WKWMIX_SPOTIFY_API_URL"
ACCOUNTS_URL_ENV = "WKWMIX_SPOTIFY_ACCOUNTS_URL"
MAX_WAIT_ENV = "WKWMIX_SPOTIFY_MAX_WAIT"
TIMEOUT_ENV = "WKWMIX_SPOTIFY_TIMEOUT"
BACKOFF_ENV = "WKWMIX_SPOTIFY_BACKOFF"
DEFAULT_API_URL = "https://api.spotify.com/v1/"
DEFAULT_ACCOUNTS_URL = "https://accounts.spotify.com/"
DEFAULT_REDIRECT_URI = "http://127.0.0.1:8888/callback"
DEFAULT_MAX_WAIT = 60.0
DEFAULT_TIMEOUT = 15.0
DEFAULT_BACKOFF = 0.5
RETRIES = 3
RETRY_STATUSES = (429, 500, 502, 503, 504)
SCOPES = "playlist-read-private playlist-modify-private playlist-modify-public"


@dataclass(frozen=True)
class Config:
    """Where Spotify is and how patient to be with it; read from the environment."""

    api_url: str = DEFAULT_API_URL
    accounts_url: str = DEFAULT_ACCOUNTS_URL
    max_wait: float = DEFAULT_MAX_WAIT
    timeout: float = DEFAULT_TIMEOUT
    backoff: float = DEFAULT_BACKOFF

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            api_url=_with_slash(os.environ.get(API_URL_ENV) or DEFAULT_API_URL),
            accounts_url=_with_slash(os.environ.get(ACCOUNTS_URL_ENV) or DEFAULT_ACCOUNTS_URL),
            max_wait=_seconds(MAX_WAIT_ENV, DEFAULT_MAX_WAIT),
            timeout=_seconds(TIMEOUT_ENV, DEFAULT_TIMEOUT),
            backoff=_seconds(BACKOFF_ENV, DEFAULT_BACKOFF),
        )

    @property
    def token_url(self) -> str:
        return self.accounts_url + "api/token"

    @property
    def authorize_url(self) -> str:
        return self.accounts_url + "authorize"


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _seconds(name: str, default: float) -> float:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise WkwmixError(f"{name} must be a number of seconds, not {text!r}") from None
    if value < 0:
        raise WkwmixError(f"{name} must not be negative, not {text!r}")
    return value


class CappedRetry(Retry):
    """urllib3's retry policy, except that a Retry-After longer than ``max_wait`` ends retrying.

    The 429 then reaches spotipy as a normal error response (``raise_on_status=False``), so
    the caller sees Spotify's own Retry-After and reason and can tell the user when to return.
    """

    def __init__(self, *args: Any, max_wait: float = DEFAULT_MAX_WAIT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_wait = max_wait

    def new(self, **kw: Any) -> CappedRetry:
        retry = super().new(**kw)
        retry.max_wait = self.max_wait
        return retry

    def increment(self, method: str | None = None, url: str | None = None,
                  response: Any = None, error: Exception | None = None,
                  _pool: Any = None, _stacktrace: Any = None) -> CappedRetry:
        if response is not None and self._asks_to_wait(response) > self.max_wait:
            raise MaxRetryError(_pool, url, ResponseError("Retry-After beyond the wait cap"))
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def _asks_to_wait(self, response: Any) -> float:
        header = response.headers.get("Retry-After")
        if not header:
            return 0.0
        try:
            return self.parse_retry_after(header)
        except InvalidHeader:
            return 0.0


def make_session(config: Config) -> requests.Session:
    """A requests session that retries connection failures, 429 and 5xx a few times."""
    retry = CappedRetry(
        total=RETRIES, connect=RETRIES, read=False, status=RETRIES,
        allowed_methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
        status_forcelist=RETRY_STATUSES, backoff_factor=config.backoff,
        raise_on_status=False, respect_retry_after_header=True, max_wait=config.max_wait,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def quiet_logs() -> None:
    """Keep spotipy and urllib3 from printing raw HTTP errors (and, at debug level, tokens)."""
    logging.getLogger("spotipy").setLevel(logging.CRITICAL + 1)
    logging.getLogger("urllib3").setLevel(logging.CRITICAL + 1)


class Client:
    """A logged-in spotipy client: refreshes a rejected token once, translates every error."""

    def __init__(self, spotify: spotipy.Spotify, refresh: Callable[[], None],
                 config: Config) -> None:
        self.spotify = spotify
        self._refresh = refresh
        self.config = config

    def call(self, what: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """``spotify.<method>(*args, **kwargs)``; ``what`` names the action in error messages."""
        bound = getattr(self.spotify, method)
        try:
            return self._with_fresh_token(bound, args, kwargs)
        except SpotifyException as e:
            raise translate(e, what, self.config) from None
        except SpotifyOauthError:
            raise NotLoggedIn() from None
        except requests.RequestException as e:
            raise Unreachable(what, _connection_detail(e, self.config)) from None

    def _with_fresh_token(self, bound: Callable[..., Any], args: tuple[Any, ...],
                          kwargs: dict[str, Any]) -> Any:
        try:
            return bound(*args, **kwargs)
        except SpotifyException as e:
            if e.http_status != 401:
                raise
        # Spotify can reject a token before its stated expiry (revoked, clock skew): refresh
        # once and repeat the request; a second 401 means the login itself is gone.
        self._refresh()
        return bound(*args, **kwargs)


class Missing(SpotifyError):
    """Spotify answered 404: the thing asked for does not exist (any more)."""


def translate(error: SpotifyException, what: str, config: Config) -> SpotifyError:
    """The user-facing error for a spotipy exception."""
    status = error.http_status
    if status == 429:
        retry_after = _retry_after(error.headers)
        return RateLimited(retry_after, config.max_wait, quota=error.reason == "QUOTA_EXCEEDED")
    if status == 401:
        return NotLoggedIn()
    if status == 404:
        return Missing(f"Spotify has no such thing ({what}).")
    if status >= 500:
        return Unreachable(what, f"Spotify answered {status} (a server error) "
                           f"{RETRIES + 1} times in a row")
    message = _message(error)
    hint = (" If your Spotify app is in Development Mode, add your account to its users "
            "in the developer dashboard." if status == 403 else "")
    return Refused(f"Spotify refused to {what} ({status}: {message}).{hint}")


def _retry_after(headers: Any) -> float | None:
    value = (headers or {}).get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return Retry().parse_retry_after(value)
        except InvalidHeader:
            return None


def _message(error: SpotifyException) -> str:
    # spotipy's msg is "<url>:\n <message>"; the URL is noise to a user.
    return str(error.msg).split(":\n", 1)[-1].strip() or "no reason given"


def _connection_detail(error: requests.RequestException, config: Config) -> str:
    if isinstance(error, requests.Timeout):
        return f"no answer within {config.timeout:g} s"
    if isinstance(error, requests.ConnectionError):
        return f"cannot connect to {config.api_url}"
    return type(error).__name__
