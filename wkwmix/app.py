"""The application: the one entry point shared by the CLI, benchmarks, tests and Python users.

``App`` ties the store (files, caches, the user's overlay) to the engines (query, playlist
building, formats, Spotify planning). It never prints: what a person should be told comes
back in return values or through the ``on_wait`` callback, and errors are WkwmixErrors.

    >>> from wkwmix import App
    >>> App().build("mood:dream").tracks[0].title
    'Always in My Heart'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from wkwmix.errors import DataError, NotFoundError
from wkwmix.model import Catalog, Track
from wkwmix.store import paths

if TYPE_CHECKING:
    from wkwmix.edits import MoodChange
    from wkwmix.formats import PathPrefix
    from wkwmix.model import BuildOptions, Playlist, Recipe
    from wkwmix.spotify.auth import Login as SpotifyLogin
    from wkwmix.spotify.resolve import Resolution, Search
    from wkwmix.store.library import LibraryIndex as LibraryIndex
    from wkwmix.store.recipes import Checked
    from wkwmix.subsonic.find import Found
    from wkwmix.sync.engine import Target
    from wkwmix.sync.plan import Plan, Wanted
    from wkwmix.sync.target import SyncTarget

CATALOG_ENV = "WKWMIX_CATALOG"


class CheckReport(NamedTuple):
    """What ``check`` found: every problem, and what it checked of the recipes."""

    problems: list[str]
    recipes: str


class Selection(NamedTuple):
    """What the words of a command that takes "a recipe or a query" were taken as.

    ``note`` is set when the words could be read both ways, to say which reading won.
    """

    recipe: Recipe
    is_recipe: bool
    note: str | None = None


class App:
    """wkwmix for one catalog and one user's files.

    ``catalog`` is a catalog file (default: ``WKWMIX_CATALOG``, else the shipped one);
    ``home`` puts the user's config, data and cache in one folder, as ``WKWMIX_HOME`` does.
    """

    def __init__(self, catalog: str | os.PathLike[str] | None = None,
                 home: str | os.PathLike[str] | None = None, *, use_overlay: bool = True,
                 on_wait: Callable[[str], None] | None = None,
                 on_warn: Callable[[str], None] | None = None,
                 on_progress: Callable[[str, float], None] | None = None) -> None:
        chosen = catalog or os.environ.get(CATALOG_ENV)
        self.catalog_path = Path(chosen) if chosen else None
        # Kept to this App (never written to the environment): see _keep_to_own_home.
        self.home = Path(home) if home is not None else None
        self.use_overlay = use_overlay
        self.on_wait = on_wait
        self.on_warn = on_warn
        self.on_progress = on_progress  # (file, share read) during a long first load
        self._catalog: Catalog | None = None
        self._warned: set[str] = set()
        # The catalog with resolved URIs, and the resolution cache's version it was made from.
        self._playable: tuple[tuple[int, int] | None, Catalog] | None = None
        self._prefix: PathPrefix | None = None

    # --- the catalog -------------------------------------------------------------------

    @property
    def overlay_path(self) -> Path:
        return paths.overlay_path()

    @property
    def catalog(self) -> Catalog:
        """The catalog with the user's overlay merged in (unless ``use_overlay`` is off)."""
        if self._catalog is None:
            from wkwmix.store import catalog as catalog_store

            overlay = self.overlay_path if self.use_overlay else None
            self._catalog = catalog_store.load(self.catalog_path, overlay,
                                               progress=self.on_progress)
            if self.on_warn is not None and self._catalog.warnings:
                # Thousands of edits of tracks the catalog lacks are told in one line.
                from wkwmix.store.overlay import summarised

                for line in summarised(self._catalog.warnings):
                    if line not in self._warned:  # once, though an edit loads it again
                        self._warned.add(line)
                        self.on_warn(f"warning: {line}")
        return self._catalog

    @property
    def base_catalog(self) -> Catalog:
        """The catalog without the user's edits: what edits are made against."""
        from wkwmix.store import catalog as catalog_store

        return catalog_store.load(self.catalog_path)

    def forget_catalog(self) -> None:
        """Load the catalog afresh on next use (after the overlay changed)."""
        self._catalog = None
        self._playable = None

    @contextmanager
    def editing_overlay(self, *, dry_run: bool = False) -> Iterator[dict[str, Any]]:
        """The overlay's data to change under a lock; written back atomically on success."""
        from wkwmix.store import overlay

        with overlay.editing(self.overlay_path, on_wait=self.on_wait, dry_run=dry_run) as data:
            yield data
        self.forget_catalog()

    # --- mood edits (the overlay) ---------------------------------------------------------

    def preview_mood_change(self, track: str | None, names: list[str], query: str | None,
                            remove: bool) -> MoodChange:
        """What a tag or untag would change now, read without the lock (a question asked
        about it may wait as long as the person likes)."""
        from wkwmix.edits import change_moods
        from wkwmix.store import overlay

        data = overlay.read(self.overlay_path)
        return change_moods(data, self.catalog, self.base_catalog, track, names, query, remove)

    def change_moods(self, track: str | None, names: list[str], query: str | None,
                     remove: bool, *, dry_run: bool = False, agreed: set[str] | None = None,
                     ask_above: int | None = None) -> MoodChange:
        """Tag (or untag) the tracks named, under the overlay's lock. With ``agreed`` (the
        ids a person was shown), raise EditGrew when more than ``ask_above`` tracks would
        change now and not only those: the question they answered was another."""
        from wkwmix.edits import EditGrew, change_moods

        seen, base = self.catalog, self.base_catalog
        with self.editing_overlay(dry_run=dry_run) as data:
            done = change_moods(data, seen, base, track, names, query, remove)
            grew = agreed is not None and not {t.id for t in done.changed} <= agreed
            if grew and ask_above is not None and len(done.changed) > ask_above:
                raise EditGrew("your overlay changed while you were asked: more tracks "
                               "would change now")
        return done

    def reset_moods(self, track: str) -> tuple[Track, bool]:
        """Drop the user's mood edits of one track: the track, and whether it had any."""
        from wkwmix.store import overlay

        found = self.base_catalog.find_track(track)
        with self.editing_overlay() as data:
            dropped = overlay.reset(data, found.id)
        return found, dropped

    def add_mood(self, mood_id: str, description: str, valence: float, arousal: float,
                 synonyms: tuple[str, ...] = ()) -> None:
        """Define a mood of the user's own."""
        from wkwmix.edits import mood_record
        from wkwmix.store import overlay

        record = mood_record(mood_id, description, valence, arousal, synonyms)
        base = self.base_catalog
        with self.editing_overlay() as data:
            overlay.add_mood(data, overlay.vocabulary(base, data), record)

    def remove_mood(self, mood_id: str, *, force: bool = False) -> int:
        """Remove a mood the user defined; how many tracks it was untagged from."""
        from wkwmix.store import overlay

        base = self.base_catalog
        with self.editing_overlay() as data:
            return overlay.remove_mood(data, overlay.vocabulary(base, data), mood_id,
                                       force=force)

    def undo_overlay(self) -> int:
        """Put the overlay back as it was before its last change; versions still kept."""
        from wkwmix.store import overlay

        left = overlay.undo(self.overlay_path, on_wait=self.on_wait)
        self.forget_catalog()
        return left

    def export_catalog(self, output: Path | None = None) -> str:
        """The catalog with the user's edits merged in, as catalog text; written to
        ``output`` (atomically) when given."""
        from wkwmix.store import files, overlay

        text = files.dump(overlay.export(self.catalog))
        if output is not None:
            from wkwmix.store.output import write_text

            write_text(output, text)
        return text

    def check(self) -> CheckReport:
        """Every problem of the catalog, the overlay and the recipes of ./playlists (or the
        shipped ones) as "file:line: message", and what was checked of the recipes."""
        from wkwmix.store.catalog_check import control_characters
        from wkwmix.store.recipes import check_folder, checked_folder

        catalog = self.catalog  # raises, listing every problem, when the catalog is invalid
        problems = [str(p) for p in catalog.warnings]
        problems += check_folder(catalog) + control_characters(catalog)
        return CheckReport(problems, checked_folder())

    def paths(self) -> dict[str, Path]:
        """Every place wkwmix reads or writes on the user's behalf, by name."""
        return paths.all_paths()

    def select(self, query: str | Sequence[str]) -> list[Track]:
        """The tracks a query selects (every track for an empty query)."""
        from wkwmix import query as query_mod

        catalog = self.catalog
        return query_mod.parse(query, catalog).select(catalog) if query else list(catalog)

    def eligible(self, query: str) -> list[Track]:
        """The tracks a playlist of ``query`` draws on: what it selects, less the music no
        source places in the film unless the query asks for it (``heard:album-only``)."""
        from wkwmix.playlist.build import eligible

        return eligible(query, self.catalog)[0]

    # --- recipes -------------------------------------------------------------------------

    def recipe_or_query(self, words: str | Sequence[str]) -> Selection:
        """The one rule for commands that take a recipe or a query.

        A recipe file, or the name of a recipe in ./playlists or among the shipped ones,
        wins; otherwise the words are a query. When a recipe's name is also a query that
        selects tracks, the note says that the recipe was taken.
        """
        from wkwmix import query as query_mod
        from wkwmix.store import recipes

        text = words if isinstance(words, str) else query_text(words)
        single = isinstance(words, str) or len(words) == 1
        if single and text:
            try:
                recipe = recipes.find_recipe(text)
            except NotFoundError:
                recipe = None
            if recipe is not None:
                return Selection(recipe, True, self._also_a_query(text, recipe))
        query_mod.parse(text, self.catalog)  # a bad query is reported as such
        from wkwmix.model import Recipe

        return Selection(Recipe(name=text or "wkwmix playlist", query=text), False)

    def _also_a_query(self, text: str, recipe: Recipe) -> str | None:
        from wkwmix import query as query_mod
        from wkwmix.errors import WkwmixError

        try:
            matches = query_mod.parse(text, self.catalog).select(self.catalog)
        except WkwmixError:
            return None
        if not matches:
            return None
        where = recipe.path or recipe.name
        return (f"{text!r} is the recipe {str(where)!r} (as a query it would select "
                f"{len(matches)} tracks; quote it as 'title:{text}' for that)")

    def find_recipe(self, ref: str) -> Recipe:
        """A recipe by file or name (./playlists, then the shipped ones)."""
        from wkwmix.store import recipes

        return recipes.find_recipe(ref)

    def recipes_in(self, folder: Path) -> list[Recipe]:
        """Every recipe of a folder, each checked; DataError lists every problem at once."""
        from wkwmix.store import recipes

        found = recipes.load_folder(folder)
        if not found:
            raise NotFoundError(f"no recipes (*.yaml) in {str(folder)!r}")
        problems = [p for r in found for p in recipes.check_against(r, self.catalog)]
        if problems:
            raise DataError(problems)
        return found

    def recipes_each(self, folder: Path) -> list[Checked]:
        """Every recipe file of a folder, each checked on its own: its recipe, or None and
        its problems; one broken recipe stops none of the others."""
        from wkwmix.store import recipes

        found = recipes.check_each(folder, self.catalog)
        if not found:
            raise NotFoundError(f"no recipes (*.yaml) in {str(folder)!r}")
        return found

    def check_recipe(self, recipe: Recipe) -> None:
        """DataError naming the recipe file's lines when the catalog cannot serve it."""
        from wkwmix.store import recipes

        recipes.require_valid(recipe, self.catalog)

    # --- playlists -----------------------------------------------------------------------

    def build(self, recipe_or_query: str | Sequence[str] | Recipe = "", *,
              options: BuildOptions | None = None, library: LibraryIndex | None = None,
              playable: bool = False) -> Playlist:
        """Build the playlist a recipe (or its name, or a query) describes.

        ``options`` replace the recipe's own; ``library`` locates tracks in the user's music
        folder (see ``scan_library``); with ``playable`` only tracks that can play are drawn.
        """
        from wkwmix.model import Recipe
        from wkwmix.playlist import build

        if isinstance(recipe_or_query, Recipe):
            recipe = recipe_or_query
        else:
            recipe = self.recipe_or_query(recipe_or_query).recipe
        if recipe.path is not None:
            self.check_recipe(recipe)  # problems named with the recipe file's lines
        if options is not None:
            recipe = options.apply_to(recipe)
        from wkwmix.store.cache import Memo

        find_local = library.match if library is not None else None
        return build(self.playable_catalog(), recipe, find_local=find_local,
                     playable_only=playable, memo=Memo("arc-search"))

    def playable_catalog(self) -> Catalog:
        """The catalog with the URIs `wkwmix resolve` settled on as the tracks' own.

        A pin stays as it is (or comes from the recording the track is the same as); a
        doubtful match is not used until the user accepts it. The length of the Spotify
        recording found (or accepted) comes along, for tracks whose length the catalog
        does not give. Made once while the resolution cache is unchanged (``build --all``
        builds many playlists from it).
        """
        from wkwmix.store import resolutions

        made_from = resolutions.version()
        if made_from is None and not any(t.spotify for t in self.catalog):
            return self.catalog  # nothing resolved, nothing pinned: no Spotify code to load
        if self._playable is None or self._playable[0] != made_from:
            self._playable = (made_from, self._with_resolutions(self.catalog))
        return self._playable[1]

    @staticmethod
    def _with_resolutions(catalog: Catalog) -> Catalog:
        from wkwmix.spotify.resolve import known

        tracks = list(catalog)
        found = []
        for track, result in zip(tracks, known(tracks, catalog)):
            if result is None or not result.uri:
                continue
            match = result.candidate
            length = match.duration if match and match.uri == result.uri else None
            if (result.uri, length) != (track.spotify, track.spotify_duration):
                found.append(track._replace(spotify=result.uri, spotify_duration=length))
        return catalog.replace(found) if found else catalog

    def scan_library(self, folder: Path,
                     progress: Callable[[int, int], None] | None = None) -> LibraryIndex:
        """Index the audio files of the user's music folder (cached; a rescan reads changes)."""
        from wkwmix.store.library import scan

        return scan(folder, progress=progress)

    def place_files_under(self, library: Path, prefix: str) -> None:
        """Write the local files of ``library`` as ``prefix`` plus their path in it, in the
        playlist formats that hold paths (for a server that mounts the library elsewhere).

        ``prefix`` is an absolute path or a URL; anything else is a PathPrefixError."""
        from wkwmix.formats import path_prefix

        self._prefix = path_prefix(Path(library).resolve(), prefix)

    def render(self, playlist: Playlist, fmt: str, dest: Path | None = None) -> str:
        """``playlist`` in format ``fmt``, as it would be written to ``dest``."""
        from wkwmix import formats

        return formats.render(playlist, fmt, dest, self.catalog, self._prefix)

    def write(self, playlist: Playlist, fmt: str, dest: Path) -> None:
        """Write ``playlist`` in format ``fmt`` to ``dest``."""
        self.write_text(dest, self.render(playlist, fmt, dest))

    def write_text(self, dest: Path, text: str) -> None:
        """Write ``text`` to ``dest`` safely (links followed, devices and FIFOs written
        through, a regular file replaced atomically)."""
        from wkwmix.store.output import write_text

        write_text(dest, text)

    def play_path(self, recipe: Recipe) -> Path:
        """Where `wkwmix play` keeps the playlist it hands to a player (in the cache)."""
        return paths.ensure_dir(paths.cache_dir() / "play") / f"{recipe.slug}.m3u8"

    def synced_playlist_id(self, name: str) -> str | None:
        """The id of the Spotify playlist wkwmix synced as ``name`` for the account it
        remembers, or None (no account, or never synced). Makes no request."""
        from wkwmix.store import spotify_memory

        account = spotify_memory.account()
        found = spotify_memory.playlist(str(account["id"]), name) if account else None
        return str(found["id"]) if found else None

    # --- Spotify: login, finding tracks, its sync target ----------------------------------

    def spotify_login(self, notice: Callable[[str], None] | None = None) -> SpotifyLogin:
        """A login attempt: its ``url`` to open, then ``finish`` or ``through_browser``; the
        new token is kept only once the account (``profile``) has been read."""
        from wkwmix.spotify.auth import Login

        return Login(notice=notice)

    def remember_spotify_account(self, profile: dict[str, Any]) -> str:
        """Remember the account a login read as the sync account; its 'Name (id)'."""
        from wkwmix.store import spotify_memory

        spotify_memory.set_account(profile["id"], profile.get("display_name"))
        name = profile.get("display_name")
        return f"{name} ({profile['id']})" if name else str(profile["id"])

    def spotify_client(self, notice: Callable[[str], None] | None = None) -> Any:
        """A client logged in to Spotify (one cap on all the pauses of a command)."""
        from wkwmix.spotify.auth import connect

        return connect(notice=notice)

    def spotify_who(self, client: Any) -> str:
        """'Name (id)' of the account logged in; it is remembered as the sync account."""

        return self.remember_spotify_account(client.call("read your profile", "me"))

    def spotify_logout(self) -> bool:
        """Forget the Spotify login and account; False when there was no login."""
        from wkwmix.store import spotify_memory, spotify_token

        was_logged_in = spotify_token.forget()
        spotify_memory.set_account(None)
        return was_logged_in

    def spotify_account(self) -> dict[str, Any] | None:
        """The Spotify account remembered on this machine, or None. No request."""
        from wkwmix.store import spotify_memory

        return spotify_memory.account()

    def spotify_playlists(self, user: str) -> dict[str, dict[str, Any]]:
        """The playlists wkwmix synced for ``user``, by name. No request."""
        from wkwmix.store import spotify_memory

        return spotify_memory.playlists(user)

    def forget_spotify_playlist(self, user: str, name: str) -> dict[str, Any] | None:
        """Forget a synced playlist (it stays on Spotify); what was remembered, or None."""
        from wkwmix.store import spotify_memory

        found = spotify_memory.playlist(user, name)
        if found is None or not spotify_memory.forget(user, name):
            return None
        return found

    def spotify_search(self, client: Any) -> Search:
        """A search over a connected client."""
        from wkwmix.spotify.resolve import spotify_search

        return spotify_search(client)

    def resolve_on_spotify(self, tracks: Sequence[Track], search: Search, *,
                           refresh: bool = False,
                           progress: Callable[[int], None] | None = None) -> list[Resolution]:
        """Each track's Spotify recording: pinned, cached, or searched (and cached)."""
        from wkwmix.spotify.resolve import resolve

        return resolve(tracks, self.catalog, search, refresh=refresh, progress=progress)

    def spotify_known(self, tracks: Sequence[Track]) -> list[Resolution | None]:
        """What is already known of each track on Spotify, without a request."""
        from wkwmix.spotify.resolve import known

        return known(tracks, self.catalog)

    def spotify_cached(self, track: Track) -> Resolution | None:
        """The cached (or pinned) resolution of one track, without a request."""
        from wkwmix.spotify.resolve import cached

        return cached(track, self.catalog)

    def parse_spotify_uri(self, text: str) -> str:
        """A spotify:track: URI from a URI or an open.spotify.com link; else an error."""
        from wkwmix.spotify.resolve import parse_track_uri

        return parse_track_uri(text)

    def spotify_target(self, client: Any) -> SyncTarget:
        """The user's Spotify playlists as a sync target."""
        from wkwmix.spotify.apply import SpotifyTarget

        return SpotifyTarget(client)

    # --- services: Subsonic servers, and the sync every service shares -----------------

    def subsonic_login(self, url: str, user: str, password: str) -> str:
        """Check the login against the server (one ping), then store it (0600); returns
        where it is stored. Nothing is stored when the server refuses it."""
        from wkwmix.subsonic import login
        from wkwmix.subsonic.client import Client, Login

        found = Login(login.check_url(url), user, password)
        Client(found).ping()
        return str(login.store(found))

    def subsonic_logout(self) -> bool:
        """Forget the stored Subsonic login; False when there was none."""
        from wkwmix.subsonic import login

        return login.forget()

    def subsonic_whoami(self) -> str:
        """'user at URL' of the login in use, checked with the server (one ping)."""
        from wkwmix.subsonic import login
        from wkwmix.subsonic.client import Client

        found = login.current()
        Client(found).ping()
        return f"{found.user or 'an API key'} at {found.url}"

    def has_subsonic(self) -> bool:
        """Whether a Subsonic server is set (environment or stored login); no request."""
        from wkwmix.errors import WkwmixError
        from wkwmix.subsonic import login

        try:
            login.current()
        except WkwmixError:
            return False
        return True

    def subsonic_target(self, notice: Callable[[str], None] | None = None) -> SyncTarget:
        """The user's playlists on their Subsonic server (no request yet)."""
        from wkwmix.subsonic import login
        from wkwmix.subsonic.client import Client
        from wkwmix.subsonic.target import SubsonicTarget

        return SubsonicTarget(Client(login.current()), notice)

    def find_on_subsonic(self, target: SyncTarget, tracks: Sequence[Track],
                         progress: Callable[[int], None] | None = None) -> list[Found]:
        """Each track looked up in the server's library: sure, doubtful (held for review)
        or not found."""
        from wkwmix.subsonic.client import SubsonicError
        from wkwmix.subsonic.find import Found, find
        from wkwmix.subsonic.target import SubsonicTarget

        if not isinstance(target, SubsonicTarget):
            raise TypeError("finding tracks on a Subsonic server needs its target")
        catalog = self.catalog
        found = []
        for track in tracks:
            film = catalog.films.get(track.film)
            try:
                found.append(find(track, target.search, film.year if film else None))
            except SubsonicError as e:
                if type(e) is not SubsonicError:
                    raise  # a login, a server down: every track would fail alike
                # The server refused this one search (its text, most likely): name it and
                # go on with the others.
                found.append(Found(track.id, "failed", label=str(e)))
            if progress is not None:
                progress(1)
        return found

    def server_streams(self, target: SyncTarget, playlist: Playlist,
                       progress: Callable[[int], None] | None = None) -> str | None:
        """An M3U8 that streams the playlist's tracks from the user's Subsonic server (the
        ones surely in its library), or None when none is there."""
        from wkwmix.formats.m3u8 import render_streams
        from wkwmix.subsonic.target import SubsonicTarget

        if not isinstance(target, SubsonicTarget):
            raise TypeError("streaming from a Subsonic server needs its target")
        found = self.find_on_subsonic(target, list(playlist.tracks), progress)
        streams = [(f"{t.artist} - {t.title}" if t.artist else t.title, t.duration,
                    target.client.stream_url(f.uri))
                   for t, f in zip(playlist.tracks, found) if f.uri]
        return render_streams(playlist.name, streams) if streams else None

    def wanted(self, name: str, description: str, ids: Sequence[str],
               public: bool | None = None) -> Wanted:
        """The playlist as a service should hold it: ``ids`` are the service's own."""
        from wkwmix.sync.plan import Wanted

        return Wanted(name, description, tuple(ids), public)

    def plan_sync(self, target: SyncTarget, wanted: Wanted, *, adopt: bool = False,
                  dry_run: bool = False) -> tuple[Plan, Target]:
        """Read the service (no writes) and plan the fewest writes that make ``wanted``."""
        from wkwmix.sync import engine

        return engine.plan_sync(target, wanted, adopt=adopt, dry_run=dry_run)

    def apply_sync(self, target: SyncTarget, plan: Plan, found: Target,
                   progress: Callable[[int], None] | None = None) -> str:
        """Carry out a plan; the playlist's id."""
        from wkwmix.sync import engine

        return engine.apply(target, plan, found, progress)

    def plan_again(self, target: SyncTarget, wanted: Wanted, found: Target) -> Plan:
        """Plan anew against the playlist already read (no request)."""
        return target.plan(wanted, found.current)

    @contextmanager
    def sync_turn(self, target: SyncTarget) -> Iterator[str]:
        """Hold the account's sync lock (two syncs take turns); yields the account."""
        from wkwmix.sync import engine

        with engine.exclusive(target, self.on_wait) as user:
            yield user

    # --- pictures ------------------------------------------------------------------------

    def mood_map(self, tracks: Sequence[Track], playlist: Playlist | None = None, *,
                 title: str = "") -> str:
        """SVG of the mood plane: every mood, ``tracks`` marked, ``playlist``'s path drawn."""
        from wkwmix.pictures import mood_map

        return mood_map(self.catalog, tracks, playlist, title=title)

    def arc_chart(self, playlist: Playlist) -> str:
        """SVG of an arc playlist's target and actual moods along its playing time."""
        from wkwmix.pictures import arc_chart

        return arc_chart(self.catalog, playlist)

    # --- tags and pins -------------------------------------------------------------------

    def pin(self, track: Track, uri: str | None) -> None:
        """Pin ``track`` to a Spotify URI in the user's overlay (None removes the pin)."""
        from wkwmix.store import overlay

        with self.editing_overlay() as data:
            overlay.set_pin(data, track.id, uri)

    def keep_off_spotify(self, track: Track) -> None:
        """Record that no Spotify track is ``track``: it is neither searched nor synced."""
        from wkwmix.store import overlay
        from wkwmix.store.schema import NO_SPOTIFY

        with self.editing_overlay() as data:
            overlay.set_pin(data, track.id, NO_SPOTIFY)

    def reject(self, track: Track, uri: str) -> None:
        """Record that ``uri`` is not ``track``'s recording: never pinned or picked again."""
        from wkwmix.store import overlay

        with self.editing_overlay() as data:
            overlay.reject(data, track.id, uri)


def _keep_to_own_home(cls: type[App]) -> None:
    """Run every public method and property of ``cls`` with the App's own ``home`` as the
    folder paths are found in, so that an App given a home never changes another's."""
    for name, attribute in list(vars(cls).items()):
        if name.startswith("_"):
            continue
        if isinstance(attribute, property) and attribute.fget is not None:
            setattr(cls, name, property(_scoped(attribute.fget), attribute.fset))
        elif callable(attribute):
            setattr(cls, name, _scoped(attribute, block=name in _BLOCKS))


_BLOCKS = ("editing_overlay",)  # methods that return a block to run in a ``with``


def _scoped(method: Callable[..., Any], *, block: bool = False) -> Callable[..., Any]:
    import functools

    @functools.wraps(method)
    def in_own_home(self: App, *args: Any, **kwargs: Any) -> Any:
        with paths.home_of_app(self.home):
            result = method(self, *args, **kwargs)
        return _ScopedBlock(result, self.home) if block else result

    return in_own_home


class _ScopedBlock:
    """A context manager run with an App's home, as its methods are."""

    def __init__(self, inner: Any, home: Path | None) -> None:
        self.inner, self.home = inner, home
        self.scope = paths.home_of_app(home)

    def __enter__(self) -> Any:
        self.scope.__enter__()
        return self.inner.__enter__()

    def __exit__(self, *exc: Any) -> Any:
        try:
            return self.inner.__exit__(*exc)
        finally:
            self.scope.__exit__(None, None, None)


_keep_to_own_home(App)


def recipe_names() -> list[str]:
    """The names of the recipes a command takes: ./playlists first, then the shipped ones."""
    from wkwmix.store.recipes import recipe_names as names

    return names()


def query_text(words: Sequence[str]) -> str:
    """Query text for command-line words, quoting what the shell had grouped.

    The shell turns ``film:"In the Mood for Love"`` into the word ``film:In the Mood for
    Love``; quoted again, it reads the same inside a recipe's query text.
    """
    from wkwmix.query import quote_word

    return " ".join(quote_word(word) for word in words)
