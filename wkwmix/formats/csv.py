"""CSV (``.csv``): one row per track, for spreadsheets; the csv module does the quoting."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from wkwmix.formats.json import track_record
from wkwmix.text import printable, spreadsheet_safe

if TYPE_CHECKING:
    from wkwmix.model import Playlist

COLUMNS = (
    "position", "id", "title", "artist", "film_title", "year", "duration",
    "estimated_duration", "moods", "heard", "location", "location_kind",
)


def render(playlist: Playlist, dest: Path | None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for position, entry in enumerate(playlist.entries, 1):
        record = {**track_record(entry), "position": position}
        record["moods"] = ", ".join(record["moods"])
        writer.writerow([_cell(record[c]) for c in COLUMNS])
    return out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str):
        return spreadsheet_safe(printable(value))
    return "" if value is None else value
