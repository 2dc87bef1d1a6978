"""What can go wrong talking to Spotify, each said in one paragraph the user can act on."""

from __future__ import annotations

import time

from wkwmix.errors import WkwmixError

RERUN = "Nothing is left half done: run the same command again and it carries on."


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
    """Spotify kept saying 429: it asked for a longer pause than wkwmix waits, or kept asking."""

    def __init__(self, retry_after: float | None, max_wait: float, quota: bool = False) -> None:
        self.retry_after = retry_after
        why = "your app's request quota is used up" if quota else "too many requests"
        if retry_after is not None and retry_after > max_wait:
            asked = (f"asked to wait {_duration(retry_after)}, longer than the "
                     f"{_duration(max_wait)} wkwmix waits (WKWMIX_SPOTIFY_MAX_WAIT)")
            when = "after " + time.strftime("%H:%M", time.localtime(time.time() + retry_after))
            when += f" (in {_duration(retry_after)})"
        else:
            asked = "still asked wkwmix to slow down after several pauses"
            when = "in a few minutes"
        super().__init__(f"Spotify is limiting requests ({why}) and {asked}. "
                         f"Try again {when}. {RERUN}")


class Unreachable(SpotifyError):
    """A connection refused, a timeout, or server errors that outlasted the retries."""

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(f"Could not reach Spotify ({what}): {detail}. {RERUN}")


class Refused(SpotifyError):
    """Spotify answered with an error wkwmix cannot work around (e.g. 403)."""


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
