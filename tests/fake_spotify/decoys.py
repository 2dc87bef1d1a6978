"""A search index built from the catalog, with the decoys real searches turn up.

For each catalog track that names its artist, the genuine recording is indexed (sometimes
under an alternate title, sometimes with a " - Remastered" suffix, a song by two artists
as two artist names) together with decoys that are more popular than it: a karaoke take,
a "made famous by" sound-alike, a tribute album cut, a live take, a cover by another act and
a different song with the same title. Some tracks are left out of the index altogether
("absent"): only decoys exist for them, and the right answer is no match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fake_spotify.state import World

ABSENT_EVERY = 7  # every 7th track has no genuine recording on the stand-in


@dataclass(frozen=True)
class Case:
    track_id: str
    right_uri: str | None  # None: only decoys exist, the right answer is "no match"
    decoys: tuple[str, ...]


def populate(world: World, tracks: list) -> list[Case]:
    """Index the genuine recordings and their decoys; the expected answer for each track."""
    cases = []
    for n, track in enumerate(t for t in tracks if t.artist):
        right = None if n % ABSENT_EVERY == ABSENT_EVERY - 1 else _genuine(world, track, n)
        cases.append(Case(track.id, right, tuple(_decoys(world, track))))
    return cases


def _genuine(world: World, track, n: int) -> str:
    name = track.title
    if track.alt_titles and n % 3 == 1:
        name = track.alt_titles[0]  # listed on Spotify under another title
    elif n % 4 == 2:
        name = f"{track.title} - Remastered 2008"
    artists = [a for a in re.split(r"\s+(?:and|&)\s+", track.artist) if a]
    if "Orchestra" in track.artist or len(artists) > 2:
        artists = [track.artist]
    duration = (track.duration or 200) + (n % 3) - 1
    return world.add_track(name, artists, album=f"{track.title} (Original Soundtrack)",
                           duration=duration, popularity=40, seed=f"genuine-{track.id}")


def _decoys(world: World, track) -> list[str]:
    title, artist = track.title, track.artist
    duration = track.duration or 200
    return [
        world.add_track(f"{title} (Karaoke Version)", "Karaoke Hits Band",
                        album=f"Karaoke: {artist} Greatest Hits", duration=duration,
                        popularity=90, seed=f"karaoke-{track.id}"),
        world.add_track(f"{title} (Made Famous by {artist})", "Studio Sound Group",
                        album="Soundalike Favourites", duration=duration, popularity=85,
                        seed=f"famous-{track.id}"),
        world.add_track(title, "Starlite Singers", album=f"A Tribute to {artist}",
                        duration=duration, popularity=80, seed=f"tribute-{track.id}"),
        world.add_track(f"{title} - Live", artist, album=f"{artist} Live in Concert",
                        duration=duration + 40, popularity=75, seed=f"live-{track.id}"),
        world.add_track(title, "Lounge Cats", album=f"Lounge Cats Play {artist}",
                        duration=duration + 12, popularity=70, seed=f"cover-{track.id}"),
        world.add_track(title, "Another Singer", album=f"{title} and Other Songs",
                        duration=duration + 95, popularity=65, seed=f"same-title-{track.id}"),
    ]
