"""Invariants of the catalog that ships with wkwmix: what users trust it for."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import yaml

from wkwmix.store import catalog as catalog_mod
from wkwmix.store.catalog import load_shipped_moods as load_shipped

FILMS = {
    "as-tears-go-by": 1988, "days-of-being-wild": 1990, "chungking-express": 1994,
    "ashes-of-time": 1994, "fallen-angels": 1995, "happy-together": 1997,
    "in-the-mood-for-love": 2000, "2046": 2004, "the-hand": 2004,
    "my-blueberry-nights": 2007, "the-grandmaster": 2013,
}
SOURCE = re.compile(r"^(https?://\S+|.{10,})$")


@pytest.fixture(scope="module")
def shipped():
    return catalog_mod.load()


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(catalog_mod.shipped_catalog_path().read_text(encoding="utf-8"))


def test_every_film_is_there_with_its_year(shipped):
    assert {f: shipped.films[f].year for f in FILMS} == FILMS


def test_every_film_has_an_original_title_and_a_source(shipped):
    for film in shipped.films.values():
        assert film.original_title, film.id
        assert film.sources and all(SOURCE.match(s) for s in film.sources), film.id


def test_every_film_has_tracks(shipped):
    counts = Counter(t.film for t in shipped)
    assert all(counts[f] >= 1 for f in shipped.films), counts


def test_ids_are_unique_in_the_file(raw):
    ids = [t["id"] for t in raw["tracks"]]
    assert len(ids) == len(set(ids))
    film_ids = [f["id"] for f in raw["films"]]
    assert len(film_ids) == len(set(film_ids))


def test_every_track_has_a_film_a_source_and_one_to_four_known_moods(shipped):
    for track in shipped:
        assert track.film in shipped.films
        assert track.sources and all(SOURCE.match(s) for s in track.sources), track.id
        assert 1 <= len(track.moods) <= 4, track.id
        assert all(m in shipped.moods for m in track.moods), track.id
        assert track.id.startswith(track.film + "/")


def test_durations_are_plausible(shipped):
    durations = [t.duration for t in shipped if t.duration is not None]
    assert durations, "some tracks have a sourced duration"
    assert all(30 <= d <= 20 * 60 for d in durations)


def test_every_cover_names_its_original(shipped):
    covers = [t for t in shipped if t.cover_of]
    assert covers
    for track in covers:
        assert track.cover_of.title, track.id
        assert track.kind == "song", track.id


def test_reused_recordings_point_back_to_an_earlier_film(shipped):
    reused = [t for t in shipped if t.same_as]
    assert reused
    for track in reused:
        original = shipped.tracks[track.same_as]
        assert shipped.film_of(original).year <= shipped.film_of(track).year, track.id


def test_the_vocabulary_has_at_least_16_moods_on_the_plane():
    moods = load_shipped()
    assert len(moods) >= 16
    for mood in moods:
        assert -1 <= mood["valence"] <= 1 and -1 <= mood["arousal"] <= 1
        assert mood["description"] and mood["synonyms"]
    synonyms = [s for m in moods for s in m["synonyms"]] + [m["id"] for m in moods]
    assert len(synonyms) == len(set(synonyms)), "a synonym names one mood only"


def test_the_vocabulary_fits_the_music(shipped):
    used = Counter(m for t in shipped for m in t.moods)
    assert len(used) >= 16, used


@pytest.mark.parametrize("words", [["mood:dream"], ["夢中人"], ["dreamlover"], ["Dreams", "faye"]])
def test_faye_wongs_dreams_is_found(run, words):
    ids = run("ls", "-f", "ids", *words).output.split()
    assert "chungking-express/dreams" in ids


def test_album_track_lists_name_tracks_of_their_own_film(shipped):
    albums = [(f, a) for f in shipped.films.values() for a in f.albums]
    assert albums
    for film, album in albums:
        for entry in album.tracks:
            if entry.id is not None:
                assert shipped.tracks[entry.id].film == film.id, (album.title, entry.id)


def test_the_2046_album_order_is_the_soundtrack_album(run, shipped):
    # Asked for by name, the album-only cues take their places too.
    result = run("build", "film:2046", "heard:theme,featured,background,album-only",
                 "--order", "album", "--format", "json")
    ids = [t["id"] for t in json.loads(result.stdout)["tracks"]]
    album = [t.id for t in shipped.films["2046"].albums[0].tracks if t.id in ids]
    assert ids[:len(album)] == album
    assert ids[:3] == ["2046/2046-main-theme", "2046/the-christmas-song-umebayashi-version",
                       "2046/interlude-i"]
    assert ids[-1] == "2046/oh-sio-potessi"  # on no album: after the album's tracks


def test_a_duration_says_what_it_is_the_length_of(shipped):
    for track in shipped:
        if track.duration is not None:
            assert track.duration_release, track.id
