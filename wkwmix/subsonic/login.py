"""Which Subsonic server, and who logs in: from the environment, else the stored login.

``WKWMIX_SUBSONIC_URL``, ``WKWMIX_SUBSONIC_USER`` and ``WKWMIX_SUBSONIC_PASSWORD`` (or
``WKWMIX_SUBSONIC_API_KEY`` for a server that offers OpenSubsonic API keys) win, so a cron
job needs no file. ``wkwmix subsonic login`` stores the same in the config folder, in a
file only the user can read (0600): a token login needs the password itself, so it is
kept, as every Subsonic client keeps it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlparse

from wkwmix.store import files, paths
from wkwmix.subsonic.client import Login, SubsonicError

URL_ENV = "WKWMIX_SUBSONIC_URL"
USER_ENV = "WKWMIX_SUBSONIC_USER"
PASSWORD_ENV = "WKWMIX_SUBSONIC_PASSWORD"
API_KEY_ENV = "WKWMIX_SUBSONIC_API_KEY"
LOGIN_FILE = paths.SUBSONIC_LOGIN_FILE


class NoLogin(SubsonicError):
    def __init__(self) -> None:
        super().__init__("No Subsonic server is set: run `wkwmix subsonic login URL --user "
                         f"NAME`, or set {URL_ENV}, {USER_ENV} and {PASSWORD_ENV}.")


def login_path() -> Path:
    return paths.config_dir() / LOGIN_FILE


def check_url(url: str) -> str:
    """The server's address as given, checked: http(s) with a host."""
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SubsonicError(f"{url!r} is not a server address: give it as "
                            "http(s)://host[:port][/path], as you open it in a browser.")
    return url.rstrip("/")


def current() -> Login:
    """The login to use: the environment's, else the stored one; NoLogin when neither."""
    url = os.environ.get(URL_ENV)
    if url:
        user = os.environ.get(USER_ENV, "")
        api_key = os.environ.get(API_KEY_ENV, "")
        if not user and not api_key:
            raise SubsonicError(f"{URL_ENV} is set but {USER_ENV} is not: set both (and "
                                f"{PASSWORD_ENV}).")
        return Login(check_url(url), user, os.environ.get(PASSWORD_ENV, ""), api_key)
    stored = stored_login()
    if stored is None:
        raise NoLogin()
    return stored


def stored_login() -> Login | None:
    path = login_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise SubsonicError(f"{path}: cannot read the stored Subsonic login ({e}); run "
                            "`wkwmix subsonic login URL --user NAME` again.") from None
    if not (isinstance(data, dict) and all(isinstance(data.get(k, ""), str)
                                           for k in ("url", "user", "password", "api_key"))
            and data.get("url")):
        raise SubsonicError(f"{path}: the stored Subsonic login is not as wkwmix writes it; "
                            "run `wkwmix subsonic login URL --user NAME` again.")
    return Login(data["url"], data.get("user", ""), data.get("password", ""),
                 data.get("api_key", ""))


def store(login: Login) -> Path:
    """Keep ``login`` for later commands, readable by the user alone."""
    path = login_path()
    paths.ensure_dir(path.parent)
    text = json.dumps({"url": login.url, "user": login.user, "password": login.password,
                       "api_key": login.api_key}, ensure_ascii=False, indent=1) + "\n"
    files.write_atomic(path, text, mode=0o600)
    return path


def forget() -> bool:
    """Remove the stored login; False when there was none."""
    try:
        login_path().unlink()
    except FileNotFoundError:
        return False
    return True
