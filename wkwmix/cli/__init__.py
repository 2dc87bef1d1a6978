"""The ``wkwmix`` command line: parses arguments, calls the core, renders the results."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from wkwmix.cli.lazy import LazyGroup
from wkwmix.queryfields import help_line
from wkwmix.version import __version__

COMMANDS = {
    "films": "wkwmix.cli.browse:films",
    "moods": "wkwmix.cli.browse:moods",
    "ls": "wkwmix.cli.browse:list_tracks",
    "show": "wkwmix.cli.browse:show",
    "check": "wkwmix.cli.browse:check",
    "paths": "wkwmix.cli.browse:paths_command",
    "tag": "wkwmix.cli.tagging:tag_command",
    "untag": "wkwmix.cli.tagging:untag_command",
    "overlay": "wkwmix.cli.tagging:overlay_group",
    "build": "wkwmix.cli.playlists:build",
    "play": "wkwmix.cli.play:play",
    "map": "wkwmix.cli.pictures:map_command",
    "spotify": "wkwmix.cli.spotify:spotify_group",
    "subsonic": "wkwmix.cli.subsonic:subsonic_group",
    "resolve": "wkwmix.cli.resolving:resolve",
    "pin": "wkwmix.cli.resolving:pin_command",
    "sync": "wkwmix.cli.syncing:sync",
}
# What `wkwmix --help` lists for each command, so that it imports none of them (a test
# holds these to the commands' own help).
SUMMARIES = {
    "films": "List the films, oldest first, with how many tracks each has.",
    "moods": "List the mood vocabulary (or add and remove your own moods).",
    "ls": "List the tracks a QUERY selects (every track without one).",
    "show": "Show every fact of one TRACK (an id, a unique id prefix or an exact title).",
    "check": "Validate the catalog, your overlay and the playlist recipes.",
    "paths": "Show where wkwmix keeps your files: config, data (your overlay) and cache.",
    "tag": "Add moods to a track (an id, unique id prefix or exact title).",
    "untag": "Remove moods from a track, whether the catalog or you gave them.",
    "overlay": "Your own edits: where they live, and sharing them as a catalog.",
    "build": "Build a playlist from a QUERY or a recipe, as M3U8, XSPF, JSPF, JSON, CSV, text "
             "or a web page.",
    "play": "Build a playlist from a RECIPE or a QUERY and play it.",
    "map": "Draw the mood plane as SVG: every mood, the tracks a QUERY selects, and for a "
           "recipe or an arc the playlist's path in play order.",
    "spotify": "Log in to Spotify (needed by resolve and sync), log out, or see who is logged "
               "in.",
    "resolve": "Find the Spotify track for each track a QUERY (or a TRACK id) selects.",
    "pin": "Pin TRACK to a Spotify URI (spotify:track:… or an open.spotify.com link).",
    "subsonic": "Log in to your own music server (Navidrome, gonic, Supysonic…) for sync --to "
                "subsonic.",
    "sync": "Make a Spotify playlist (or one on your music server) match a recipe (or a "
            "QUERY).",
}


HELP = f"""Explore, tag and play the music of Wong Kar-wai's films.

    \b
    Queries select tracks, e.g.:
      wkwmix ls mood:dream
      wkwmix ls film:"Chungking Express" -kind:score
      wkwmix ls year:1994..1997 mood:longing,isolation faye

    {help_line()}, bare words match title, artist and alternate titles (and track ids,
    with a '/').
    """


@click.group(
    cls=LazyGroup, lazy=COMMANDS, summaries=SUMMARIES, help=HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", "-V", prog_name="wkwmix")
@click.option(
    # App reads WKWMIX_CATALOG when no --catalog is given: the one place that reads it.
    "--catalog", type=click.Path(dir_okay=False, path_type=Path),
    help="Use this catalog file instead of the shipped one [env: WKWMIX_CATALOG].",
)
@click.option(
    "--no-overlay", is_flag=True, help="Ignore your own mood edits (the overlay) for this run.",
)
@click.pass_context
def cli(ctx: click.Context, catalog: Path | None, no_overlay: bool) -> None:
    # The help is HELP, whose Fields line is made from the query fields' registry.
    from wkwmix.app import App  # not needed by --help or --version
    from wkwmix.cli.output import say

    ctx.obj = App(catalog=catalog, use_overlay=not no_overlay, on_wait=say, on_warn=say,
                  on_progress=FirstLoad())


class FirstLoad:
    """How far a long first read of a catalog has got, on a terminal only.

    Nothing shows for the first second, so quick loads (and every warm one) stay silent.
    """

    DELAY = 1.0

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.started = self.clock()
        self.shown = False

    def __call__(self, path: str, share: float) -> None:
        if not sys.stderr.isatty() or self.clock() - self.started < self.DELAY:
            return
        name = Path(path).name
        ending = "\n" if share >= 1.0 else ""
        if share < 1.0 or self.shown:
            click.echo(f"\rReading {name} for the first time… {share:4.0%}{ending}", err=True,
                       nl=False)
            self.shown = share < 1.0


def main() -> None:
    """Console-script entry point: every way a run can end, as an exit code and one message."""
    from wkwmix.cli.lazy import encoding_message, os_error_message

    try:
        code = cli.main(prog_name="wkwmix", standalone_mode=False)
        sys.stdout.flush()  # a full disk on standard output shows here, not at exit
    except BrokenPipeError:
        # The reader (e.g. `head`) went away; that is not an error worth a traceback.
        _quiet_exit(0)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _quiet_exit(130, "Interrupted.")
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except UnicodeEncodeError as e:
        _quiet_exit(1, f"Error: {encoding_message(e)}")
    except OSError as e:
        _quiet_exit(1, f"Error: standard output: {os_error_message(e)}")
    sys.exit(code if isinstance(code, int) else 0)


def _quiet_exit(code: int, message: str | None = None) -> None:
    """Exit without Python's own complaints about a standard output that cannot be flushed."""
    import os

    if message:
        click.echo(message, err=True)
    try:
        # What is still buffered goes into a pipe nobody reads (it holds far more than a
        # buffer), instead of failing again, loudly, when Python flushes at exit.
        _, sink = os.pipe()
        os.dup2(sink, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(code)
