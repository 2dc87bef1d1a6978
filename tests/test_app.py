"""The application object and the rules it owns: recipe-or-query, where files live, dry runs."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from wkwmix import App
from wkwmix.errors import DataError, NotFoundError
from wkwmix.model import BuildOptions, Recipe
from wkwmix.store import paths


def test_app_builds_a_playlist_from_a_query_without_click():
    playlist = App().build("mood:dream")
    assert playlist.tracks[0].title == "Always in My Heart"
    assert all("dream" in t.moods for t in playlist.tracks)
    assert playlist.selected == len(playlist.tracks) == 8
    assert playlist.set_aside == 2  # Random Thoughts is not in the film, Opium only on its album


def test_the_python_entry_point_works_in_a_fresh_process(tmp_path):
    code = "from wkwmix import App; print(App().build('mood:dream').tracks[0].title)"
    env = {**os.environ, "WKWMIX_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "Always in My Heart\n", "")


def test_a_recipe_name_is_a_recipe_and_other_words_are_a_query():
    app = App()
    recipe = app.recipe_or_query("night-city")
    assert recipe.is_recipe and recipe.recipe.name == "Night city"
    assert recipe.note is None
    query = app.recipe_or_query(["mood:dream", "year:1990"])
    assert not query.is_recipe and query.recipe.query == "mood:dream year:1990"


def test_when_both_readings_are_possible_the_recipe_wins_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "playlists").mkdir()
    (tmp_path / "playlists" / "dreams.yaml").write_text("name: Mine\nquery: mood:hope\n",
                                                        encoding="utf-8")
    chosen = App().recipe_or_query("dreams")
    assert chosen.is_recipe and chosen.recipe.query == "mood:hope"
    assert chosen.note == ("'dreams' is the recipe 'playlists/dreams.yaml' (as a query it "
                           "would select 1 tracks; quote it as 'title:dreams' for that)")


def test_build_and_sync_read_a_recipe_name_by_the_same_rule(run):
    built = json.loads(run("build", "night-city", "--format", "json").stdout)
    assert built["name"] == "Night city" and len(built["tracks"]) > 0


def test_build_explains_which_reading_it_took(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "playlists").mkdir()
    (tmp_path / "playlists" / "dreams.yaml").write_text("name: Mine\nquery: mood:hope\n",
                                                        encoding="utf-8")
    result = run("build", "dreams", "--format", "txt")
    assert result.stderr.startswith("note: 'dreams' is the recipe 'playlists/dreams.yaml'")


def test_options_replace_the_recipes_own_and_a_changed_query_forgets_the_file(tmp_path):
    recipe = Recipe(name="r", query="mood:dream", minutes=30, path=tmp_path / "r.yaml")
    same = BuildOptions(limit=3).apply_to(recipe)
    assert (same.limit, same.minutes, same.path) == (3, 30, recipe.path)
    narrowed = BuildOptions(narrow="year:1994").apply_to(recipe)
    assert (narrowed.query, narrowed.path) == ("mood:dream year:1994", None)
    arced = BuildOptions(arc=("dream", "hope")).apply_to(recipe)
    assert (arced.order, arced.arc, arced.path) == ("arc", ("dream", "hope"), None)


def test_a_recipe_file_with_problems_is_refused_before_building(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\narc: [dream, nope]\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"{bad}:2: arc: unknown mood 'nope'"):
        App().build(str(bad))


def test_a_missing_recipe_folder_is_named(tmp_path):
    with pytest.raises(NotFoundError, match="no recipes"):
        App().recipes_in(tmp_path)


# --- where files live -------------------------------------------------------------------------


@pytest.fixture
def platform_home(tmp_path, monkeypatch):
    """No WKWMIX_HOME: the platform's folders, under a temporary home."""
    monkeypatch.delenv("WKWMIX_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG layout is Linux's")
def test_config_data_and_cache_each_have_the_platforms_place(platform_home):
    assert paths.config_dir() == platform_home / ".config" / "wkwmix"
    assert paths.data_dir() == platform_home / ".local" / "share" / "wkwmix"
    assert paths.cache_dir() == platform_home / ".cache" / "wkwmix"
    assert paths.overlay_path() == platform_home / ".local" / "share" / "wkwmix" / "overlay.yaml"
    assert paths.token_path() == platform_home / ".config" / "wkwmix" / "spotify-token.json"


def test_wkwmix_home_overrides_every_place(tmp_path, monkeypatch):
    monkeypatch.setenv("WKWMIX_HOME", str(tmp_path))
    assert {k: str(v) for k, v in paths.all_paths().items()} == {
        "config": str(tmp_path), "data": str(tmp_path), "cache": str(tmp_path / "cache"),
        "overlay": str(tmp_path / "overlay.yaml"),
        "spotify token": str(tmp_path / "spotify-token.json"),
        "spotify playlists": str(tmp_path / "spotify-playlists.json"),
        "subsonic login": str(tmp_path / "subsonic-login.json"),
        "subsonic playlists": str(tmp_path / "subsonic-playlists.json"),
    }


def test_paths_command_lists_every_place(run, wkwmix_home):
    rows = json.loads(run("paths", "--format", "json").stdout)
    assert [r["name"] for r in rows] == ["config", "data", "cache", "overlay", "spotify token",
                                         "spotify playlists", "subsonic login",
                                         "subsonic playlists"]
    assert rows[3]["path"] == str(wkwmix_home / "overlay.yaml")


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG layout is Linux's")
def test_an_overlay_left_by_an_older_wkwmix_is_moved_not_lost(platform_home, run):
    old = platform_home / ".config" / "wkwmix" / "overlay.yaml"
    old.parent.mkdir(parents=True)
    old.write_text("version: 1\ntracks:\n  chungking-express/dreams: {add: [hope]}\n",
                   encoding="utf-8")
    show = json.loads(run("show", "chungking-express/dreams", "--format", "json").stdout)
    assert "hope" in show["moods"]
    new = platform_home / ".local" / "share" / "wkwmix" / "overlay.yaml"
    assert new.read_text(encoding="utf-8").endswith("{add: [hope]}\n") and not old.exists()


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG layout is Linux's")
def test_folders_that_hold_tokens_are_private_and_the_cache_is_in_the_cache_dir(
        platform_home, run):
    run("tag", "chungking-express/dreams", "hope")
    run("ls", "mood:hope")
    data = platform_home / ".local" / "share" / "wkwmix"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "overlay.yaml").stat().st_mode) == 0o600
    cached = list((platform_home / ".cache" / "wkwmix" / "parsed").iterdir())
    assert cached and all(p.suffix == ".marshal" for p in cached)
    assert not (platform_home / ".config" / "wkwmix" / "cache").exists()


def test_the_parse_cache_keeps_one_entry_per_catalog_path(use_catalog, run, wkwmix_home):
    text = "films: [{id: f, title: F, year: 1990}]\ntracks:\n"
    for n in range(3):
        use_catalog(text + f"  - {{id: f/t{n}, film: f, title: T{n}, moods: [dream]}}\n")
        assert run("ls", "--format", "ids").stdout == f"f/t{n}\n"
    entries = sorted(p.name.split("-")[0] for p in (wkwmix_home / "cache" / "parsed").iterdir())
    assert entries == ["parsed", "rows"]  # the moods file parsed, the catalog checked


def test_an_arc_build_asked_again_takes_the_remembered_answer(monkeypatch):
    from wkwmix.playlist import search

    app = App()
    first = app.build("dream-arc")
    assert first.tracks

    def no_search(self):
        raise AssertionError("searched again")

    monkeypatch.setattr(search._Search, "run", no_search)
    again = App().build("dream-arc")
    assert [t.id for t in again.tracks] == [t.id for t in first.tracks]
    assert again.arc_report == first.arc_report
    with pytest.raises(AssertionError, match="searched again"):  # another question
        App().build("dream-arc", options=BuildOptions(seed=99))


def test_a_remembered_answer_that_no_longer_fits_is_searched_again(monkeypatch):
    from wkwmix.playlist.search import _answer

    assert _answer([["not/a-track"], True, None], []) is None
    assert _answer("garbage", []) is None


def test_the_catalog_with_resolved_uris_is_made_once_while_the_cache_is_unchanged():
    from dataclasses import asdict

    from wkwmix.spotify.found import Candidate
    from wkwmix.spotify.resolve import signature
    from wkwmix.store import resolutions

    app = App()
    first = app.playable_catalog()
    assert app.playable_catalog() is first  # build --all asks once per playlist
    track = app.catalog.tracks["chungking-express/dreams"]
    uri = "spotify:track:" + "A" * 22
    found = Candidate(uri, track.title, (track.artist or "",), "", 265, 0.95)
    resolutions.write({track.id: {"signature": signature(track), "title": track.title,
                                  "candidate": asdict(found)}})
    again = app.playable_catalog()
    assert again is not first
    assert (first.tracks[track.id].spotify, again.tracks[track.id].spotify) == (None, uri)


def test_two_apps_with_their_own_homes_keep_to_them(tmp_path, monkeypatch):
    monkeypatch.delenv("WKWMIX_HOME")
    first, second = App(home=tmp_path / "a"), App(home=tmp_path / "b")
    track = first.catalog.tracks["chungking-express/dreams"]
    with first.editing_overlay() as data:
        data["tracks"].setdefault("chungking-express/dreams", {})["add"] = ["grief"]
    assert "WKWMIX_HOME" not in os.environ
    assert first.overlay_path == tmp_path / "a" / "overlay.yaml"
    assert second.overlay_path == tmp_path / "b" / "overlay.yaml"
    assert first.overlay_path.exists() and not second.overlay_path.exists()
    assert "grief" in App(home=tmp_path / "a").catalog.tracks[track.id].moods
    assert "grief" not in second.catalog.tracks[track.id].moods
