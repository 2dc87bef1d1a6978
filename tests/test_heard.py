"""How each track is heard in its film: a sourced fact, checked, shown, exported and
queried, and the rule that playlists draw on music the films use."""

from __future__ import annotations

import csv
import io
import json

import pytest
from catalog_support import problems, write

HEARD = """\
films:
  - {id: ce, title: Chungking Express, year: 1994}
tracks:
  - {id: ce/dreams, film: ce, title: Dreams, moods: [dream], heard: theme, duration: 265}
  - {id: ce/thoughts, film: ce, title: Random Thoughts, moods: [dream], heard: not-in-film,
     duration: 240}
  - {id: ce/cue, film: ce, title: Night Cue, moods: [dream], heard: album-only, duration: 100}
  - {id: ce/radio, film: ce, title: Radio, moods: [dream], heard: background, duration: 150}
  - {id: ce/unknown, film: ce, title: Unknown, moods: [dream], duration: 200}
"""


def test_a_heard_value_outside_the_list_is_named_with_its_line(tmp_path):
    path = write(tmp_path, HEARD.replace("heard: background", "heard: loud"))
    assert problems(path) == [
        f"{path}:8: heard: must be one of theme, featured, background, brief, album-only, "
        "not-in-film, not 'loud'"]


def test_show_says_how_a_track_is_heard(run, use_catalog):
    use_catalog(HEARD)
    shown = run("show", "ce/radio").stdout
    assert "Heard:             in the background: under dialogue, from a radio, or in part\n" \
        in shown
    assert "Heard" not in run("show", "ce/unknown").stdout


def test_json_and_csv_carry_the_fact(run, use_catalog):
    use_catalog(HEARD)
    record = json.loads(run("show", "ce/dreams", "--format", "json").stdout)
    assert record["heard"] == "theme"
    rows = list(csv.DictReader(io.StringIO(
        run("build", "id:ce/dreams", "-o", "-", "--format", "csv").stdout)))
    assert [row["heard"] for row in rows] == ["theme"]


def test_the_shipped_catalog_gives_most_tracks_a_sourced_heard(run):
    tracks = json.loads(run("ls", "--format", "json").stdout)
    heard = [t for t in tracks if t["heard"]]
    assert len(heard) >= 0.73 * len(tracks)
    for track in heard:  # the note says why, and a source is listed
        assert f"How it is heard ({track['heard']})" in (track["note"] or ""), track["id"]
        assert track["sources"], track["id"]


TWINS = """\
films:
  - {id: f, title: F, year: 2000}
  - {id: g, title: G, year: 2001}
tracks:
"""


def twins(heard_values: list[str]) -> str:
    # Tracks alike in all but how they are heard: one place, one length, other films.
    lines = [f"  - {{id: {'fg'[i % 2]}/t{i}, film: {'fg'[i % 2]}, title: T{i}, artist: A{i}, "
             f"duration: 200, moods: [dream], heard: {value}}}"
             for i, value in enumerate(heard_values)]
    return TWINS + "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", ["1", "2", "3", "4"])
def test_an_arc_takes_the_films_theme_over_a_background_cue_alike_in_all_else(
        run, use_catalog, seed):
    use_catalog(twins(["background", "brief", "theme", "background"]))
    result = run("build", "--arc", "dream,dream", "--limit", "1", "--seed", seed, "-f", "json")
    data = json.loads(result.stdout)
    assert [t["id"] for t in data["tracks"]] == ["f/t2"]
    assert data["arc"]["report"]["featured"] == 1
    assert "1 of 1 a film's theme or featured music" in result.stderr


@pytest.mark.parametrize("order", ["shuffle", "film"])
def test_a_fitted_playlist_draws_what_the_films_feature_first(run, use_catalog, order):
    use_catalog(twins(["background", "featured", "brief", "theme", "background", "brief"]))
    data = json.loads(run("build", "mood:dream", "--order", order, "--minutes", "6",
                          "--seed", "7", "-f", "json").stdout)
    assert sorted(t["id"] for t in data["tracks"]) == ["g/t1", "g/t3"]


def test_a_build_says_how_many_tracks_it_set_aside(run, use_catalog):
    use_catalog(HEARD)
    result = run("build", "mood:dream", "-o", "-", "--format", "m3u8")
    assert "  2 matching tracks that no source places in the film left out (a query takes " \
           "them with heard:album-only or heard:not-in-film)\n" in result.stderr
    asked = run("build", "mood:dream", "heard:album-only", "-o", "-", "--format", "m3u8")
    assert "left out" not in asked.stderr


def test_building_every_recipe_says_it_once(run, use_catalog, tmp_path):
    use_catalog(HEARD)
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    (recipes / "all.yaml").write_text("name: All\nquery: mood:dream\n", encoding="utf-8")
    (recipes / "cue.yaml").write_text("name: Cue\nquery: heard:album-only\n", encoding="utf-8")
    result = run("build", "--all", str(recipes), "-o", str(tmp_path / "out"))
    assert "matching tracks that no source places" not in result.stderr
    assert result.stderr.count("leave out music") == 1
    assert "1 of the 2 playlists leave out music that no source places in its film (a query " \
           "takes it with heard:album-only or heard:not-in-film)\n" in result.stderr
