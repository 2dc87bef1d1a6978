"""The ``spotify`` group: log in and out, who is logged in, the playlists wkwmix made.

spotipy and requests are imported inside the commands that talk to Spotify, never here,
so loading this module (for ``--help``, say) stays cheap. ``resolve`` and ``pin`` live in
``cli.resolving``, ``sync`` in ``cli.syncing``.
"""

from __future__ import annotations

import webbrowser
from typing import Any

import click

from wkwmix.cli.lazy import LazyGroup
from wkwmix.cli.output import emit, format_option, say
from wkwmix.errors import WkwmixError

# --- spotify login / logout / whoami ---------------------------------------------------------


@click.group(name="spotify", cls=LazyGroup)
def spotify_group() -> None:
    """Log in to Spotify (needed by resolve and sync), log out, or see who is logged in.

    \b
    Set SPOTIPY_CLIENT_ID to your Spotify app's client id first; its redirect URI
    must be SPOTIPY_REDIRECT_URI (default http://127.0.0.1:8888/callback).
    """


@spotify_group.command()
@click.option("--no-browser", is_flag=True,
              help="Print the address to open, then read the address the browser was sent "
                   "back to from standard input (for SSH sessions and headless machines).")
def login(no_browser: bool) -> None:
    """Authorize wkwmix to read and write your playlists (once per machine)."""
    from wkwmix.spotify.auth import Login

    attempt = Login(notice=say)
    if no_browser:
        click.echo("Open this address in a browser and agree; then paste here the address "
                   "the browser was sent to.", err=True)
        click.echo(attempt.url)
        attempt.finish(click.prompt("Address", err=True))
    else:
        click.echo("Opening Spotify in your browser; if nothing opens, visit:", err=True)
        click.echo(attempt.url, err=True)
        attempt.through_browser(webbrowser.open)
    from wkwmix.store.spotify_memory import set_account

    set_account(attempt.profile["id"], attempt.profile.get("display_name"))
    click.echo(f"Logged in to Spotify as {_named(attempt.profile)}.")


def _who() -> str:
    from wkwmix.store.spotify_memory import set_account

    me = connect_client().call("read your profile", "me")
    set_account(me["id"], me.get("display_name"))
    return _named(me)


def _named(me: dict[str, Any]) -> str:
    name = me.get("display_name")
    return f"{name} ({me['id']})" if name else str(me["id"])


@spotify_group.command()
def logout() -> None:
    """Forget the saved Spotify login on this machine."""
    from wkwmix.store import spotify_memory as memory
    from wkwmix.store import spotify_token

    was_logged_in = spotify_token.forget()
    memory.set_account(None)
    click.echo("Logged out of Spotify." if was_logged_in else "Not logged in to Spotify.")


@spotify_group.command()
def whoami() -> None:
    """Show the Spotify account wkwmix is logged in to."""
    click.echo(_who())


@spotify_group.command(name="playlists")
@click.option("--forget", "forget_name", metavar="NAME",
              help="Forget the playlist NAME on this machine (it stays on Spotify).")
@format_option(choices=("table", "json", "csv", "tsv"))
def playlists_command(forget_name: str | None, fmt: str) -> None:
    """List the Spotify playlists wkwmix made for this account, or forget one.

    Read from what wkwmix remembers: no request is made.
    """
    from wkwmix.store import spotify_memory as memory

    account = memory.account()
    if account is None:
        raise WkwmixError("No Spotify account is remembered on this machine; run "
                          "`wkwmix spotify login`, then sync.")
    user = str(account["id"])
    if forget_name is not None:
        found = memory.playlist(user, forget_name)
        if found is None or not memory.forget(user, forget_name):
            raise WkwmixError(f"wkwmix remembers no playlist named {forget_name!r} for "
                              f"{user}; see `wkwmix spotify playlists`.")
        click.echo(f"Forgot {forget_name!r} (spotify:playlist:{found['id']}). It stays on "
                   "Spotify, and a later sync of that name finds it again by wkwmix's "
                   "marker in its description unless you delete or rename it there.")
        return
    rows = [{"name": name, "id": entry["id"], "tracks": len(entry.get("uris") or ()),
             "synced": entry.get("synced_at") or ""}
            for name, entry in sorted(memory.playlists(user).items())]
    emit(rows, fmt, [("name", "NAME"), ("id", "PLAYLIST ID"), ("tracks", "TRACKS"),
                     ("synced", "LAST SYNC")])
    click.echo(f"{len(rows)} playlist(s) made by wkwmix for {user}.", err=True)


def connect_client() -> Any:
    """The command's one client (one cap on all its pauses), made on first use."""
    meta = click.get_current_context().meta
    if "wkwmix.spotify.client" not in meta:
        from wkwmix.spotify.auth import connect

        meta["wkwmix.spotify.client"] = connect(notice=say)
    return meta["wkwmix.spotify.client"]
