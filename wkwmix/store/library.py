"""The user's own music folder: read its tags once, match catalog tracks to its files.

Tags are read with mutagen (imported only here, only when a folder is scanned). The index
of a folder is cached in the user's cache dir, keyed by each file's size and modification
time, so a rescan reads only the files that changed.

Real music folders are messy, so the walk opens regular files only (a FIFO or a device
named like a song would block or never end), follows folder links once each (a link loop
ends), and counts what it passed over, with the reason, instead of failing or hiding it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat as stat_kind
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wkwmix import names
from wkwmix.errors import WkwmixError
from wkwmix.model import LocalFile, Track
from wkwmix.store import cache, paths
from wkwmix.store.cache import code_stamp, read_json, write_json
from wkwmix.text import shown_path

AUDIO_SUFFIXES = frozenset({
    ".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".mp4", ".aac", ".wma", ".aiff", ".wav",
})
CACHE_VERSION = 4
# A cached record: [size, file stamp (see _stamp), title, artist, album, duration, title keys,
# named, recording id], where ``named`` says the title and artist were read from the file's
# name, its tags having none.
RECORD_LENGTH = 9
TITLE_KEYS = 6
NAMED = 7
RECORDING_ID = 8
# A file known only by its name is taken only when its length agrees this closely.
NAMED_TOLERANCE = 3
# A MusicBrainz id: the recording's (never the release track's) is what identifies a song.
_MBID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# A file whose length differs from the catalog's by more than this is another version.
DURATION_TOLERANCE = 15
_BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")
_DASH_SUFFIX = re.compile(r"\s+-\s+.*(remaster|version|live|mono|stereo|edit|mix).*$", re.I)
# "Faye Wong - Dreams.mp3", and "03 Dreams.mp3" (or "03 - Dreams", "03. Dreams") in a folder
# "Faye Wong/Chungking Express".
_ARTIST_TITLE = re.compile(r"^(?P<artist>.*\S)\s+-\s+(?P<title>\S.*)$")
_NUMBER_TITLE = re.compile(r"^\d{1,3}(?:\s*[-.]\s*|\s+)(?P<title>\S.*)$")


class LibraryError(WkwmixError):
    """A music folder that cannot be read."""


@dataclass
class ScanStats:
    files: int = 0
    read: int = 0  # files whose tags were read (new or changed)
    unreadable: int = 0
    skipped: dict[str, list[str]] = field(default_factory=dict)  # reason -> paths
    unreadable_files: list[tuple[str, str]] = field(default_factory=list)  # (path, why)

    def skip(self, reason: str, path: str) -> None:
        self.skipped.setdefault(reason, []).append(path)


@dataclass
class LibraryIndex:
    """The tagged audio files of one folder, looked up by loose title.

    ``records`` maps each file's path (relative to ``root``) to its cached record; the
    LocalFile of a record is only made when a track matches it.
    """

    folder: Path
    root: Path
    records: dict[str, list[Any]]
    stats: ScanStats = field(default_factory=ScanStats)
    _by_title: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _made: dict[str, LocalFile] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for relative, record in self.records.items():
            for key in record[TITLE_KEYS]:
                self._by_title.setdefault(key, []).append(relative)

    @property
    def files(self) -> list[LocalFile]:
        return [self._file(relative) for relative in self.records]

    @property
    def untitled(self) -> list[str]:
        """Files with no title in their tags nor in their name: passed over."""
        return [str(self.root / relative) for relative, record in self.records.items()
                if not record[TITLE_KEYS]]

    def _file(self, relative: str) -> LocalFile:
        local = self._made.get(relative)
        if local is None:
            record = self.records[relative]
            _, _, title, artist, album, duration = record[:TITLE_KEYS]
            local = self._made[relative] = LocalFile(
                self.root / relative, title, artist, album, duration,
                recording_id=record[RECORDING_ID])
        return local

    def match(self, track: Track) -> LocalFile | None:
        """The file that holds ``track``, or None when no file is a confident match."""
        scored = []
        for relative in self._same_title(track):
            score = _score(track, self._file(relative), self.records[relative][NAMED])
            if score is not None:
                scored.append((-score, relative))
        return self._file(min(scored)[1]) if scored else None

    def near_misses(self, track: Track) -> list[str]:
        """Why each file with the track's title was not taken for it (for ``--verbose``)."""
        return [f"{shown_path(self.root / relative)}: {why}" for relative in self._same_title(track)
                if (why := _rejection(track, self._file(relative), self.records[relative][NAMED]))
                is not None]

    def _same_title(self, track: Track) -> list[str]:
        found: dict[str, None] = {}
        for title in (track.title, *track.alt_titles):
            found.update(dict.fromkeys(self._by_title.get(names.loose(title), ())))
        return list(found)


def _title_keys(title: str | None) -> list[str]:
    """The loose forms a file title is known by: as tagged, and without '(Remastered)' etc.;
    Traditional and Simplified characters alike."""
    if not title:
        return []
    plain = _DASH_SUFFIX.sub("", _BRACKETED.sub(" ", title))
    return sorted({k for k in (names.loose(title), names.loose(plain)) if k})


def _from_name(relative: str) -> tuple[str | None, str | None, str | None]:
    """(title, artist, album) a file's name gives when its tags give no title:
    ``Artist - Title.ext``, or ``NN Title.ext`` inside an ``Artist/Album`` folder."""
    parts = relative.replace(os.sep, "/").split("/")
    stem = os.path.splitext(parts[-1])[0].strip()
    numbered = _NUMBER_TITLE.match(stem)
    if numbered is not None:
        if len(parts) >= 3:
            return numbered["title"], parts[-3], parts[-2]
        return None, None, None
    named = _ARTIST_TITLE.match(stem)
    if named is not None:
        return named["title"], named["artist"], None
    return None, None, None


def _score(track: Track, local: LocalFile, named: bool = False) -> int | None:
    """How sure the match is (higher is surer), or None when the file is another recording.

    A file marked as another version (live, remix, instrumental…) the catalog track is not
    scores below any plain recording of it: it never wins over the real one."""
    if _rejection(track, local, named) is not None:
        return None
    score = 1
    if track.artist and local.artist:
        score += 2
    if track.duration and local.duration:
        score += 1 if abs(track.duration - local.duration) <= 3 else 0
    if _other_version(track, local):
        score -= 4
    return score


def _other_version(track: Track, local: LocalFile) -> bool:
    from wkwmix.spotify.match import LANGUAGES, markers

    ours = markers(" ".join((track.title, *track.alt_titles, track.album or "")))
    if track.kind == "score" or track.instrumental:
        ours.add("instrumental")
    return bool(markers(f"{local.title or ''} {local.album or ''}") - ours - LANGUAGES)


def _rejection(track: Track, local: LocalFile, named: bool = False) -> str | None:
    """Why a file with the track's title is another recording, or None when it may be it."""
    from wkwmix.spotify.match import is_rejected

    if is_rejected(local.title or "", (local.artist or "",), local.album or "") and not \
            is_rejected(track.title, (track.artist or "",), track.album or ""):
        return "a karaoke, tribute or cover-band version"
    if named and not (track.duration and local.duration
                      and abs(track.duration - local.duration) <= NAMED_TOLERANCE):
        length = (f"lasts {_clock(local.duration)}, not {_clock(track.duration)}"
                  if track.duration and local.duration else "no length to compare")
        return (f"untagged, known only by its name, and its length does not confirm it "
                f"({length})")
    if track.artist and local.artist and not _same_artist(track.artist, local.artist):
        return f"by {local.artist}, not {track.artist}"
    if track.duration and local.duration:
        gap = abs(track.duration - local.duration)
        if gap > DURATION_TOLERANCE:
            return (f"lasts {_clock(local.duration)}, not {_clock(track.duration)} "
                    f"(more than {DURATION_TOLERANCE} s apart: another recording)")
    if not track.artist and local.artist and not (track.duration and local.duration):
        # With no performer in the catalog, a title alone could be anyone's recording.
        return (f"by {local.artist}, and the catalog names no performer or length to "
                "confirm it")
    return None


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _same_artist(ours: str, theirs: str) -> bool:
    if names.same_person(ours, theirs):
        return True  # 王菲 is Faye Wong
    a, b = _artist_key(ours), _artist_key(theirs)
    if not a or not b:
        return False
    # "Xavier Cugat and His Orchestra" is tagged "Xavier Cugat" on many albums, and back.
    return a in b or b in a


def _artist_key(artist: str) -> str:
    return names.loose(re.sub(r"\s*&\s*|\s+\+\s+", " and ", artist))


def scan(
    folder: Path, *, progress: Callable[[int, int], None] | None = None, cache: bool = True,
) -> LibraryIndex:
    """Index the audio files under ``folder``; only new or changed files are read again."""
    folder = Path(folder)
    if not folder.is_dir():
        raise LibraryError(f"no music folder {str(folder)!r}")
    root = folder.resolve()
    cache_file = _cache_file(root)
    known = _load_cache(cache_file) if cache else {}
    stats = ScanStats()
    found = sorted(_audio_files(root, stats), key=lambda entry: entry[0])
    stats.files = len(found)
    records: dict[str, list[Any]] = {}
    for done, (relative, size, stamp) in enumerate(found, 1):
        record = known.get(relative)
        if record is None or stamp < 0 or record[:2] != [size, stamp]:
            *tags, recording_id = _read_tags(root / relative, stats)
            named = tags[0] is None and not tags[1]
            if named:
                tags[:3] = _from_name(relative)
            record = [size, stamp, *tags, _title_keys(tags[0]), named and tags[0] is not None,
                      recording_id]
            stats.read += 1
        records[relative] = record
        if progress is not None:
            progress(done, len(found))
    if cache and (stats.read or len(records) != len(known)):
        _save_cache(cache_file, records)
    return LibraryIndex(folder, root, records, stats)


def _audio_files(root: Path, stats: ScanStats) -> Iterator[tuple[str, int, int]]:
    """(path relative to root, size, stamp) of each audio file, walking every folder.

    Folder links are followed, each real folder once; what is passed over goes in ``stats``.
    """
    prefix_length = len(os.path.join(str(root), ""))
    started = time.time_ns()
    pending = [str(root)]
    seen: set[tuple[int, int]] = set()
    while pending:
        here = pending.pop()
        try:
            info = os.stat(here)
            entries = list(os.scandir(here))
        except OSError:
            stats.skip("unreadable folder", here)
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue  # reached again through a link: a loop, or a second way in
        seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            kind = _kind(entry, stats)
            if kind == "folder":
                pending.append(entry.path)
            elif kind is not None and os.path.splitext(entry.name)[1].lower() in AUDIO_SUFFIXES:
                if kind != "file":
                    stats.skip(kind, entry.path)
                    continue
                info_ = entry.stat()
                # Sliced rather than os.path.relpath: a rescan is mostly this loop.
                yield entry.path[prefix_length:], info_.st_size, _stamp(info_, started)


def _stamp(info: os.stat_result, started: int) -> int:
    """One number for a version of a file: its modification and change times and inode.
    A tag editor that keeps the modification time still changes the change time. A file
    changed within RACY_NS of the scan might change again unseen in the same clock tick: it
    gets -1, which no file matches, so it is read again next time."""
    if info.st_ctime_ns >= started - cache.RACY_NS:
        return -1
    return info.st_mtime_ns | info.st_ctime_ns << 64 | info.st_ino << 128


def _kind(entry: os.DirEntry[str], stats: ScanStats) -> str | None:
    """"folder", "file", or why an entry named like audio cannot be read; None to ignore."""
    try:
        mode = entry.stat().st_mode  # through links
    except OSError:
        if os.path.splitext(entry.name)[1].lower() in AUDIO_SUFFIXES:
            stats.skip("broken link", entry.path)
        return None
    if stat_kind.S_ISDIR(mode):
        return "folder"
    if stat_kind.S_ISREG(mode):
        return "file"
    return "not a regular file (a FIFO, device or socket)"


def _read_tags(path: Path, stats: ScanStats) -> list[Any]:
    """[title, artist, album, duration, MusicBrainz recording id] of a file; Nones where a
    tag is missing or unreadable."""
    import mutagen  # only a library scan needs it

    why = "not a format wkwmix can read tags from"
    try:
        audio = mutagen.File(path, easy=True)
    except OSError as e:
        audio, why = None, e.strerror or "it cannot be opened"
    except (mutagen.MutagenError, ValueError):
        audio, why = None, "not a file its format's reader understands"
    if audio is None:
        stats.unreadable += 1
        stats.unreadable_files.append((str(path), why))
        return [None, None, None, None, None]
    tags = audio.tags or {}
    length = getattr(audio.info, "length", None)
    return [_first(tags, "title"), _first(tags, "artist"), _first(tags, "album"),
            round(length, 3) if length else None, _recording_id(tags)]


def _recording_id(tags: object) -> str | None:
    """The MusicBrainz recording id a file is tagged with, or None.

    mutagen's easy keys read it from each format's own place: ID3's UFID frame of
    http://musicbrainz.org, Vorbis comments' MUSICBRAINZ_TRACKID, MP4's
    ``----:com.apple.iTunes:MusicBrainz Track Id``. The release track's id
    (``musicbrainz_releasetrackid``) names one track of one release, not the recording,
    and is never read. Anything that is not an id is ignored.
    """
    text = _first(tags, "musicbrainz_trackid")
    if text is None:
        return None
    text = text.lower()
    return text if _MBID.match(text) else None


def _first(tags: object, key: str) -> str | None:
    try:
        values = tags.get(key)  # type: ignore[attr-defined]
    except (KeyError, ValueError):
        return None
    if not values:
        return None
    text = str(values[0]).strip()
    return text or None


def _cache_file(root: Path) -> Path:
    digest = hashlib.sha256(str(root).encode()).hexdigest()[:24]
    return paths.cache_dir() / "library" / f"{digest}.json"


def _load_cache(cache_file: Path) -> dict[str, list[Any]]:
    """The cached records; one not as ``scan`` writes it (hand-edited, or from a bug) is left
    out, so its file is read again: a cache only ever costs work to rebuild."""
    entries = read_json(cache_file, _version(), "files")
    return {k: v for k, v in entries.items() if _valid_record(v)}


def _valid_record(record: Any) -> bool:
    """[size, stamp, title, artist, album, duration, title keys, named, recording id], each
    of its own type."""
    if not (isinstance(record, list) and len(record) == RECORD_LENGTH):
        return False
    size, stamp, title, artist, album, duration, keys, named, recording_id = record
    return (all(type(n) is int for n in (size, stamp)) and type(named) is bool
            and all(t is None or isinstance(t, str)
                    for t in (title, artist, album, recording_id))
            and (duration is None or type(duration) in (int, float))
            and isinstance(keys, list) and all(isinstance(k, str) for k in keys))


def _save_cache(cache_file: Path, records: dict[str, list[Any]]) -> None:
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs speed
        write_json(cache_file, _version(), "files", records)


def _version() -> str:
    """The index's version: its layout's, and the code that read the tags."""
    return f"{CACHE_VERSION}:{code_stamp()}"
