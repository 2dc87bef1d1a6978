"""Commands that reshape moods: tag, untag, moods add/remove, overlay path/export.

Every change goes to the user's overlay, never to the catalog, under a lock and atomically.
"""

from __future__ import annotations

import sys

import click

from wkwmix.app import App
from wkwmix.cli.completion import complete_tag_words
from wkwmix.cli.lazy import LazyGroup
from wkwmix.cli.state import pass_app
from wkwmix.errors import WkwmixError
from wkwmix.model import Track


def _split_args(args: tuple[str, ...], query: str | None) -> tuple[str | None, list[str]]:
    """TRACK MOOD... without --query; MOOD... with it."""
    if query is not None:
        moods = list(args)
        track = None
    else:
        if len(args) < 2:
            raise click.UsageError("give a TRACK and at least one MOOD (or --query QUERY MOOD...)")
        track, moods = args[0], list(args[1:])
    if not moods:
        raise click.UsageError("give at least one MOOD")
    return track, moods


BULK = 5  # a query that selects more tracks than this asks before changing them


def _change_moods(app: App, args: tuple[str, ...], query: str | None, remove: bool, *,
                  dry_run: bool = False, yes: bool = False) -> None:
    from wkwmix.edits import EditGrew

    track_ref, names = _split_args(args, query)
    while True:
        agreed = None
        if query is not None and not dry_run:
            # Asked before the lock is taken: a question may wait as long as the person
            # likes, and meanwhile every other edit would wait for the lock, then fail.
            preview = app.preview_mood_change(track_ref, names, query, remove)
            _confirm_bulk(preview.changed, remove, yes)
            agreed = {t.id for t in preview.changed}
        try:
            done = app.change_moods(track_ref, names, query, remove, dry_run=dry_run,
                                    agreed=agreed, ask_above=None if yes else BULK)
        except EditGrew as e:
            click.echo(str(e), err=True)
            continue
        break
    if query is None:
        note = "" if done.changed else " (no change)"
        click.echo(f"{done.tracks[0].id}: {', '.join(done.now) or '(no moods)'}{note}")
    else:
        verb, preposition = ("untagged", "from") if remove else ("tagged", "with")
        verb = f"would have {verb}" if dry_run else verb
        click.echo(f"{verb} {len(done.changed)} of {len(done.tracks)} selected track(s) "
                   f"{preposition} {', '.join(done.mood_ids)}")
        if dry_run:
            for track in done.changed:
                click.echo(f"  {track.id}")


def _needs_asking(changed: list[Track], yes: bool) -> bool:
    return len(changed) > BULK and not yes


def _confirm_bulk(changed: list[Track], remove: bool, yes: bool) -> None:
    """Ask before a query changes many tracks; without a terminal, only --yes goes on."""
    if not _needs_asking(changed, yes):
        return
    verb = "untag" if remove else "tag"
    if not sys.stdin.isatty():
        raise WkwmixError(f"the query would {verb} {len(changed)} tracks; nothing changed. "
                          "Add --yes to do it, or --dry-run to see which tracks.")
    if not click.confirm(f"{verb.capitalize()} {len(changed)} tracks?", err=True):
        raise WkwmixError("nothing changed")


TRACK_OR_QUERY_HELP = "Tag every track this query selects instead of one TRACK."


@click.command(name="tag")
@click.argument("args", nargs=-1, metavar="[TRACK] MOOD...",
                shell_complete=complete_tag_words)
@click.option("--query", "-q", help=TRACK_OR_QUERY_HELP)
@click.option("--remove", is_flag=True, help="Remove the moods instead (same as untag).")
@click.option("--reset", is_flag=True, help="Drop all your mood edits of TRACK.")
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option("--yes", "-y", is_flag=True,
              help=f"Do not ask before a query changes more than {BULK} tracks.")
@pass_app
def tag_command(app: App, args: tuple[str, ...], query: str | None, remove: bool,
                reset: bool, dry_run: bool, yes: bool) -> None:
    """Add moods to a track (an id, unique id prefix or exact title).

    \b
    Examples:
      wkwmix tag chungking-express/dreams hope
      wkwmix tag 夢中人 euphoria tenderness
      wkwmix tag --query 'film:2046 artist:umebayashi' obsession
      wkwmix tag --reset chungking-express/dreams

    Moods are given by id or synonym. Your edits go to your overlay, never to the catalog.
    """
    if reset:
        _reset(app, args)
        return
    _change_moods(app, args, query, remove, dry_run=dry_run, yes=yes)


def _reset(app: App, args: tuple[str, ...]) -> None:
    if len(args) != 1:
        raise click.UsageError("--reset takes exactly one TRACK")
    track, dropped = app.reset_moods(args[0])
    click.echo(f"{track.id}: {'your mood edits dropped' if dropped else 'had no edits'}; "
               f"moods: {', '.join(track.moods)}")


@click.command(name="untag")
@click.argument("args", nargs=-1, metavar="[TRACK] MOOD...",
                shell_complete=complete_tag_words)
@click.option("--query", "-q", help="Untag every track this query selects instead of one TRACK.")
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option("--yes", "-y", is_flag=True,
              help=f"Do not ask before a query changes more than {BULK} tracks.")
@pass_app
def untag_command(app: App, args: tuple[str, ...], query: str | None, dry_run: bool,
                  yes: bool) -> None:
    """Remove moods from a track, whether the catalog or you gave them.

    \b
    Examples:
      wkwmix untag chungking-express/dreams playfulness
      wkwmix untag --query mood:menace menace
    """
    _change_moods(app, args, query, remove=True, dry_run=dry_run, yes=yes)


@click.command(name="add")
@click.argument("mood_id", metavar="ID")
@click.option("--description", "-d", required=True, help="One line saying what it feels like.")
@click.option("--valence", type=click.FloatRange(-1, 1), required=True,
              help="Unpleasant (-1) to pleasant (1).")
@click.option("--arousal", type=click.FloatRange(-1, 1), required=True,
              help="Calm (-1) to excited (1).")
@click.option("--synonym", "-s", "synonyms", multiple=True, help="Another name (repeatable).")
@pass_app
def moods_add(app: App, mood_id: str, description: str, valence: float, arousal: float,
              synonyms: tuple[str, ...]) -> None:
    """Define a mood of your own.

    \b
    Example:
      wkwmix moods add neon -d "City lights at night" --valence 0.2 --arousal 0.6 -s neon-lit
    """
    app.add_mood(mood_id, description, valence, arousal, synonyms)
    click.echo(f"added mood {mood_id!r} (valence {valence:+.2f}, arousal {arousal:+.2f})")


@click.command(name="remove")
@click.argument("mood_id", metavar="ID")
@click.option("--force", is_flag=True, help="Also untag every track that carries it.")
@pass_app
def moods_remove(app: App, mood_id: str, force: bool) -> None:
    """Remove a mood you defined (refused while tracks carry it, unless --force)."""
    untagged = app.remove_mood(mood_id, force=force)
    suffix = f"; untagged {untagged} track(s)" if untagged else ""
    click.echo(f"removed mood {mood_id!r}{suffix}")


@click.group(name="overlay", cls=LazyGroup)
def overlay_group() -> None:
    """Your own edits: where they live, and sharing them as a catalog."""


@overlay_group.command(name="path")
@pass_app
def overlay_path(app: App) -> None:
    """Print where your overlay (your moods and tags) is kept."""
    click.echo(str(app.overlay_path))


@overlay_group.command(name="undo")
@pass_app
def overlay_undo(app: App) -> None:
    """Put your overlay back as it was before its last change (up to 5 changes back)."""
    left = app.undo_overlay()
    click.echo(f"restored the previous version of {app.overlay_path} "
               f"({left} earlier version(s) kept)")


@overlay_group.command(name="export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
@pass_app
def overlay_export(app: App, output: str | None) -> None:
    """Write the catalog with your edits merged in, as a standalone catalog file.

    Share it, or load it anywhere with `wkwmix --catalog FILE`.
    """
    from pathlib import Path

    text = app.export_catalog(Path(output) if output is not None else None)
    if output is None:
        click.echo(text, nl=False)
        return
    click.echo(f"wrote {len(app.catalog)} tracks to {output}", err=True)
