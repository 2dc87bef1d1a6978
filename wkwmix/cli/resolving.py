"""``resolve`` and ``pin``: find each catalog track on Spotify, review, accept, reject, pin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from wkwmix.app import App, query_text
from wkwmix.cli.completion import complete_track
from wkwmix.cli.output import emit, format_option, progressbar
from wkwmix.cli.queryargs import QueryCommand, no_match, query_argument
from wkwmix.cli.spotify import connect_client
from wkwmix.cli.state import pass_app
from wkwmix.errors import WkwmixError
from wkwmix.model import Catalog, Track

if TYPE_CHECKING:
    # What App's Spotify methods return (a resolution, a search function):
    # the click layer takes them as they come.
    Resolution = Any
    Search = Any

RESOLVE_COLUMNS = [("id", "TRACK"), ("status", "STATUS"), ("score", "SCORE"),
                   ("match", "SPOTIFY MATCH"), ("uri", "URI")]


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
        _review(app, catalog, tracks, fmt)
        return
    results = resolve_with_progress(app, tracks, refresh=refresh)
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
    ("spotify_length", "SPOTIFY LENGTH"), ("uri", "URI"), ("held", "HELD BECAUSE")]
REVIEWED = ("doubtful", "none", "off")


def _review(app: App, catalog: Catalog, tracks: list[Track], fmt: str) -> None:
    """The doubtful and the unmatched, the catalog's facts beside Spotify's best candidate."""
    results = app.spotify_known(tracks)
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
        "held": c.note if c else "",
    }


def _review_block(row: dict[str, Any]) -> str:
    """Three lines a person can compare at a glance: the track, the catalog, Spotify; and
    a fourth when a likely match is held (another recording as likely, not playable here)."""
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
    held = f"  held     {row['held']}\n" if row["held"] else ""
    return f"{row['id']}  {row['status']}{score}\n  catalog  {ours}\n  spotify  {theirs}\n{held}"


def _facts(title: str, artist: str, album: str, year: Any, length: str) -> str:
    by = f" — {artist}" if artist else " — (performer unknown)"
    when = f" ({year})" if year else ""
    return f"{title}{by} · {album}{when} · {length or 'length unknown'}"


def resolve_with_progress(app: App, tracks: list[Track], *, refresh: bool = False,
                           search: Search | None = None) -> list[Resolution]:
    bar = _LateBar(len(tracks), "Resolving")
    try:
        return app.resolve_on_spotify(tracks, search or _lazy_search(app), refresh=refresh,
                                      progress=bar.update)
    finally:
        bar.close()


class _LateBar:
    """A progress bar that appears with the first track done, so that a run that fails at
    once (not logged in, say) shows only its error, not a "Resolving" line before it."""

    def __init__(self, length: int, label: str) -> None:
        self.length, self.label = length, label
        self.bar: Any = None

    def update(self, done: int) -> None:
        if self.bar is None:
            self.bar = progressbar(self.length, self.label)
            self.bar.__enter__()
        self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _lazy_search(app: App) -> Search:
    """A search function that logs in only when a search is actually needed."""
    client: Any = None

    def search(text: str, offset: int = 0) -> list[dict[str, Any]]:
        nonlocal client
        if client is None:
            client = connect_client()
        return app.spotify_search(client)(text, offset)

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
    text += failures(results)
    if counts["doubtful"]:
        text += ("\nDoubtful matches are not used: check them with `wkwmix resolve --review`, "
                 "then `wkwmix resolve --accept TRACK` or `wkwmix pin TRACK URI`.")
    return text


def failures(results: list[Resolution]) -> str:
    failed = [r for r in results if r.status == "failed"]
    if not failed:
        return ""
    lines = [f"\n{len(failed)} search(es) failed; those tracks are left out and searched "
             "again next time:"]
    lines += [f"  {r.track_id}: {r.error}" for r in failed]
    return "\n".join(lines)


def _reject(app: App, catalog: Catalog, track: Track) -> str:
    if track.spotify_none:
        raise WkwmixError(f"{track.id} is kept off Spotify (`wkwmix pin {track.id} --none`); "
                          f"`wkwmix pin {track.id} --clear` lets it be searched again.")
    found = app.spotify_cached(track)
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
    track = catalog.find_track(ref)
    found = app.spotify_cached(track)
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
    if sum(map(bool, (uri, none_, clear))) != 1:
        raise click.UsageError("give a URI to pin, --none, or --clear to remove the pin")
    found = app.catalog.find_track(track)
    if none_:
        app.keep_off_spotify(found)
        click.echo(f"{found.id}: kept off Spotify (no Spotify track is this recording)")
        return
    chosen = None if clear else app.parse_spotify_uri(uri or "")
    app.pin(found, chosen)
    click.echo(f"{found.id}: " + (f"pinned {chosen}" if chosen else "pin removed"))


