"""``sync``: make a playlist on Spotify or on the user's own music server (``--to
subsonic``) match a recipe or a query, planning first.

Both go through the same seam (``App.plan_sync``, ``App.apply_sync``, ``App.sync_turn``):
what differs is how tracks are found (Spotify: ``resolve`` and its cache and review; a
Subsonic server: a search of its library) and what a playlist is called there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wkwmix.app import App
from wkwmix.cli.completion import complete_recipe_or_query
from wkwmix.cli.options import applied, check_arc, recipe_options
from wkwmix.cli.output import progressbar, say
from wkwmix.cli.queryargs import QueryCommand, no_match
from wkwmix.cli.resolving import failures, resolve_with_progress
from wkwmix.cli.spotify import connect_client
from wkwmix.cli.state import pass_app
from wkwmix.errors import WkwmixError
from wkwmix.model import BuildOptions, Catalog, Recipe, Track

if TYPE_CHECKING:
    # What App.resolve_on_spotify and App.plan_sync return, taken as they come.
    Resolution = Any
    Plan = Any

SHOWN = 10


@click.command(cls=QueryCommand)
@click.argument("source", nargs=-1, metavar="RECIPE|QUERY",
                shell_complete=complete_recipe_or_query)
@click.option("--all", "all_folder", is_flag=False, flag_value="playlists", default=None,
              type=click.Path(file_okay=False, path_type=Path), metavar="[FOLDER]",
              help="Sync every recipe in FOLDER (default: playlists), one playlist each.")
@click.option("--to", "service", type=click.Choice(["spotify", "subsonic"]), default="spotify",
              show_default=True,
              help="Where the playlist goes: Spotify, or your own Subsonic server "
                   "(`wkwmix subsonic login`).")
@click.option("--name", help="The playlist's name (default: the recipe's name).")
@click.option("--public/--private", default=None,
              help="Make the playlist public or private (new playlists are private).")
@click.option("--dry-run", is_flag=True, help="Show the plan; change nothing.")
@click.option("--adopt", is_flag=True,
              help="Allow writing to a same-named playlist that wkwmix did not create.")
@recipe_options
@pass_app
def sync(app: App, source: tuple[str, ...], service: str, all_folder: Path | None,
         name: str | None, public: bool | None, dry_run: bool, adopt: bool,
         options: BuildOptions) -> None:
    """Make a Spotify playlist (or one on your music server) match a recipe (or a QUERY).

    wkwmix plans first and prints the plan; it writes only to a playlist it created
    (unless --adopt), with the fewest requests, and not at all when nothing changed.
    With --to subsonic the playlist goes to your own server (Navidrome, gonic,
    Supysonic…; see `wkwmix subsonic login`), its songs found in the server's library.

    \b
    Examples:
      wkwmix sync night-city
      wkwmix sync mood:dream --name "Dreams of Hong Kong" --dry-run
      wkwmix sync night-city --to subsonic
      wkwmix sync --all
    """
    catalog = app.catalog
    check_arc(app, options.arc)
    recipes, broken = _recipes_to_sync(app, source, all_folder, name)
    recipes = [applied(options, recipe) for recipe in recipes]
    if all_folder is None:
        _sync_recipe(app, catalog, recipes[0], public, service, dry_run=dry_run, adopt=adopt)
        return
    failed = list(broken)
    for recipe in recipes:
        try:
            _sync_recipe(app, catalog, recipe, public, service, dry_run=dry_run, adopt=adopt)
        except WkwmixError as e:
            if _stops_every_sync(e):
                raise  # every other recipe would fail the same way
            click.echo(f"Error syncing {recipe.name!r}: {e}", err=True)
            failed.append(repr(recipe.name))
    total = len(recipes) + len(broken)
    click.echo(f"{total - len(failed)} of {total} playlist(s) synced"
               + (f"; failed: {', '.join(failed)}." if failed else "."), err=True)
    if failed:
        raise SystemExit(1)


def _stops_every_sync(error: WkwmixError) -> bool:
    """A missing login (or client id) fails every recipe alike: say it once."""
    return type(error).__name__ in ("NotLoggedIn", "NoClientId", "NoLogin", "WrongLogin",
                                    "Unreachable", "NotSubsonic")


def _sync_recipe(app: App, catalog: Catalog, recipe: Recipe, public: bool | None,
                 service: str, *, dry_run: bool, adopt: bool) -> None:
    playlist = app.build(recipe)
    if not playlist.tracks:
        raise WkwmixError(no_match(recipe.query or recipe.name) + " (and it names no "
                          "recipe); nothing to sync")
    if service == "subsonic":
        _sync_to_subsonic(app, playlist, public, dry_run=dry_run, adopt=adopt)
        return
    _sync_to_spotify(app, connect_client(), playlist, public, dry_run=dry_run, adopt=adopt)


def _recipes_to_sync(app: App, source: tuple[str, ...], all_folder: Path | None,
                     name: str | None) -> tuple[list[Recipe], list[str]]:
    """The recipes to sync, and the files of those that are broken (each named on stderr:
    one broken recipe stops none of the others)."""
    if all_folder is None:
        if not source:
            raise click.UsageError("give a RECIPE or a QUERY to sync (or --all)")
        return [sync_recipe(app, source, name)], []
    if source or name:
        raise click.UsageError("--all syncs the recipes as they are: give no RECIPE, "
                               "QUERY or --name")
    recipes, broken = [], []
    for checked in app.recipes_each(all_folder):
        if checked.recipe is not None:
            recipes.append(checked.recipe)
            continue
        broken.append(str(checked.path))
        problems = "\n".join(f"  {p}" for p in checked.problems)
        click.echo(f"Error: {checked.path} cannot be synced:\n{problems}", err=True)
    return recipes, broken


def _sync_to_spotify(app: App, client: Any, playlist: Any, public: bool | None, *,
                     dry_run: bool, adopt: bool) -> None:
    results = resolve_with_progress(app, list(playlist.tracks),
                                     search=app.spotify_search(client))
    _report_unresolved(results)
    if any(r.status == "failed" for r in results):
        click.echo(failures(results).lstrip("\n"), err=True)
    if not any(r.uri for r in results):
        raise WkwmixError(f"None of the {len(results)} tracks of {playlist.name!r} is found "
                          "on Spotify yet, so there is nothing to sync; see `wkwmix resolve "
                          "--review`, or pin tracks with `wkwmix pin TRACK URI`.")
    wanted = app.wanted(playlist.name, playlist.description,
                        [r.uri for r in results if r.uri], public)
    labels = _labels(playlist.tracks, results)
    target = app.spotify_target(client)
    if dry_run:
        plan, _ = app.plan_sync(target, wanted, adopt=adopt, dry_run=True)
        click.echo(describe_plan(plan, labels, every_track=True))
        return
    with app.sync_turn(target):
        plan, where = app.plan_sync(target, wanted, adopt=adopt)
        found_again = _resolve_unplayable(app, client, target, playlist, results)
        if found_again is not None:
            results = found_again
            wanted = app.wanted(playlist.name, playlist.description,
                                [r.uri for r in results if r.uri], public)
            labels = _labels(playlist.tracks, results)
            plan = app.plan_again(target, wanted, where)
        click.echo(describe_plan(plan, labels))
        playlist_id = _carry_out(app, target, plan, where)
    if playlist_id is not None:
        click.echo(f"Synced: {target.link(playlist_id)}")


def _carry_out(app: App, target: Any, plan: Any, where: Any) -> str | None:
    """Apply the plan with a progress bar; the playlist's id, or None when it was up to
    date (nothing written, but what was read is remembered, so the next sync trusts it)."""
    if plan.unchanged:
        app.apply_sync(target, plan, where)
        return None
    with progressbar(len(plan.writes), "Syncing") as bar:
        return app.apply_sync(target, plan, where, progress=bar.update)


def _resolve_unplayable(app: App, client: Any, target: Any, playlist: Any,
                        results: list[Resolution]) -> list[Resolution] | None:
    """Name the playlist's items that no longer play in the listener's market and search
    for their tracks again; the new resolutions, or None when every item plays."""
    unplayable: set[str] = getattr(target, "unplayable", set())
    stale = [(t, r) for t, r in zip(playlist.tracks, results) if r.uri in unplayable]
    if not stale:
        return None
    names = "; ".join(f"{t.id} ({t.title} — {t.artist})" if t.artist else f"{t.id} ({t.title})"
                      for t, _ in stale)
    searched = [t for t, r in stale if not r.pinned]
    pinned = len(stale) - len(searched)
    click.echo(f"{len(stale)} track(s) of the playlist cannot play where you are now: {names}."
               + (" Searching for them again." if searched else "")
               + (f" {pinned} of them pinned: pin another with `wkwmix pin TRACK URI`."
                  if pinned else ""), err=True)
    if not searched:
        return None
    again = app.resolve_on_spotify(searched, app.spotify_search(client), refresh=True)
    by_id = {r.track_id: r for r in again}
    return [by_id.get(r.track_id, r) for r in results]


def _sync_to_subsonic(app: App, playlist: Any, public: bool | None, *, dry_run: bool,
                      adopt: bool) -> None:
    target = app.subsonic_target(notice=say)
    tracks = list(playlist.tracks)
    with progressbar(len(tracks), "Searching your server") as bar:
        found = app.find_on_subsonic(target, tracks, progress=bar.update)
    _report_not_on_server(found)
    if not any(f.uri for f in found):
        raise WkwmixError(f"None of the {len(found)} tracks of {playlist.name!r} is surely in "
                          "your server's library, so there is nothing to sync.")
    wanted = app.wanted(playlist.name, playlist.description, [f.uri for f in found if f.uri],
                        public)
    labels = {f.uri: f"{t.title} — {t.artist}" if t.artist else t.title
              for t, f in zip(tracks, found) if f.uri}
    if dry_run:
        plan, _ = app.plan_sync(target, wanted, adopt=adopt, dry_run=True)
        click.echo(describe_plan(plan, labels, every_track=True, service="Subsonic"))
        return
    with app.sync_turn(target):
        plan, where = app.plan_sync(target, wanted, adopt=adopt)
        click.echo(describe_plan(plan, labels, service="Subsonic"))
        playlist_id = _carry_out(app, target, plan, where)
    if playlist_id is not None:
        click.echo(f"Synced: {target.link(playlist_id)}")


def _report_not_on_server(found: list[Any]) -> None:
    """Name what is left out: held for review (a doubtful match) or not found."""
    for status, why, detail in (
            ("doubtful", "held for review: a doubtful match on your server", "maybe "),
            ("none", "not found in your server's library", None),
            ("failed", "search failed", "")):
        some = [f for f in found if f.status == status]
        if not some:
            continue
        shown = ", ".join(f"{f.track_id}" + (f" ({detail}{f.label})" if f.label and
                                                 detail is not None else "")
                          for f in some[:SHOWN])
        more = f" and {len(some) - SHOWN} more" if len(some) > SHOWN else ""
        click.echo(f"{len(some)} track(s) left out, {why}: {shown}{more}.", err=True)


def sync_recipe(app: App, source: Sequence[str], name: str | None = None) -> Recipe:
    """The recipe a RECIPE|QUERY stands for, named as its Spotify playlist is."""
    selection = app.recipe_or_query(source)
    if selection.note:
        click.echo(f"note: {selection.note}", err=True)
    recipe = selection.recipe
    if not selection.is_recipe:
        text = recipe.query
        recipe = dataclasses.replace(recipe, name=f"wkwmix: {text}",
                                     description=f"Music from Wong Kar-wai's films: {text}")
    return dataclasses.replace(recipe, name=name) if name else recipe


def _report_unresolved(results: list[Resolution]) -> None:
    missing = [r for r in results if not r.uri]
    if not missing:
        return
    shown = ", ".join(f"{r.track_id} ({r.status})" for r in missing[:SHOWN])
    more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
    click.echo(f"{len(missing)} track(s) left out, not (surely) found on Spotify: {shown}{more}. "
               "See `wkwmix resolve --review`.", err=True)


def _labels(tracks: Sequence[Track], results: list[Resolution]) -> dict[str, str]:
    return {r.uri: f"{t.title} — {t.artist}" if t.artist else t.title
            for t, r in zip(tracks, results) if r.uri}


def describe_plan(plan: Plan, labels: dict[str, str], *, every_track: bool = False,
                  service: str = "Spotify") -> str:
    """The plan in a few lines a person can read before anything is written.

    With ``every_track`` (a dry run) a new playlist's tracks are listed, in order.
    """
    if plan.create:
        where = "new"
    elif service == "Spotify":
        where = f"spotify:playlist:{plan.playlist_id}"
    else:
        where = f"id {plan.playlist_id}"
    lines = [f"{service} playlist {plan.wanted.name!r} ({where}):"]
    if plan.unchanged:
        return lines[0] + " up to date, nothing to change."
    if plan.create:
        lines.append(f"  create it with {len(plan.wanted.uris)} tracks")
        if every_track:
            lines += [f"  {n:>4}. {labels.get(u, u)}" for n, u in
                      enumerate(plan.wanted.uris, 1)]
    else:
        lines += _changes(plan, labels)
    requests = len(plan.writes)
    lines.append(f"  {requests} write request{'s' if requests != 1 else ''}")
    return "\n".join(lines)


def _changes(plan: Plan, labels: dict[str, str]) -> list[str]:
    lines = []
    if plan.added:
        lines.append(f"  + add {len(plan.added)}: {_some(plan.added, labels)}")
    if plan.removed:
        lines.append(f"  - remove {len(plan.removed)}: {_some(plan.removed, labels)}")
    if plan.reordered:
        lines.append("  ~ reorder the tracks")
    if plan.changed_details:
        lines.append(f"  * update {', '.join(plan.changed_details)}")
    return lines


def _some(uris: Sequence[str], labels: dict[str, str]) -> str:
    shown = "; ".join(labels.get(u, u) for u in uris[:SHOWN])
    return shown + (f"; and {len(uris) - SHOWN} more" if len(uris) > SHOWN else "")
