"""The build pipeline: select with a query, keep one appearance per recording, order, fit.

Everything here is deterministic: the same catalog, recipe and seed give the same playlist.
Randomness comes only from ``random.Random(seed)`` and every sort has a total order.

Durations are never invented. A track's length is its matched local file's, else the
catalog's, else an estimate (the median of the known ones) that is used for fitting only
and flagged as such so that writers never present it as a fact.

How a build goes: the query selects tracks; one appearance per recording is kept; each
becomes a ``Candidate`` (length, mood position, seeded draw). With no length or count to
fill, every candidate plays and only the order is found (film chronology, the seeded
draw, or the position along the arc). Otherwise ``fitting.fit`` fills the budget from a
source (the seeded sequence, or the arc's), and the order is refined so that the arc runs
smoothly and one artist does not play twice in a row.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Sequence
from operator import attrgetter

from wkwmix import collector
from wkwmix import query as query_mod
from wkwmix.model import ArcReport, Catalog, Entry, LocalFile, Playlist, Recipe, Track
from wkwmix.playlist.arc import ArcPath, along
from wkwmix.playlist.candidate import Candidate, Point, median
from wkwmix.playlist.fitting import Budget, SequenceSource, fit
from wkwmix.playlist.search import Memo, arc_search
from wkwmix.playlist.spacing import spread_artists

FALLBACK_SECONDS = 240
# Music no source places in the film: a playlist takes it only when its query asks for it
# by name (heard:album-only); a track no source describes stays eligible.
NOT_HEARD = ("album-only", "not-in-film")
SEARCH_LIMIT = 400  # a larger selection played whole is ordered along the path instead
FindLocal = Callable[[Track], "LocalFile | None"]


def build(catalog: Catalog, recipe: Recipe, *, find_local: FindLocal | None = None,
          playable_only: bool = False, memo: Memo | None = None) -> Playlist:
    """The playlist ``recipe`` describes, drawn from ``catalog``.

    ``find_local`` finds a track's file in the user's music folder (the store's library
    index does). With ``playable_only``, only tracks with a local file or a Spotify URI are
    drawn. ``memo`` keeps an arc search's answer for the same question asked again. The
    recipe is taken as valid: a query that does not parse raises QueryError.
    """
    with collector.paused():
        return _build(catalog, recipe, find_local, playable_only, memo)


def _build(catalog: Catalog, recipe: Recipe, find_local: FindLocal | None,
           playable_only: bool, memo: Memo | None) -> Playlist:
    names = tuple(catalog.moods.resolve(name) for name in recipe.arc)
    waypoints = [_mood_point(catalog, name) for name in names]
    selected, set_aside = eligible(recipe.query, catalog)
    count = len(selected)
    matches = _match(selected, find_local)
    if playable_only:
        selected = [t for t in selected if t.id in matches or t.spotify]
    tracks = _one_per_recording(selected, matches)
    lengths = [_real_duration(t, matches.get(t.id)) for t in tracks]
    durations = [length for length, _ in lengths]
    known = _known_lengths(catalog, tracks, durations)
    estimate = estimate_seconds(known)
    pool = _candidates(catalog, tracks, lengths, estimate, matches, recipe.seed)
    budget = Budget(
        seconds=round(recipe.minutes * 60) if recipe.minutes else None, count=recipe.limit,
    )
    chosen, search, span = _order(recipe, pool, waypoints, budget, catalog, memo)
    entries = [c.entry(estimate) for c in chosen]
    report = None
    if recipe.order == "arc" and chosen:
        entries, report = _arc_report(chosen, entries, pool, waypoints, names, budget, search,
                                      span)
    return Playlist(
        name=recipe.name,
        description=recipe.description,
        tracks=tuple(e.track for e in entries),
        entries=tuple(entries),
        order=recipe.order,
        target_seconds=budget.seconds,
        selected=count,
        set_aside=set_aside,
        estimate_seconds=estimate,
        known_range=(min(known), max(known)) if known else None,
        arc=names if recipe.order == "arc" else (),
        arc_report=report,
        seed=recipe.seed,
        mood_positions=_mood_positions(catalog, entries, names),
    )


def eligible(query: str, catalog: Catalog) -> tuple[list[Track], int]:
    """The tracks a playlist of ``query`` draws on, and how many it selects but sets aside:
    those no source places in the film (``NOT_HEARD``), unless the query asks for them with
    ``heard:`` or names them by id."""
    parsed = query_mod.parse(query, catalog)
    selected = parsed.select(catalog) if query else list(catalog)
    unheard = set(NOT_HEARD) - parsed.asks_for("heard")
    named = parsed.asks_for("id")
    kept = [t for t in selected if t.heard not in unheard or t.id in named]
    return kept, len(selected) - len(kept)


def _mood_positions(catalog: Catalog, entries: list[Entry],
                    waypoints: tuple[str, ...]) -> dict[str, Point]:
    """The place of every mood the tracks hold or the arc names."""
    moods = catalog.moods
    held = sorted({m for e in entries for m in e.track.moods if m in moods} | set(waypoints))
    return {m: (moods[m].valence, moods[m].arousal) for m in held}


def _arc_report(chosen: list[Candidate], entries: list[Entry], pool: list[Candidate],
                waypoints: list[Point], names: tuple[str, ...], budget: Budget,
                search: str, span: int | None) -> tuple[list[Entry], ArcReport]:
    """The entries with the moment of the arc each serves, and the arc's figures."""
    from wkwmix.playlist import quality

    played = [quality.Played(c.point, c.seconds, c.duration is None, repr(c.track.title))
              for c in chosen]
    path = ArcPath(waypoints)
    report = quality.measure(played, path, names, budget.seconds, [c.point for c in pool],
                             span=span, limit=budget.count, every_track=budget == Budget(),
                             search=search)
    report = dataclasses.replace(report, featured=sum(c.prominence == 0 for c in chosen),
                                 tracks=len(chosen))
    arc = quality.moments(played, path, names, span)
    return [dataclasses.replace(e, moment=m) for e, m in zip(entries, arc)], report


def _mood_point(catalog: Catalog, name: str) -> Point:
    mood = catalog.moods[catalog.moods.resolve(name)]
    return (mood.valence, mood.arousal)


def _match(tracks: Sequence[Track], find_local: FindLocal | None) -> dict[str, LocalFile]:
    if find_local is None:
        return {}
    found = {}
    claimed: set[object] = set()  # one file never stands for two tracks
    for track in tracks:
        local = find_local(track)
        if local is not None and local.path not in claimed:
            claimed.add(local.path)
            found[track.id] = local
    return found


def _one_per_recording(tracks: Sequence[Track], matches: dict[str, LocalFile]) -> list[Track]:
    """One track per recording: a theme reused in two films is played once.

    The appearance kept is the one a player can find (a local file, else a Spotify URI),
    else the first in catalog order.
    """
    shared = {t.same_as for t in tracks if t.same_as}
    best: dict[str, tuple[int, int, Track]] = {}
    for position, track in enumerate(tracks):
        if track.recording not in shared:
            continue
        rank = 0 if track.id in matches else 1 if track.spotify else 2
        current = best.get(track.recording)
        if current is None or (rank, position) < current[:2]:
            best[track.recording] = (rank, position, track)
    kept = {id(track) for _, _, track in best.values()}
    return [t for t in tracks if t.recording not in shared or id(t) in kept]


def _candidates(
    catalog: Catalog, tracks: Sequence[Track], lengths: Sequence[tuple[int | None, str]],
    estimate: int, matches: dict[str, LocalFile], seed: int | str,
) -> list[Candidate]:
    rng = random.Random(seed)
    films = catalog.films
    film_rank = {f: r for r, f in enumerate(sorted(films, key=lambda f: (films[f].year, f)))}
    count = len(tracks)
    # Random bits above the chronology: integers that sort fast and never tie.
    shift = (len(films) * count).bit_length()
    point_of = _Positions(catalog).of
    getrandbits = rng.getrandbits
    local_of = matches.get if matches else (lambda _: None)
    candidates: list[Candidate] = []
    append = candidates.append  # (a large catalog makes 100,000 candidates here)
    for position, (track, (duration, source)) in enumerate(zip(tracks, lengths)):
        chronology = film_rank[track.film] * count + position
        append(Candidate(
            track, films[track.film], estimate if duration is None else duration, duration,
            source, local_of(track.id), point_of(track.moods), chronology,
            (getrandbits(48) << shift) | chronology))
    return candidates


class _Positions:
    """Each track's place on the valence/arousal plane, computed once per list of moods.

    Tracks with the same moods in the same order get the very same point, so they form one
    group for the arc; the order matters, as a track's first mood weighs most
    (``wkwmix.moods``).
    """

    def __init__(self, catalog: Catalog) -> None:
        self.moods = catalog.moods
        self.by_moods: dict[tuple[str, ...], Point] = {}

    def of(self, moods: tuple[str, ...]) -> Point:
        point = self.by_moods.get(moods)
        if point is None:
            point = self.by_moods[moods] = self.moods.position(moods)
        return point


def _real_duration(track: Track, local: LocalFile | None) -> tuple[int | None, str]:
    """A real length and where it comes from: the file, the catalog, or the Spotify
    recording the track resolved to (a real length for that recording, though not a
    catalog fact); else (None, "estimate")."""
    if local is not None and local.duration:
        return max(1, round(local.duration)), "file"
    if track.duration is not None:
        return track.duration, "catalog"
    if track.spotify_duration is not None:
        return track.spotify_duration, "spotify"
    return None, "estimate"


def _known_lengths(catalog: Catalog, tracks: Sequence[Track],
                   durations: Sequence[int | None]) -> list[int]:
    """Every real length known: the selected tracks' (files first), and the catalog's others."""
    selected = {t.id for t in tracks}
    known = [d for d in durations if d is not None]
    known += [t.duration for t in catalog if t.duration and t.id not in selected]
    return known


def estimate_seconds(known: Sequence[int]) -> int:
    """The length assumed for a track without one: the median of the known lengths."""
    return round(median(known)) if known else FALLBACK_SECONDS


def album_key(catalog: Catalog) -> Callable[[Candidate], tuple[int, int, int, int]]:
    """Album order: films chronologically; in each, its first album's track order, then the
    tracks on no album in catalog order (``chronology`` already ranks films the same way)."""
    positions = {f.id: f.album_positions() for f in catalog.films.values()}
    films = catalog.films
    rank = {f: r for r, f in enumerate(sorted(films, key=lambda f: (films[f].year, f)))}

    def key(candidate: Candidate) -> tuple[int, int, int, int]:
        track = candidate.track
        place = positions[track.film].get(track.id)
        on_album = (0, place) if place is not None else (1, 0)
        return (rank[track.film], *on_album, candidate.chronology)

    return key


def _order(
    recipe: Recipe, pool: list[Candidate], waypoints: list[Point], budget: Budget,
    catalog: Catalog, memo: Memo | None = None,
) -> tuple[list[Candidate], str, int | None]:
    """The chosen tracks in order, how the order was found, and the seconds an arc spans
    (None: the playlist's own length)."""
    every_track = budget == Budget()  # nothing to choose, only an order to find
    if recipe.order == "arc":
        path = ArcPath(waypoints)
        if every_track and len(pool) > SEARCH_LIMIT:
            return along(pool, path), "along the path", None
        result = arc_search(pool, path, budget, memo=memo, name=recipe.slug)
        how = "beam search, exhaustive" if result.exhaustive else f"beam {result.width}"
        return result.order, how, result.span
    return (*_plain_order(recipe, pool, budget, catalog), None)


def _plain_order(recipe: Recipe, pool: list[Candidate], budget: Budget,
                 catalog: Catalog) -> tuple[list[Candidate], str]:
    """The chosen tracks in film, album or shuffled order, and that order's name."""
    every_track = budget == Budget()
    if every_track:
        chosen = sorted(pool, key=attrgetter("draw"))
    else:
        chosen = fit(SequenceSource(pool), budget, spaced=recipe.order == "shuffle")
    if recipe.order == "film":
        return sorted(chosen, key=attrgetter("chronology")), "film"
    if recipe.order == "album":
        return sorted(chosen, key=album_key(catalog)), "album"
    # Drawn with what the films feature first; played in the draw's own order.
    shuffled = sorted(chosen, key=attrgetter("draw"))
    return spread_artists(shuffled, lambda o, i, j: abs(i - j)), "shuffle"
