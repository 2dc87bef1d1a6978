"""The spotipy client as wkwmix configures it: base URLs, timeouts, honest retries, quiet logs.

Everything is set through spotipy's public knobs: ``Spotify.prefix`` for the Web API base
URL, the auth manager's ``OAUTH_*_URL`` attributes for the accounts service, and a requests
session. Retrying is done here, not by urllib3, so that every pause is announced, the pauses
of one command share one cap (``max_wait``), retry counts are true, and a request that is
not idempotent (creating a playlist, adding items) is never sent twice after an answer that
leaves open whether it was carried out: that raises ``Uncertain`` for the caller to repair.
A 2xx answer that is not JSON is an error (``Malformed``), never an empty result.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import requests
import spotipy
from spotipy.exceptions import SpotifyException, SpotifyOauthError
from urllib3.exceptions import InvalidHeader, NewConnectionError
from urllib3.util.retry import Retry

from wkwmix.errors import WkwmixError
from wkwmix.spotify.errors import (
    LoginServiceFailed,
    Malformed,
    NotLoggedIn,
    RateLimited,
    Refused,
    SpotifyError,
    Uncertain,
    Unreachable,
    after_writes,
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
# playlist-read-private also covers GET /me/library/contains (deleted playlists), which
# accepts any of user-library-read, user-follow-read or playlist-read-private.
SCOPES = "playlist-read-private playlist-modify-private playlist-modify-public"
# Writes that add something each time they are carried out: never sent twice blindly.
NOT_IDEMPOTENT = frozenset({"current_user_playlist_create", "playlist_add_items"})
# Every call that changes something on Spotify.
WRITES = NOT_IDEMPOTENT | {"playlist_replace_items", "playlist_remove_all_occurrences_of_items",
                           "playlist_change_details", "playlist_reorder_items"}

Notice = Callable[[str], None]


@dataclass(frozen=True)
class Config:
    """Where Spotify is and how patient to be with it; read from the environment."""

    api_url: str = DEFAULT_API_URL
    accounts_url: str = DEFAULT_ACCOUNTS_URL
    max_wait: float = DEFAULT_MAX_WAIT  # all the pauses of one command, together
    timeout: float = DEFAULT_TIMEOUT
    backoff: float = DEFAULT_BACKOFF

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            api_url=_base_url(API_URL_ENV, DEFAULT_API_URL),
            accounts_url=_base_url(ACCOUNTS_URL_ENV, DEFAULT_ACCOUNTS_URL),
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


def is_loopback(host: str | None) -> bool:
    """127.0.0.0/8 or ::1 (``localhost`` is a name, not an address: it may resolve elsewhere)."""
    try:
        return ipaddress.ip_address((host or "").strip("[]")).is_loopback
    except ValueError:
        return False


def _base_url(name: str, default: str) -> str:
    """A base URL from the environment: https, or plain http to this machine only."""
    url = os.environ.get(name) or default
    parts = urlparse(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise WkwmixError(f"{name} must be an http(s) address, not {url!r}")
    if parts.scheme == "http" and not (is_loopback(host) or host == "localhost"):
        raise WkwmixError(f"{name} is {url!r}: plain http would send your Spotify token "
                          "unencrypted, so it is allowed only to this machine (127.0.0.1, "
                          "[::1], localhost); use https.")
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


class NotJSON(requests.RequestException):
    """A 2xx answer whose body is not JSON (raised by the session's response hook)."""


class AccountsDown(requests.RequestException):
    """The accounts service answered with a 5xx (raised by the session's response hook)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"accounts service answered {status}")
        self.status = status


def make_session(config: Config) -> requests.Session:
    """A requests session that checks every answer's body before spotipy reads it.

    spotipy takes a 2xx body it cannot decode for an empty result, and a 5xx from the
    accounts service for a refused login; the hook turns both into errors of their own.
    """
    session = requests.Session()
    session.hooks["response"].append(_hook(config))
    return session


def _hook(config: Config) -> Callable[..., None]:
    def check(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        # The token endpoint itself, not everything under the accounts URL: a proxy may
        # serve the API and the accounts service on one host, under one base URL.
        if response.status_code >= 500 and _endpoint(response.url) == config.token_url:
            raise AccountsDown(response.status_code)
        if 200 <= response.status_code < 300 and response.content.strip():
            try:
                response.json()
            except ValueError:
                kind = response.headers.get("Content-Type") or "no content type"
                raise NotJSON(f"{response.status_code} with {kind}") from None

    return check


def _endpoint(url: str) -> str:
    """``url`` without its query or fragment."""
    return url.split("?", 1)[0].split("#", 1)[0]


def quiet_logs() -> None:
    """Keep spotipy and urllib3 from printing raw HTTP errors (and, at debug level, tokens)."""
    logging.getLogger("spotipy").setLevel(logging.CRITICAL + 1)
    logging.getLogger("urllib3").setLevel(logging.CRITICAL + 1)


class Client:
    """A logged-in spotipy client: retries what is safe, refreshes a rejected token once,
    announces every pause through ``notice`` and translates every error."""

    def __init__(self, spotify: spotipy.Spotify, refresh: Callable[[], None],
                 config: Config, notice: Notice | None = None) -> None:
        self.spotify = spotify
        self._refresh = refresh
        self.config = config
        self.notice: Notice = notice or (lambda message: None)
        self.waited = 0.0  # seconds paused so far in this command
        self.done: list[str] = []  # the writes carried out so far in this command

    def call(self, what: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """``spotify.<method>(*args, **kwargs)``; ``what`` names the action in messages.

        An error after writes of this command landed says so: "nothing is left half done"
        would not be true of, say, a playlist created but not yet filled.
        """
        try:
            answer = self._call(what, method, *args, **kwargs)
        except SpotifyError as e:
            raise after_writes(e, self.done) from None
        if method in WRITES:
            self.done.append(what)
        return answer

    def say(self, message: str) -> None:
        self.notice(message)

    def _call(self, what: str, method: str, *args: Any, **kwargs: Any) -> Any:
        bound = getattr(self.spotify, method)
        safe = method not in NOT_IDEMPOTENT
        tries = 0
        while True:
            tries += 1
            try:
                return self._with_fresh_token(bound, args, kwargs)
            except SpotifyException as e:
                pause = self._pause_after_status(e, tries, safe)
                if pause is None:
                    raise translate(e, what, self.config, tries, safe) from None
                reason = _pause_reason(e, what, pause)
            except SpotifyOauthError:
                raise NotLoggedIn() from None
            except AccountsDown as e:
                raise LoginServiceFailed(e.status) from None
            except NotJSON as e:
                raise Malformed(what, str(e)) from None
            except requests.RequestException as e:
                pause = self._pause_after_failure(e, tries, safe)
                if pause is None:
                    raise _failure(e, what, self.config, tries, safe) from None
                reason = (f"{_connection_detail(e, self.config).capitalize()} ({what}); trying "
                          f"again in {_pause_text(pause)}")
            self._pause(pause, reason, tries)

    def _pause_after_status(self, error: SpotifyException, tries: int,
                            safe: bool) -> float | None:
        """How long to wait before trying again, or None to give up."""
        status = error.http_status
        if status == 429:  # refused, not carried out: safe to repeat any request
            asked = _retry_after(error.headers)
            wait = asked if asked is not None else self._backoff(tries)
            return wait if tries <= RETRIES and wait <= self._left() else None
        if status >= 500 and safe and tries <= RETRIES:
            return min(self._backoff(tries), self._left())
        return None

    def _pause_after_failure(self, error: requests.RequestException, tries: int,
                             safe: bool) -> float | None:
        if tries > RETRIES or not (safe or _never_sent(error)):
            return None
        return min(self._backoff(tries), self._left())

    def _backoff(self, tries: int) -> float:
        return float(self.config.backoff * 2 ** (tries - 1))

    def _left(self) -> float:
        return max(0.0, self.config.max_wait - self.waited)

    def _pause(self, seconds: float, reason: str, tries: int) -> None:
        self.notice(f"{reason}, then try {tries + 1} of {RETRIES + 1}…")
        time.sleep(seconds)
        self.waited += seconds

    def _with_fresh_token(self, bound: Callable[..., Any], args: tuple[Any, ...],
                          kwargs: dict[str, Any]) -> Any:
        try:
            return bound(*args, **kwargs)
        except SpotifyException as e:
            if e.http_status != 401:
                raise
        # Spotify can reject a token before its stated expiry (revoked, clock skew): refresh
        # once and repeat the request (a 401 means it was not carried out); a second 401
        # means the login itself is gone.
        self._refresh()
        return bound(*args, **kwargs)


class Missing(SpotifyError):
    """Spotify answered 404: the thing asked for does not exist (any more)."""


def translate(error: SpotifyException, what: str, config: Config, tries: int = 1,
              safe: bool = True) -> SpotifyError:
    """The user-facing error for a spotipy exception after ``tries`` attempts."""
    status = error.http_status
    if status == 429:
        retry_after = _retry_after(error.headers)
        return RateLimited(retry_after, config.max_wait, quota=error.reason == "QUOTA_EXCEEDED")
    if status == 401:
        return NotLoggedIn()
    if status == 404:
        return Missing(f"Spotify has no such thing ({what}).")
    if status >= 500:
        if not safe:
            return Uncertain(what, f"Spotify answered {status} (a server error)")
        return Unreachable(what, f"Spotify answered {status} (a server error) {_times(tries)}")
    message = _message(error)
    hint = (" If your Spotify app is in Development Mode, add your account to its users "
            "in the developer dashboard." if status == 403 else "")
    return Refused(f"Spotify refused to {what} ({status}: {message}).{hint}", status)


def _failure(error: requests.RequestException, what: str, config: Config, tries: int,
             safe: bool) -> SpotifyError:
    detail = _connection_detail(error, config)
    if not safe and not _never_sent(error):
        return Uncertain(what, detail)
    return Unreachable(what, detail + (f" ({_times(tries)})" if tries > 1 else ""))


def _never_sent(error: requests.RequestException) -> bool:
    """The connection was never made, so Spotify cannot have acted on the request."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, NewConnectionError)


def _times(tries: int) -> str:
    return "once" if tries == 1 else f"{tries} times in a row"


def _pause_reason(error: SpotifyException, what: str, pause: float) -> str:
    if error.http_status == 429:
        return f"Spotify asks us to wait {_pause_text(pause)} ({what})"
    return (f"Spotify answered {error.http_status} (a server error) ({what}); trying again "
            f"in {_pause_text(pause)}")


def _pause_text(seconds: float) -> str:
    return "under a second" if seconds < 1 else f"{seconds:.0f} s"


def _retry_after(headers: Any) -> float | None:
    value = (headers or {}).get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return float(Retry().parse_retry_after(value))
        except InvalidHeader:
            return None


def _message(error: SpotifyException) -> str:
    # spotipy's msg is "<url>:\n <message>"; the URL is noise to a user.
    return str(error.msg).split(":\n", 1)[-1].strip() or "no reason given"


def _connection_detail(error: requests.RequestException, config: Config) -> str:
    if isinstance(error, requests.Timeout):
        return f"no answer within {config.timeout:g} s"
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return "the connection dropped in the middle of the answer"
    if isinstance(error, requests.ConnectionError):
        if _never_sent(error):
            return f"cannot connect to {config.api_url}"
        return "the connection dropped before the answer"
    return type(error).__name__
