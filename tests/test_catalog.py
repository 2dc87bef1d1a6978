"""Loading and validating catalogs: every problem reported at once, with file and line."""

from __future__ import annotations

import os

import pytest
from catalog_support import problems, write

from wkwmix.store import catalog as catalog_mod

GOOD = """\
version: 1
films:
  - id: chungking-express
    title: Chungking Express
    year: 1994
    sources: [https://en.wikipedia.org/wiki/Chungking_Express]
tracks:
  - id: chungking-express/dreams
    film: chungking-express
    title: Dreams
    alt_titles: [夢中人]
    artist: Faye Wong
    kind: song
    duration: "4:25"
    moods: [dream, longing]
  - id: chungking-express/california-dreamin
    film: chungking-express
    title: California Dreamin'
    artist: The Mamas & the Papas
    kind: song
    moods: [wanderlust]
    same_as: chungking-express/dreams
"""


def test_a_good_catalog_loads_into_typed_records(tmp_path):
    cat = catalog_mod.load(write(tmp_path, GOOD))
    dreams = cat.tracks["chungking-express/dreams"]
    assert dreams.duration == 265  # m:ss is accepted and stored as seconds
    assert dreams.alt_titles == ("夢中人",)
    assert cat.film_of(dreams).year == 1994
    assert cat.tracks["chungking-express/california-dreamin"].recording == dreams.id


def test_a_changed_file_is_read_again_not_served_from_the_cache(tmp_path):
    path = write(tmp_path, GOOD)
    assert len(catalog_mod.load(path)) == 2
    path.write_text(GOOD.replace("moods: [wanderlust]", "moods: [hope]"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime, whatever the clock's resolution
    assert catalog_mod.load(path).tracks["chungking-express/california-dreamin"].moods == ("hope",)


def test_a_missing_file_is_named(tmp_path):
    assert problems(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}: no such file"]


def test_an_empty_file_is_named(tmp_path):
    path = write(tmp_path, "\n  \n")
    assert problems(path) == [f"{path}: the file is empty"]


def test_malformed_yaml_gives_the_line(tmp_path):
    path = write(tmp_path, "films:\n  - id: x\n    title: [unclosed\ntracks: []\n")
    (found,) = problems(path)
    assert found.startswith(f"{path}:4: not valid YAML")


def test_tab_indentation_is_explained(tmp_path):
    path = write(tmp_path, "films:\n\t- id: x\n")
    assert problems(path) == [
        f"{path}:2: not valid YAML: a tab character is used for indentation; YAML needs spaces"]


def test_unknown_mood_gives_line_and_suggestion(tmp_path):
    path = write(tmp_path, GOOD.replace("moods: [dream, longing]", "moods: [dream, longng]"))
    assert problems(path) == [f"{path}:15: unknown mood 'longng'; did you mean: longing?"]


def test_every_problem_is_reported_at_once(tmp_path):
    bad = GOOD.replace("year: 1994", "year: soon").replace(
        "kind: song\n    duration", "kind: opera\n    duration").replace(
        "film: chungking-express\n    title: Dreams", "film: chungking-expres\n    title: Dreams")
    bad += "  - id: chungking-express/dreams\n    film: chungking-express\n    title: Again\n"
    bad += "    moods: [dream]\n    mood: [typo]\n"
    found = problems(write(tmp_path, bad))
    text = "\n".join(found)
    assert ":5: year: expected a year such as 1994, got 'soon'" in text
    assert ":13: kind: must be one of song, score, not 'opera'" in text
    assert "unknown field 'mood'; did you mean: moods?" in text
    assert len(found) == 3  # the bad film makes its tracks unusable, reported once per cause


def test_duplicate_ids_and_missing_fields(tmp_path):
    bad = GOOD + "  - id: chungking-express/dreams\n    film: chungking-express\n    title: X\n"
    bad += "    moods: [dream]\n  - id: chungking-express/untitled\n    film: chungking-express\n"
    found = "\n".join(problems(write(tmp_path, bad)))
    assert ":23: duplicate track id 'chungking-express/dreams'" in found
    assert ":27: chungking-express/untitled: missing required field 'title'" in found


def test_references_are_checked(tmp_path):
    bad = GOOD.replace("same_as: chungking-express/dreams", "same_as: chungking-express/dream")
    bad = bad.replace("id: chungking-express/california-dreamin",
                      "id: fallen-angels/california-dreamin")
    found = problems(write(tmp_path, bad))
    assert any("track id 'fallen-angels/california-dreamin' must start with its film id" in p
               for p in found)
    bad = GOOD.replace("same_as: chungking-express/dreams", "same_as: chungking-express/dream")
    (found,) = problems(write(tmp_path, bad, "b.yaml"))
    assert "same_as names no track: 'chungking-express/dream'; did you mean: " in found
    assert "chungking-express/dreams" in found


def test_wrong_types_are_named(tmp_path):
    bad = GOOD.replace("alt_titles: [夢中人]", "alt_titles: {zh: 夢中人}").replace(
        'duration: "4:25"', "duration: -3")
    found = "\n".join(problems(write(tmp_path, bad)))
    assert ":11: alt_titles: expected a list of text, got a mapping" in found
    assert ":14: duration: -3 s is not a plausible duration" in found


def test_a_user_catalog_may_define_its_own_moods(tmp_path):
    own = GOOD.replace("version: 1\n", "version: 1\nmoods:\n  - id: neon\n"
                       "    description: Night light.\n    valence: 0.2\n    arousal: 0.5\n")
    own = own.replace("moods: [wanderlust]", "moods: [neon]")
    cat = catalog_mod.load(write(tmp_path, own))
    assert "neon" in cat.moods and "dream" in cat.moods


def test_a_json_catalog_is_a_yaml_catalog(tmp_path):
    import json

    import yaml

    data = yaml.safe_load(GOOD)
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert len(catalog_mod.load(path)) == 2


def test_find_track_by_id_prefix_or_title(tmp_path):
    cat = catalog_mod.load(write(tmp_path, GOOD))
    assert cat.find_track("chungking-express/cal").title == "California Dreamin'"
    assert cat.find_track("夢中人").id == "chungking-express/dreams"
    with pytest.raises(Exception, match="matches 2 tracks"):
        cat.find_track("chungking-express/")


def test_a_broken_json_catalog_gives_the_line(tmp_path):
    path = write(tmp_path, '{"films": [],\n "tracks": [,]}\n', "catalog.json")
    assert problems(path) == [f"{path}:2: not valid JSON: Expecting value"]


def test_an_id_with_a_space_is_refused_with_its_line(run, use_catalog):
    path = use_catalog("films: [{id: f, title: F, year: 1990}]\ntracks:\n"
                       "  - {id: f/a b, film: f, title: T, moods: [dream]}\n")
    result = run("ls", expect=1)
    assert result.stderr == f"Error: {path}:3: id: an id has no spaces: 'f/a b'\n"


@pytest.mark.parametrize(("count", "code"), [(12, 0), (13, 1)])
def test_a_track_carries_at_most_twelve_moods(run, use_catalog, count, code):
    moods = ["dream", "longing", "isolation", "melancholy", "nostalgia", "romance", "obsession",
             "hope", "restlessness", "menace", "euphoria", "tenderness", "regret"][:count]
    path = use_catalog("films: [{id: f, title: F, year: 1990}]\ntracks:\n"
                       f"  - {{id: f/a, film: f, title: T, moods: [{', '.join(moods)}]}}\n")
    result = run("ls", "--format", "ids", expect=code)
    expected = ("f/a\n", "") if code == 0 else (
        "", f"Error: {path}:3: moods: a track has at most 12 moods, not 13\n")
    assert (result.stdout, result.stderr) == expected
