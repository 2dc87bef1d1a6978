"""What can go wrong talking to Spotify, each said in one paragraph the user can act on."""

from __future__ import annotations

import time

from wkwmix.errors import WkwmixError

RERUN = "Nothing is left half done: run the same command again and it carries on."
# After a write that may or may not have landed, something may well be half done.
REREAD = ("Run the same command again: it reads back what is on Spotify and carries on from "
          "there.")


class SpotifyError(WkwmixError):
    """Base of the errors raised while talking to Spotify."""


class NotLoggedIn(SpotifyError):
    def __init__(self) -> None:
        super().__init__("You are not logged in to Spotify (or the login has expired); "
                         "run `wkwmix spotify login` first.")


class NoClientId(SpotifyError):
    def __init__(self) -> None:
        super().__init__("Set SPOTIPY_CLIENT_ID to the client id of your Spotify app "
                         "(create one at https://developer.spotify.com/dashboard, with the "
                         "redirect URI http://127.0.0.1:8888/callback or your own "
                         "SPOTIPY_REDIRECT_URI).")


class LoginFailed(SpotifyError):
    """The authorization did not complete (denied, wrong URL pasted, state mismatch)."""


class RateLimited(SpotifyError):
    """Spotify kept saying 429: it asked for a longer pause than wkwmix has left, or kept asking."""

    def __init__(self, retry_after: float | None, max_wait: float, quota: bool = False) -> None:
        self.retry_after = retry_after
        why = "your app's request quota is used up" if quota else "too many requests"
        if retry_after is not None and retry_after > 0:
            asked = (f"asked to wait {_duration(retry_after)}, more than is left of the "
                     f"{_duration(max_wait)} wkwmix waits in all for one command "
                     "(WKWMIX_SPOTIFY_MAX_WAIT)")
            # A date too: a quota's pause can last past midnight, or days.
            when = "after " + time.strftime("%Y-%m-%d %H:%M",
                                            time.localtime(time.time() + retry_after))
            when += f" (in {_duration(retry_after)})"
        else:
            asked = "still asked wkwmix to slow down after several pauses"
            when = "in a few minutes"
        super().__init__(f"Spotify is limiting requests ({why}) and {asked}. "
                         f"Try again {when}. {RERUN}")


class Unreachable(SpotifyError):
    """A connection refused, a timeout, or server errors that outlasted the retries."""

    def __init__(self, what: str, detail: str, rerun: str = RERUN) -> None:
        super().__init__(f"Could not reach Spotify ({what}): {detail}. {rerun}")


class Uncertain(Unreachable):
    """A write failed in a way that leaves open whether Spotify carried it out.

    Such a write is never repeated blindly: the caller reads the playlist back and
    works out what is still to do.
    """

    def __init__(self, what: str, detail: str) -> None:
        self.what, self.detail = what, detail
        super().__init__(what, f"{detail}; it may or may not have been carried out", REREAD)


class Malformed(SpotifyError):
    """Spotify's answer was not what the API returns (a captive portal, a proxy's page)."""

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(f"Spotify's answer to {what!r} was not the JSON its API sends "
                         f"({detail}); a captive portal or a proxy may be in the way. "
                         f"Nothing was taken from it. {RERUN}")


class LoginServiceFailed(SpotifyError):
    """The accounts service (token exchange or refresh) answered with a server error."""

    def __init__(self, status: int) -> None:
        super().__init__(f"Spotify's login service failed ({status}, a server error on "
                         "Spotify's side); your login is kept. Try again in a few minutes.")


class Refused(SpotifyError):
    """Spotify answered with an error wkwmix cannot work around (e.g. 403)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class NotOurs(SpotifyError):
    """The playlist exists but wkwmix did not create it."""

    def __init__(self, name: str, playlist_id: str) -> None:
        super().__init__(
            f"A playlist named {name!r} (spotify:playlist:{playlist_id}) is already in your "
            "Spotify account, and wkwmix did not create it, so it is left alone. Use --adopt "
            "to let wkwmix replace its contents, or --name to sync under another name.")


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds / 3600:.1f} h"


def after_writes(error: SpotifyError, done: list[str]) -> SpotifyError:
    """``error``, told after the writes ``done`` landed: no longer "nothing is left half
    done", but what was done before wkwmix had to stop."""
    text = str(error)
    if not done or RERUN not in text:
        return error
    steps = list(dict.fromkeys(done))
    did = steps[0] if len(steps) == 1 else ", ".join(steps[:-1]) + " and " + steps[-1]
    error.args = (text.replace(RERUN, f"Part of it is done (wkwmix could {did}, then had to "
                                      "stop): run the same command again and it carries on."),)
    return error
