"""A track's place on the mood plane keeps faith with its tags: led by its first mood, and
never nearer a mood it lacks than to the nearest of its own."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from wkwmix import App
from wkwmix.moods import FIRST_MOOD_REACH

VOCABULARY = App(use_overlay=False).catalog.moods
MOOD_IDS = [m.id for m in VOCABULARY]


def where(mood_id: str) -> tuple[float, float]:
    mood = VOCABULARY[mood_id]
    return (mood.valence, mood.arousal)


def nearest_lacking_is_no_nearer(place: tuple[float, float], moods: list[str]) -> bool:
    own = min(math.dist(place, where(m)) for m in moods)
    return all(math.dist(place, where(m)) >= own for m in MOOD_IDS if m not in moods)


def test_every_shipped_track_sits_among_its_own_moods_led_by_the_first():
    tracks = list(App(use_overlay=False).catalog.tracks.values())
    for track in tracks:
        place = VOCABULARY.position(track.moods)
        assert nearest_lacking_is_no_nearer(place, list(track.moods)), track.id
        assert math.dist(place, where(track.moods[0])) <= FIRST_MOOD_REACH + 1e-9, track.id
    close = [t for t in tracks if math.dist(VOCABULARY.position(t.moods),
                                            where(t.moods[0])) <= 0.25]
    assert len(close) >= 0.9 * len(tracks)


@given(st.lists(st.sampled_from(MOOD_IDS), min_size=1, max_size=5, unique=True))
def test_any_list_of_moods_is_placed_faithfully(moods):
    place = VOCABULARY.position(moods)
    assert nearest_lacking_is_no_nearer(place, moods)
    assert math.dist(place, where(moods[0])) <= FIRST_MOOD_REACH + 1e-9


def test_the_order_of_the_moods_is_their_salience():
    dream_first = VOCABULARY.position(["dream", "euphoria"])
    euphoria_first = VOCABULARY.position(["euphoria", "dream"])
    assert math.dist(dream_first, where("dream")) < math.dist(dream_first, where("euphoria"))
    assert math.dist(euphoria_first, where("euphoria")) < math.dist(euphoria_first,
                                                                    where("dream"))


def test_show_names_the_moods_in_their_order(run):
    line = next(x for x in run("show", "chungking-express/dreams").stdout.splitlines()
                if x.startswith("Position:"))
    assert line.endswith("led by dream (+0.30, -0.30), then longing (-0.10, +0.20), then "
                         "romance (+0.70, +0.20), then playfulness (+0.70, +0.50)")
