"""The ``play`` command: build a playlist and play it at once, by the first route that
works: the user's own files in their player; else the tracks streamed from their music
server (``--to subsonic``, or whenever a Subsonic login is set); else the Spotify playlist
wkwmix synced; else the playlist's page in the browser, where every track has its
listening links.

The player is the one asked for (``--player``, ``$WKWMIX_PLAYER``), else mpv or VLC when
installed, else whatever the desktop opens playlists with (``xdg-open``, macOS ``open``).
"""

from __future__ import annotations

import dataclasses
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click

from wkwmix.app import App
from wkwmix.cli.completion import complete_recipe_or_query
from wkwmix.cli.lazy import CliError
from wkwmix.cli.options import applied, check_arc, recipe_options
from wkwmix.cli.optiontypes import too_short
from wkwmix.cli.playlists import _scan
from wkwmix.cli.queryargs import QueryCommand, no_match
from wkwmix.cli.state import pass_app
from wkwmix.cli.syncing import sync_recipe
from wkwmix.formats.txt import summary
from wkwmix.model import BuildOptions, Playlist

PLAYERS = ("mpv", "vlc")
PLAYER_ENV = "WKWMIX_PLAYER"


class PlayerCommand(click.ParamType):
    """A player's command line, split into words as a shell would (``'mpv --shuffle'``);
    one that cannot be split, or names no program, is refused before anything runs."""

    name = "command"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if isinstance(value, list):
            return value
        text = str(value)
        source = ctx.get_parameter_source(param.name) if ctx and param and param.name else None
        shown = repr(text) + (f" (from ${PLAYER_ENV})"
                              if source == click.core.ParameterSource.ENVIRONMENT else "")
        try:
            words = shlex.split(text)
        except ValueError as e:  # shlex's own words are terse: "No closing quotation"
            why = ("it has an unclosed quote" if "quotation" in str(e)
                   else "it ends in a lone backslash")
            self.fail(f"{shown} cannot be read as a command: {why}.", param, ctx)
        if not words:
            self.fail(f"{shown} names no program.", param, ctx)
        return words


@click.command(cls=QueryCommand)
@click.argument("source", nargs=-1, required=True, metavar="RECIPE|QUERY",
                shell_complete=complete_recipe_or_query)
@click.option("--library", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Your music folder: the tracks found there play from your own files.")
@click.option("--to", "service", type=click.Choice(["subsonic"]),
              help="Play from your music server (`wkwmix subsonic login`) when no file of "
                   "--library can play; tried anyway whenever a server login is set.")
@click.option("--player", envvar=PLAYER_ENV, metavar="COMMAND", type=PlayerCommand(),
              help="The program to play the files with, e.g. 'mpv --shuffle' "
                   "[env: WKWMIX_PLAYER; default: mpv, VLC, else the desktop's choice].")
@recipe_options
@pass_app
def play(app: App, source: tuple[str, ...], library: Path | None, service: str | None,
         player: list[str] | None, options: BuildOptions) -> None:
    """Build a playlist from a RECIPE or a QUERY and play it.

    The tracks found in --library play in your player; without any, they stream from
    your music server (--to subsonic, or whenever a server login is set); else wkwmix
    opens the playlist it synced to Spotify (`wkwmix sync`); else the playlist's page, in
    the browser, where every track has its listening links.

    \b
    Examples:
      wkwmix play night-city --library ~/Music
      wkwmix play mood:dream --arc dream,isolation,hope --minutes 45 --library ~/Music
      wkwmix play night-city --player 'vlc --random'
      wkwmix play night-city --to subsonic
    """
    check_arc(app, options.arc)
    recipe = sync_recipe(app, source)  # named as `wkwmix sync` names its playlist
    wanted = applied(options, recipe)
    index = _scan(app, library) if library is not None else None
    # With a library, --minutes and --limit are fitted over the tracks that can play.
    playlist = app.build(wanted, library=index, playable=index is not None)
    if not playlist.selected:
        raise CliError(no_match(wanted.query or wanted.name) + "; nothing to play")
    short = too_short(playlist, wanted.minutes, app.eligible(wanted.query),
                      wanted.query or wanted.name)
    if short:
        raise CliError(f"{short}; nothing to play")
    local = [e for e in playlist.entries if e.local_path is not None]
    if local:  # the summary counts what plays: the tracks with a file
        playable = dataclasses.replace(playlist, entries=tuple(local),
                                       tracks=tuple(e.track for e in local))
        click.echo(f"{playlist.name}: {summary(playable)}", err=True)
        if index is not None:
            missing = sum(index.match(t) is None for t in app.eligible(wanted.query))
            if missing:
                verb = "has no file" if missing == 1 else "have no file"
                left = "is left out" if missing == 1 else "are left out"
                click.echo(f"{missing} of the {playlist.selected} matching tracks {verb} in "
                           f"{library} and {left}", err=True)
        _play_files(app, playable, app.play_path(wanted), player)
        return
    if playlist.entries:
        click.echo(f"{playlist.name}: {summary(playlist)}", err=True)
    if (service == "subsonic" or app.has_subsonic()) and _play_from_server(
            app, playlist, app.play_path(wanted), player):
        return
    playlist_id = app.synced_playlist_id(recipe.name)
    if playlist_id is not None:
        url = f"https://open.spotify.com/playlist/{playlist_id}"
        click.echo(f"Opening {recipe.name!r} on Spotify (as last synced): {url}", err=True)
        _run(_opener() + [url], "the desktop's opener")
        return
    _open_page(app, playlist, app.play_path(wanted).with_suffix(".html"),
               _nothing_to_play(playlist, recipe.name, source, library))


def _play_from_server(app: App, playlist: Playlist, dest: Path,
                      player: list[str] | None) -> bool:
    """Stream the tracks the user's server holds; False when it holds none of them."""
    from wkwmix.cli.output import progressbar, say

    target = app.subsonic_target(notice=say)
    with progressbar(len(playlist.tracks), "Searching your server") as bar:
        text = app.server_streams(target, playlist, progress=bar.update)
    if text is None:
        click.echo(f"None of the {_tracks(len(playlist.tracks))} is in your server's "
                   "library.", err=True)
        return False
    app.write_text(dest, text)
    command = player or _installed_player()
    name = Path(command[0]).name
    streams = text.count("\n#EXTINF:")
    click.echo(f"Playing {_tracks(streams)} from your server with {name}: {dest}", err=True)
    _run([*command, str(dest)], name)
    return True


def _open_page(app: App, playlist: Playlist, page: Path, why: str) -> None:
    """The last route: the playlist's page, each track with its listening links."""
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    if not playlist.entries or shutil.which(opener) is None:
        raise CliError(why)
    app.write(playlist, "html", page)
    click.echo(f"{why.removesuffix('.')}. Opening its page, where every track has its "
               f"listening links: {page}", err=True)
    try:
        _run(_opener() + [page.as_uri()], "the desktop's opener")
    except CliError as e:  # no browser here either: what would play, and where the page is
        raise CliError(f"{why} Its page is {page} ({e.message}).") from None


def _play_files(app: App, playlist: Playlist, dest: Path, player: list[str] | None) -> None:
    app.write(playlist, "m3u8", dest)
    command = player or _installed_player()
    name = Path(command[0]).name
    click.echo(f"Playing {_tracks(len(playlist.entries))} with {name}: {dest}", err=True)
    _run([*command, str(dest)], name)


def _installed_player() -> list[str]:
    for name in PLAYERS:
        found = shutil.which(name)
        if found:
            return [found]
    return _opener()


def _opener() -> list[str]:
    """The desktop's own way to open a file or address with the program the user chose."""
    name = "open" if sys.platform == "darwin" else "xdg-open"
    found = shutil.which(name)
    if found is None:
        raise CliError(f"no player found: install mpv or VLC, or name one with --player "
                       f"COMMAND (or $WKWMIX_PLAYER); there is no {name} to ask the desktop")
    return [found]


def _run(command: list[str], name: str) -> None:
    try:
        status = subprocess.call(command)
    except OSError as e:
        raise CliError(f"cannot run {command[0]!r}: {e.strerror or e}") from None
    if status != 0:
        raise CliError(f"{name} stopped with exit status {status}")


def _nothing_to_play(playlist: Playlist, name: str, source: tuple[str, ...],
                     library: Path | None) -> str:
    """Why nothing plays, counting what the summary line above counted.

    Without a library that is the playlist's tracks; with one, the playlist is drawn from the
    tracks with a file, so it is empty, and the tracks that match are counted instead.
    """
    words = " ".join(shlex.quote(w) for w in source)
    if library is None:
        return (f"Nothing to play for {name!r} ({_tracks(len(playlist.entries))}): add "
                f"--library ~/Music to play them from your own files, or run `wkwmix sync "
                f"{words}` to play them on Spotify (after `wkwmix spotify login`).")
    count, them = playlist.selected, "them"
    where = f"none of the {count} matching tracks is in {str(library)!r}"
    if count == 1:
        where, them = f"its one matching track is not in {str(library)!r}", "it"
    return (f"Nothing to play for {name!r}: {where}; run `wkwmix sync {words}` to play {them} "
            "on Spotify (after `wkwmix spotify login`).")


def _tracks(count: int) -> str:
    return f"{count} track{'' if count == 1 else 's'}"


COMMANDS = [play]

