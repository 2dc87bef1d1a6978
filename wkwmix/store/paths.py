"""Where wkwmix keeps the user's files: config, data and cache, each in the platform's place.

``WKWMIX_HOME`` overrides all three (config and data in it, the cache in its ``cache/``
folder), which is also how tests keep away from the real home folder. Folders are created
readable by the user alone, since the config folder holds the Spotify token. Files that an
older wkwmix kept in the config folder (the overlay, the Spotify memory) are moved to the
data folder the first time it is used; one that is a symlink stays, and the data folder
links to the same file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

APP_NAME = "wkwmix"
HOME_ENV = "WKWMIX_HOME"
OVERLAY_FILE = "overlay.yaml"
SPOTIFY_MEMORY_FILE = "spotify-playlists.json"
TOKEN_FILE = "spotify-token.json"
SUBSONIC_LOGIN_FILE = "subsonic-login.json"  # a music server's address and login
SUBSONIC_MEMORY_FILE = "subsonic-playlists.json"
# What wkwmix 0.1 wrote beside its config; each now lives in the data folder.
_MOVED_TO_DATA = (OVERLAY_FILE, SPOTIFY_MEMORY_FILE)


# The home of the App whose method is running (``App(home=...)``), over WKWMIX_HOME: two
# Apps with their own homes in one process each keep to their own folder.
_app_home: ContextVar[Path | None] = ContextVar("wkwmix_app_home", default=None)


def home() -> Path | None:
    """The folder the running App was given, else the one WKWMIX_HOME names, if set."""
    scoped = _app_home.get()
    if scoped is not None:
        return scoped
    override = os.environ.get(HOME_ENV)
    return Path(override) if override else None


@contextmanager
def home_of_app(folder: Path | None) -> Iterator[None]:
    """Within this block, ``folder`` (when not None) is the home every path is found in."""
    if folder is None:
        yield
        return
    token = _app_home.set(folder)
    try:
        yield
    finally:
        _app_home.reset(token)


def config_dir() -> Path:
    """Settings and the Spotify login (not created here)."""
    override = home()
    if override is not None:
        return override
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """What the user made: their overlay, what wkwmix remembers of their Spotify playlists."""
    override = home()
    if override is not None:
        return override
    import platformdirs

    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    _move_legacy_files(config_dir(), folder)
    return folder


def cache_dir() -> Path:
    """What can be rebuilt: parsed catalogs, library indexes, Spotify search results."""
    override = home()
    if override is not None:
        return override / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def overlay_path() -> Path:
    return _data_file(OVERLAY_FILE)


def spotify_memory_path() -> Path:
    return _data_file(SPOTIFY_MEMORY_FILE)


def _data_file(name: str) -> Path:
    """A file of the data folder; where an old one could not be moved, the old one."""
    path = data_dir() / name
    if home() is None and not path.exists() and not path.is_symlink():
        legacy = config_dir() / name
        if legacy.is_file():
            return legacy
    return path


def token_path() -> Path:
    return config_dir() / TOKEN_FILE


def all_paths() -> dict[str, Path]:
    """Every place wkwmix reads or writes on the user's behalf, by name (for ``wkwmix paths``)."""
    return {
        "config": config_dir(),
        "data": data_dir(),
        "cache": cache_dir(),
        "overlay": overlay_path(),
        "spotify token": token_path(),
        "spotify playlists": spotify_memory_path(),
        "subsonic login": config_dir() / SUBSONIC_LOGIN_FILE,
        "subsonic playlists": data_dir() / SUBSONIC_MEMORY_FILE,
    }


def ensure_dir(path: Path) -> Path:
    """Create a folder readable by the user alone, if missing, and so each missing folder
    above it (``mkdir(parents=True)`` would make those with the umask's mode, e.g. 0755)."""
    missing = []
    folder = path
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)  # exist_ok: another wkwmix may race us
    return path


def _move_legacy_files(old: Path, new: Path) -> None:
    """Move files an older wkwmix kept in ``old`` to ``new``, never over a newer one."""
    if old == new:
        return
    for name in _MOVED_TO_DATA:
        source, target = old / name, new / name
        if source.is_file() and not target.exists() and not target.is_symlink():
            try:
                ensure_dir(new)
                _move(source, target)
            except OSError:
                return  # the old file stays where it was, intact, and is read from there


def _move(source: Path, target: Path) -> None:
    """Move a file; a symlink stays as it is and the new place links to the same file.

    Moved, a link (often relative, as a dotfiles manager makes it) would dangle, and the
    user's own file would no longer get their edits.
    """
    if source.is_symlink():
        target.symlink_to(source.resolve())
        return
    import shutil  # rare: only on the first run after an upgrade

    shutil.move(source, target)  # a rename, or a copy across file systems


def ignored_legacy_file(path: Path) -> Path | None:
    """The file an older wkwmix kept in the config folder in place of the data file
    ``path``, when both are there: only ``path`` is read. None when there is no such
    file, or it is a link to ``path``'s file."""
    if home() is not None or path.name not in _MOVED_TO_DATA or path.parent != data_dir():
        return None
    legacy = config_dir() / path.name
    if not legacy.is_file():
        return None
    try:
        if os.path.samefile(legacy, path):
            return None
    except OSError:
        pass  # ``path`` is a link to nothing: the old file is not read either
    return legacy
