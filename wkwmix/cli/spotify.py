"""The ``spotify`` group: log in and out, who is logged in, the playlists wkwmix made.

spotipy and requests are imported inside the commands that talk to Spotify, never here,
so loading this module (for ``--help``, say) stays cheap. ``resolve`` and ``pin`` live in
``cli.resolving``, ``sync`` in ``cli.syncing``.
"""

from __future__ import annotations

import webbrowser
from typing import Any

import click

from wkwmix.app import App
from wkwmix.cli.lazy import LazyGroup
from wkwmix.cli.output import emit, format_option, say
from wkwmix.cli.state import pass_app
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
@pass_app
def login(app: App, no_browser: bool) -> None:
    """Authorize wkwmix to read and write your playlists (once per machine)."""
    attempt = app.spotify_login(notice=say)
    if no_browser:
        click.echo("Open this address in a browser and agree; then paste here the address "
                   "the browser was sent to.", err=True)
        click.echo(attempt.url)
        attempt.finish(click.prompt("Address", err=True))
    else:
        click.echo("Opening Spotify in your browser; if nothing opens, visit:", err=True)
        click.echo(attempt.url, err=True)
        attempt.through_browser(webbrowser.open)
    click.echo(f"Logged in to Spotify as {app.remember_spotify_account(attempt.profile)}.")


@spotify_group.command()
@pass_app
def logout(app: App) -> None:
    """Forget the saved Spotify login on this machine."""
    was_logged_in = app.spotify_logout()
    click.echo("Logged out of Spotify." if was_logged_in else "Not logged in to Spotify.")


@spotify_group.command()
@pass_app
def whoami(app: App) -> None:
    """Show the Spotify account wkwmix is logged in to."""
    click.echo(app.spotify_who(connect_client()))


@spotify_group.command(name="playlists")
@click.option("--forget", "forget_name", metavar="NAME",
              help="Forget the playlist NAME on this machine (it stays on Spotify).")
@format_option(choices=("table", "json", "csv", "tsv"))
@pass_app
def playlists_command(app: App, forget_name: str | None, fmt: str) -> None:
    """List the Spotify playlists wkwmix made for this account, or forget one.

    Read from what wkwmix remembers: no request is made.
    """
    account = app.spotify_account()
    if account is None:
        raise WkwmixError("No Spotify account is remembered on this machine; run "
                          "`wkwmix spotify login`, then sync.")
    user = str(account["id"])
    if forget_name is not None:
        found = app.forget_spotify_playlist(user, forget_name)
        if found is None:
            raise WkwmixError(f"wkwmix remembers no playlist named {forget_name!r} for "
                              f"{user}; see `wkwmix spotify playlists`.")
        click.echo(f"Forgot {forget_name!r} (spotify:playlist:{found['id']}). It stays on "
                   "Spotify, and a later sync of that name finds it again by wkwmix's "
                   "marker in its description unless you delete or rename it there.")
        return
    rows = [{"name": name, "id": entry["id"], "tracks": len(entry.get("uris") or ()),
             "synced": entry.get("synced_at") or ""}
            for name, entry in sorted(app.spotify_playlists(user).items())]
    emit(rows, fmt, [("name", "NAME"), ("id", "PLAYLIST ID"), ("tracks", "TRACKS"),
                     ("synced", "LAST SYNC")])
    click.echo(f"{len(rows)} playlist(s) made by wkwmix for {user}.", err=True)


def connect_client() -> Any:
    """The command's one client (one cap on all its pauses), made on first use."""
    meta = click.get_current_context().meta
    if "wkwmix:spotify-client" not in meta:
        app = click.get_current_context().find_object(App) or App()
        meta["wkwmix:spotify-client"] = app.spotify_client(notice=say)
    return meta["wkwmix:spotify-client"]
