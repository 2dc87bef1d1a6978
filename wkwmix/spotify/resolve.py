"""Finding the Spotify track for each catalog track: searching, caching, the user's word.

Order of trust: the user's word first (``pin TRACK --none`` keeps a track off Spotify;
``resolve --reject TRACK`` says a URI is not this recording, so it is never pinned, picked
or cached for the track again); then a URI pinned in the user's overlay or the catalog;
else a search whose candidates are scored (``spotify.match``). A sure match is used; a
doubtful one is not used until accepted (which pins it). Every result, found or not, is
cached with its score, so resolving again makes no search request; a change to the
scoring makes old answers stale. Searches name the listener's market, so that a release
that cannot be played there is not picked over one that can.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from wkwmix.errors import WkwmixError
from wkwmix.model import SPOTIFY_TRACK_URI, Catalog, Film, Track
from wkwmix.spotify.errors import Refused
from wkwmix.spotify.found import SURE, Candidate, status_of
from wkwmix.store import resolutions
from wkwmix.text import loose, unligatured

SCORING = "17"  # part of every cache signature: a new scorer searches again
SAVE_EVERY = 20
MAX_SEARCHES = 4  # a Chinese title is searched in both scripts
SEARCH_LIMIT = 10
MARKET = "from_token"  # the logged-in account's country

_TRACK_LINK = re.compile(r"^https?://open\.spotify\.com/(?:intl-[\w-]+/)?track/([0-9A-Za-z]{22})")

Search = Callable[[str, int], list[dict[str, Any]]]  # (text, offset) -> tracks
Progress = Callable[[int], None]


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


# --- searching ---------------------------------------------------------------------------


def queries(track: Track) -> list[str]:
    """Search texts from the most precise to the loosest.

    Only the first of several artists goes into the artist filter: "A and B" as one
    phrase would miss a recording Spotify credits to A and B separately; a band leader
    goes in without the band ("Xavier Cugat", not "… and His Orchestra"; "Ramón
    Ferreyra", not "Orquesta Típica …"). The title is
    also searched without a leading article or a part number ("The Quiet Street" may be
    listed as "Quiet Street", "Night Rain, Part 1" as "Night Rain, Pt. 1"), and last by
    title alone, for an artist Spotify spells otherwise ("Hana Ito" as "Hanna Itō"); a
    Chinese or Japanese title is searched alone early (a Chinese one in both its scripts),
    the singer being credited in either script, and so is a score cue's name without its
    part number.
    """
    from wkwmix.names import has_cjk, has_han
    from wkwmix.spotify.match import ARTIST_SPLIT, BAND_TAIL  # the scorer only when searching

    main_artist = (ARTIST_SPLIT.split(BAND_TAIL.sub("", _ORCHESTRA.sub("", track.artist)))[0]
                   if track.artist else "")
    artist = f' artist:"{_quote(main_artist)}"' if main_artist else ""
    found = [f'track:"{_quote(track.title)}"{artist}']
    if unligatured(track.title) != track.title:  # "Mon Cœur" may be listed as "Mon Coeur"
        found.append(f'track:"{_quote(unligatured(track.title))}"{artist}')
    found += [f'track:"{_quote(t)}"{artist}' for t in track.alt_titles]
    # A Chinese or Japanese song's singer may be credited in either script (何慧雯 for the
    # catalog's Vivian Ho, 森ひかり for Hikari Mori), which the artist filter would miss.
    own = [t for t in (track.title, *track.alt_titles) if has_cjk(t)]
    if own and main_artist:
        found.append(f'track:"{_quote(own[0])}"')
        # ...and a release may write a Chinese one in the other script (山那邊, 山那边).
        if has_han(own[0]):
            found += [f'track:"{_quote(other)}"' for other in _other_scripts(own[0])]
    base = _base_title(track.title)
    if track.kind == "score" and main_artist and not own:
        # A score's composer may be credited in Japanese or Chinese (荒巻健二 for Kenji
        # Aramaki), and its cues numbered otherwise ("Pt. 2"): the cue's name alone.
        found.append(f'track:"{base or _quote(track.title)}"')
    if base and base != _quote(track.title):
        found.append(f'track:"{base}"{artist}')
    found.append(f"{_quote(track.title)} {_quote(main_artist)}".strip())
    found.append(f'track:"{_quote(track.title)}"')  # the artist spelled otherwise there
    return list(dict.fromkeys(found))


# "Orquesta Típica Ramón Ferreyra": its records credit Ramón Ferreyra as often.
_ORCHESTRA = re.compile(r"^(?:orquesta(?: t[ií]pica)?|orchestre|orchestra)\s+(?=\S)",
                        re.IGNORECASE)


def _other_scripts(chinese: str) -> list[str]:
    from wkwmix.names import in_script

    return [other for script in ("zh-Hans", "zh-Hant")
            if (other := in_script(chinese, script)) != chinese]


def _base_title(title: str) -> str:
    from wkwmix.spotify.match import PART_END, PART_WORD, SUFFIX, parts

    main = PART_WORD.sub(" ", SUFFIX.sub("", title))
    if parts(title) and not PART_WORD.search(title):
        main = PART_END.sub("", main.strip())
    main = re.sub(r"^\s*(?:the|a|an)\s+", "", main, flags=re.IGNORECASE)
    return _quote(re.sub(r"[\s,;:-]+$", "", re.sub(r"\s+", " ", main)).strip())


def _quote(text: str) -> str:
    return text.replace('"', " ").strip()


def search_track(track: Track, search: Search, year: int | None = None,
                 film: Sequence[str] = ()) -> Candidate | None:
    """Search until a sure match turns up (of the catalog's length, when it gives one) or
    MAX_SEARCHES requests are spent; the best found.

    A full page of results may hide the genuine recording behind more popular decoys
    (Spotify returns at most 10 a request), so a full page is followed by the next one.
    Every result seen so far is scored together: a narrower search that misses a rival
    recording (one that held the pick for review) must not make the pick look sure.
    """
    from wkwmix.spotify import match

    seen: dict[str, dict[str, Any]] = {}
    found: Candidate | None = None
    spent = 0
    for text in queries(track):
        offset = 0
        while spent < MAX_SEARCHES:
            items = search(text, offset)
            spent += 1
            seen.update((item["uri"], item) for item in items if item and item.get("uri"))
            found = match.best(track, list(seen.values()), year, track.spotify_rejected, film)
            if _settled(track, found) or len(items) < SEARCH_LIMIT:
                break
            offset += SEARCH_LIMIT
        if spent >= MAX_SEARCHES or _settled(track, found):
            break
    return found


def _settled(track: Track, found: Candidate | None) -> bool:
    """A sure match ends the search, unless it is seconds off the catalog's length: then
    it may be another take (an English version, a later one), and the next searches may
    find the recording of the catalog's length to the second."""
    if found is None or found.score < SURE:
        return False
    return not (track.duration and found.duration and abs(track.duration - found.duration) > 1)


# --- the cache ---------------------------------------------------------------------------


def signature(track: Track) -> str:
    """What the search depends on; a change to any of it makes the cached answer stale."""
    return "|".join([SCORING, loose(track.title), loose(track.artist or ""),
                     str(track.duration or ""), track.kind or "", track.language or "",
                     str(track.instrumental),
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
    candidate = search_track(track, search, film.year if film else None, film_names(film))
    entries[key] = _to_cache(track, candidate)
    return Resolution(track.id, status_of(candidate), candidate), True


def film_names(film: Film | None) -> tuple[str, ...]:
    """The film's titles and its soundtrack albums' titles: what its own album is called."""
    if film is None:
        return ()
    return tuple(n for n in (film.title, film.original_title, *(a.title for a in film.albums))
                 if n)


def spotify_search(client: Any) -> Search:
    """A search function over a connected client (see ``wkwmix.spotify.auth.connect``).

    Every search names the listener's market (``from_token``: the account's country), so
    that Spotify says which releases the listener can play there (``is_playable``).
    """

    def search(text: str, offset: int = 0) -> list[dict[str, Any]]:
        answer = client.call(f"search for {text!r}", "search", q=text, type="track",
                             limit=SEARCH_LIMIT, offset=offset, market=MARKET)
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
