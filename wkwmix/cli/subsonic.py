"""The ``subsonic`` group: log in to your own music server, log out, see who is logged in.

Any server that speaks the Subsonic API (Navidrome, gonic, Supysonic, Ampache, Nextcloud
Music, ...). The login is checked with the server before it is stored, in a file only you
can read; ``WKWMIX_SUBSONIC_URL``, ``WKWMIX_SUBSONIC_USER`` and
``WKWMIX_SUBSONIC_PASSWORD`` take its place where set.
"""

from __future__ import annotations

import click

from wkwmix.app import App
from wkwmix.cli.lazy import LazyGroup
from wkwmix.cli.state import pass_app


@click.group(name="subsonic", cls=LazyGroup)
def subsonic_group() -> None:
    """Log in to your own music server (Navidrome, gonic, Supysonic…) for sync --to subsonic.

    \b
    Examples:
      wkwmix subsonic login https://music.example.org --user me
      wkwmix sync night-city --to subsonic
    """


@subsonic_group.command()
@click.argument("url")
@click.option("--user", required=True, help="Your user name on the server.")
@pass_app
def login(app: App, url: str, user: str) -> None:
    """Check and store the login to the server at URL (the password is asked for)."""
    password = click.prompt("Password", hide_input=True, err=True)
    where = app.subsonic_login(url, user, password)
    click.echo(f"Logged in to {url.rstrip('/')} as {user} (stored in {where}, readable by "
               "you alone).")


@subsonic_group.command()
@pass_app
def logout(app: App) -> None:
    """Forget the stored login on this machine."""
    click.echo("Logged out of the Subsonic server." if app.subsonic_logout()
               else "Not logged in to a Subsonic server.")


@subsonic_group.command()
@pass_app
def whoami(app: App) -> None:
    """Show the server and user wkwmix logs in with (and check them)."""
    click.echo(app.subsonic_whoami())


