"""Finding the Spotify track for each catalog track.

Order of trust: the user's word first (``pin TRACK --none`` keeps a track off Spotify;
``resolve --reject TRACK`` says a URI is not this recording, so it is never pinned, picked
or cached for the track again); then a URI pinned in the user's overlay or the catalog;
else a search whose candidates are scored. A score starts from title (alternate
titles too) and artist, then is cut down for what says "another recording": numbered parts
that differ (I/II, Part 1/2, No. 3), version markers in the title or the album (live,
remix, re-recorded, extended, acoustic, a Mandarin version of a Cantonese song, an
instrumental of a sung track…) unless the catalog track is that version, a length that
differs, an album other than the one the catalog names, a release year far from the
catalog's recording (when it gives one) or the film's. Among equals the earliest release
wins: re-recordings and compilations come later than the original album. Karaoke, "made
famous by", tribute, lullaby and cover-band versions are rejected outright. A match
scoring ``SURE`` or more is used; one between ``DOUBT`` and ``SURE`` is kept for the user
to review and is not used until accepted (which pins it). Every result, found or not, is
cached with its score, so resolving again makes no search request; a change to the
scoring makes old answers stale.
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

SCORING = "3"  # part of every cache signature: a new scorer searches again
SURE = 0.80
DOUBT = 0.50
SEARCH_LIMIT = 10
MAX_SEARCHES = 3
SAVE_EVERY = 20
WEIGHTS = {"title": 0.55, "artist": 0.45}
UNKNOWN_ARTIST_CAP = SURE - 0.05  # a title alone never makes a sure match
PART_PENALTY = 0.3  # "Love Theme II" for "Love Theme I"
VERSION_PENALTY = 0.5  # a live, remixed, re-recorded… take the catalog does not mean
SCORE_YEAR_PENALTY = 0.7  # a score cue released years away from its film: another film's
SONG_YEAR_PENALTY = 0.9  # a song released long after the film: often a later recording
ALBUM_PENALTY = 0.9  # not the album the catalog names: a compilation at best
RELEASE_PENALTY = 0.75  # released years from the catalog's recording: likely another one
DURATION_TOLERANCE = 6  # seconds: releases of one recording differ by a few seconds

REJECTED = re.compile(
    r"karaoke|made famous|famous by|in the style of|originally performed|as performed by|"
    r"tribute|cover band|covers band|backing track|sound ?alike|re-?recorded by|party tyme|"
    r"hit crew|lullaby|music box", re.IGNORECASE)
# Words that mark another version, and what each is called (for the catalog's own title).
VERSION_MARKERS = {
    "live": r"\blive\b|\bin concert\b|\bconcert\b|\bunplugged\b|\btour\b",
    "remix": r"\bremix(?:es|ed)?\b|\bmix\b|\bdub\b",
    "extended": r"\bextended\b",
    "edit": r"\bedit\b",
    "re-recorded": r"\bre-?record(?:ed|ing)\b|\bnew recording\b|\b(?:19|20)\d\d version\b",
    "instrumental": r"\binstrumental\b",
    "acoustic": r"\bacoustic\b",
    "demo": r"\bdemo\b",
    "alternate": r"\balternate\b|\balt\. take\b|\bouttake\b",
    "reprise": r"\breprise\b",
    "arranged": r"\b(?:piano|orchestral|symphonic|string|jazz|lounge) (?:version|mix)\b|"
                r"\bsymphonic\b|\bfor piano\b",
    "cover": r"\bcovers?\b",
    "mandarin": r"mandarin|國語|国语|普通話",
    "cantonese": r"cantonese|粵語|粤语|廣東",
}
_MARKERS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in VERSION_MARKERS.items()}
LANGUAGES = {"mandarin", "cantonese"}
_REMASTER = re.compile(r"remaster", re.IGNORECASE)
_SUFFIX = re.compile(r"\s*(\([^)]*\)|\[[^\]]*\]|\s-\s.*)$")
_PART_WORD = re.compile(r"\b(?:part|pt|no|nr|number|movement|mvt)\b\.?\s*#?\s*(\d+|[ivx]+)\b",
                        re.IGNORECASE)
_PART_END = re.compile(r"\b(\d{1,2}|[ivx]{1,4})$", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}
_ARTIST_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bwith\b|\bfeat\.?|\bft\.?|、|/)\s*",
                           re.IGNORECASE)
_MINOR_WORDS = {"the", "and", "his", "her", "their", "orchestra", "band", "ensemble",
                "orquesta", "orchestre", "orchester", "y", "su", "et", "son"}

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
    year: int | None = None

    @property
    def label(self) -> str:
        return f"{self.name} — {', '.join(self.artists)}"


@dataclass(frozen=True)
class Resolution:
    track_id: str
    status: str  # "pinned", "sure", "doubtful", "none", "off" (pin --none) or "failed"
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


def score(track: Track, item: dict[str, Any], year: int | None = None) -> Candidate:
    """How well a search result matches ``track`` (from a film of ``year``), from 0 to 1."""
    name = item.get("name") or ""
    artists = tuple(a.get("name") or "" for a in item.get("artists") or ())
    album_info = item.get("album") or {}
    album = album_info.get("name") or ""
    duration_ms = item.get("duration_ms")
    duration = round(duration_ms / 1000) if isinstance(duration_ms, int) else None
    released = _year(album_info.get("release_date"))
    if is_rejected(name, artists, album):
        value = 0.0
    else:
        value = _weighted(track, name, artists) * _factors(track, name, album, duration,
                                                            released, year)
        if not track.artist:
            value = min(value, UNKNOWN_ARTIST_CAP)
    return Candidate(item.get("uri") or "", name, artists, album, duration, round(value, 3),
                     released)


def is_rejected(name: str, artists: Iterable[str], album: str) -> bool:
    return any(REJECTED.search(text) for text in (name, album, *artists))


def _weighted(track: Track, name: str, artists: tuple[str, ...]) -> float:
    parts = {"title": title_similarity(track, name)}
    if track.artist:
        parts["artist"] = artist_similarity(track.artist, artists)
    return sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts)


def _factors(track: Track, name: str, album: str, duration: int | None,
             released: int | None, year: int | None) -> float:
    """What cuts a score down: another part, another version, another length, another year."""
    factor = 1.0
    if not any(parts(t) == parts(name) for t in (track.title, *track.alt_titles)):
        factor *= PART_PENALTY
    if _other_version(track, name, album):
        factor *= VERSION_PENALTY
    if track.duration and duration:
        factor *= duration_similarity(track.duration, duration)
    if track.album and same_album(track.album, album):
        return factor  # the catalog's own album, or a reissue of it: its year says nothing
    if track.album:
        factor *= ALBUM_PENALTY
    remaster = bool(_REMASTER.search(f"{name} {album}"))
    if track.released and released and not remaster and abs(released - track.released) > 1:
        factor *= RELEASE_PENALTY
    if year and released and not remaster:
        if track.kind == "score" and abs(released - year) > 2:
            factor *= SCORE_YEAR_PENALTY
        elif released > year + 5:
            factor *= SONG_YEAR_PENALTY
    return factor


def same_album(ours: str, theirs: str) -> bool:
    """One album, edition suffixes aside: "Tidewater" and "Tidewater (Deluxe Edition)"."""
    return loose(_SUFFIX.sub("", ours) or ours) == loose(_SUFFIX.sub("", theirs) or theirs)


def parts(title: str) -> frozenset[int]:
    """The part numbers a title names: "Part 2", "Pt. 2", "No. 2", or a closing "II"."""
    found = {_number(m) for m in _PART_WORD.findall(title)}
    main = _SUFFIX.sub("", title).strip()
    end = _PART_END.search(main)
    if end and not _PART_WORD.search(main) and " " in main:
        found.add(_number(end.group(1)))
    return frozenset(found)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _ROMAN.get(text.lower(), 0)


def markers(text: str) -> set[str]:
    return {name for name, pattern in _MARKERS.items() if pattern.search(text)}


def _other_version(track: Track, name: str, album: str) -> bool:
    """Does the title's suffix or the album mark a version the catalog track is not?"""
    suffix = name[len(_SUFFIX.sub("", name)):]
    found = markers(suffix) | markers(album)
    ours = markers(" ".join((track.title, *track.alt_titles)))
    if track.kind == "score":
        ours.add("instrumental")
    if track.language and track.language.lower() in LANGUAGES:
        ours.add(track.language.lower())
    return bool(found - ours)


def _labelled_in_language(track: Track, candidate: Candidate) -> bool:
    """Among equals, the version labelled in the track's own language is the likelier one."""
    language = (track.language or "").lower()
    return language in LANGUAGES and language in markers(f"{candidate.name} {candidate.album}")


def _year(date: Any) -> int | None:
    text = str(date or "")[:4]
    return int(text) if text.isdigit() else None


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
    """1 within a few seconds, falling to 0.5 at 26 s apart and beyond."""
    gap = abs(ours - theirs)
    return 1.0 if gap <= DURATION_TOLERANCE else max(0.5, 1 - (gap - DURATION_TOLERANCE) / 40)


def _ratio(a: str, b: str) -> float:
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def best(track: Track, items: list[dict[str, Any]], year: int | None = None,
         rejected: Iterable[str] = ()) -> Candidate | None:
    """The best-scoring candidate; among equals the one labelled in the track's language,
    then the earliest release, then the first in Spotify's own order."""
    refused = set(rejected)
    scored = [score(track, item, year) for item in items
              if item and item.get("uri") and item["uri"] not in refused]
    scored = [c for c in scored if c.score > 0]
    return max(scored, key=lambda c: (c.score, _labelled_in_language(track, c),
                                      -(c.year or 9999))) if scored else None


def status_of(candidate: Candidate | None) -> str:
    if candidate is None or candidate.score < DOUBT:
        return "none"
    return "sure" if candidate.score >= SURE else "doubtful"


# --- searching ---------------------------------------------------------------------------


def queries(track: Track) -> list[str]:
    """Search texts from the most precise to the loosest.

    Only the first of several artists goes into the artist filter: "A and B" as one
    phrase would miss a recording Spotify credits to A and B separately. The title is
    also searched without a leading article or a part number ("The Quiet Street" may be
    listed as "Quiet Street", "Night Rain, Part 1" as "Night Rain, Pt. 1"), and last by
    title alone, for an artist Spotify spells otherwise ("Hana Ito" as "Hanna Itō").
    """
    main_artist = _ARTIST_SPLIT.split(track.artist)[0] if track.artist else ""
    artist = f' artist:"{_quote(main_artist)}"' if main_artist else ""
    found = [f'track:"{_quote(track.title)}"{artist}']
    found += [f'track:"{_quote(t)}"{artist}' for t in track.alt_titles]
    base = _base_title(track.title)
    if base and base != _quote(track.title):
        found.append(f'track:"{base}"{artist}')
    found.append(f"{_quote(track.title)} {_quote(main_artist)}".strip())
    found.append(f'track:"{_quote(track.title)}"')  # the artist spelled otherwise there
    return list(dict.fromkeys(found))


def _base_title(title: str) -> str:
    main = _PART_WORD.sub(" ", _SUFFIX.sub("", title))
    if parts(title) and not _PART_WORD.search(title):
        main = _PART_END.sub("", main.strip())
    main = re.sub(r"^\s*(?:the|a|an)\s+", "", main, flags=re.IGNORECASE)
    return _quote(re.sub(r"[\s,;:-]+$", "", re.sub(r"\s+", " ", main)).strip())


def _quote(text: str) -> str:
    return text.replace('"', " ").strip()


def search_track(track: Track, search: Search, year: int | None = None) -> Candidate | None:
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
            candidate = best(track, items, year, track.spotify_rejected)
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
    return "|".join([SCORING, loose(track.title), loose(track.artist or ""),
                     str(track.duration or ""), track.kind or "", track.language or "",
                     loose(track.album or ""), str(track.released or ""),
                     *sorted(loose(t) for t in track.alt_titles),
                     *sorted(f"-{uri}" for uri in track.spotify_rejected)])


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
    """The URI pinned for ``track`` (or the recording it is the same as) and not rejected."""
    original = catalog.tracks.get(track.same_as) if track.same_as else None
    for uri in (track.spotify, original.spotify if original else None):
        if uri and uri not in track.spotify_rejected:
            return uri
    return None


def _users_word(track: Track, catalog: Catalog, entries: dict[str, Any]) -> Resolution | None:
    """What needs no search: the user keeps the track off Spotify, or a pin.

    A pin the user accepted from a search keeps that search's candidate (its length).
    """
    if track.spotify_none:
        return Resolution(track.id, "off")
    pin = pinned_uri(track, catalog)
    if not pin:
        return None
    found = _from_cache(track, entries.get(track.id))
    candidate = found.candidate if found and found.candidate and found.candidate.uri == pin \
        else None
    return Resolution(track.id, "pinned", candidate, pinned=pin)


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
    settled = _users_word(track, catalog, entries)
    if settled is not None:
        return settled, False
    # Keyed by track, not recording: two appearances of one recording may be titled
    # differently, and sharing a key would make each invalidate the other's answer.
    key = track.id
    cached = None if refresh else _from_cache(track, entries.get(key))
    if cached is not None:
        return Resolution(track.id, cached.status, cached.candidate), False
    film = catalog.films.get(track.film)
    candidate = search_track(track, search, film.year if film else None)
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
    return [_users_word(t, catalog, entries) or _from_cache(t, entries.get(t.id))
            for t in tracks]
