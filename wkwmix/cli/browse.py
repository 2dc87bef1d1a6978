"""Commands that look at the catalog: films, moods, ls, show, check."""

from __future__ import annotations

from collections import Counter
from typing import Any

import click

from wkwmix import query as query_mod
from wkwmix.app import App, query_text
from wkwmix.cli.completion import complete_track
from wkwmix.cli.lazy import CliError, LazyGroup
from wkwmix.cli.output import emit, format_option, page, terminal_width, width, wrap
from wkwmix.cli.queryargs import QueryCommand, no_match, query_argument
from wkwmix.cli.state import pass_app
from wkwmix.errors import NotFoundError
from wkwmix.i18n import _, lang_option
from wkwmix.model import Catalog, Film, Track
from wkwmix.text import printable

TRACK_COLUMNS = [
    ("id", "ID"), ("title", "TITLE"), ("artist", "ARTIST"), ("film_title", "FILM"),
    ("year", "YEAR"), ("duration_text", "TIME"), ("moods", "MOODS"),
]
# On a terminal too narrow for them all, these columns give way, in this order, so that
# titles and moods stay readable: a track can be named by its title as well as its id,
# and `--format ids` lists the ids.
TRACK_GIVE_WAY = ("duration_text", "year", "id", "artist", "film_title")
TRACK_READABLE = {"title": 20, "moods": 24, "artist": 12, "film_title": 12}
# CSV and TSV: the columns of build's CSV (wkwmix/formats/csv.py) that a listing has.
DELIMITED_COLUMNS = [(key, key) for key in (
    "id", "title", "artist", "film_title", "year", "duration", "moods")]


def track_row(track: Track, catalog: Catalog) -> dict[str, Any]:
    film = catalog.film_of(track)
    return {
        **track.to_dict(),
        "film_title": film.title,
        "year": film.year,
        "duration_text": duration_text(track.duration),
    }


def duration_text(seconds: int | None) -> str:
    return "" if seconds is None else f"{seconds // 60}:{seconds % 60:02d}"


def headings(columns: list[tuple[str, str]], context: str | None = None,
             ) -> list[tuple[str, str]]:
    """Table columns with their headings in the language in use."""
    return [(key, _(heading, context)) for key, heading in columns]


@click.command()
@format_option()
@lang_option()
@pass_app
def films(app: App, fmt: str) -> None:
    """List the films, oldest first, with how many tracks each has."""
    catalog = app.catalog
    counts = Counter(t.film for t in catalog)
    ordered = sorted(catalog.films.values(), key=lambda f: f.year)
    records = [{**f.to_dict(), "tracks": counts[f.id]} for f in ordered]
    columns = [("id", "ID"), ("year", "YEAR"), ("title", "TITLE"),
               ("original_title", "ORIGINAL"), ("composers", "SCORE BY"), ("tracks", "TRACKS")]
    emit(records, fmt, headings(columns, "film"))


@click.group(
    cls=LazyGroup, invoke_without_command=True,
    lazy={"add": "wkwmix.cli.tagging:moods_add", "remove": "wkwmix.cli.tagging:moods_remove"},
)
@format_option()
@click.pass_context
def moods(ctx: click.Context, fmt: str) -> None:
    """List the mood vocabulary (or add and remove your own moods)."""
    if ctx.invoked_subcommand is not None:
        return
    catalog = (ctx.find_object(App) or App()).catalog
    counts = Counter(m for t in catalog for m in t.moods)
    records = [{**m.to_dict(), "tracks": counts[m.id]} for m in catalog.moods]
    columns = [("id", "MOOD"), ("valence", "VALENCE"), ("arousal", "AROUSAL"),
               ("tracks", "TRACKS"), ("origin", "FROM"), ("description", "DESCRIPTION")]
    emit(records, fmt, columns)


@click.command(name="ls", cls=QueryCommand)
@query_argument()
@click.option("--sort", "-s", type=click.Choice(query_mod.SORT_KEYS), default="film",
              show_default=True, help="Order of the listing (film = film chronology).")
@format_option()
@lang_option()
@pass_app
def list_tracks(app: App, query: tuple[str, ...], sort: str, fmt: str) -> None:
    """List the tracks a QUERY selects (every track without one).

    \b
    Examples:
      wkwmix ls mood:dream
      wkwmix ls 夢中人
      wkwmix ls film:"In the Mood for Love" -kind:score --format json

    A leading '-' or '^' negates a term; write a negated bare word as ^word.
    """
    catalog = app.catalog
    selected = query_mod.parse(query, catalog).select(catalog)
    tracks = query_mod.sort_tracks(selected, sort, catalog)
    emit([track_row(t, catalog) for t in tracks], fmt, headings(TRACK_COLUMNS),
         json_records=[t.to_dict() for t in tracks], delimited_columns=DELIMITED_COLUMNS,
         give_way=TRACK_GIVE_WAY, readable=TRACK_READABLE)
    if not tracks:
        raise CliError(no_match(query_text(query)))


@click.command()
@click.argument("track", shell_complete=complete_track)
@format_option(default="text", choices=("text", "json"))
@lang_option()
@pass_app
def show(app: App, track: str, fmt: str) -> None:
    """Show every fact of one TRACK (an id, a unique id prefix or an exact title)."""
    catalog = app.catalog
    try:
        found = catalog.find_track(track)
    except NotFoundError as e:
        if not str(e).startswith("no track"):  # several tracks match: they are named
            raise
        raise NotFoundError(f"no track {track!r}{did_you_mean(track, catalog)}") from None
    if fmt == "json":
        import json

        data = {**found.to_dict(), "position": position_record(found, catalog)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    page(describe(found, catalog) + "\n")


HEARD_SAID = {
    "theme": "theme: returns through the film, or is its signature",
    "featured": "featured: a scene is built on it",
    "background": "in the background: under dialogue, from a radio, or in part",
    "brief": "briefly: for seconds",
    "album-only": "on the album only: no source places it in the film",
    "not-in-film": "not in the film, a source says",
}


SUGGESTED = 3  # tracks named in a suggestion; more are counted


def did_you_mean(ref: str, catalog: Catalog) -> str:
    """'; did you mean a (Title) or b (Title)?' for the tracks nearest ``ref``, or ''."""
    near = query_mod.near_tracks(ref, catalog)
    if not near:
        return ""
    named = [f"{t.id} ({printable(t.title)})" for t in near[:SUGGESTED]]
    more = len(near) - SUGGESTED
    listed = "" if more <= 0 else f" ({more} more track{'s' if more > 1 else ''} match it)"
    choices = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
    return f"; did you mean {choices}?{listed}"


def describe(track: Track, catalog: Catalog) -> str:
    film = catalog.film_of(track)
    origins = track.mood_origins()
    moods = ", ".join(m + (" " + _("(yours)") if origins[m] == "user" else "")
                      for m in track.moods)
    cover = track.cover_of
    heard = HEARD_SAID.get(track.heard or "")
    fields: list[tuple[str, str | None]] = [
        ("Title", track.title),
        ("Also known as", ", ".join(track.alt_titles)),
        ("Artist", track.artist),
        ("Written by", ", ".join(track.writers)),
        ("Cover of", f"{cover.title}" + (f" ({cover.artist})" if cover.artist else "")
         if cover else None),
        ("Film", f"{film.title} ({film.year})"),
        ("Kind", _(track.kind) if track.kind else None),
        ("Instrumental", yes_no(track.instrumental)),
        ("Original", yes_no(track.original, "written for this film", "pre-existing")),
        ("Recording from", _recording_album(track)),
        ("Duration", duration_text(track.duration)),
        ("Duration of", track.duration_basis),
        ("Language", track.language),
        ("Characters", ", ".join(track.characters)),
        ("Diegetic", yes_no(track.diegetic, "heard in the film's world",
                            "heard by the audience only")),
        ("Scene", track.scene),
        ("Heard", _(heard) if heard else None),
        ("On album", _album_places(track, film)),
        ("Moods", moods or _("(none)")),
        ("Position", position_text(track, catalog)),
        ("Moods you removed", ", ".join(track.removed_moods)),
        ("Same as", track.same_as),
        ("Spotify", track.spotify),
        ("Note", track.note),
    ]
    lines = [click.style(printable(track.id), bold=True)]
    for label, value in fields:
        if value:
            lines += _field(_(label), printable(str(value)))
    lines.append(_("Sources:"))
    lines += [f"  - {printable(s)}" for s in track.sources] or ["  " + _("(none)")]
    return "\n".join(lines)


LABEL_WIDTH = 19


def _recording_album(track: Track) -> str | None:
    """The album of the recording the film uses, with its year when known."""
    if not track.album:
        return None
    return track.album + (f" ({track.released})" if track.released else "")


def _field(label: str, value: str) -> list[str]:
    """``Label:   value``; on a terminal, long values wrap under themselves."""
    columns = terminal_width()
    # Padded by the columns it takes: a label in Chinese takes two a character.
    named = label + ":" + " " * max(1, LABEL_WIDTH - width(label) - 1)
    if columns is None or columns - LABEL_WIDTH < 20:
        return [f"{named}{value}"]
    lines = wrap(value, columns - LABEL_WIDTH - 1)
    return [f"{named}{lines[0]}",
            *(" " * LABEL_WIDTH + line for line in lines[1:])]


def yes_no(value: bool | None, yes: str = "", no: str = "") -> str | None:
    """``yes``/``no`` with an optional gloss; None (left out) when the catalog does not say."""
    if value is None:
        return None
    gloss = _(yes if value else no) if (yes if value else no) else ""
    return _("yes" if value else "no") + (f" ({gloss})" if gloss else "")


def _album_places(track: Track, film: Film) -> str:
    places = []
    for album in film.albums:
        for n, entry in enumerate(album.tracks, 1):
            if entry.id == track.id:
                year = f" ({album.year})" if album.year else ""
                places.append(f"{album.title}{year}, track {n}")
    return "; ".join(places)


def position_text(track: Track, catalog: Catalog) -> str | None:
    """'valence +0.15, arousal -0.20: led by dream (+0.30, -0.30), then ...'."""
    moods = [catalog.moods[m] for m in track.moods if m in catalog.moods]
    if not moods:
        return None
    valence, arousal = catalog.moods.position(m.id for m in moods)
    parts = ", then ".join(f"{m.id} ({m.valence:+.2f}, {m.arousal:+.2f})" for m in moods)
    why = f"led by {parts}" if len(moods) > 1 else f"that of {parts}"
    return f"valence {valence:+.2f}, arousal {arousal:+.2f} on the mood plane: {why}"


def position_record(track: Track, catalog: Catalog) -> dict[str, object]:
    """The track's place on the mood plane and the places of the moods it is drawn from,
    first (most salient) first."""
    valence, arousal = catalog.moods.position(track.moods)
    known = [catalog.moods[m] for m in track.moods if m in catalog.moods]
    return {"valence": round(valence, 4), "arousal": round(arousal, 4),
            "from_moods": [{"mood": m.id, "valence": m.valence, "arousal": m.arousal}
                           for m in known]}


@click.command()
@pass_app
def check(app: App) -> None:
    """Validate the catalog, your overlay and the playlist recipes.

    Exits with status 1 and lists every problem found, with file and line.
    """
    app.on_warn = None  # warnings are listed below, as problems
    checked = app.check()  # raises, listing every problem, when the catalog is invalid
    if checked.problems:
        raise click.ClickException(f"{len(checked.problems)} problem(s):\n" + "\n".join(
            f"  {p}" for p in checked.problems))
    catalog = app.catalog
    click.echo(f"ok: {len(catalog.films)} films, {len(catalog)} tracks, "
               f"{len(catalog.moods)} moods ({', '.join(catalog.files)}); {checked.recipes}")


@click.command(name="paths")
@format_option(choices=("table", "json"))
def paths_command(fmt: str) -> None:
    """Show where wkwmix keeps your files: config, data (your overlay) and cache.

    Set WKWMIX_HOME to keep all of them in one folder instead.
    """
    from wkwmix.app import App

    records = [{"name": name, "path": str(path)} for name, path in App().paths().items()]
    emit(records, fmt, [("name", "WHAT"), ("path", "PATH")])
