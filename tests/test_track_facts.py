"""Track facts (instrumental, original, characters, diegetic, scene, what a duration is of)
and film soundtrack albums: validated with file and line, queryable, shown, exported."""

from __future__ import annotations

import json

import pytest
import yaml
from catalog_support import problems, write

from wkwmix.model import Recipe
from wkwmix.playlist.build import build
from wkwmix.store import catalog as catalog_mod
from wkwmix.store import overlay as overlay_mod

FACTS = """\
version: 1
films:
  - id: ce
    title: Chungking Express
    year: 1994
    sources: [https://example.org/ce]
    albums:
      - title: Chungking Express OST
        label: Cinepoly
        year: 1994
        tracks:
          - {title: Dreams, id: ce/dreams}
          - {title: A missing cue}
          - {title: Baroque, id: ce/baroque}
        sources: [https://example.org/ost]
  - id: ab
    title: Ashes
    year: 1990
    sources: [https://example.org/ab]
tracks:
  - id: ce/california
    film: ce
    title: California Dreamin'
    moods: [wanderlust]
    instrumental: false
    original: false
    characters: [Faye, Cop 663]
    diegetic: true
    scene: Played at the Midnight Express snack bar
  - id: ce/baroque
    film: ce
    title: Baroque
    moods: [dream]
    instrumental: true
    original: true
    diegetic: false
    duration: "2:31"
    duration_release: Chungking Express OST (1994), track 3
    duration_version: soundtrack
  - id: ce/dreams
    film: ce
    title: Dreams
    moods: [dream]
    characters: [Fäye]
    album: 胡思亂想
    released: 1994
  - id: ab/theme
    film: ab
    title: Theme
    moods: [longing]
"""


def test_facts_load_into_the_records(tmp_path):
    cat = catalog_mod.load(write(tmp_path, FACTS))
    california = cat.tracks["ce/california"]
    assert (california.instrumental, california.original, california.diegetic) == (
        False, False, True)
    assert california.characters == ("Faye", "Cop 663")
    assert california.scene == "Played at the Midnight Express snack bar"
    baroque = cat.tracks["ce/baroque"]
    assert (baroque.duration, baroque.duration_release, baroque.duration_version) == (
        151, "Chungking Express OST (1994), track 3", "soundtrack")
    dreams = cat.tracks["ce/dreams"]
    assert (dreams.instrumental, dreams.original, dreams.diegetic) == (None, None, None)
    (album,) = cat.films["ce"].albums
    assert (album.title, album.label, album.year) == ("Chungking Express OST", "Cinepoly", 1994)
    assert [(t.title, t.id) for t in album.tracks] == [
        ("Dreams", "ce/dreams"), ("A missing cue", None), ("Baroque", "ce/baroque")]
    assert cat.films["ce"].album_positions() == {"ce/dreams": 0, "ce/baroque": 2}


@pytest.mark.parametrize("field", ["instrumental", "original", "diegetic"])
@pytest.mark.parametrize("value, shown", [
    ("maybe", "'maybe'"), ('"true"', "'true'"), ("1", "1"), ("[true]", "a list"),
])
def test_a_flag_must_be_a_real_boolean(tmp_path, field, value, shown):
    path = write(tmp_path, FACTS + f"    {field}: {value}\n")  # on the last track
    line = FACTS.count("\n") + 1
    assert problems(path) == [f"{path}:{line}: {field}: expected true or false, got {shown}"]


def test_the_catalog_cli_reports_a_bad_flag_with_file_line_and_status_1(run, use_catalog):
    path = use_catalog(FACTS.replace("diegetic: true", "diegetic: maybe"))
    result = run("check", expect=1)
    assert result.stderr == (
        f"Error: {path}:28: diegetic: expected true or false, got 'maybe'\n")


def test_bad_duration_facts_and_characters_are_named(tmp_path):
    bad = FACTS.replace("duration_version: soundtrack", "duration_version: remaster").replace(
        "characters: [Faye, Cop 663]", "characters: {name: Faye}").replace(
        "scene: Played at the Midnight Express snack bar", "scene: ''")
    path = write(tmp_path, bad)
    assert problems(path) == [
        f"{path}:27: characters: expected a list of text, got a mapping",
        f"{path}:29: scene: must not be empty",
        f"{path}:39: duration_version: must be one of soundtrack, same-recording, "
        "other-recording, not 'remaster'",
    ]


def test_duration_facts_need_a_duration(tmp_path):
    path = write(tmp_path, FACTS.replace('    duration: "2:31"\n', ""))
    assert problems(path) == [
        f"{path}:37: duration_release: only given with a duration (this track has none)",
        f"{path}:38: duration_version: only given with a duration (this track has none)",
    ]


def test_album_ids_must_name_catalog_tracks(tmp_path):
    path = write(tmp_path, FACTS.replace("{title: Baroque, id: ce/baroque}",
                                         "{title: Baroque, id: ce/barok}"))
    assert problems(path) == [
        f"{path}:14: album 'Chungking Express OST' track 3 names no track: 'ce/barok'; "
        "did you mean: ce/baroque?"]


def test_album_ids_are_checked_through_the_cli(run, use_catalog):
    path = use_catalog(FACTS.replace("{title: Dreams, id: ce/dreams}",
                                     "{title: Dreams, id: ce/nope}"))
    result = run("ls", expect=1)
    assert f"{path}:12: album 'Chungking Express OST' track 1 names no track: 'ce/nope'" in (
        result.stderr)


def test_bad_albums_are_named_with_their_lines(tmp_path):
    bad = FACTS.replace("        label: Cinepoly\n", "        label: Cinepoly\n        n: 3\n")
    bad = bad.replace("{title: A missing cue}", "{id: ce/dreams}").replace(
        "        year: 1994\n        tracks", "        year: someday\n        tracks")
    path = write(tmp_path, bad)
    assert problems(path) == [
        f"{path}:10: unknown field 'n'",
        f"{path}:11: year: expected a year such as 1994, got 'someday'",
        f"{path}:14: ce/dreams: missing required field 'title'",
    ]


def test_an_album_needs_a_track_list(tmp_path):
    bad = FACTS.replace(
        "        tracks:\n          - {title: Dreams, id: ce/dreams}\n"
        "          - {title: A missing cue}\n          - {title: Baroque, id: ce/baroque}\n",
        "        tracks: Dreams\n")
    path = write(tmp_path, bad)
    assert problems(path) == [f"{path}:11: 'tracks' must be a list"]


@pytest.mark.parametrize("query, expected", [
    ("instrumental:yes", ["ce/baroque"]),
    ("instrumental:no", ["ce/california"]),
    ("-instrumental:yes", ["ce/california", "ce/dreams", "ab/theme"]),
    ("original:true", ["ce/baroque"]),
    ("original:no", ["ce/california"]),
    ("diegetic:yes", ["ce/california"]),
    ("diegetic:no", ["ce/baroque"]),
    ("diegetic:yes,no", ["ce/california", "ce/baroque"]),
    ("character:faye", ["ce/california", "ce/dreams"]),  # case and accents ignored
    ("characters:663", ["ce/california"]),
    ("character:Cop 663", ["ce/california"]),
    ("scene:snack", ["ce/california"]),
])
def test_fact_queries_through_the_cli(run, use_catalog, query, expected):
    use_catalog(FACTS)
    result = run("ls", query, "--format", "ids", "--sort", "id")
    assert result.stdout.split() == sorted(expected)


def test_a_flag_query_takes_only_yes_or_no(run, use_catalog):
    use_catalog(FACTS)
    result = run("ls", "original:maybe", expect=2)
    assert "original is yes or no, not 'maybe' in 'original:maybe'" in result.stderr


def test_show_displays_the_facts(run, use_catalog):
    use_catalog(FACTS)
    california = run("show", "ce/california").stdout
    assert "Instrumental:      no\n" in california
    assert "Original:          no (pre-existing)\n" in california
    assert "Characters:        Faye, Cop 663\n" in california
    assert "Diegetic:          yes (heard in the film's world)\n" in california
    assert "Scene:             Played at the Midnight Express snack bar\n" in california
    baroque = run("show", "ce/baroque").stdout
    assert "Instrumental:      yes\n" in baroque
    assert "Original:          yes (written for this film)\n" in baroque
    assert "Diegetic:          no (heard by the audience only)\n" in baroque
    assert "Duration:          2:31\n" in baroque
    assert ("Duration of:       Chungking Express OST (1994), track 3 (soundtrack)\n"
            in baroque)
    assert "On album:          Chungking Express OST (1994), track 3\n" in baroque
    theme = run("show", "ab/theme").stdout
    assert "Instrumental" not in theme and "Diegetic" not in theme  # unknown: not shown
    assert "Recording from" not in theme
    assert "Recording from:    胡思亂想 (1994)\n" in run("show", "ce/dreams").stdout


def test_json_output_carries_the_facts(run, use_catalog):
    use_catalog(FACTS)
    (record,) = json.loads(run("ls", "id:ce/baroque", "--format", "json").stdout)
    assert {k: record[k] for k in ("instrumental", "original", "diegetic", "characters",
                                   "scene", "duration_release", "duration_version")} == {
        "instrumental": True, "original": True, "diegetic": False, "characters": [],
        "scene": None, "duration_release": "Chungking Express OST (1994), track 3",
        "duration_version": "soundtrack"}
    built = json.loads(run("build", "id:ce/california", "--format", "json").stdout)
    (track,) = built["tracks"]
    assert (track["instrumental"], track["original"], track["diegetic"]) == (False, False, True)
    assert track["characters"] == ["Faye", "Cop 663"]
    assert (track["duration_source"], track["duration_basis"]) == ("estimate", None)


def test_a_built_track_says_what_release_its_catalog_length_is_of(run, use_catalog):
    use_catalog(FACTS)
    built = json.loads(run("build", "id:ce/baroque", "--format", "json").stdout)
    (track,) = built["tracks"]
    assert (track["duration"], track["duration_source"], track["duration_basis"]) == (
        151, "catalog", "Chungking Express OST (1994), track 3 (soundtrack)")
    only_version = FACTS.replace("    duration_release: Chungking Express OST (1994), track 3\n",
                                 "")
    use_catalog(only_version)
    built = json.loads(run("build", "id:ce/baroque", "--format", "json").stdout)
    assert built["tracks"][0]["duration_basis"] == "soundtrack"


def test_overlay_export_keeps_the_facts_and_albums(run, use_catalog, tmp_path):
    use_catalog(FACTS)
    run("tag", "ce/california", "dream")
    exported = tmp_path / "mine.yaml"
    run("overlay", "export", "-o", str(exported))
    original = catalog_mod.load(write(tmp_path, FACTS, "again.yaml"))
    again = catalog_mod.load(exported)
    for track_id, track in original.tracks.items():
        mine = again.tracks[track_id]
        assert mine._replace(moods=track.moods) == track
    assert again.tracks["ce/california"].moods == ("wanderlust", "dream")
    assert again.films == original.films
    assert yaml.safe_load(exported.read_text())["tracks"][0]["diegetic"] is True


def test_export_keeps_false_flags_in_the_core(tmp_path):
    cat = catalog_mod.load(write(tmp_path, FACTS))
    data = overlay_mod.export(cat)
    baroque = next(t for t in data["tracks"] if t["id"] == "ce/baroque")
    assert baroque["diegetic"] is False
    assert catalog_mod.from_data(data, "exported").tracks == cat.tracks


def test_album_order_in_the_core(tmp_path):
    cat = catalog_mod.load(write(tmp_path, FACTS))
    playlist = build(cat, Recipe(name="x", order="album"))
    # the older film first; then Dreams and Baroque in album order; then the rest
    assert [t.id for t in playlist.tracks] == [
        "ab/theme", "ce/dreams", "ce/baroque", "ce/california"]
    by_film = build(cat, Recipe(name="x", order="film"))
    assert [t.id for t in by_film.tracks] == [
        "ab/theme", "ce/california", "ce/baroque", "ce/dreams"]


def test_album_order_through_the_cli_and_a_recipe(run, use_catalog, tmp_path):
    use_catalog(FACTS)
    result = run("build", "film:ce", "--order", "album", "--format", "json")
    assert [t["id"] for t in json.loads(result.stdout)["tracks"]] == [
        "ce/dreams", "ce/baroque", "ce/california"]
    recipe = tmp_path / "ost.yaml"
    recipe.write_text("name: OST\norder: album\nlimit: 2\n", encoding="utf-8")
    result = run("build", "-r", str(recipe), "--format", "json")
    data = json.loads(result.stdout)
    assert data["order"] == "album" and len(data["tracks"]) == 2
    ids = [t["id"] for t in data["tracks"]]
    rank = ["ab/theme", "ce/dreams", "ce/baroque", "ce/california"]
    assert ids == sorted(ids, key=rank.index)


def test_a_wrong_order_in_a_recipe_lists_album(run, use_catalog, tmp_path):
    use_catalog(FACTS)
    recipe = tmp_path / "bad.yaml"
    recipe.write_text("name: Bad\norder: albums\n", encoding="utf-8")
    result = run("build", "-r", str(recipe), expect=None)
    assert result.exit_code != 0
    assert "must be one of film, arc, shuffle, album, not 'albums'" in result.stderr


def test_the_counts_in_catalog_md_are_the_shipped_catalogs():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    printed = subprocess.run([sys.executable, str(root / "scripts" / "catalog_counts.py")],
                             capture_output=True, text=True, check=True, cwd=root).stdout
    assert printed.strip() in (root / "CATALOG.md").read_text(encoding="utf-8")
