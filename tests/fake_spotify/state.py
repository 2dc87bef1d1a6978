"""The stand-in's world: one user, a track index to search, playlists, tokens, faults, a log.

Shapes follow the Spotify Web API (checked against its OpenAPI description by
tests/test_spotify_openapi.py). Behaviour follows today's API: search returns at most 10
results and honours ``track:``, ``artist:`` and ``album:`` filters, a playlist entry carries
its track under ``item``, deleting a playlist only removes it from the owner's library, and
each route asks for the scopes the real one does.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
import secrets
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

USER = "wkwfan"
DISPLAY_NAME = "Chow Mo-wan"
COUNTRY = "HK"  # the account's country: the market ``from_token`` stands for
MARKETS = ("HK", "FR")  # where a track can be played, unless told otherwise
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def spotify_id(seed: str) -> str:
    """A stable 22-character base62 id for ``seed``."""
    number = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:17], "big")
    chars = []
    for _ in range(22):
        number, digit = divmod(number, 62)
        chars.append(BASE62[digit])
    return "".join(chars)


@cache
def word_set(text: str) -> frozenset[str]:
    """``words`` as a set, kept: a search compares every track's fields with its filters."""
    return frozenset(words(text))


def words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^\w\s]+", " ", plain.replace("'", "")).split()


FAULT_MODES = ("before", "after", "drop", "portal")


@dataclass
class Fault:
    """Spoil the next ``times`` matching requests.

    ``mode`` says how: "before" answers ``status`` instead of serving the request; "after"
    carries the request out, then answers ``status`` (a gateway error after a write landed);
    "drop" carries it out and closes the connection halfway through the answer; "portal"
    answers 200 with an HTML page (a captive portal), the request never reaching the API.
    """

    status: int
    method: str | None = None
    path: str | None = None  # a regular expression searched in the API path
    times: int = 1
    retry_after: int | None = None
    reason: str | None = None
    message: str = "injected fault"
    mode: str = "before"
    skip: int = 0  # let this many matching requests through first

    def __post_init__(self) -> None:
        if self.mode not in FAULT_MODES:
            raise ValueError(f"fault mode {self.mode!r} not one of {FAULT_MODES}")

    def matches(self, method: str, path: str) -> bool:
        return (self.times > 0 and (self.method is None or self.method == method)
                and (self.path is None or re.search(self.path, path) is not None))


@dataclass
class Playlist:
    id: str
    name: str
    description: str
    public: bool
    owner: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (uri, added_at)
    version: int = 1
    collaborative: bool = False

    @property
    def snapshot_id(self) -> str:
        return base64.b64encode(f"{self.id}:{self.version}".encode()).decode()

    def changed(self) -> None:
        self.version += 1


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int
    api: bool
    response: Any = None

    @property
    def write(self) -> bool:
        return self.api and self.method != "GET"


class World:
    """Everything the stand-in knows; every method is called under ``self.lock``."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tracks: dict[str, dict[str, Any]] = {}
        self.popularity: dict[str, int] = {}
        self.searchable: dict[str, set[str]] = {}
        self._index: dict[str, set[str]] = {}  # word: the tracks holding it (see _holding)
        self._indexed: frozenset[str] = frozenset()  # the tracks the index was made from
        self.playlists: dict[str, Playlist] = {}
        self.library: list[str] = []  # playlist ids, newest first, as Spotify lists them
        self.codes: dict[str, dict[str, str]] = {}
        self.access_tokens: dict[str, float] = {}  # token -> expiry time
        self.token_scopes: dict[str, set[str]] = {}  # access or refresh token -> scopes
        self.refresh_tokens: set[str] = set()
        self.grant: str | None = None  # scopes the user grants; None: whatever is asked
        self.faults: list[Fault] = []
        self.gates: list[tuple[str, str, threading.Event]] = []
        self.log: list[LoggedRequest] = []
        self.deny_login = False
        self.legacy_entries = False  # True: entries carry `track` only, as older responses did
        self.token_lifetime = 3600
        self.expire_on: tuple[str, str] | None = None  # (method, path regex): tokens expire
        self.edits: list[tuple[str, str, Callable[[], None]]] = []  # see edit_before
        self._ids = itertools.count(1)

    # --- the search index ---------------------------------------------------------------

    def add_track(self, name: str, artists: list[str] | str, *, album: str = "",
                  duration: int = 200, popularity: int = 50, seed: str | None = None,
                  year: int = 1994, markets: tuple[str, ...] = MARKETS,
                  isrc: str | None = None) -> str:
        """Index a track; returns its URI. ``duration`` is in seconds; ``markets``, the
        countries where it can be played; ``isrc``, its recording's code."""
        artists = [artists] if isinstance(artists, str) else artists
        track_id = spotify_id(seed or f"{name}|{'|'.join(artists)}|{album}|{duration}")
        self.tracks[track_id] = track_object(track_id, name, artists, album or name,
                                             duration * 1000, year, markets, isrc)
        self.popularity[track_id] = popularity
        self.searchable[track_id] = set(_searchable(self.tracks[track_id]))
        return f"spotify:track:{track_id}"

    def search(self, query: str) -> list[dict[str, Any]]:
        """Tracks whose fields hold every word of each filter, and the free words anywhere."""
        filters: list[tuple[str, list[str]]] = []

        def take(match: re.Match[str]) -> str:
            filters.append((match.group(1).lower(), words(match.group(2) or match.group(3))))
            return " "

        free = FILTER.sub(take, query)
        filters.append(("any", words(free)))
        found = [t for t in self._holding([w for f, ws in filters if f != "year" for w in ws])
                 if all(set(w) <= self._field_words(t, f) for f, w in filters)]
        found.sort(key=lambda t: (-self.popularity[t["id"]], t["name"]))
        return found

    def clear_tracks(self) -> None:
        """Forget every track (a test that indexes one case at a time)."""
        self.tracks.clear()
        self.popularity.clear()
        self.searchable.clear()

    def _holding(self, wanted: list[str]) -> list[dict[str, Any]]:
        """The tracks whose words hold all of ``wanted`` (every track when it is empty),
        found through an index of every track's words, made again when tracks come or go."""
        if self.searchable.keys() != self._indexed:
            self._index = {}
            for track_id, held in self.searchable.items():
                for word in held:
                    self._index.setdefault(word, set()).add(track_id)
            self._indexed = frozenset(self.searchable)
        if not wanted:
            return list(self.tracks.values())
        ids = set.intersection(*(self._index.get(w, set()) for w in wanted))
        return [track for track_id, track in self.tracks.items() if track_id in ids]

    def _field_words(self, track: dict[str, Any], field: str) -> frozenset[str] | set[str]:
        if field == "track":
            return word_set(track["name"])
        if field == "artist":
            return word_set(" ".join(a["name"] for a in track["artists"]))
        if field == "album":
            return word_set(track["album"]["name"])
        if field == "year":
            return {track["album"]["release_date"][:4]}
        return self.searchable[track["id"]]

    # --- playlists ----------------------------------------------------------------------

    def create_playlist(self, name: str, description: str = "", public: bool = True,
                        owner: str = USER) -> Playlist:
        playlist = Playlist(spotify_id(f"playlist-{next(self._ids)}-{name}"), name,
                            description, public, owner)
        self.playlists[playlist.id] = playlist
        self.library.insert(0, playlist.id)
        return playlist

    def unfollow(self, playlist_id: str) -> None:
        """What deleting a playlist in a Spotify app does: it leaves the library only."""
        self.library.remove(playlist_id)

    def purge(self, playlist_id: str) -> None:
        """The playlist is gone altogether (404 from then on)."""
        self.playlists.pop(playlist_id)
        if playlist_id in self.library:
            self.library.remove(playlist_id)

    def own_playlist(self, name: str) -> list[Playlist]:
        return [self.playlists[i] for i in self.library
                if self.playlists[i].name == name and self.playlists[i].owner == USER]

    def uris(self, playlist_id: str) -> list[str]:
        return [uri for uri, _ in self.playlists[playlist_id].items]

    # --- tokens ---------------------------------------------------------------------------

    def issue_code(self, params: dict[str, str]) -> str:
        code = secrets.token_urlsafe(12)
        self.codes[code] = params
        return code

    def redeem_code(self, form: dict[str, str]) -> dict[str, Any] | None:
        params = self.codes.pop(form.get("code", ""), None)
        if params is None or form.get("redirect_uri") != params.get("redirect_uri"):
            return None
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        if challenge != params.get("code_challenge"):
            return None
        asked = params.get("scope", "")
        return self.new_token(asked if self.grant is None else self.grant)

    def new_token(self, scope: str, refresh: str | None = None) -> dict[str, Any]:
        """A token for ``scope``; a refresh keeps the scopes its refresh token was given."""
        access = secrets.token_urlsafe(24)
        self.access_tokens[access] = time.time() + self.token_lifetime
        if refresh is None:
            refresh = secrets.token_urlsafe(24)
            self.token_scopes[refresh] = set(scope.split())
        self.token_scopes[access] = self.token_scopes.get(refresh, set())
        self.refresh_tokens.add(refresh)
        return {"access_token": access, "token_type": "Bearer", "scope": scope,
                "expires_in": self.token_lifetime, "refresh_token": refresh}

    def scopes(self, header: str | None) -> set[str]:
        return self.token_scopes.get((header or "").removeprefix("Bearer ").strip(), set())

    def expire_tokens(self) -> None:
        """Every access token handed out so far stops working (a refresh still works)."""
        for token in self.access_tokens:
            self.access_tokens[token] = 0.0

    def expire_when(self, method: str, path: str) -> None:
        """Expire every access token when a matching request arrives (once): mid-sync expiry."""
        self.expire_on = (method, path)

    def maybe_expire(self, method: str, path: str) -> None:
        if self.expire_on and self.expire_on[0] == method and re.search(self.expire_on[1], path):
            self.expire_on = None
            self.expire_tokens()

    def edit_before(self, method: str, path: str, edit: Callable[[], None]) -> None:
        """Carry out ``edit`` (the listener's, in their app) just before the next matching
        request is served, once: an edit that lands in the middle of a sync."""
        self.edits.append((method, path, edit))

    def maybe_edit(self, method: str, path: str) -> None:
        for pending in list(self.edits):
            if pending[0] == method and re.search(pending[1], path):
                self.edits.remove(pending)
                pending[2]()

    def token_state(self, header: str | None) -> str:
        token = (header or "").removeprefix("Bearer ").strip()
        if token not in self.access_tokens:
            return "invalid"
        return "ok" if self.access_tokens[token] > time.time() else "expired"

    # --- faults and the log -------------------------------------------------------------

    def fail(self, status: int, **kwargs: Any) -> Fault:
        fault = Fault(status, **kwargs)
        self.faults.append(fault)
        return fault

    def hold(self, method: str, path: str) -> threading.Event:
        """Keep matching requests waiting (outside the lock) until the event is set."""
        gate = threading.Event()
        self.gates.append((method, path, gate))
        return gate

    def wait_at_gates(self, method: str, path: str) -> None:
        for gate_method, pattern, gate in list(self.gates):
            if gate_method == method and re.search(pattern, path):
                gate.wait(30)

    def take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, path):
                if fault.skip:
                    fault.skip -= 1
                    continue
                fault.times -= 1
                return fault
        return None

    def api_requests(self) -> list[LoggedRequest]:
        return [r for r in self.log if r.api]

    def writes(self) -> list[LoggedRequest]:
        return [r for r in self.log if r.write]


def _searchable(track: dict[str, Any]) -> list[str]:
    names = [track["name"], track["album"]["name"], *(a["name"] for a in track["artists"])]
    return words(" ".join(names))


def in_market(track: dict[str, Any], market: str | None) -> dict[str, Any]:
    """A track as Spotify sends it for a request with ``market`` (a country code, or
    "from_token": the account's): whether it can be played there instead of where it can;
    without a market, where it can be played."""
    if not market:
        return track
    country = COUNTRY if market == "from_token" else market
    found = {k: v for k, v in track.items() if k != "available_markets"}
    found["is_playable"] = country in track["available_markets"]
    if not found["is_playable"]:
        found["restrictions"] = {"reason": "market"}
    return found


def artist_object(name: str) -> dict[str, Any]:
    artist_id = spotify_id(f"artist-{name}")
    return {"external_urls": {"spotify": f"https://open.spotify.com/artist/{artist_id}"},
            "href": f"https://api.spotify.com/v1/artists/{artist_id}", "id": artist_id,
            "name": name, "type": "artist", "uri": f"spotify:artist:{artist_id}"}


FILTER = re.compile(r'\b(track|artist|album|year|isrc):(?:"([^"]*)"|(\S+))', re.IGNORECASE)


def track_object(track_id: str, name: str, artists: list[str], album: str,
                 duration_ms: int, year: int = 1994, markets: tuple[str, ...] = MARKETS,
                 isrc: str | None = None) -> dict[str, Any]:
    album_id = spotify_id(f"album-{album}-{artists[0]}")
    album_object = {
        "album_type": "album", "total_tracks": 12, "available_markets": list(markets),
        "external_urls": {"spotify": f"https://open.spotify.com/album/{album_id}"},
        "href": f"https://api.spotify.com/v1/albums/{album_id}", "id": album_id,
        "images": [], "name": album, "release_date": str(year), "release_date_precision": "year",
        "type": "album", "uri": f"spotify:album:{album_id}",
        "artists": [artist_object(a) for a in artists],
    }
    return {
        "album": album_object, "artists": [artist_object(a) for a in artists],
        "available_markets": list(markets), "disc_number": 1, "duration_ms": duration_ms,
        "explicit": False, "external_ids": {"isrc": isrc} if isrc else {},
        "external_urls": {"spotify": f"https://open.spotify.com/track/{track_id}"},
        "href": f"https://api.spotify.com/v1/tracks/{track_id}", "id": track_id,
        "is_local": False, "name": name, "popularity": 50,
        "preview_url": None, "track_number": 1, "type": "track",
        "uri": f"spotify:track:{track_id}",
    }
