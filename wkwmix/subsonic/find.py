"""Finding a catalog track in a Subsonic server's library: search, then score as for Spotify.

The server is searched (``search3``) by each of the track's titles as written (servers
such as Supysonic match one substring of title, artist or album, without folding accents,
so a title is never rewritten), then by its performer. Each song found is scored by the
same scorer as Spotify's results (title, performer, version words, length, album and
year; karaoke, tribute and cover versions are rejected), so a decoy in the library is
never taken. A sure match is used; a doubtful one is held for the user's review and left
out; what is not found is reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wkwmix.model import Track

SONGS_PER_SEARCH = 20
PREFIX = "subsonic:"  # a song's id as a candidate's "uri", to share the scorer

Search = Callable[[str], list[dict[str, Any]]]


@dataclass(frozen=True)
class Found:
    """What the server's library holds for one track."""

    track_id: str
    status: str  # "sure", "doubtful", "none", or "failed" (the server refused the search)
    song_id: str | None = None
    label: str = ""  # "Title — Artist (Album)" of the song found; for "failed", why
    score: float | None = None
    searches: int = 0

    @property
    def uri(self) -> str | None:
        """The song to put in the playlist: a sure match only."""
        return self.song_id if self.status == "sure" else None


def as_item(song: dict[str, Any]) -> dict[str, Any]:
    """A Subsonic song in the shape the scorer reads (Spotify's track object)."""
    duration = song.get("duration")
    year = song.get("year")
    return {"name": song.get("title") or "", "uri": PREFIX + str(song.get("id") or ""),
            "artists": [{"name": song.get("artist") or ""}],
            "album": {"name": song.get("album") or "",
                      "release_date": str(year) if isinstance(year, int) else None},
            "duration_ms": duration * 1000 if isinstance(duration, (int, float)) else None}


def queries(track: Track) -> list[str]:
    """Each title as written, then the performer (the scorer sorts out which song)."""
    texts = [track.title, *track.alt_titles]
    if track.artist:
        texts.append(track.artist)
    return list(dict.fromkeys(t.strip() for t in texts if t.strip()))


def find(track: Track, search: Search, year: int | None = None) -> Found:
    """Search until a sure match turns up; the best found, with how many searches it took."""
    from wkwmix.spotify.found import status_of
    from wkwmix.spotify.match import best

    found = None
    spent = 0
    for text in queries(track):
        items = [as_item(song) for song in search(text)]
        spent += 1
        candidate = best(track, items, year)
        if candidate and (found is None or candidate.score > found.score):
            found = candidate
        if found is not None and status_of(found) == "sure":
            break
    if found is None:
        return Found(track.id, "none", searches=spent)
    label = f"{found.label} ({found.album})" if found.album else found.label
    return Found(track.id, status_of(found), found.uri[len(PREFIX):], label, found.score,
                 spent)
