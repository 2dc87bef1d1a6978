"""The ``map`` command: the mood plane (or an arc chart) of a query, recipe or arc, as SVG."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from wkwmix.app import App, query_text
from wkwmix.cli.completion import complete_moods, complete_recipe
from wkwmix.cli.optiontypes import MINUTES, too_short
from wkwmix.cli.playlists import _options, check_arc
from wkwmix.cli.queryargs import QueryCommand, no_match, query_argument
from wkwmix.cli.state import pass_app
from wkwmix.model import BuildOptions, Playlist, Track


@click.command(cls=QueryCommand)
@query_argument()
@click.option("-r", "--recipe", "recipe_ref", metavar="RECIPE", shell_complete=complete_recipe,
              help="Draw this recipe's playlist and its path (a file, or a recipe's name).")
@click.option("--arc", metavar="MOOD,MOOD,...", shell_complete=complete_moods,
              help="Draw the arc playlist through these moods, e.g. dream,isolation,hope.")
@click.option("--minutes", "-m", type=MINUTES,
              help="Fit the playlist to about this many minutes.")
@click.option("--limit", "-n", type=click.IntRange(min=1), help="At most this many tracks.")
@click.option("--seed", help="Seed for choosing among equals.")
@click.option("--chart", is_flag=True,
              help="Draw the arc over the playing time (target and actual) instead of the "
                   "plane; needs an arc.")
@click.option("-o", "--output", required=True,
              type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
              help="The SVG file to write (- for standard output).")
@pass_app
def map_command(app: App, query: tuple[str, ...], recipe_ref: str | None, arc: str | None,
                minutes: float | None, limit: int | None, seed: str | None, chart: bool,
                output: Path) -> None:
    """Draw the mood plane as SVG: every mood, the tracks a QUERY selects, and for a recipe
    or an arc the playlist's path in play order.

    \b
    Examples:
      wkwmix map -o moods.svg
      wkwmix map film:2046 -o 2046.svg
      wkwmix map -r dream-arc -o dream-arc.svg
      wkwmix map mood:dream,longing --arc dream,isolation,hope -n 12 -o arc.svg
      wkwmix map -r dream-arc --chart -o dream-arc-chart.svg
    """
    options = _options(minutes, limit, None, arc, seed, None, None)
    check_arc(app, options.arc)
    playlist, tracks = _what_to_draw(app, query, recipe_ref, options)
    if chart:
        if playlist is None or not playlist.arc:
            raise click.UsageError("--chart draws an arc playlist: give --arc MOOD,MOOD,... "
                                   "or a recipe ordered by an arc")
        svg = app.arc_chart(playlist)
    else:
        svg = app.mood_map(tracks, playlist, title=_title(query, playlist))
    if str(output) == "-":
        click.echo(svg, nl=False)
        return
    app.write_text(output, svg)
    click.echo(f"wrote {output}", err=True)


TITLE_LENGTH = 60  # characters of a query a map's title shows


def _title(query: tuple[str, ...], playlist: Playlist | None) -> str:
    """A map of a query is titled with it; a playlist's map is titled with its name."""
    if playlist is not None or not query:
        return ""  # the picture's own: "Mood map: NAME", or "Mood map" for the whole plane
    text = query_text(query)
    shown = text if len(text) <= TITLE_LENGTH else text[:TITLE_LENGTH - 1] + "…"
    return f"Mood map: {shown}"


def _what_to_draw(app: App, query: tuple[str, ...], recipe_ref: str | None,
                  options: BuildOptions) -> tuple[Playlist | None, list[Track]]:
    """The playlist to draw with its path (for a recipe or an arc), or the selected tracks."""
    if recipe_ref is not None:
        recipe = app.find_recipe(recipe_ref)
        if query:  # extra words narrow the recipe's selection
            options = dataclasses.replace(options, narrow=query_text(query))
    else:
        selection = app.recipe_or_query(query)
        if selection.note:
            click.echo(f"note: {selection.note}", err=True)
        recipe = selection.recipe
        if not selection.is_recipe and options == BuildOptions():
            tracks = app.select(recipe.query)
            if not tracks:
                raise click.ClickException(no_match(recipe.query) + "; nothing was written")
            return None, tracks
    playlist = app.build(recipe, options=options)
    short = too_short(playlist, options.minutes or recipe.minutes, app.eligible(recipe.query),
                      recipe.query or recipe.name)
    if short:
        raise click.ClickException(f"{short}; nothing was written")
    if not playlist.entries:
        raise click.ClickException(f"{playlist.name}: no track matches the query; "
                                   "nothing was written")
    return playlist, list(playlist.tracks)


COMMANDS = [map_command]
