"""A Subsonic API client: one GET per request, JSON answers, every failure one sentence.

Authentication, in the order a server takes it: an OpenSubsonic API key when one is given;
else a token (md5 of the password and a fresh salt) with the salt; a server that has no
token login (Supysonic 0.7 answers it with error 10 or 41) gets the password hex-encoded
(``p=enc:HEX``) from then on. Repeated parameters (``songId`` once per song) are sent as
repeated keys, as Navidrome and others read them, never joined.

What goes wrong is said in one line: a wrong password, a server that is down, an address
that answers but not as a Subsonic server, a server's own error. A write whose answer
never came (a dropped connection, a 5xx) raises ``Uncertain`` for the caller to read back.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wkwmix.errors import WkwmixError

API_VERSION = "1.16.1"
CLIENT_NAME = "wkwmix"
TIMEOUT_ENV = "WKWMIX_SUBSONIC_TIMEOUT"
DEFAULT_TIMEOUT = 15.0
# Answers a server gives a token login it does not support: 41 is the API's own code;
# Supysonic 0.7 says 10 ("a required parameter is missing": it looks for p).
NO_TOKEN_LOGIN = frozenset({10, 41})
WRONG_LOGIN = 40
NOT_FOUND = 70
WRITES = frozenset({"createPlaylist", "updatePlaylist", "deletePlaylist"})

Params = Sequence[tuple[str, str]]


class SubsonicError(WkwmixError):
    """Base of what can go wrong talking to a Subsonic server."""


class WrongLogin(SubsonicError):
    """The server refused the user name or password."""


class NotSubsonic(SubsonicError):
    """The address answers, but not as a Subsonic server does."""


class Unreachable(SubsonicError):
    """No answer from the server (refused, timed out, unknown host)."""


class Missing(SubsonicError):
    """The server has no such thing (error 70)."""


class Uncertain(SubsonicError):
    """A write whose answer never came: it may or may not have been carried out."""

    def __init__(self, what: str, detail: str) -> None:
        self.what, self.detail = what, detail
        super().__init__(f"Could not finish {what!r} on the Subsonic server: {detail}; it may "
                         "or may not have been carried out. Run the same command again: it "
                         "reads the playlist back and carries on.")


@dataclass(frozen=True)
class Login:
    """Where the server is and who logs in: a password, or an OpenSubsonic API key."""

    url: str
    user: str
    password: str = ""
    api_key: str = ""

    @property
    def base(self) -> str:
        return self.url.rstrip("/") + "/rest/"


def timeout() -> float:
    text = os.environ.get(TIMEOUT_ENV)
    try:
        return float(text) if text else DEFAULT_TIMEOUT
    except ValueError:
        raise SubsonicError(f"{TIMEOUT_ENV} must be a number of seconds, not {text!r}") from None


class Client:
    """Requests to one server as one user; ``requests`` counts what was sent."""

    def __init__(self, login: Login) -> None:
        self.login = login
        self.use_token = not login.api_key
        self.requests = 0
        self.timeout = timeout()
        self.server_version: str | None = None  # the API version the server answers with

    def call(self, endpoint: str, params: Params = (), what: str | None = None
             ) -> dict[str, Any]:
        """The ``subsonic-response`` of ``endpoint``; SubsonicError when it failed."""
        what = what or endpoint
        answer = self._get(endpoint, params, what)
        error = answer.get("error") if answer.get("status") == "failed" else None
        if error is not None and self.use_token and _code(error) in NO_TOKEN_LOGIN:
            self.use_token = False  # this server has no token login: the password, encoded
            answer = self._get(endpoint, params, what)
            error = answer.get("error") if answer.get("status") == "failed" else None
        if error is not None:
            raise self._failed(error, what)
        return answer

    def _auth(self) -> list[tuple[str, str]]:
        login = self.login
        if login.api_key:
            return [("apiKey", login.api_key)]
        if self.use_token:
            salt = secrets.token_hex(8)
            token = hashlib.md5((login.password + salt).encode()).hexdigest()
            return [("u", login.user), ("t", token), ("s", salt)]
        return [("u", login.user), ("p", "enc:" + login.password.encode().hex())]

    def _get(self, endpoint: str, params: Params, what: str) -> dict[str, Any]:
        query = urllib.parse.urlencode(
            [*self._auth(), ("v", API_VERSION), ("c", CLIENT_NAME), ("f", "json"), *params])
        url = f"{self.login.base}{endpoint}?{query}"
        self.requests += 1
        write = endpoint in WRITES
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as e:
            if e.code >= 500 and write:
                raise Uncertain(what, f"the server answered {e.code}") from None
            if e.code in (401, 403):
                raise WrongLogin(self._refused(f"HTTP {e.code}")) from None
            raise NotSubsonic(self._not_subsonic(f"it answered HTTP {e.code} to {endpoint}")
                              ) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            if write and not _never_sent(reason):
                raise Uncertain(what, f"the connection failed ({_why(reason)})") from None
            raise Unreachable(f"Could not reach the Subsonic server at {self.login.url} "
                              f"({what}): {_why(reason)}.") from None
        try:
            answer = json.loads(body) if body.strip() else None
        except ValueError:
            answer = None
        if body.strip() == b"" and write:
            return {"status": "ok"}  # Supysonic answers a createPlaylist with an empty body
        if not isinstance(answer, dict) or not isinstance(answer.get("subsonic-response"),
                                                          dict):
            raise NotSubsonic(self._not_subsonic(f"its answer to {endpoint} is not a "
                                                 "Subsonic response"))
        found = dict(answer["subsonic-response"])
        if isinstance(found.get("version"), str):
            self.server_version = found["version"]
        return found

    def _failed(self, error: Any, what: str) -> SubsonicError:
        code = _code(error)
        message = str((error or {}).get("message") or "no reason given").rstrip(".")
        if code == WRONG_LOGIN:
            return WrongLogin(self._refused(f"error {code}: {message}"))
        if code == NOT_FOUND:
            return Missing(f"The Subsonic server has no such thing ({what}): {message}.")
        return SubsonicError(f"The Subsonic server at {self.login.url} refused to {what} "
                             f"(error {code}: {message}).")

    def _refused(self, detail: str) -> str:
        who = "the API key" if self.login.api_key else f"user {self.login.user!r}"
        return (f"The Subsonic server at {self.login.url} refused the login of {who} "
                f"({detail}): check the user name and password, then `wkwmix subsonic login "
                f"URL --user NAME` again.")

    def _not_subsonic(self, detail: str) -> str:
        return (f"{self.login.url} does not answer as a Subsonic server ({detail}); give the "
                "address you open the server at, without /rest.")

    def stream_url(self, song_id: str) -> str:
        """The address a player streams the song from (the login in it, as Subsonic
        players send it)."""
        query = urllib.parse.urlencode([*self._auth(), ("v", API_VERSION),
                                        ("c", CLIENT_NAME), ("id", song_id)])
        return f"{self.login.base}stream?{query}"

    def ping(self) -> None:
        """Check the address and the login (one request, two without a token login)."""
        self.call("ping", what="ping")


def _code(error: Any) -> int | None:
    code = (error or {}).get("code") if isinstance(error, dict) else None
    return code if isinstance(code, int) else None


def _never_sent(reason: object) -> bool:
    return isinstance(reason, (ConnectionRefusedError, socket.gaierror))


def _why(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused (is the server running?)"
    if isinstance(reason, socket.gaierror):
        return "no such host"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "no answer in time"
    return str(reason) or type(reason).__name__
