"""Finding the Spotify track for each catalog track.

Order of trust: a URI pinned in the catalog or the user's overlay; else a search whose
candidates are scored by title (alternate titles too), artist and duration. Karaoke,
"made famous by", tribute and cover-band versions are rejected outright. A match scoring
``SURE`` or more is used; one between ``DOUBT`` and ``SURE`` is kept for the user to review
and is not used until accepted (which pins it). Every result, found or not, is cached with
its score, so resolving again makes no search request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import Any

from wkwmix.errors import WkwmixError
from wkwmix.model import SPOTIFY_TRACK_URI, Catalog, Track
from wkwmix.spotify.errors import Refused
from wkwmix.store import resolutions
from wkwmix.text import loose

SURE = 0.80
DOUBT = 0.50
SEARCH_LIMIT = 10
MAX_SEARCHES = 3
SAVE_EVERY = 20
WEIGHTS = {"title": 0.5, "artist": 0.35, "duration": 0.15}
UNKNOWN_ARTIST_CAP = SURE - 0.05  # a title alone never makes a sure match

REJECTED = re.compile(
    r"karaoke|made famous|famous by|in the style of|originally performed|as performed by|"
    r"tribute|cover band|covers band|backing track|sound ?alike|re-?recorded by|party tyme|"
    r"hit crew|lullaby|music box", re.IGNORECASE)
DEVIATIONS = re.compile(r"\b(live|remix|mix|instrumental|acoustic|demo|edit|version|"
                        r"rehearsal|cover)\b", re.IGNORECASE)
DEVIATION_PENALTY = 0.3
_SUFFIX = re.compile(r"\s*(\([^)]*\)|\[[^\]]*\]|\s-\s.*)$")
_ARTIST_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bwith\b|\bfeat\.?|\bft\.?|、|/)\s*",
                           re.IGNORECASE)
_MINOR_WORDS = {"the", "and", "his", "her", "their", "orchestra", "band", "ensemble"}

_TRACK_LINK = re.compile(r"^https?://open\.spotify\.com/(?:intl-[\w-]+/)?track/([0-9A-Za-z]{22})")

Search = Callable[[str, int], list[dict[str, Any]]]  # (text, offset) -> tracks
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Candidate:
    uri: str
    name: str
    artists: tuple[str, ...]
    album: str
    duration: int | None
    score: float

    @property
    def label(self) -> str:
        return f"{self.name} — {', '.join(self.artists)}"


@dataclass(frozen=True)
class Resolution:
    track_id: str
    status: str  # "pinned", "sure", "doubtful", "none", "rejected" or "failed"
    candidate: Candidate | None = None
    pinned: str | None = None
    error: str | None = None  # why the search failed ("failed": searched again next time)

    @property
    def uri(self) -> str | None:
        """The URI to use: pinned, or a sure match; a doubtful one is not used."""
        if self.pinned:
            return self.pinned
        if self.status == "sure" and self.candidate:
            return self.candidate.uri
        return None

    @property
    def score(self) -> float | None:
        return self.candidate.score if self.candidate else None


# --- scoring -----------------------------------------------------------------------------


def score(track: Track, item: dict[str, Any]) -> Candidate:
    """How well a search result matches ``track``, from 0 (rejected) to 1."""
    name = item.get("name") or ""
    artists = tuple(a.get("name") or "" for a in item.get("artists") or ())
    album = (item.get("album") or {}).get("name") or ""
    duration_ms = item.get("duration_ms")
    duration = round(duration_ms / 1000) if isinstance(duration_ms, int) else None
    value = 0.0 if is_rejected(name, artists, album) else _weighted(track, name, artists, duration)
    return Candidate(item.get("uri") or "", name, artists, album, duration, round(value, 3))


def is_rejected(name: str, artists: Iterable[str], album: str) -> bool:
    return any(REJECTED.search(text) for text in (name, album, *artists))


def _weighted(track: Track, name: str, artists: tuple[str, ...], duration: int | None) -> float:
    parts = {"title": title_similarity(track, name)}
    if track.artist:
        parts["artist"] = artist_similarity(track.artist, artists)
    if track.duration and duration:
        parts["duration"] = duration_similarity(track.duration, duration)
    total = sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts)
    if _deviates(track, name):
        total *= 1 - DEVIATION_PENALTY
    return min(total, UNKNOWN_ARTIST_CAP) if not track.artist else total


def title_similarity(track: Track, name: str) -> float:
    found = {loose(name), loose(_SUFFIX.sub("", name))}
    wanted = {loose(t) for t in (track.title, *track.alt_titles)}
    return max(_ratio(a, b) for a in found for b in wanted if a and b) if found and wanted else 0


def artist_similarity(artist: str, candidates: tuple[str, ...]) -> float:
    if not candidates:
        return 0.0
    ours = [artist, *_ARTIST_SPLIT.split(artist)]
    theirs = [*candidates, " ".join(candidates)]
    return max(_artist_pair(a, b) for a in ours if a for b in theirs if b)


def _artist_pair(ours: str, theirs: str) -> float:
    a, b = loose(ours), loose(theirs)
    tokens = set(a.split()) - _MINOR_WORDS
    covered = len(tokens & set(b.split())) / len(tokens) if tokens else 0.0
    if set(b.split()) - set(a.split()):
        covered -= 0.05  # "Xavier Cugat" is a little closer to itself than to a bigger act
    return max(_ratio(a, b), covered)


def duration_similarity(ours: int, theirs: int) -> float:
    """1 within 3 s, falling to 0 at 30 s apart."""
    gap = abs(ours - theirs)
    return 1.0 if gap <= 3 else max(0.0, 1 - (gap - 3) / 27)


def _deviates(track: Track, name: str) -> bool:
    """A live, remixed or instrumental take of a title that does not say so itself."""
    suffix = name[len(_SUFFIX.sub("", name)):]
    ours = " ".join((track.title, *track.alt_titles))
    return any(not re.search(rf"\b{m}\b", ours, re.IGNORECASE)
               for m in DEVIATIONS.findall(suffix))


def _ratio(a: str, b: str) -> float:
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def best(track: Track, items: list[dict[str, Any]]) -> Candidate | None:
    scored = [score(track, item) for item in items if item and item.get("uri")]
    scored = [c for c in scored if c.score > 0]
    return max(scored, key=lambda c: c.score) if scored else None


def status_of(candidate: Candidate | None) -> str:
    if candidate is None or candidate.score < DOUBT:
        return "none"
    return "sure" if candidate.score >= SURE else "doubtful"


# --- searching ---------------------------------------------------------------------------


def queries(track: Track) -> list[str]:
    """Search texts from the most precise to the loosest.

    Only the first of several artists goes into the artist filter: "A and B" as one
    phrase would miss a recording Spotify credits to A and B separately.
    """
    main_artist = _ARTIST_SPLIT.split(track.artist)[0] if track.artist else ""
    artist = f' artist:"{_quote(main_artist)}"' if main_artist else ""
    found = [f'track:"{_quote(track.title)}"{artist}']
    found += [f'track:"{_quote(t)}"{artist}' for t in track.alt_titles]
    found.append(f"{_quote(track.title)} {_quote(main_artist)}".strip())
    return list(dict.fromkeys(found))


def _quote(text: str) -> str:
    return text.replace('"', " ").strip()


def search_track(track: Track, search: Search) -> Candidate | None:
    """Search until a sure match turns up or MAX_SEARCHES requests are spent; the best found.

    A full page of results may hide the genuine recording behind more popular decoys
    (Spotify returns at most 10 a request), so a full page is followed by the next one.
    """
    found: Candidate | None = None
    spent = 0
    for text in queries(track):
        offset = 0
        while spent < MAX_SEARCHES:
            items = search(text, offset)
            spent += 1
            candidate = best(track, items)
            if candidate and (found is None or candidate.score > found.score):
                found = candidate
            if (found and found.score >= SURE) or len(items) < SEARCH_LIMIT:
                break
            offset += SEARCH_LIMIT
        if spent >= MAX_SEARCHES or (found and found.score >= SURE):
            break
    return found


# --- the cache ---------------------------------------------------------------------------


def signature(track: Track) -> str:
    """What the search depends on; a change to any of it makes the cached answer stale."""
    return "|".join([loose(track.title), loose(track.artist or ""), str(track.duration or ""),
                     *sorted(loose(t) for t in track.alt_titles)])


def _from_cache(track: Track, entry: Any) -> Resolution | None:
    if not isinstance(entry, dict) or entry.get("signature") != signature(track):
        return None
    raw = entry.get("candidate")
    try:
        candidate = Candidate(**{**raw, "artists": tuple(raw["artists"])}) if raw else None
    except (TypeError, KeyError):
        return None
    return Resolution(track.id, status_of(candidate), candidate)


def _to_cache(track: Track, candidate: Candidate | None) -> dict[str, Any]:
    return {"signature": signature(track), "title": track.title,
            "candidate": asdict(candidate) if candidate else None}


# --- resolving ---------------------------------------------------------------------------


def pinned_uri(track: Track, catalog: Catalog) -> str | None:
    if track.spotify:
        return track.spotify
    original = catalog.tracks.get(track.same_as) if track.same_as else None
    return original.spotify if original else None


def resolve(tracks: Iterable[Track], catalog: Catalog, search: Search, *,
            refresh: bool = False, progress: Progress | None = None) -> list[Resolution]:
    """A resolution for each track, searching only for what neither pins nor cache answer.

    The cache is saved as it grows, so an interrupted run (a rate limit, a lost
    connection) keeps what it found and the next run carries on from there.
    """
    entries = resolutions.read()
    results: list[Resolution] = []
    searched = 0
    try:
        for track in tracks:
            try:
                result, did_search = _resolve_one(track, catalog, entries, search, refresh)
            except Refused as e:
                if e.status != 400:
                    raise
                # Spotify could not take this one track's search (its text, most likely):
                # name it, cache nothing, and go on with the others.
                result, did_search = Resolution(track.id, "failed", error=str(e)), False
            results.append(result)
            searched += did_search
            if did_search and searched % SAVE_EVERY == 0:
                resolutions.write(entries)
            if progress:
                progress(1)
    finally:
        if searched:
            resolutions.write(entries)
    return results


def _resolve_one(track: Track, catalog: Catalog, entries: dict[str, Any], search: Search,
                 refresh: bool) -> tuple[Resolution, bool]:
    pin = pinned_uri(track, catalog)
    if pin:
        return Resolution(track.id, "pinned", pinned=pin), False
    # Keyed by track, not recording: two appearances of one recording may be titled
    # differently, and sharing a key would make each invalidate the other's answer.
    key = track.id
    cached = None if refresh else _from_cache(track, entries.get(key))
    if cached is not None:
        return Resolution(track.id, cached.status, cached.candidate), False
    candidate = search_track(track, search)
    entries[key] = _to_cache(track, candidate)
    return Resolution(track.id, status_of(candidate), candidate), True


def spotify_search(client: Any) -> Search:
    """A search function over a connected client (see ``wkwmix.spotify.auth.connect``)."""

    def search(text: str, offset: int = 0) -> list[dict[str, Any]]:
        answer = client.call(f"search for {text!r}", "search", q=text, type="track",
                             limit=SEARCH_LIMIT, offset=offset)
        return ((answer or {}).get("tracks") or {}).get("items") or []

    return search


def parse_track_uri(text: str) -> str:
    """A ``spotify:track:`` URI from a URI or an open.spotify.com link."""
    link = _TRACK_LINK.match(text.strip())
    uri = f"spotify:track:{link.group(1)}" if link else text.strip()
    if not SPOTIFY_TRACK_URI.match(uri):
        raise WkwmixError(f"{text!r} is not a Spotify track: give spotify:track:<22 characters> "
                          "or an https://open.spotify.com/track/... link")
    return uri


def cached(track: Track, catalog: Catalog) -> Resolution | None:
    """What is known without searching: the pin, else the cached result, else None."""
    return known([track], catalog)[0]


def known(tracks: Iterable[Track], catalog: Catalog) -> list[Resolution | None]:
    """``cached`` for many tracks, reading the cache once."""
    entries = resolutions.read()
    return [Resolution(t.id, "pinned", pinned=pin) if (pin := pinned_uri(t, catalog))
            else _from_cache(t, entries.get(t.id)) for t in tracks]
