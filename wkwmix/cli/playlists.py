"""The ``build`` command: playlists from a query or recipes, written as files players open."""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wkwmix.app import App, query_text
from wkwmix.cli.completion import complete_moods, complete_recipe
from wkwmix.cli.optiontypes import MINUTES, too_short
from wkwmix.cli.output import progressbar
from wkwmix.cli.queryargs import QueryCommand, query_argument
from wkwmix.cli.state import pass_app
from wkwmix.formats import FORMAT_NAMES, SUFFIXES
from wkwmix.model import ORDERS, BuildOptions, Playlist, Recipe
from wkwmix.store.recipes import DEFAULT_FOLDER
from wkwmix.text import shown_path

if TYPE_CHECKING:
    from wkwmix.store.library import LibraryIndex

SHOWN_UNRESOLVED = 10  # more unresolved tracks than this are counted, not named


@click.command(cls=QueryCommand)
@query_argument()
@click.option("-r", "--recipe", "recipe_ref", metavar="RECIPE", shell_complete=complete_recipe,
              help="A recipe file, or the name of one in ./playlists.")
@click.option("--all", "all_folder", is_flag=False, flag_value=str(DEFAULT_FOLDER),
              default=None, metavar="[FOLDER]",
              type=click.Path(file_okay=False, path_type=Path),
              help="Build every recipe in FOLDER (default: playlists) into the -o folder.")
@click.option("-o", "--output", type=click.Path(path_type=Path, allow_dash=True),
              help="Write to this file (or folder; - for standard output); without it the "
                   "playlist is printed.")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMAT_NAMES),
              help="File format; repeat for several. Default: from -o's extension.")
@click.option("--minutes", "-m", type=MINUTES,
              help="Fit the playlist to about this many minutes (never a track more).")
@click.option("--limit", "-n", type=click.IntRange(min=1), help="At most this many tracks.")
@click.option("--order", type=click.Choice(ORDERS),
              help="film chronology, a mood arc, shuffled with the seed, or soundtrack "
                   "album order.")
@click.option("--arc", metavar="MOOD,MOOD,...", shell_complete=complete_moods,
              help="Mood waypoints, e.g. dream,isolation,hope (implies --order arc).")
@click.option("--seed", help="Seed for the shuffle and for choosing among equals (a shuffle "
                             "without one draws a new seed and prints it).")
@click.option("--name", help="The playlist's name.")
@click.option("--description", help="The playlist's description.")
@click.option("--library", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Your music folder: tracks found there play from your own files.")
@click.option("--playable", is_flag=True,
              help="Draw only tracks that can play: found in --library or on Spotify.")
@click.option("--verbose", "-v", is_flag=True,
              help="Name the files a --library scan passed over, and why near matches were not "
                   "taken.")
@click.option("--strict", is_flag=True,
              help="Fail (and write nothing) when a track has no file or Spotify URI.")
@pass_app
def build(app: App, query: tuple[str, ...], recipe_ref: str | None,
          all_folder: Path | None, output: Path | None, formats: tuple[str, ...],
          minutes: float | None, limit: int | None, order: str | None, arc: str | None,
          seed: str | None, name: str | None, description: str | None,
          library: Path | None, playable: bool, verbose: bool, strict: bool) -> None:
    """Build a playlist from a QUERY or a recipe, as M3U8, XSPF, JSON, CSV, text or a web page.

    A web page (--format html) shows the mood map and the tracks with where to listen;
    with --all, the folder also gets an index.html linking every page.

    \b
    Examples:
      wkwmix build mood:dream --arc dream,isolation,hope --minutes 60 -o dream.m3u8
      wkwmix build -r night-city -o out/ --format m3u8 --format xspf
      wkwmix build -r dream-arc -o dream.html
      wkwmix build --all playlists -o out --format html --format m3u8 --library ~/Music
    """
    options = _options(minutes, limit, order, arc, seed, name, description)
    check_arc(app, options.arc)
    to_stdout = output is not None and str(output) == "-"
    if all_folder is not None:
        if query or recipe_ref or name or description:
            raise click.UsageError("--all builds the recipes as they are: "
                                   "give no QUERY, --recipe, --name or --description")
        if output is None or to_stdout:
            raise click.UsageError("--all needs -o FOLDER to write the playlists into")
        recipes = app.recipes_in(all_folder)
    else:
        recipes = [_single_recipe(app, query, recipe_ref)]
        if recipe_ref is not None and query:  # extra words narrow the recipe's selection
            options = dataclasses.replace(options, narrow=query_text(query))
    _build_and_write(app, recipes, options, None if to_stdout else output, formats, library,
                     playable, strict, verbose=verbose,
                     into_folder=all_folder is not None)


def _single_recipe(app: App, query: Sequence[str], recipe_ref: str | None) -> Recipe:
    if recipe_ref is not None:
        return app.find_recipe(recipe_ref)
    selection = app.recipe_or_query(query)
    if selection.note:
        click.echo(f"note: {selection.note}", err=True)
    return selection.recipe


def check_arc(app: App, waypoints: Sequence[str] | None) -> None:
    """An unknown mood in --arc is named with the option, and the moods listed."""
    for name in waypoints or ():
        if app.catalog.moods.find(name) is None:
            raise click.BadParameter(app.catalog.moods.unknown(name), param_hint="'--arc'")


def _options(minutes: float | None, limit: int | None, order: str | None, arc: str | None,
             seed: str | None, name: str | None, description: str | None) -> BuildOptions:
    waypoints = None
    if arc is not None:
        waypoints = tuple(w.strip() for w in arc.split(",") if w.strip())
        if not waypoints:
            raise click.BadParameter("name at least one mood", param_hint="--arc")
        if order not in (None, "arc"):
            raise click.UsageError(f"--arc orders by mood arc; it cannot go with --order {order}")
    parsed_seed: int | str | None = seed
    if seed is not None and re.fullmatch(r"-?\d+", seed):
        with contextlib.suppress(ValueError):  # too many digits for a number: a word, then
            parsed_seed = int(seed)
    return BuildOptions(minutes=minutes, limit=limit, order=order, arc=waypoints,
                        seed=parsed_seed, name=name, description=description)


def _build_and_write(app: App, recipes: list[Recipe], options: BuildOptions,
                     output: Path | None, formats: tuple[str, ...], library_dir: Path | None,
                     playable: bool, strict: bool, *, into_folder: bool,
                     verbose: bool = False) -> None:
    # Every mistake in the arguments is found before any work is done.
    if output is None:
        printed = _single_format(formats)
    else:
        plans = [_destinations(r, output, formats, into_folder) for r in recipes]
    effective = [_seeded(_checked(options.apply_to(recipe)), recipe, options)
                 for recipe in recipes]
    library = _scan(app, library_dir, verbose) if library_dir is not None else None
    playlists = [app.build(recipe, library=library, playable=playable)
                 for recipe in effective]
    for playlist, recipe in zip(playlists, effective):
        short = too_short(playlist, recipe.minutes, app.select(recipe.query), playlist.name)
        if short:
            raise click.ClickException(f"{short}\nNothing was written.")
    _require_tracks(playlists, playable)
    name_unresolved = verbose or _unresolved_count(playlists) <= SHOWN_UNRESOLVED
    for playlist, recipe in zip(playlists, effective):
        _report(playlist, recipe.limit, name_unresolved=name_unresolved,
                advise=len(playlists) == 1)
        if verbose and library is not None:
            _explain_unmatched(playlist, library)
    if not name_unresolved:
        click.echo(_unresolved_summary(playlists), err=True)
    if strict:
        _require_resolved(playlists)
    if output is None:
        click.echo(app.render(playlists[0], printed), nl=False)
        return
    each_file = verbose or not into_folder  # --all names its folder once, not every file
    for playlist, plan in zip(playlists, plans):
        for fmt, dest in plan:
            app.write(playlist, fmt, dest)
            if each_file:
                click.echo(f"wrote {dest}", err=True)
    if not each_file:
        kinds = ", ".join(dict.fromkeys(fmt for plan in plans for fmt, _ in plan))
        files = sum(len(plan) for plan in plans)
        click.echo(f"wrote {files} files to {output} ({len(playlists)} playlists as {kinds})",
                   err=True)
    pages = [dest for plan in plans for fmt, dest in plan if fmt == "html"]
    if into_folder and pages:
        index = _write_index(app, output, playlists, plans)
        click.echo(f"wrote {index}\nOpen {index} in a web browser to see and hear the "
                   "playlists.", err=True)
    elif len(pages) == 1:
        click.echo(f"Open {pages[0]} in a web browser to see and hear the playlist.", err=True)


def _write_index(app: App, folder: Path, playlists: list[Playlist],
                 plans: list[list[tuple[str, Path]]]) -> Path:
    """index.html in the folder, linking each playlist's page and its other files."""
    from wkwmix.formats.html import IndexItem, Link, render_index

    items = []
    for playlist, plan in zip(playlists, plans):
        page = next(dest for fmt, dest in plan if fmt == "html")
        files = tuple(Link(fmt.upper(), dest.name) for fmt, dest in plan if fmt != "html")
        items.append(IndexItem(playlist, page.name, files))
    index = folder / "index.html"
    app.write_text(index, render_index(items))
    return index


def _checked(recipe: Recipe) -> Recipe:
    if recipe.order == "arc" and not recipe.arc:
        raise click.UsageError(f"{recipe.name}: --order arc needs --arc MOOD,MOOD,...")
    return recipe


def _seeded(recipe: Recipe, asked: Recipe, options: BuildOptions) -> Recipe:
    """A shuffle asked for without --seed gets a new seed each run, said so it can repeat.

    A recipe file that shuffles keeps its own seed: a recipe is meant to repeat.
    """
    from_file = asked.path is not None and asked.order == "shuffle"
    if recipe.order != "shuffle" or options.seed is not None or from_file:
        return recipe
    import secrets

    seed = secrets.randbelow(1_000_000)
    click.echo(f"{recipe.name}: shuffled with seed {seed} (repeat it with --seed {seed})",
               err=True)
    return dataclasses.replace(recipe, seed=seed)


def _single_format(formats: tuple[str, ...]) -> str:
    if len(formats) > 1:
        raise click.UsageError("several formats need -o FILE (or a folder) to write them to")
    return formats[0] if formats else "txt"


def _destinations(recipe: Recipe, output: Path, formats: tuple[str, ...],
                  into_folder: bool) -> list[tuple[str, Path]]:
    """(format, file) pairs: a folder gets one file per format named after the recipe."""
    from wkwmix.formats import format_for

    if into_folder or output.is_dir() or str(output).endswith(("/", "\\")):
        chosen = formats or recipe.formats
        return [(fmt, output / f"{recipe.slug}{SUFFIXES[fmt]}") for fmt in chosen]
    if not formats:
        return [(format_for(output), output)]
    if len(formats) == 1:
        return [(formats[0], output)]
    return [(fmt, output.with_suffix(SUFFIXES[fmt])) for fmt in formats]


def _explain_unmatched(playlist: Playlist, library: LibraryIndex) -> None:
    for entry in playlist.entries:
        if entry.local_path is None:
            for reason in library.near_misses(entry.track):
                click.echo(f"  {entry.track.id}: not {reason}", err=True)


def _scan(app: App, folder: Path, verbose: bool = False) -> LibraryIndex:
    with _Progress(f"Scanning {folder}") as progress:
        index = app.scan_library(folder, progress=progress)
    stats = index.stats
    unreadable = f", {stats.unreadable} unreadable" if stats.unreadable else ""
    skipped = "".join(f", {len(found)} skipped: {reason}"
                      for reason, found in sorted(stats.skipped.items()))
    click.echo(f"library: {stats.files} audio files ({stats.read} read, "
               f"{stats.files - stats.read} unchanged{unreadable}){skipped}", err=True)
    if verbose:
        for reason, found in sorted(stats.skipped.items()):
            for path in sorted(found):
                click.echo(f"  skipped ({reason}): {shown_path(path)}", err=True)
    return index


class _Progress:
    """A progress bar on stderr, started once the number of files is known."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.done = 0

    def __enter__(self) -> Callable[[int, int], None]:
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = progressbar(total, self.label)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _report(playlist: Playlist, limit: int | None = None, *, name_unresolved: bool = True,
            advise: bool = True) -> None:
    from wkwmix.formats.txt import summary

    click.echo(f"{playlist.name}: {summary(playlist)}", err=True)
    for line in _length_lines(playlist, advise) + _arc_lines(playlist):
        click.echo(f"  {line}", err=True)
    short = _short_of_target(playlist, limit)
    if short:
        click.echo(f"  {short}", err=True)
    unresolved = playlist.unresolved
    if unresolved and name_unresolved:
        shown = ", ".join(e.track.id for e in unresolved)
        click.echo(f"  unresolved (no local file or Spotify URI): {shown}", err=True)


def _short_of_target(playlist: Playlist, limit: int | None) -> str | None:
    """Why a playlist falls well short of the minutes asked for: the limit, or the selection."""
    target = playlist.target_seconds
    if not target or playlist.total_seconds >= target - 300:
        return None
    minutes = f"the {target // 60} minutes asked for"
    if limit is not None and len(playlist.entries) >= limit:
        from wkwmix.formats import clock

        return (f"--limit {limit} stops it at {clock(playlist.total_seconds)}, short of "
                f"{minutes}: raise or drop the limit")
    return f"the selection is shorter than {minutes}"


def _unresolved_count(playlists: list[Playlist]) -> int:
    return len({e.track.id for p in playlists for e in p.unresolved})


def _unresolved_summary(playlists: list[Playlist]) -> str:
    """One line for many unresolved tracks, instead of a wall of ids (--verbose names them)."""
    count = _unresolved_count(playlists)
    return (f"{count} tracks have no local file or Spotify link yet: add --library ~/Music, "
            "or run `wkwmix resolve` (--verbose names them)")


def _length_lines(playlist: Playlist, advise: bool = True) -> list[str]:
    """The estimate used and the range the total could really lie in."""
    from wkwmix.formats import clock

    estimated, count = len(playlist.estimated), len(playlist.entries)
    if not estimated or playlist.estimate_seconds is None:
        return []
    low, high = playlist.total_range
    lines = [f"lengths: {estimated} of {count} unknown, each taken as "
             f"{clock(playlist.estimate_seconds)} (the median known length); the total could "
             f"be anywhere from {clock(low)} to {clock(high)}"]
    if advise and estimated * 2 > count:
        lines.append("most lengths are estimates, so the total is a guess: add --library "
                     "FOLDER to read them from your files, or run `wkwmix resolve`")
    return lines


def _arc_lines(playlist: Playlist) -> list[str]:
    """The arc's figures, and what stops it meeting its targets."""
    report = playlist.arc_report
    if report is None:
        return []
    bound = f" (best possible {report.bound:.2f})" if report.bound is not None else ""
    length = "" if report.length_error is None else (
        f"; length {report.length_error:+d} s"
        f"{' (within one track)' if report.within_one_track else ''}")
    lines = [f"arc {' → '.join(playlist.arc)}: distance from the arc {report.mean_distance:.2f} "
             f"on average{bound}, {report.max_distance:.2f} at most; largest step "
             f"{report.largest_step:.2f}; {report.forward_share:.0%} of steps forward"
             f"{length}; {report.estimated_share:.0%} of lengths estimated"]
    if report.misses:
        lines.append(f"missed: {'; '.join(report.misses)}")
        lines += [f"  {why}" for why in report.binding]
    return lines


def _require_tracks(playlists: list[Playlist], playable: bool) -> None:
    """An empty playlist is never what was asked for: say why, and write nothing."""
    empty = [_why_empty(p, playable) for p in playlists if not p.entries]
    if empty:
        raise click.ClickException("\n".join(empty) + "\nNothing was written.")


def _why_empty(playlist: Playlist, playable: bool) -> str:
    if playlist.selected and playable:
        return (f"{playlist.name}: none of the {playlist.selected} tracks that match can play "
                "yet (no local file or Spotify link); add --library FOLDER or run "
                "`wkwmix resolve`, or leave out --playable")
    return f"{playlist.name}: no track matches the query"


def _require_resolved(playlists: list[Playlist]) -> None:
    missing = sum(len(p.unresolved) for p in playlists)
    if missing:
        raise click.ClickException(
            f"--strict: {missing} track(s) have no local file or Spotify URI; nothing written")


COMMANDS = [build]
