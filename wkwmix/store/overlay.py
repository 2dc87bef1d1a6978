"""The user's overlay: their own moods and their mood edits and pins, kept apart from the catalog.

The overlay is the only file wkwmix ever writes on the user's behalf. It is edited under a
file lock (so concurrent ``wkwmix tag`` processes never lose each other's edits), written
atomically, and never replaced when it cannot be read: a corrupt or newer-format overlay
stops the command with a message and stays exactly as it was. It is always read as it is on
disk, so a hand edit is never served stale nor written over; each edit first keeps the
overlay as it was, so that ``wkwmix overlay undo`` can go back to no edits at all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wkwmix import collector
from wkwmix.errors import DataError, NotFoundError, Problem, WkwmixError
from wkwmix.model import Catalog, Track
from wkwmix.moods import Vocabulary, parse_mood
from wkwmix.store import cache, files, paths
from wkwmix.store.locks import locked
from wkwmix.store.schema import NO_SPOTIFY, Checker, check_mood_records

FORMAT_VERSION = 1
EDIT_FIELDS = {"add": "texts", "remove": "texts", "spotify": "spotify_or_none",
               "spotify_rejected": "spotify_list"}
HISTORY = 5  # earlier versions kept beside the overlay, for `wkwmix overlay undo`


def empty() -> dict[str, Any]:
    return {"version": FORMAT_VERSION, "moods": [], "tracks": {}}


def read(path: Path) -> dict[str, Any]:
    """The overlay's data as it is on disk now, validated; an absent file reads as empty."""
    if not present(path):
        return empty()
    return validate(_parsed(path), str(path))


def _parsed(path: Path) -> Any:
    """The overlay parsed, from the parse cache only when its very content was parsed before.

    Keyed on a hash of the bytes read, not on size and modification time: a hand edit
    that keeps both would otherwise be served stale, and the next edit would write the
    stale copy back over it. Hashing a small file costs far less than importing YAML.
    """
    import hashlib
    import stat

    if not stat.S_ISREG(path.stat().st_mode):
        return files.read(path)  # refused there, with what the path is instead
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DataError([Problem(str(path), None, f"cannot read: {e.strerror}")]) from None
    question = cache.Question("overlay", str(path.resolve()),
                              extra=(hashlib.sha256(data).hexdigest(),))
    cached = cache.get(question)
    if cached is not None:
        return cached
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataError([Problem(str(path), None, f"not UTF-8 text ({e.reason})")]) from None
    with collector.paused():  # a large overlay is many small objects, as a catalog is
        parsed = files.parse(text, str(path))
    cache.put(question, parsed)
    return parsed


def present(path: Path) -> bool:
    """Whether there is an overlay at ``path``; a symlink loop there is refused, not taken
    for "no overlay" (writing one would replace the user's link by a file)."""
    import errno

    try:
        path.stat()
    except FileNotFoundError:
        return False
    except OSError as e:
        if e.errno != errno.ELOOP:
            raise DataError([Problem(str(path), None, f"cannot read: {e.strerror}")]) from None
        raise DataError([Problem(str(path), None, "a symbolic link that loops (it never "
                                 "reaches a file); point it at your overlay or remove it")],
                        ) from None
    return True


def validate(raw: Any, name: str) -> dict[str, Any]:
    checker = Checker(name)
    if not isinstance(raw, dict):
        checker.fail([], "an overlay is a mapping with 'version', 'moods' and 'tracks'")
        checker.raise_if_any()
    _check_version(checker, raw.get("version"))
    checker.unknown_keys(raw, [], ("version", "moods", "tracks"))
    moods = check_mood_records(checker, raw.get("moods"), ["moods"])
    tracks = _check_edits(checker, raw.get("tracks"))
    checker.raise_if_any()
    return {"version": FORMAT_VERSION, "moods": moods, "tracks": tracks}


def _check_version(checker: Checker, version: Any) -> None:
    if version is None:
        return
    if not isinstance(version, int) or isinstance(version, bool):
        checker.fail(["version"], f"version must be a whole number, not {version!r}")
    elif version > FORMAT_VERSION:
        checker.fail(["version"], f"written by a newer wkwmix (format version {version}; "
                     f"this one reads up to {FORMAT_VERSION}); upgrade wkwmix to use it")


def _check_edits(checker: Checker, raw: Any) -> dict[str, dict[str, Any]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        checker.fail(["tracks"], "'tracks' must map track ids to their edits")
        return {}
    edits = {}
    for track_id, edit in raw.items():
        record = checker.record(edit, ["tracks", track_id], EDIT_FIELDS, ())
        if record is not None:
            edits[str(track_id)] = record
    return edits


def merge(catalog: Catalog, path: Path) -> Catalog:
    """The catalog with the overlay at ``path`` merged in; an overlay an older wkwmix kept
    elsewhere, which is not read, is named among the warnings with how to merge it."""
    merged = apply(catalog, read(path), str(path))
    legacy = paths.ignored_legacy_file(path)
    if legacy is not None:
        merged.warnings.append(Problem(str(legacy), None, (
            f"not read: an older wkwmix kept your overlay here, and {path} is the one in "
            "use; to merge them, copy the moods and track edits you want from the old "
            "file into the new one, then delete the old file")))
    return merged


def apply(catalog: Catalog, data: dict[str, Any], name: str) -> Catalog:
    """The catalog with the overlay's moods and edits merged in; dangling edits become warnings.

    A mood that takes the name of an existing one is an error, as it is for ``moods add``.
    """
    with collector.paused():  # an object or more per edit: collections would grow with them
        return _apply(catalog, data, name)


def _apply(catalog: Catalog, data: dict[str, Any], name: str) -> Catalog:
    _refuse_clashing_moods(catalog, data["moods"], name)
    for mood in data["moods"]:
        catalog.moods.add(parse_mood(mood, "user"))
    edited: list[Track] = []
    warnings: list[tuple[list[Any], str]] = []
    missing: dict[int, str] = {}  # the warnings that are edits of missing tracks: their ids
    for track_id, edit in data["tracks"].items():
        track = catalog.tracks.get(track_id)
        if track is None:
            missing[len(warnings)] = track_id
            warnings.append((["tracks", track_id], ""))
            continue
        unknown = [m for m in edit.get("add", []) if m not in catalog.moods]
        if unknown:
            warnings.append((["tracks", track_id, "add"],
                             f"{track_id}: unknown mood(s) {', '.join(unknown)}"))
        edited.append(edit_track(track, edit, catalog))
    merged = catalog.replace(edited)
    merged.files = [*catalog.files, name]
    located = _locate(name, warnings)
    merged.warnings = catalog.warnings + [
        MissingTrack(name, problem.line, missing[n]) if n in missing else problem
        for n, problem in enumerate(located)]
    return merged


class MissingTrack(Problem):
    """An edit of a track the catalog lacks. There may be thousands (say, the catalog was
    replaced): a person is told of them in one line (``summarised``); ``check`` lists each."""

    track_id: str

    def __new__(cls, file: str, line: int | None, track_id: str) -> MissingTrack:
        problem = super().__new__(cls, file, line, f"edits track {track_id!r}, which is not "
                                  "in the catalog (was it renamed or removed?)")
        problem.track_id = track_id
        return problem


SHOWN = 3  # edits of missing tracks named one by one; more are summarised in one line


def summarised(warnings: list[Problem]) -> list[str]:
    """The warnings as a person is told them while a command runs: edits of tracks the
    catalog lacks in one line, naming the first few, when there are more than SHOWN."""
    missing = [w for w in warnings if isinstance(w, MissingTrack)]
    if len(missing) <= SHOWN:
        return [str(w) for w in warnings]
    names = ", ".join(w.track_id for w in missing[:SHOWN])
    lines = []
    for warning in warnings:
        if warning is missing[0]:
            lines.append(f"{warning.file}: edits {len(missing)} tracks that are not in the "
                         f"catalog ({names}, …); `wkwmix check` lists them all")
        elif not isinstance(warning, MissingTrack):
            lines.append(str(warning))
    return lines


def _refuse_clashing_moods(catalog: Catalog, moods: list[dict[str, Any]], name: str) -> None:
    known = Vocabulary(catalog.moods)
    found: list[tuple[list[Any], str]] = []
    for i, record in enumerate(moods):
        mood = parse_mood(record, "user")
        if mood.id in known and known[mood.id]._replace(origin="user") == mood:
            continue  # the same definition, e.g. an exported catalog loaded with its overlay
        for word in [record["id"], *record.get("synonyms", [])]:
            existing = known.find(word)
            if existing is not None:
                found.append((["moods", i], f"the mood {record['id']!r}: {word!r} already "
                              f"names the mood {existing!r}; choose another name"))
        known.add(mood)
    if found:
        raise DataError(_locate(name, found))


def _locate(name: str, found: list[tuple[list[Any], str]]) -> list[Problem]:
    if not found:
        return []
    lines = files.locate(name, [at for at, _ in found])
    return [Problem(name, line, msg) for line, (_, msg) in zip(lines, found)]


def edit_track(track: Track, edit: dict[str, Any], catalog: Catalog) -> Track:
    """``track`` with the user's edit applied (moods the catalog does not know are skipped)."""
    moods = tuple(m for m in effective_moods(track, edit) if m in catalog.moods)
    pin = edit.get("spotify", track.spotify)
    rejected = tuple(edit.get("spotify_rejected", ()))
    return track._replace(
        moods=moods,
        user_moods=tuple(m for m in moods if m not in track.moods),
        removed_moods=tuple(m for m in track.moods if m not in moods),
        spotify=None if pin == NO_SPOTIFY or pin in rejected else pin,
        spotify_none=pin == NO_SPOTIFY,
        spotify_rejected=rejected,
    )


@contextmanager
def editing(path: Path, *, on_wait: Callable[[str], None] | None = None,
            dry_run: bool = False) -> Iterator[dict[str, Any]]:
    """Read the overlay under a lock, let the caller change it, then write it atomically.

    Nothing is written when the block raises, when the overlay could not be read, or
    with ``dry_run``. The overlay as it was is kept first, for ``undo``.
    """
    paths.ensure_dir(path.parent)
    with locked(path, what="editing your moods", on_wait=on_wait):
        _remove_stale_temp_files(path)
        data = read(path)
        before = files.dump(data)
        yield data
        after = files.dump(_tidy(data))
        if after != before and not dry_run:
            _keep_history(path)
            files.write_atomic(path, after, mode=0o600)


def _version(path: Path, n: int) -> Path:
    return path.with_name(f"{path.name}.{n}")


def _versions(path: Path) -> list[Path]:
    """The kept versions, newest first: ``NAME.1`` is the newest, though a writer that died
    mid-way may have left gaps in the numbers."""
    return [version for n in range(1, HISTORY + 1) if (version := _version(path, n)).exists()]


def _as_it_is(path: Path) -> bytes:
    """The overlay's bytes; no overlay is kept as an empty one, so the first edit can be
    undone. Versions are kept byte for byte: undo puts back even a file broken by hand."""
    return path.read_bytes() if path.exists() else files.dump(empty()).encode("utf-8")


def _keep_history(path: Path) -> None:
    """Keep the overlay as it is now as the newest version, the oldest dropped beyond HISTORY.

    Each step leaves the versions in order, newest first, so whenever a writer dies,
    ``undo`` finds every version kept: a gap is closed later, and a copy of the overlay as
    it is (a writer that died before replacing it) is skipped.
    """
    now = _as_it_is(path)
    kept = _close_gaps(path)
    if kept and kept[0].read_bytes() == now:
        return  # kept by a writer that died before it wrote the overlay
    if len(kept) == HISTORY:
        kept.pop().unlink()
    for n in range(len(kept), 0, -1):  # the oldest first, each to the free number above it
        _version(path, n).replace(_version(path, n + 1))
    files.write_atomic_bytes(_version(path, 1), now, mode=0o600)


def _close_gaps(path: Path) -> list[Path]:
    """Number the kept versions 1, 2, … again; the newest first, so each moves to a free
    number (below its own). Returns them, newest first."""
    kept = []
    for n, version in enumerate(_versions(path), start=1):
        if version != _version(path, n):
            version.replace(_version(path, n))
        kept.append(_version(path, n))
    return kept


def undo(path: Path, *, on_wait: Callable[[str], None] | None = None) -> int:
    """Put back the overlay as it was before the last change; returns versions left.

    Undoing the first edit leaves an overlay with no edits.
    """
    paths.ensure_dir(path.parent)
    present(path)  # a symlink loop is refused before anything is written over it
    with locked(path, what="editing your moods", on_wait=on_wait):
        now = path.read_bytes() if path.exists() else None
        for version in _versions(path):
            previous = version.read_bytes()
            if previous != now:
                break
            version.unlink()  # a copy of the overlay as it is, by a writer that died
        else:
            raise NotFoundError(f"{path}: no earlier version to go back to")
        files.write_atomic_bytes(path, previous, mode=0o600)
        version.unlink()
        return len(_close_gaps(path))


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files left by a writer that was killed mid-write (we hold the lock: none is live).

    The overlay's are made beside the file it names when it is a symlink, its versions'
    beside the overlay itself.
    """
    for named in {path, Path(os.path.realpath(path))}:
        for leftover in named.parent.glob(f".{named.name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def _tidy(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty edits so the file stays small and readable."""
    for track_id in list(data["tracks"]):
        edit = {k: v for k, v in data["tracks"][track_id].items() if v}
        if edit:
            data["tracks"][track_id] = edit
        else:
            del data["tracks"][track_id]
    return data


def vocabulary(catalog: Catalog, data: dict[str, Any]) -> Vocabulary:
    """The catalog's moods plus the user's, as the overlay being edited defines them."""
    moods = Vocabulary(m for m in catalog.moods if m.origin != "user")
    for mood in data["moods"]:
        moods.add(parse_mood(mood, "user"))
    return moods


def tag(data: dict[str, Any], track: Track, mood_ids: list[str]) -> bool:
    """Add moods to a track (``track`` as the catalog has it); True when its moods changed."""
    edit = data["tracks"].setdefault(track.id, {})
    before = effective_moods(track, edit)
    for mood_id in mood_ids:
        if mood_id in edit.get("remove", []):
            edit["remove"].remove(mood_id)
        elif mood_id not in track.moods and mood_id not in edit.get("add", []):
            edit.setdefault("add", []).append(mood_id)
    return effective_moods(track, edit) != before


def untag(data: dict[str, Any], track: Track, mood_ids: list[str]) -> bool:
    """Remove moods from a track (``track`` as the catalog has it); True when they changed."""
    edit = data["tracks"].setdefault(track.id, {})
    before = effective_moods(track, edit)
    for mood_id in mood_ids:
        if mood_id in edit.get("add", []):
            edit["add"].remove(mood_id)
        elif mood_id in track.moods and mood_id not in edit.get("remove", []):
            edit.setdefault("remove", []).append(mood_id)
    return effective_moods(track, edit) != before


def reset(data: dict[str, Any], track_id: str) -> bool:
    """Drop the user's mood edits of a track (a pinned Spotify URI stays); True if any."""
    edit = data["tracks"].get(track_id, {})
    dropped = bool(edit.pop("add", None)) | bool(edit.pop("remove", None))
    return dropped


def effective_moods(track: Track, edit: dict[str, Any]) -> tuple[str, ...]:
    removed = edit.get("remove", [])
    kept = [m for m in track.moods if m not in removed]
    return tuple(kept + [m for m in edit.get("add", []) if m not in kept])


def add_mood(data: dict[str, Any], moods: Vocabulary, record: dict[str, Any]) -> None:
    """Define a user mood; its id and synonyms must not name an existing mood."""
    for name in [record["id"], *record.get("synonyms", [])]:
        existing = moods.find(name)
        if existing is not None:
            raise DataError([Problem("moods", None, f"{name!r} already names the mood "
                                     f"{existing!r}; choose another name")])
    data["moods"].append(record)


def remove_mood(
    data: dict[str, Any], moods: Vocabulary, mood_id: str, *, force: bool = False
) -> int:
    """Remove a user mood; with ``force`` also from every track. Returns tracks untagged."""
    if mood_id not in moods or moods[mood_id].origin != "user":
        raise NotFoundError(f"{mood_id!r} is not one of your moods; only moods you added "
                            "can be removed (untag a catalog mood instead)")
    users = [tid for tid, edit in data["tracks"].items() if mood_id in edit.get("add", [])]
    if users and not force:
        raise WkwmixError(f"{len(users)} track(s) still carry the mood {mood_id!r} "
                          f"(e.g. {users[0]}); untag them first or use --force")
    for track_id in users:
        data["tracks"][track_id]["add"].remove(mood_id)
    data["moods"] = [m for m in data["moods"] if m["id"] != mood_id]
    return len(users)


def export(catalog: Catalog) -> dict[str, Any]:
    """The merged catalog as standalone catalog data (user moods included, provenance not)."""
    user_moods = [m for m in catalog.moods if m.origin == "user"]
    return {
        "version": 1,
        "moods": [{k: v for k, v in m.to_dict().items() if k != "origin"} for m in user_moods],
        "films": [_without_empty(f.to_dict()) for f in catalog.films.values()],
        "tracks": [_without_empty(t.to_dict(provenance=False)) for t in catalog],
    }


def _without_empty(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, [], "")}


def set_pin(data: dict[str, Any], track_id: str, uri: str | None) -> None:
    """Pin a track to a Spotify URI, or to ``NO_SPOTIFY`` (None removes the pin).

    Pinning a URI the user once rejected takes the rejection back: the latest word wins.
    """
    edit = data["tracks"].setdefault(track_id, {})
    if uri:
        edit["spotify"] = uri
        _unreject(edit, uri)
    else:
        edit.pop("spotify", None)


def reject(data: dict[str, Any], track_id: str, uri: str) -> None:
    """Record that ``uri`` is not this track's recording; a pin to it is removed."""
    edit = data["tracks"].setdefault(track_id, {})
    rejected = edit.setdefault("spotify_rejected", [])
    if uri not in rejected:
        rejected.append(uri)
    if edit.get("spotify") == uri:
        del edit["spotify"]


def _unreject(edit: dict[str, Any], uri: str) -> None:
    if uri in edit.get("spotify_rejected", []):
        edit["spotify_rejected"].remove(uri)
