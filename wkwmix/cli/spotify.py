"""The Spotify commands: ``spotify login/logout/whoami``, ``resolve``, ``pin`` and ``sync``.

spotipy and requests are imported inside the commands that talk to Spotify, never here,
so loading this module (for ``--help``, say) stays cheap.
"""

from __future__ import annotations

import dataclasses
import webbrowser
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wkwmix.app import App, query_text
from wkwmix.cli.completion import complete_recipe_or_query, complete_track
from wkwmix.cli.lazy import LazyGroup
from wkwmix.cli.output import emit, format_option, progressbar
from wkwmix.cli.queryargs import QueryCommand, no_match, query_argument
from wkwmix.cli.state import pass_app
from wkwmix.errors import WkwmixError
from wkwmix.model import Catalog, Recipe, Track
from wkwmix.spotify.errors import NoClientId, NotLoggedIn

if TYPE_CHECKING:
    from wkwmix.spotify.plan import Plan
    from wkwmix.spotify.resolve import Resolution, Search

SHOWN = 10
RESOLVE_COLUMNS = [("id", "TRACK"), ("status", "STATUS"), ("score", "SCORE"),
                   ("match", "SPOTIFY MATCH"), ("uri", "URI")]


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

    attempt = Login()
    if no_browser:
        click.echo("Open this address in a browser and agree; then paste here the address "
                   "the browser was sent to.", err=True)
        click.echo(attempt.url)
        attempt.finish(click.prompt("Address", err=True))
    else:
        click.echo("Opening Spotify in your browser; if nothing opens, visit:", err=True)
        click.echo(attempt.url, err=True)
        attempt.through_browser(webbrowser.open)
    click.echo(f"Logged in to Spotify as {_who()}.")


def _who() -> str:
    from wkwmix.store.spotify_memory import set_account

    me = _connect().call("read your profile", "me")
    set_account(me["id"], me.get("display_name"))
    name = me.get("display_name")
    return f"{name} ({me['id']})" if name else me["id"]


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


# --- resolve and pin -------------------------------------------------------------------------


@click.command(cls=QueryCommand)
@query_argument()
@click.option("--review", is_flag=True,
              help="List the doubtful and the unmatched, the catalog's facts beside Spotify's.")
@click.option("--accept", "accepted", multiple=True, metavar="TRACK",
              shell_complete=complete_track,
              help="Accept TRACK's doubtful match (pins it); repeat for several.")
@click.option("--reject", "rejected", multiple=True, metavar="TRACK",
              help="TRACK's match is the wrong recording: never use it, search again; "
                   "repeat for several.")
@click.option("--refresh", is_flag=True, help="Search again, ignoring the cached results.")
@format_option(choices=("table", "json", "csv", "tsv"))
@pass_app
def resolve(app: App, query: tuple[str, ...], review: bool, accepted: tuple[str, ...],
            rejected: tuple[str, ...], refresh: bool, fmt: str) -> None:
    """Find the Spotify track for each track a QUERY (or a TRACK id) selects.

    A URI you pinned wins; otherwise Spotify is searched and the candidates scored by
    title, artist, version, length, and the album and year when the catalog gives them
    (karaoke, tribute and "made famous by" versions are rejected). Results are cached:
    resolving again searches only for what is new. Doubtful matches are not used until
    you accept them (or pin another URI). A wrong match, sure or pinned, is rejected
    with --reject: that URI is never used for the track again, and the track is searched
    anew; `wkwmix pin TRACK --none` says no Spotify track is the right one.

    \b
    Examples:
      wkwmix resolve film:chungking-express
      wkwmix resolve chungking-express/dreams
      wkwmix resolve --review
      wkwmix resolve --accept chungking-express/dreams
      wkwmix resolve --reject chungking-express/dreams
    """
    catalog = app.catalog
    if sum(map(bool, (review, accepted, rejected))) > 1:
        raise click.UsageError("give one of --review, --accept and --reject")
    if (accepted or rejected) and query:
        raise click.UsageError("--accept and --reject name their TRACKs: give no QUERY")
    if accepted:
        for ref in accepted:
            click.echo(_accept(app, catalog, ref))
        return
    if rejected:
        tracks = [catalog.find_track(ref) for ref in rejected]
        for track in tracks:
            click.echo(_reject(app, catalog, track), err=True)
        catalog = app.catalog  # with the rejections
        tracks = [catalog.tracks[t.id] for t in tracks]
    else:
        tracks = _selected(app, query)
        if not tracks:
            raise WkwmixError(no_match(query_text(query)))
    if review:  # what earlier runs found; reviewing never searches
        _review(catalog, tracks, fmt)
        return
    results = _resolve_with_progress(tracks, catalog, refresh=refresh)
    emit([_resolution_row(r) for r in results], fmt, RESOLVE_COLUMNS)
    click.echo(_resolve_summary(results), err=True)


def _selected(app: App, words: tuple[str, ...]) -> list[Track]:
    """The tracks a query selects; one word that is a track id or unique id prefix (as
    ``show`` takes) selects that track."""
    catalog = app.catalog
    if len(words) == 1 and ":" not in words[0]:
        found = [t for t in catalog if t.id.startswith(words[0])]
        exact = catalog.tracks.get(words[0])
        if exact is not None or len(found) == 1:
            return [exact or found[0]]
        tracks = app.select(query_text(words))
        if not tracks and found:
            catalog.find_track(words[0])  # names the tracks the prefix matches
        return tracks
    return app.select(query_text(words))


REVIEW_COLUMNS = [
    ("id", "TRACK"), ("status", "STATUS"), ("score", "SCORE"), ("title", "TITLE"),
    ("artist", "PERFORMER"), ("album", "ALBUM"), ("year", "YEAR"), ("length", "LENGTH"),
    ("spotify_title", "SPOTIFY TITLE"), ("spotify_artist", "SPOTIFY PERFORMER"),
    ("spotify_album", "SPOTIFY ALBUM"), ("spotify_year", "SPOTIFY YEAR"),
    ("spotify_length", "SPOTIFY LENGTH"), ("uri", "URI")]
REVIEWED = ("doubtful", "none", "off")


def _review(catalog: Catalog, tracks: list[Track], fmt: str) -> None:
    """The doubtful and the unmatched, the catalog's facts beside Spotify's best candidate."""
    from wkwmix.spotify.resolve import known

    results = known(tracks, catalog)
    held = [(t, r) for t, r in zip(tracks, results) if r and r.status in REVIEWED]
    rows = [_review_row(catalog, t, r) for t, r in held]
    if fmt == "table":
        click.echo("".join(_review_block(row) for row in rows), nl=False)
    else:
        emit(rows, fmt, REVIEW_COLUMNS)
    counts = {s: sum(r.status == s for _, r in held) for s in REVIEWED}
    text = (f"{counts['doubtful']} doubtful match(es) held for review, {counts['none']} "
            "not found")
    if counts["off"]:
        text += f", {counts['off']} kept off Spotify"
    unsearched = sum(r is None for r in results)
    if unsearched:
        text += f"; {unsearched} not searched yet (`wkwmix resolve` searches them)"
    click.echo(text + ".", err=True)
    if rows:
        click.echo("Accept a match with `wkwmix resolve --accept TRACK`, reject it with "
                   "`wkwmix resolve --reject TRACK`, or pin one with `wkwmix pin TRACK URI` "
                   "(`--none` when Spotify has no right one).", err=True)


def _review_row(catalog: Catalog, track: Track, result: Resolution) -> dict[str, Any]:
    from wkwmix.formats import clock

    film = catalog.film_of(track)
    c = result.candidate
    return {
        "id": track.id, "status": result.status,
        "score": f"{c.score:.2f}" if c else "",
        "title": track.title, "artist": track.artist or "",
        "album": track.album or "", "year": track.released or "",
        "film": film.title, "film_year": film.year,
        "length": clock(track.duration) if track.duration else "",
        "spotify_title": c.name if c else "", "spotify_artist": ", ".join(c.artists) if c else "",
        "spotify_album": c.album if c else "", "spotify_year": (c.year or "") if c else "",
        "spotify_length": clock(c.duration) if c and c.duration else "",
        "uri": c.uri if c else "",
    }


def _review_block(row: dict[str, Any]) -> str:
    """Three lines a person can compare at a glance: the track, the catalog, Spotify."""
    score = f" {row['score']}" if row["score"] else ""
    album = row["album"] or f"from the film {row['film']} ({row['film_year']})"
    ours = _facts(row["title"], row["artist"], album, row["year"], row["length"])
    if row["status"] == "off":
        theirs = "(kept off Spotify: `wkwmix pin TRACK --clear` to search again)"
    elif row["spotify_title"]:
        theirs = _facts(row["spotify_title"], row["spotify_artist"], row["spotify_album"],
                        row["spotify_year"], row["spotify_length"]) + f"  {row['uri']}"
    else:
        theirs = "(no candidate found)"
    return f"{row['id']}  {row['status']}{score}\n  catalog  {ours}\n  spotify  {theirs}\n"


def _facts(title: str, artist: str, album: str, year: Any, length: str) -> str:
    by = f" — {artist}" if artist else " — (performer unknown)"
    when = f" ({year})" if year else ""
    return f"{title}{by} · {album}{when} · {length or 'length unknown'}"


def _resolve_with_progress(tracks: list[Track], catalog: Catalog, *, refresh: bool = False,
                           search: Search | None = None) -> list[Resolution]:
    from wkwmix.spotify.resolve import resolve as resolve_tracks

    with progressbar(len(tracks), "Resolving") as bar:
        return resolve_tracks(tracks, catalog, search or _lazy_search(), refresh=refresh,
                              progress=bar.update)


def _lazy_search() -> Search:
    """A search function that logs in only when a search is actually needed."""
    client: Any = None

    def search(text: str, offset: int = 0) -> list[dict[str, Any]]:
        nonlocal client
        if client is None:
            client = _connect()
        from wkwmix.spotify.resolve import spotify_search

        return spotify_search(client)(text, offset)

    return search


def _resolution_row(result: Resolution) -> dict[str, Any]:
    candidate = result.candidate
    return {
        "id": result.track_id, "status": result.status,
        "score": f"{candidate.score:.2f}" if candidate else "",
        "match": candidate.label if candidate else "",
        "uri": result.pinned or (candidate.uri if candidate else ""),
    }


def _resolve_summary(results: list[Resolution]) -> str:
    counts = {s: sum(r.status == s for r in results) for s in ("pinned", "sure", "doubtful",
                                                                  "none", "off", "failed")}
    text = (f"{len(results)} tracks: {counts['pinned']} pinned, {counts['sure']} found, "
            f"{counts['doubtful']} doubtful, {counts['none']} not found")
    if counts["off"]:
        text += f", {counts['off']} kept off Spotify"
    if counts["failed"]:
        text += f", {counts['failed']} failed"
    text += _failures(results)
    if counts["doubtful"]:
        text += ("\nDoubtful matches are not used: check them with `wkwmix resolve --review`, "
                 "then `wkwmix resolve --accept TRACK` or `wkwmix pin TRACK URI`.")
    return text


def _failures(results: list[Resolution]) -> str:
    failed = [r for r in results if r.status == "failed"]
    if not failed:
        return ""
    lines = [f"\n{len(failed)} search(es) failed; those tracks are left out and searched "
             "again next time:"]
    lines += [f"  {r.track_id}: {r.error}" for r in failed]
    return "\n".join(lines)


def _reject(app: App, catalog: Catalog, track: Track) -> str:
    from wkwmix.spotify.resolve import cached

    if track.spotify_none:
        raise WkwmixError(f"{track.id} is kept off Spotify (`wkwmix pin {track.id} --none`); "
                          f"`wkwmix pin {track.id} --clear` lets it be searched again.")
    found = cached(track, catalog)
    uri = _match_of(found)
    if uri is None:
        raise WkwmixError(f"{track.id} has no match to reject; `wkwmix resolve {track.id}` "
                          "searches for one.")
    label = f" ({found.candidate.label})" if found and found.candidate and \
        found.candidate.uri == uri else ""
    app.reject(track, uri)
    return f"{track.id}: rejected {uri}{label}; it will not be used for this track again."


def _match_of(found: Resolution | None) -> str | None:
    """The URI a resolution holds: pinned, sure, or doubtful (held for review)."""
    if found is None:
        return None
    if found.uri:
        return found.uri
    return found.candidate.uri if found.status == "doubtful" and found.candidate else None


def _accept(app: App, catalog: Catalog, ref: str) -> str:
    from wkwmix.spotify.resolve import cached

    track = catalog.find_track(ref)
    found = cached(track, catalog)
    if found is None or found.candidate is None:
        raise WkwmixError(f"{track.id} has no match to accept; run `wkwmix resolve` first, "
                          "or pin a URI with `wkwmix pin`.")
    app.pin(track, found.candidate.uri)
    return f"{track.id}: pinned {found.candidate.uri} ({found.candidate.label})"


@click.command(name="pin")
@click.argument("track", shell_complete=complete_track)
@click.argument("uri", required=False)
@click.option("--none", "none_", is_flag=True,
              help="No Spotify track is TRACK: never search for it or sync it.")
@click.option("--clear", is_flag=True, help="Remove your pin (or --none) from TRACK.")
@pass_app
def pin_command(app: App, track: str, uri: str | None, none_: bool, clear: bool) -> None:
    """Pin TRACK to a Spotify URI (spotify:track:… or an open.spotify.com link).

    A pin is kept in your overlay and wins over any search. With --none, no Spotify
    track is TRACK: it is left out of syncs and shown as unmatched.
    """
    from wkwmix.spotify.resolve import parse_track_uri

    if sum(map(bool, (uri, none_, clear))) != 1:
        raise click.UsageError("give a URI to pin, --none, or --clear to remove the pin")
    found = app.catalog.find_track(track)
    if none_:
        app.keep_off_spotify(found)
        click.echo(f"{found.id}: kept off Spotify (no Spotify track is this recording)")
        return
    chosen = None if clear else parse_track_uri(uri or "")
    app.pin(found, chosen)
    click.echo(f"{found.id}: " + (f"pinned {chosen}" if chosen else "pin removed"))


# --- sync ------------------------------------------------------------------------------------


@click.command(cls=QueryCommand)
@click.argument("source", nargs=-1, metavar="RECIPE|QUERY",
                shell_complete=complete_recipe_or_query)
@click.option("--all", "all_folder", is_flag=False, flag_value="playlists", default=None,
              type=click.Path(file_okay=False, path_type=Path), metavar="[FOLDER]",
              help="Sync every recipe in FOLDER (default: playlists), one playlist each.")
@click.option("--name", help="The Spotify playlist's name (default: the recipe's name).")
@click.option("--public/--private", default=None,
              help="Make the playlist public or private (new playlists are private).")
@click.option("--dry-run", is_flag=True, help="Show the plan; change nothing on Spotify.")
@click.option("--adopt", is_flag=True,
              help="Allow writing to a same-named playlist that wkwmix did not create.")
@pass_app
def sync(app: App, source: tuple[str, ...], all_folder: Path | None, name: str | None,
         public: bool | None, dry_run: bool, adopt: bool) -> None:
    """Make a Spotify playlist match a recipe (or a QUERY): create, add, remove, reorder.

    wkwmix plans first and prints the plan; it writes only to a playlist it created
    (unless --adopt), with the fewest requests, and not at all when nothing changed.

    \b
    Examples:
      wkwmix sync night-city
      wkwmix sync mood:dream --name "Dreams of Hong Kong" --dry-run
      wkwmix sync --all
    """
    catalog = app.catalog
    recipes = _recipes_to_sync(app, source, all_folder, name)
    if all_folder is None:
        _sync_recipe(app, catalog, recipes[0], public, dry_run=dry_run, adopt=adopt)
        return
    failed = []
    for recipe in recipes:
        try:
            _sync_recipe(app, catalog, recipe, public, dry_run=dry_run, adopt=adopt)
        except (NotLoggedIn, NoClientId):
            raise  # every other recipe would fail the same way
        except WkwmixError as e:
            click.echo(f"Error syncing {recipe.name!r}: {e}", err=True)
            failed.append(recipe.name)
    done = len(recipes) - len(failed)
    click.echo(f"{done} of {len(recipes)} playlist(s) synced"
               + (f"; failed: {', '.join(repr(n) for n in failed)}." if failed else "."),
               err=True)
    if failed:
        raise SystemExit(1)


def _sync_recipe(app: App, catalog: Catalog, recipe: Recipe, public: bool | None, *,
                 dry_run: bool, adopt: bool) -> None:
    playlist = app.build(recipe)
    if not playlist.tracks:
        raise WkwmixError(no_match(recipe.query or recipe.name) + " (and it names no "
                          "recipe); nothing to sync")
    _sync_playlist(_connect(), catalog, playlist, public, dry_run=dry_run, adopt=adopt)


def _recipes_to_sync(app: App, source: tuple[str, ...], all_folder: Path | None,
                     name: str | None) -> list[Recipe]:
    if all_folder is None:
        if not source:
            raise click.UsageError("give a RECIPE or a QUERY to sync (or --all)")
        return [sync_recipe(app, source, name)]
    if source or name:
        raise click.UsageError("--all syncs the recipes as they are: give no RECIPE, "
                               "QUERY or --name")
    return app.recipes_in(all_folder)


def _connect() -> Any:
    """The command's one client (one cap on all its pauses), made on first use."""
    meta = click.get_current_context().meta
    if "wkwmix.spotify.client" not in meta:
        from wkwmix.spotify.auth import connect

        meta["wkwmix.spotify.client"] = connect(notice=_say)
    return meta["wkwmix.spotify.client"]


def _say(message: str) -> None:
    click.echo(message, err=True)


def _sync_playlist(client: Any, catalog: Any, playlist: Any, public: bool | None, *,
                   dry_run: bool, adopt: bool) -> None:
    from wkwmix.spotify.apply import apply, exclusive, plan_sync
    from wkwmix.spotify.plan import Wanted
    from wkwmix.spotify.resolve import spotify_search

    results = _resolve_with_progress(list(playlist.tracks), catalog,
                                     search=spotify_search(client))
    _report_unresolved(results)
    if any(r.status == "failed" for r in results):
        click.echo(_failures(results).lstrip("\n"), err=True)
    if not any(r.uri for r in results):
        raise WkwmixError(f"None of the {len(results)} tracks of {playlist.name!r} is found "
                          "on Spotify yet, so there is nothing to sync; see `wkwmix resolve "
                          "--review`, or pin tracks with `wkwmix pin TRACK URI`.")
    wanted = Wanted(playlist.name, playlist.description,
                    tuple(r.uri for r in results if r.uri), public)
    labels = _labels(playlist.tracks, results)
    if dry_run:
        plan, _ = plan_sync(client, wanted, adopt=adopt, dry_run=True)
        click.echo(describe_plan(plan, labels, every_track=True))
        return
    with exclusive(client, on_wait=_say):
        plan, target = plan_sync(client, wanted, adopt=adopt)
        click.echo(describe_plan(plan, labels))
        if plan.unchanged:
            return
        with progressbar(len(plan.writes), "Syncing") as bar:
            playlist_id = apply(client, plan, target, progress=bar.update)
    click.echo(f"Synced: https://open.spotify.com/playlist/{playlist_id}")


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


def describe_plan(plan: Plan, labels: dict[str, str], *, every_track: bool = False) -> str:
    """The plan in a few lines a person can read before anything is written.

    With ``every_track`` (a dry run) a new playlist's tracks are listed, in order.
    """
    where = "new" if plan.create else f"spotify:playlist:{plan.playlist_id}"
    lines = [f"Spotify playlist {plan.wanted.name!r} ({where}):"]
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
