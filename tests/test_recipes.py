"""Recipes: reading and checking them (file:line for every problem), finding them by name,
and the recipes the project ships."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wkwmix import App
from wkwmix.errors import DataError, NotFoundError
from wkwmix.model import Recipe
from wkwmix.playlist import build
from wkwmix.store import catalog as catalog_mod
from wkwmix.store.recipes import check_against, check_folder, find_recipe, load_recipe

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "playlists").glob("*.yaml"))


@pytest.fixture(scope="module")
def shipped_catalog():
    return catalog_mod.load()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problem_texts(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_recipe(path)
    return [str(p) for p in caught.value.problems]


def test_a_full_recipe_reads_into_its_fields(tmp_path):
    path = write(tmp_path, "night.yaml", """\
name: Night
description: After dark.
query: mood:dream
arc: [dream, loneliness]
minutes: 30
limit: 12
seed: neon
formats: [m3u8, XSPF]
""")
    assert load_recipe(path) == Recipe(
        name="Night", description="After dark.", query="mood:dream", order="arc",
        arc=("dream", "loneliness"), minutes=30.0, limit=12, seed="neon",
        formats=("m3u8", "xspf"), path=path,
    )


def test_a_minimal_recipe_takes_its_name_from_the_file(tmp_path):
    recipe = load_recipe(write(tmp_path, "all-songs.yaml", "query: kind:song\n"))
    assert (recipe.name, recipe.order, recipe.formats, recipe.slug) == (
        "all-songs", "film", ("m3u8",), "all-songs")


def test_each_bad_field_is_named_with_its_line(tmp_path):
    path = write(tmp_path, "bad.yaml", """\
name: Bad
order: sideways
minutes: -5
limit: 2.5
formats: [m3u8, wav]
colour: blue
""")
    found = problem_texts(path)
    assert any(p.startswith(f"{path}:2: order: must be one of film, arc, shuffle") for p in found)
    assert any(p.startswith(f"{path}:3: minutes:") for p in found)
    assert any(p.startswith(f"{path}:4: limit: expected a whole number") for p in found)
    assert any(p.startswith(f"{path}:5: formats: unknown format 'wav'") for p in found)
    assert any(p.startswith(f"{path}:6: unknown field 'colour'") for p in found)
    assert len(found) == 5


def test_broken_yaml_gives_the_line(tmp_path):
    path = write(tmp_path, "broken.yaml", "name: X\narc: [dream, hope\nminutes: 3\n")
    [problem] = problem_texts(path)
    assert problem.startswith(f"{path}:") and "not valid YAML" in problem


def test_a_recipe_that_is_not_a_mapping_is_refused(tmp_path):
    [problem] = problem_texts(write(tmp_path, "list.yaml", "- dream\n- hope\n"))
    assert "a recipe is a mapping" in problem


def test_an_arc_order_needs_an_arc(tmp_path):
    [problem] = problem_texts(write(tmp_path, "arc.yaml", "name: A\n\norder: arc\n"))
    assert problem.startswith(f"{tmp_path / 'arc.yaml'}:3: order: arc needs an 'arc'")


def test_an_arc_with_another_order_is_refused(tmp_path):
    [problem] = problem_texts(write(tmp_path, "arc.yaml", "order: film\narc: [dream]\n"))
    assert ":2: an arc is only used with order: arc" in problem


def test_unknown_moods_and_bad_queries_are_found_against_the_catalog(tmp_path, shipped_catalog):
    path = write(tmp_path, "r.yaml", "name: R\nquery: mood:dreamy film:nowhere\n"
                                    "arc:\n  - dream\n  - hopeful\n  - isolatoin\n")
    found = [str(p) for p in check_against(load_recipe(path), shipped_catalog)]
    assert found[0].startswith(f"{path}:2: query: no film matches 'nowhere'")
    assert found[1] == f"{path}:6: arc: unknown mood 'isolatoin'; did you mean: isolation?"
    assert len(found) == 2  # 'dreamy' and 'hopeful' are synonyms of known moods


def test_building_a_recipe_with_an_unknown_mood_names_its_line(tmp_path, shipped_catalog):
    path = write(tmp_path, "r.yaml", "arc: [dream, nope]\n")
    with pytest.raises(DataError, match=rf"{path}:1: arc: unknown mood 'nope'"):
        App().build(load_recipe(path))


def test_find_recipe_by_path_file_name_or_recipe_name(tmp_path):
    write(tmp_path, "night-city.yaml", "name: Night City Songs\n")
    write(tmp_path, "broken.yaml", "name: [\n")
    assert find_recipe("night-city", tmp_path).name == "Night City Songs"
    assert find_recipe("Night City Songs", tmp_path).path == tmp_path / "night-city.yaml"
    assert find_recipe(str(tmp_path / "night-city.yaml")).name == "Night City Songs"
    with pytest.raises(NotFoundError, match=r"no recipe 'night-cty'.*did you mean: night-city"):
        find_recipe("night-cty", tmp_path)


def test_find_recipe_looks_in_playlists_by_default(tmp_path, monkeypatch):
    folder = tmp_path / "playlists"
    folder.mkdir()
    write(folder, "x.yaml", "name: Ex\n")
    monkeypatch.chdir(tmp_path)
    assert find_recipe("x").name == "Ex"


def test_check_folder_reports_every_recipe_problem(tmp_path, shipped_catalog):
    write(tmp_path, "a.yaml", "arc: [dream, nope]\n")
    write(tmp_path, "b.yaml", "order: 7\n")
    write(tmp_path, "notes.txt", "not a recipe")
    found = check_folder(shipped_catalog, tmp_path)
    assert [p.split(":")[0:2] for p in found] == [
        [str(tmp_path / "a.yaml"), "1"], [str(tmp_path / "b.yaml"), "1"]]
    assert check_folder(shipped_catalog, tmp_path / "absent") == []


def test_there_are_at_least_six_shipped_recipes():
    assert len(SHIPPED) >= 6


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_shipped_recipe_is_valid_and_builds(path, shipped_catalog):
    recipe = load_recipe(path)
    assert recipe.description, "a shipped recipe says what it is"
    assert check_against(recipe, shipped_catalog) == []
    playlist = build(shipped_catalog, recipe)
    assert len(playlist.tracks) >= 8, "a shipped recipe should make a real playlist"
    assert len({t.recording for t in playlist.tracks}) == len(playlist.tracks)
    if recipe.minutes:
        longest = max(e.seconds for e in playlist.entries)
        assert playlist.total_seconds - longest < recipe.minutes * 60


def test_the_latin_recipe_holds_the_trilogys_latin_records(shipped_catalog):
    playlist = build(shipped_catalog, load_recipe(ROOT / "playlists" / "latin-sixties.yaml"))
    films = {t.film for t in playlist.tracks}
    assert films == {"days-of-being-wild", "in-the-mood-for-love", "2046"}
    assert "in-the-mood-for-love/quizas-quizas-quizas" in {t.id for t in playlist.tracks}
    assert all("christmas" not in t.title.lower() for t in playlist.tracks)


def test_a_recipe_query_is_read_term_by_term(tmp_path, shipped_catalog):
    # One string with a field term and a bare word: two terms, not the mood "romance cole".
    recipe = load_recipe(write(tmp_path, "cole.yaml", "query: mood:romance cole\n"))
    assert check_against(recipe, shipped_catalog) == []
    titles = {t.title for t in build(shipped_catalog, recipe).tracks}
    assert "Quizás, Quizás, Quizás" in titles and all(
        "Cole" in t.artist for t in build(shipped_catalog, recipe).tracks)


def test_shipped_recipes_are_found_from_any_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./playlists here
    result = run("build", "-r", "dream-arc", "--limit", "2", "--format", "json")
    assert json.loads(result.stdout)["name"] == "Dream arc"
    (tmp_path / "playlists").mkdir()
    (tmp_path / "playlists" / "mine.yaml").write_text("name: Mine\nquery: mood:hope\n",
                                                      encoding="utf-8")
    assert "no recipe 'dream-arc'" in run("build", "-r", "dream-arc", expect=1).stderr
    assert json.loads(run("build", "-r", "mine", "-f", "json").stdout)["name"] == "Mine"


def shipped_playlists(shipped_catalog):
    return {path.stem: (load_recipe(path), build(shipped_catalog, load_recipe(path)))
            for path in SHIPPED}


def test_no_shipped_playlist_holds_music_no_source_places_in_the_film(shipped_catalog):
    for name, (recipe, playlist) in shipped_playlists(shipped_catalog).items():
        asked = recipe.query.split()
        for track in playlist.tracks:
            assert track.heard != "not-in-film", (name, track.id)
            assert track.heard != "album-only" or any("album-only" in w for w in asked), \
                (name, track.id)


def test_the_songs_people_know_these_films_by_are_in_the_shipped_playlists(shipped_catalog):
    held = {t.id for _, playlist in shipped_playlists(shipped_catalog).values()
            for t in playlist.tracks}
    known = ["chungking-express/dreams", "chungking-express/california-dreamin",
             "happy-together/cucurrucucu-paloma", "happy-together/happy-together",
             "my-blueberry-nights/the-story", "chungking-express/what-a-difference-a-day-makes",
             "in-the-mood-for-love/yumejis-theme", "in-the-mood-for-love/quizas-quizas-quizas",
             "as-tears-go-by/take-my-breath-away", "fallen-angels/only-you"]
    assert [k for k in known if k not in held] == []


def test_every_shipped_arc_meets_its_targets(shipped_catalog):
    playlists = shipped_playlists(shipped_catalog)
    for name, (recipe, playlist) in playlists.items():
        if recipe.order == "arc":
            assert playlist.arc_report.misses == (), name
    # The dream arc opens on a film's theme, not on an obscure cue.
    assert playlists["dream-arc"][1].tracks[0].id == "days-of-being-wild/always-in-my-heart"
