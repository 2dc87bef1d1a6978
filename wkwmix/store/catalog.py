"""Loading the catalog: read a catalog file, validate every record, merge the user's overlay.

Checking every record is ``catalog_check``'s job. A file that passed is kept in the parse
cache as checked records, so the next run of any command skips both parsing and checking
and only builds the model's records.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from wkwmix import collector, names
from wkwmix.data import DATA_DIR
from wkwmix.model import Album, AlbumTrack, Catalog, CoverOf, Film, Track, track_facts
from wkwmix.moods import Vocabulary, parse_mood
from wkwmix.store import cache, files

# From this many tracks, a catalog's places on the mood plane are found with its records and
# kept in the parse cache. A smaller catalog (the shipped one) finds them in a millisecond or
# two when a build needs them: less than finding them would add to every first load.
KEEP_PLACES_FROM = 1_000


def shipped_catalog_path() -> Path:
    return DATA_DIR / "catalog.yaml"


def shipped_moods_path() -> Path:
    return DATA_DIR / "moods.yaml"


def load_shipped_moods() -> list[dict[str, Any]]:
    """The raw mood records of the vocabulary shipped with wkwmix."""
    data = cache.read(shipped_moods_path())
    return list(data.get("moods", []))


def load(path: Path | None = None, overlay: Path | None = None, *,
         progress: Callable[[str, float], None] | None = None) -> Catalog:
    """Load and validate a catalog file (the shipped one by default), then merge the
    user's overlay when one is given and exists."""
    path = path or shipped_catalog_path()
    with collector.paused(freeze=True):
        catalog = build(_validated_records(path, progress), str(path))
    if overlay is not None and (overlay.exists() or overlay.is_symlink()):
        from wkwmix.store import overlay as overlay_file

        catalog = overlay_file.merge(catalog, overlay)
    return catalog


def _validated_records(path: Path, progress: Callable[[str, float], None] | None = None,
                       ) -> dict[str, list[Any]]:
    """The catalog's records, checked; kept in the parse cache so a valid file is checked once."""
    question = cache.Question("rows", str(path), [path, shipped_moods_path()])
    cached: dict[str, list[Any]] | None = cache.get(question)
    if cached is not None:
        return cached
    reading = (lambda share: progress(str(path), share)) if progress is not None else None
    from wkwmix.store.catalog_check import validate  # a cold load only

    records = as_rows(validate(files.read(path, progress=reading), str(path),
                               load_shipped_moods()))
    if len(records["tracks"]) >= KEEP_PLACES_FROM:
        # Kept with the records they follow from: a build of a large catalog would
        # otherwise spend more on placing its tracks than a warm load spends on loading them.
        tracks = records["tracks"]
        records["places"] = _vocabulary(records).places(row[_MOODS] for row in tracks)
    if progress is not None:
        progress(str(path), 1.0)
    cache.put(question, records)
    return records


def from_data(raw: Any, name: str) -> Catalog:
    """A catalog from parsed data; raise DataError listing every problem with its line."""
    from wkwmix.store.catalog_check import validate

    return build(as_rows(validate(raw, name, load_shipped_moods())), name)


def as_rows(records: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Checked records with each track as a row of plain values in ``Track``'s field order:
    what the parse cache keeps, so that a warm load makes each track in one step."""
    rows = []
    for record in records["tracks"]:
        track = _track(record)
        cover = tuple(track.cover_of) if track.cover_of is not None else None
        rows.append((*track[:_COVER], cover, *track[_COVER + 1:]))
    return {**records, "tracks": rows}


_COVER = Track._fields.index("cover_of")
_MOODS = Track._fields.index("moods")


def build(records: dict[str, list[Any]], name: str) -> Catalog:
    """Catalog objects from checked records (tracks as rows, see ``as_rows``)."""
    vocabulary = _vocabulary(records)
    vocabulary.remember(records.get("places", ()))  # none when the records were not cached
    names.use_people(records.get("people", ()))
    films = {f["id"]: _film(f) for f in records["films"]}
    make = tuple.__new__
    tracks = {}
    for row in records["tracks"]:
        track = make(Track, row)
        if row[_COVER] is not None:
            track = track._replace(cover_of=CoverOf(*row[_COVER]))
        tracks[row[0]] = track
    return Catalog(films, tracks, vocabulary, files=[name])


def _vocabulary(records: dict[str, list[Any]]) -> Vocabulary:
    return Vocabulary(parse_mood(m, "catalog") for m in records["moods"])


def _film(record: dict[str, Any]) -> Film:
    return Film(
        id=record["id"],
        title=record["title"],
        year=record["year"],
        original_title=record.get("original_title"),
        composers=tuple(record.get("composers", ())),
        note=record.get("note"),
        sources=tuple(record.get("sources", ())),
        albums=tuple(_album(a) for a in record.get("albums", ())),
    )


def _album(record: dict[str, Any]) -> Album:
    return Album(
        title=record["title"],
        tracks=tuple(AlbumTrack(t["title"], t.get("id")) for t in record.get("tracks", ())),
        label=record.get("label"),
        year=record.get("year"),
        note=record.get("note"),
        sources=tuple(record.get("sources", ())),
    )


def _track(record: dict[str, Any]) -> Track:
    """A checked record as a Track: lists become tuples, a cover its record."""
    values: dict[str, Any] = {}
    for name in track_facts():
        if name in record:
            value = record[name]
            if name == "cover_of":
                value = CoverOf(value["title"], value.get("artist"))
            values[name] = tuple(value) if isinstance(value, list) else value
    return Track(**values)


