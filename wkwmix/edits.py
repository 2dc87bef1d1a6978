"""Mood edits: what tagging, untagging and defining moods change in the user's overlay.

The rules live here, below the command line: which tracks a tag names, which of them an
edit changes, and when an edit that was agreed to has grown since (the overlay changed
while the person was asked). ``App`` runs them against the overlay under its lock; the
CLI only asks, and says what happened.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from wkwmix.errors import WkwmixError
from wkwmix.model import Catalog, Track


class MoodChange(NamedTuple):
    """What one tag or untag did (or would do): the mood ids, the tracks it names, those
    it changed, and the first track's moods afterwards."""

    mood_ids: list[str]
    tracks: list[Track]
    changed: list[Track]
    now: tuple[str, ...]


class EditGrew(WkwmixError):
    """The overlay changed while the person was asked: more tracks would change than the
    ones they agreed to."""


def tracks_to_edit(seen: Catalog, base: Catalog, track: str | None,
                   query: str | None) -> list[Track]:
    """The tracks named, as the catalog has them (edits are made against the catalog).

    A query selects among the tracks as the user sees them, their own tags included.
    """
    from wkwmix import query as query_mod

    if query is not None:
        selected = query_mod.parse(query, seen).select(seen)
        if not selected:
            raise WkwmixError(f"{query}: no track matches the query; nothing changed")
        return [base.tracks[t.id] for t in selected]
    return [base.tracks[seen.find_track(track or "").id]]


def change_moods(data: dict[str, Any], seen: Catalog, base: Catalog, track: str | None,
                 names: list[str], query: str | None, remove: bool) -> MoodChange:
    """Tag (or untag) the tracks named, in the overlay's ``data``."""
    from wkwmix.store import overlay

    moods = overlay.vocabulary(base, data)
    mood_ids = [moods.resolve(name) for name in names]  # an unknown mood changes nothing
    tracks = tracks_to_edit(seen, base, track, query)
    change = overlay.untag if remove else overlay.tag
    changed = [t for t in tracks if change(data, t, mood_ids)]
    now = overlay.effective_moods(tracks[0], data["tracks"][tracks[0].id]) if tracks else ()
    return MoodChange(mood_ids, tracks, changed, now)


def mood_record(mood_id: str, description: str, valence: float, arousal: float,
                synonyms: tuple[str, ...]) -> dict[str, Any]:
    """A mood of the user's own, checked as the catalog's moods are."""
    from wkwmix.store.schema import Checker, check_mood_records

    raw = {"id": mood_id, "description": description, "synonyms": list(synonyms),
           "valence": valence, "arousal": arousal}
    checker = Checker("moods add")
    (record,) = check_mood_records(checker, [raw], []) or (None,)
    if record is None:
        raise WkwmixError("; ".join(p.message for p in checker.problems()))
    return record
