"""The ``build`` command: playlists from a query or recipes, written as files players open."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wkwmix.app import App, query_text
from wkwmix.cli.completion import complete_recipe
from wkwmix.cli.options import applied, build_options, recipe_options
from wkwmix.cli.options import check_arc as check_arc  # as `map` imports it from here
from wkwmix.cli.optiontypes import too_short
from wkwmix.cli.output import progressbar
from wkwmix.cli.queryargs import QueryCommand, query_argument
from wkwmix.cli.state import pass_app
from wkwmix.formats import FORMAT_NAMES, SUFFIXES
from wkwmix.i18n import lang_option
from wkwmix.model import RECIPE_FOLDER, BuildOptions, Playlist, Recipe
from wkwmix.text import shown_path

if TYPE_CHECKING:
    from wkwmix.app import LibraryIndex

SHOWN_UNRESOLVED = 10  # more unresolved tracks than this are counted, not named
ASK_UNHEARD = "a query takes {} with heard:album-only or heard:not-in-film"


@click.command(cls=QueryCommand)
@query_argument()
@click.option("-r", "--recipe", "recipe_ref", metavar="RECIPE", shell_complete=complete_recipe,
              help="A recipe file, or the name of one in ./playlists.")
@click.option("--all", "all_folder", is_flag=False, flag_value=RECIPE_FOLDER,
              default=None, metavar="[FOLDER]",
              type=click.Path(file_okay=False, path_type=Path),
              help="Build every recipe in FOLDER (default: playlists) into the -o folder.")
# A str, not a Path: a Path would drop the trailing slash that says "out/" is a folder.
@click.option("-o", "--output", type=click.Path(allow_dash=True),
              help="Write to this file (or folder, e.g. out/; - for standard output); without "
                   "it the playlist is printed.")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMAT_NAMES),
              help="File format; repeat for several. Default: from -o's extension.")
@recipe_options
@click.option("--name", help="The playlist's name.")
@click.option("--description", help="The playlist's description.")
@click.option("--library", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Your music folder: tracks found there play from your own files.")
@click.option("--path-prefix", metavar="PREFIX",
              help="Write each --library file as PREFIX plus its path in the library (for a "
                   "music server that sees the folder as, say, /music).")
@click.option("--playable", is_flag=True,
              help="Draw only tracks that can play: found in --library or on Spotify.")
@click.option("--verbose", "-v", is_flag=True,
              help="Name the files a --library scan passed over, and why near matches were not "
                   "taken.")
@lang_option()
@click.option("--strict", is_flag=True,
              help="Fail (and write nothing) when a track has no file or Spotify URI.")
@pass_app
def build(app: App, query: tuple[str, ...], recipe_ref: str | None,
          all_folder: Path | None, output: str | None, formats: tuple[str, ...],
          options: BuildOptions, name: str | None, description: str | None,
          library: Path | None, path_prefix: str | None, playable: bool, verbose: bool,
          strict: bool) -> None:
    """Build a playlist from a QUERY or a recipe, as M3U8, XSPF, JSPF, JSON, CSV, text or a
    web page.

    A web page (--format html) shows the mood map and the tracks with where to listen;
    with --all, the folder also gets an index.html linking every page.

    \b
    Examples:
      wkwmix build mood:dream --arc dream,isolation,hope --minutes 60 -o dream.m3u8
      wkwmix build -r night-city -o out/ --format m3u8 --format xspf
      wkwmix build -r dream-arc -o dream.html
      wkwmix build --all playlists -o out --format html --format m3u8 --library ~/Music
    """
    options = dataclasses.replace(options, name=name, description=description)
    check_arc(app, options.arc)
    if path_prefix is not None:
        if library is None:
            raise click.UsageError("--path-prefix needs --library: the prefix takes the "
                                   "library folder's place")
        app.place_files_under(library, path_prefix)
    to_stdout = output == "-"
    failed: dict[str, list[str]] = {}  # recipe file -> its problems (--all builds the rest)
    if all_folder is not None:
        if query or recipe_ref or name or description:
            raise click.UsageError("--all builds the recipes as they are: "
                                   "give no QUERY, --recipe, --name or --description")
        if output is None or to_stdout:
            raise click.UsageError("--all needs -o FOLDER to write the playlists into")
        checked = app.recipes_each(all_folder)
        recipes = [c.recipe for c in checked if c.recipe is not None]
        failed = {str(c.path): [str(p) for p in c.problems] for c in checked
                  if c.recipe is None}
    else:
        recipes = [_single_recipe(app, query, recipe_ref)]
        if recipe_ref is not None and query:  # extra words narrow the recipe's selection
            options = dataclasses.replace(options, narrow=query_text(query))
    dest = None if output is None or to_stdout else Path(output)
    total = len(recipes) + len(failed)
    _build_and_write(app, recipes, options, dest, formats, library, playable, strict,
                     verbose=verbose, into_folder=all_folder is not None,
                     as_folder=output is not None and _names_a_folder(output), failed=failed)
    if failed:
        raise click.ClickException(
            f"{len(failed)} of {total} recipes were not built (their problems are above): "
            + ", ".join(sorted(failed)))


def _names_a_folder(output: str) -> bool:
    """``out/`` names a folder (made when missing), as does a folder already there."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def _single_recipe(app: App, query: Sequence[str], recipe_ref: str | None) -> Recipe:
    if recipe_ref is not None:
        return app.find_recipe(recipe_ref)
    selection = app.recipe_or_query(query)
    if selection.note:
        click.echo(f"note: {selection.note}", err=True)
    return selection.recipe


# The names other commands import from here.
_options = build_options


def _build_and_write(app: App, recipes: list[Recipe], options: BuildOptions,
                     output: Path | None, formats: tuple[str, ...], library_dir: Path | None,
                     playable: bool, strict: bool, *, into_folder: bool,
                     as_folder: bool = False, verbose: bool = False,
                     failed: dict[str, list[str]] | None = None) -> None:
    """Build each recipe and write it; with ``into_folder`` (--all) a recipe that cannot be
    built is named in ``failed`` (and on stderr) and the others are still written."""
    failed = {} if failed is None else failed
    for problem in (p for problems in failed.values() for p in problems):
        click.echo(problem, err=True)
    # Every mistake in the arguments is found before any work is done.
    if output is None:
        printed = _single_format(formats)
    else:
        plans = [_destinations(r, output, formats, into_folder or as_folder) for r in recipes]
        _refuse_collisions(recipes, plans, output if into_folder else None)
    effective = [applied(options, recipe) for recipe in recipes]
    library = _scan(app, library_dir, verbose) if library_dir is not None else None
    playlists = [app.build(recipe, library=library, playable=playable)
                 for recipe in effective]
    for playlist, recipe in zip(playlists, effective):
        short = too_short(playlist, recipe.minutes, app.eligible(recipe.query), playlist.name)
        if short:
            raise click.ClickException(f"{short}\nNothing was written.")
    if into_folder:  # an empty playlist is one recipe's failure: the others are built
        built = [i for i, playlist in enumerate(playlists) if playlist.entries]
        for recipe, playlist in zip(recipes, playlists):
            if not playlist.entries:
                why = f"{_named(recipe)}: {_why_empty(playlist, playable, library_dir)}"
                failed[_named(recipe)] = [why]
                click.echo(why, err=True)
        playlists, effective = [playlists[i] for i in built], [effective[i] for i in built]
        plans = [plans[i] for i in built]
        if not playlists:
            return
    _require_tracks(playlists, playable, library_dir)
    name_unresolved = verbose or _unresolved_count(playlists) <= SHOWN_UNRESOLVED
    for playlist, recipe in zip(playlists, effective):
        _report(playlist, recipe.limit, name_unresolved=name_unresolved,
                advise=len(playlists) == 1, library=library_dir)
        if verbose and library is not None:
            _explain_unmatched(playlist, library)
    if not name_unresolved:
        click.echo(_unresolved_summary(playlists, library_dir), err=True)
    setting_aside = sum(p.set_aside > 0 for p in playlists)
    if len(playlists) > 1 and setting_aside:
        click.echo(f"{setting_aside} of the {len(playlists)} playlists leave out music that no "
                   f"source places in its film ({ASK_UNHEARD.format('it')})", err=True)
    if strict:
        _require_resolved(playlists)
    if output is None:
        _print(app.render(playlists[0], printed), printed)
        return
    _write_all(app, playlists, plans, output, into_folder=into_folder, verbose=verbose)


def _write_all(app: App, playlists: list[Playlist], plans: list[list[tuple[str, Path]]],
               output: Path, *, into_folder: bool, verbose: bool) -> None:
    each_file = verbose or not into_folder  # --all names its folder once, not every file
    for playlist, plan in zip(playlists, plans):
        for fmt, dest in plan:
            if fmt == "html":  # a page links to the index and to its playlist's other files
                from wkwmix.formats.html import render as page

                app.write_text(dest, page(playlist, dest, app.catalog, files=[
                    d for f, d in plan if f != "html"],
                    index=output / "index.html" if into_folder else None))
            else:
                app.write(playlist, fmt, dest)
            if each_file:
                click.echo(f"wrote {dest}", err=True)
    if not each_file:
        kinds = ", ".join(dict.fromkeys(fmt for plan in plans for fmt, _ in plan))
        files = sum(len(plan) for plan in plans)
        click.echo(f"wrote {_count(files, 'file')} to {output} "
                   f"({_count(len(playlists), 'playlist')} as {kinds})", err=True)
    pages = [dest for plan in plans for fmt, dest in plan if fmt == "html"]
    if into_folder and pages:
        index = _write_index(app, output, playlists, plans)
        click.echo(f"wrote {index}\nOpen {index} in a web browser to see and hear the "
                   "playlists.", err=True)
    elif len(pages) == 1:
        click.echo(f"Open {pages[0]} in a web browser to see and hear the playlist.", err=True)


def _print(text: str, fmt: str) -> None:
    """Print a rendered playlist, a file name that is not UTF-8 included: the text format,
    for people, shows its bytes as escapes (as ``shown_path`` does); the others, for
    programs (a player reading M3U8 from a pipe), get the name's own bytes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape")
    else:
        click.echo(text, nl=False)  # the usual case, in the terminal's own encoding
        return
    if fmt == "txt":
        click.echo(raw.decode("utf-8", "backslashreplace"), nl=False)
    else:
        click.echo(raw, nl=False)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _named(recipe: Recipe) -> str:
    return str(recipe.path) if recipe.path is not None else recipe.name


def _refuse_collisions(recipes: list[Recipe], plans: list[list[tuple[str, Path]]],
                       index_folder: Path | None) -> None:
    """Two recipes that would write one file (a.yaml and a.yml), or a recipe that would
    overwrite the index page of --all, stop the build before anything is written."""
    writer: dict[Path, Recipe] = {}
    for recipe, plan in zip(recipes, plans):
        for _, dest in plan:
            other = writer.setdefault(dest, recipe)
            if other is not recipe:
                raise click.ClickException(
                    f"{_named(other)} and {_named(recipe)} would both be written to {dest} "
                    "(files are named after their recipe's file): rename one of them.\n"
                    "Nothing was written.")
    index = None if index_folder is None else index_folder / "index.html"
    if index in writer:
        raise click.ClickException(
            f"{_named(writer[index])} would be written to {index}, the index page of --all: "
            "rename the recipe file.\nNothing was written.")


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


def _single_format(formats: tuple[str, ...]) -> str:
    if len(formats) > 1:
        raise click.UsageError("several formats need -o FILE (or a folder) to write them to")
    return formats[0] if formats else "txt"


def _destinations(recipe: Recipe, output: Path, formats: tuple[str, ...],
                  into_folder: bool) -> list[tuple[str, Path]]:
    """(format, file) pairs: a folder gets one file per format named after the recipe."""
    from wkwmix.formats import format_for

    if into_folder:
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
        for path, why in sorted(stats.unreadable_files):
            click.echo(f"  unreadable ({why}): {shown_path(path)}", err=True)
        for reason, found in sorted(stats.skipped.items()):
            for path in sorted(found):
                click.echo(f"  skipped ({reason}): {shown_path(path)}", err=True)
        for path in sorted(index.untitled):
            click.echo(f"  passed over (no title in its tags or its name): {shown_path(path)}",
                       err=True)
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
            advise: bool = True, library: Path | None = None) -> None:
    from wkwmix.i18n import playlist_summary

    click.echo(f"{playlist.name}: {playlist_summary(playlist)}", err=True)
    for line in _length_lines(playlist, advise, library) + _arc_lines(playlist):
        click.echo(f"  {line}", err=True)
    short = _short_of_target(playlist, limit)
    if short:
        click.echo(f"  {short}", err=True)
    if playlist.set_aside and advise:  # several playlists: one line at the end says it
        count = playlist.set_aside
        click.echo(f"  {count} matching track{'s' if count > 1 else ''} that no source places "
                   f"in the film left out ({ASK_UNHEARD.format('them')})", err=True)
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


def _unresolved_summary(playlists: list[Playlist], library: Path | None = None) -> str:
    """One line for many unresolved tracks, instead of a wall of ids (--verbose names them)."""
    count = _unresolved_count(playlists)
    if library is not None:
        return (f"{count} tracks have no file in {shown_path(library)} or Spotify link yet: "
                "run `wkwmix resolve` (--verbose names them)")
    return (f"{count} tracks have no local file or Spotify link yet: add --library ~/Music, "
            "or run `wkwmix resolve` (--verbose names them)")


def _length_lines(playlist: Playlist, advise: bool = True,
                  library: Path | None = None) -> list[str]:
    """The estimate used and the range the total could really lie in."""
    from wkwmix.formats import clock

    estimated, count = len(playlist.estimated), len(playlist.entries)
    if not estimated or playlist.estimate_seconds is None:
        return []
    low, high = playlist.total_range
    lines = [f"lengths: {estimated} of {count} unknown, each taken as "
             f"{clock(playlist.estimate_seconds)} (the median known length); the total could "
             f"be anywhere from {clock(low)} to {clock(high)}"]
    if advise and estimated * 2 > count and library is not None:
        lines.append("most lengths are estimates, so the total is a guess: the tracks not "
                     f"found in {shown_path(library)} have no known length; `wkwmix resolve` "
                     "takes them from Spotify")
    elif advise and estimated * 2 > count:
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
             f"{length}; {report.estimated_share:.0%} of lengths estimated; "
             f"{report.featured} of {report.tracks} a film's theme or featured music"]
    if report.misses:
        lines.append(f"missed: {'; '.join(report.misses)}")
        lines += [f"  {why}" for why in report.binding]
    return lines


def _require_tracks(playlists: list[Playlist], playable: bool,
                    library: Path | None = None) -> None:
    """An empty playlist is never what was asked for: say why, and write nothing."""
    empty = [_why_empty(p, playable, library) for p in playlists if not p.entries]
    if empty:
        raise click.ClickException("\n".join(empty) + "\nNothing was written.")


def _why_empty(playlist: Playlist, playable: bool, library: Path | None = None) -> str:
    if playlist.selected and playable and library is not None:
        return (f"{playlist.name}: none of the {playlist.selected} tracks that match can play "
                f"yet (not found in {shown_path(library)}, and no Spotify link); run "
                "`wkwmix resolve`, or leave out --playable")
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
