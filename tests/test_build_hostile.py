"""`build`, `play`, `sync`, `resolve` and `check` against what a careless or hostile run
throws at them: each case ends with a clear message and the right exit code, or the right
files, never a traceback."""

# The stand-in's fixtures are imported by name, so test parameters share their names.
# ruff: noqa: F811

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from fake_spotify.fixtures import (  # noqa: F401  (the stand-in's fixtures, used by name)
    PINNED_TRACKS,
    fake_spotify,
    free_port,
    logged_in,
    world,
)


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """An empty working folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


# --- 1. one definition of the recipe options ----------------------------------------------

RECIPE_OPTIONS = ("--minutes", "--limit", "--order", "--arc", "--seed")


def option_help(help_text: str, option: str) -> str:
    """The help entry of ``option`` (its flags and text), with the wrapping undone."""
    entries = re.split(r"\n(?=  -)", help_text.split("Options:\n", 1)[1])
    found = [e for e in entries if re.match(rf"\s*(-\w, )?{option}\b", e)]
    assert len(found) == 1, (option, entries)
    return " ".join(found[0].split())


def test_build_play_and_sync_describe_the_recipe_options_alike(run):
    helps = {name: run(name, "--help").stdout for name in ("build", "play", "sync")}
    for option in RECIPE_OPTIONS:
        described = {name: option_help(text, option) for name, text in helps.items()}
        assert len(set(described.values())) == 1, described
    assert option_help(helps["sync"], "--seed") == (
        "--seed TEXT Seed for the shuffle and for choosing among equals (a shuffle without "
        "one draws a new seed and prints it).")


def test_sync_takes_the_recipe_options_as_build_does(run, world):
    result = run("sync", "mood:dream", "--name", "Dreams", "--limit", "3", "--dry-run")
    assert "Spotify playlist 'Dreams' (new):\n  create it with 3 tracks" in result.output
    shuffled = run("sync", "mood:dream", "--order", "shuffle", "--dry-run")
    assert re.search(r"^wkwmix: mood:dream: shuffled with seed \d+ \(repeat it with --seed "
                     r"\d+\)$", shuffled.stderr, re.M), shuffled.stderr
    bad = run("sync", "mood:dream", "--arc", "dream,nope", "--dry-run", expect=2)
    assert bad.stderr.endswith("Error: Invalid value for '--arc': unknown mood 'nope'; did you "
                               "mean: hope?\n")


# --- 2. -o with a trailing slash is a folder ------------------------------------------------

RECIPE = """\
name: Longing
query: mood:longing
"""


def test_an_output_ending_in_a_slash_is_a_folder_made_for_the_files(run, small, here):
    (here / "longing.yaml").write_text(RECIPE, encoding="utf-8")
    result = run("build", "-r", "longing.yaml", "-o", "out/", "--format", "m3u8",
                 "--format", "xspf")
    assert sorted(p.name for p in (here / "out").iterdir()) == ["longing.m3u8", "longing.xspf"]
    assert not (here / "out.m3u8").exists() and not (here / "out.xspf").exists()
    assert "wrote out/longing.m3u8\nwrote out/longing.xspf\n" in result.stderr
    single = run("build", "mood:dream", "-o", "dreams/")
    assert [p.name for p in (here / "dreams").iterdir()] == ["mood-dream.m3u8"]
    assert single.stderr.endswith("wrote dreams/mood-dream.m3u8\n")


# --- 3. build --all builds what it can --------------------------------------------------------


def recipes(folder: Path, **texts: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return folder


def test_all_builds_the_good_recipes_and_names_each_broken_one(run, small, here):
    recipes(here / "mine", good__yaml=RECIPE, dreams__yaml="query: mood:dream\n",
            broken__yaml="name: Broken\norder: sideways\n",
            unclosed__yaml="name: [Unclosed\n", moodless__yaml="arc: [dream, nope]\n")
    result = run("build", "--all", "mine", "-o", "out", "--format", "m3u8", expect=1)
    assert sorted(p.name for p in (here / "out").iterdir()) == ["dreams.m3u8", "good.m3u8"]
    lines = result.stderr.splitlines()
    assert "mine/broken.yaml:2: order: must be one of film, arc, shuffle, album, not 'sideways'" \
        in lines
    assert any(line.startswith("mine/unclosed.yaml:") for line in lines), lines
    assert "mine/moodless.yaml:1: arc: unknown mood 'nope'; did you mean: hope?" in lines
    assert "wrote 2 files to out (2 playlists as m3u8)" in lines
    assert lines[-1] == ("Error: 3 of 5 recipes were not built (their problems are above): "
                         "mine/broken.yaml, mine/moodless.yaml, mine/unclosed.yaml")
    assert "Traceback" not in result.stderr


def test_all_playable_writes_the_recipes_that_can_play(run, small, here):
    recipes(here / "mine", longing__yaml=RECIPE, dreams__yaml="query: mood:dream\n")
    result = run("build", "--all", "mine", "-o", "out", "--format", "m3u8", "--playable",
                 expect=1)
    assert [p.name for p in (here / "out").iterdir()] == ["longing.m3u8"]
    lines = result.stderr.splitlines()
    assert ("mine/dreams.yaml: dreams: none of the 1 tracks that match can play yet (no "
            "local file or Spotify link); add --library FOLDER or run `wkwmix resolve`, or "
            "leave out --playable") in lines
    assert lines[-1] == ("Error: 1 of 2 recipes were not built (their problems are above): "
                         "mine/dreams.yaml")


# --- 4. two recipes that would write one file ------------------------------------------------


def test_recipes_that_would_write_one_file_are_refused_before_any_is_written(run, small, here):
    recipes(here / "mine", a__yaml="query: mood:dream\n", a__yml="query: mood:longing\n",
            b__yaml="query: mood:hope\n")
    result = run("build", "--all", "mine", "-o", "out", "--format", "m3u8", expect=1)
    assert result.stderr == ("Error: mine/a.yaml and mine/a.yml would both be written to "
                             "out/a.m3u8 (files are named after their recipe's file): rename "
                             "one of them.\nNothing was written.\n")
    assert not (here / "out").exists()


def test_a_recipe_named_index_would_overwrite_the_index_page_and_is_refused(run, small, here):
    recipes(here / "mine", index__yaml="query: mood:dream\n", b__yaml="query: mood:hope\n")
    result = run("build", "--all", "mine", "-o", "out", "--format", "html", expect=1)
    assert result.stderr == ("Error: mine/index.yaml would be written to out/index.html, the "
                             "index page of --all: rename the recipe file.\n"
                             "Nothing was written.\n")
    assert not (here / "out").exists()
    fine = run("build", "--all", "mine", "-o", "out", "--format", "m3u8")
    assert sorted(p.name for p in (here / "out").iterdir()) == ["b.m3u8", "index.m3u8"]
    assert "wrote 2 files to out (2 playlists as m3u8)" in fine.stderr


# --- 5. a playlists folder without recipes hides nothing ---------------------------------------

SHIPPED = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "playlists").glob(
    "*.yaml"))


def test_a_playlists_folder_with_no_recipe_does_not_hide_the_shipped_ones(run, here):
    (here / "playlists").mkdir()
    (here / "playlists" / "old.m3u").write_text("#EXTM3U\n", encoding="utf-8")
    one = run("build", "-r", "night-city", "--format", "json")
    assert '"name": "Night city"' in one.stdout
    run("build", "--all", "-o", "out", "--format", "m3u8")
    assert sorted(p.stem for p in (here / "out").iterdir()) == SHIPPED
    assert (here / "playlists" / "old.m3u").read_text(encoding="utf-8") == "#EXTM3U\n"


# --- 6. play counts what it says it counts -------------------------------------------------------

AUDIO = Path(__file__).parent / "data" / "audio"


@pytest.fixture
def player(tmp_path, monkeypatch) -> Path:
    """A stand-in mpv, alone on PATH, that records the playlist it was given."""
    folder = tmp_path / "bin"
    folder.mkdir()
    record = tmp_path / "mpv.args"
    script = folder / "mpv"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" > "{record}"\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv("WKWMIX_PLAYER", raising=False)
    return record


def test_play_counts_agree_and_read_as_english(run, small, player, tmp_path):
    import shutil

    music = tmp_path / "Music"
    shutil.copytree(AUDIO, music)
    one = run("play", "title:yumeji", "--library", str(music))
    playlist = player.read_text(encoding="utf-8").strip()
    assert one.stderr.splitlines()[-1] == f"Playing 1 track with mpv: {playlist}"
    film = run("play", "film:cx", "--library", str(music))
    playlist = player.read_text(encoding="utf-8").strip()
    assert film.stderr.splitlines()[-3:] == [
        "wkwmix: film:cx: 2 tracks, 0:04",
        f"1 of the 3 matching tracks has no file in {music} and is left out",
        f"Playing 2 tracks with mpv: {playlist}"]
    (music / "quizas.m4a").unlink()
    (music / "yumeji.ogg").unlink()
    several = run("play", "film:cx,ml", "--library", str(music))
    playlist = player.read_text(encoding="utf-8").strip()
    assert several.stderr.splitlines()[-3:] == [
        "wkwmix: film:cx,ml: 2 tracks, 0:04",
        f"3 of the 5 matching tracks have no file in {music} and are left out",
        f"Playing 2 tracks with mpv: {playlist}"]


def test_nothing_to_play_counts_the_tracks_the_summary_counted(run, small, player, tmp_path):
    result = run("play", "mood:longing,dream", "--limit", "2", expect=1)
    assert result.stderr.splitlines() == [
        "wkwmix: mood:longing,dream: 2 tracks, about 5:00 (2 durations estimated), "
        "1 unresolved",
        "Error: Nothing to play for 'wkwmix: mood:longing,dream' (2 tracks): add --library "
        "~/Music to play them from your own files, or run `wkwmix sync mood:longing,dream` to "
        "play them on Spotify (after `wkwmix spotify login`)."]
    empty = tmp_path / "Empty"
    empty.mkdir()
    result = run("play", "mood:longing,dream", "--library", str(empty), expect=1)
    assert result.stderr.splitlines()[-1] == (
        f"Error: Nothing to play for 'wkwmix: mood:longing,dream': none of the 3 matching "
        f"tracks is in {str(empty)!r}; run `wkwmix sync mood:longing,dream` to play them on "
        "Spotify (after `wkwmix spotify login`).")
    assert not any(" 0 tracks" in line for line in result.stderr.splitlines())
    alone = run("play", "title:yumeji", "--library", str(empty), expect=1)
    assert alone.stderr.splitlines()[-1] == (
        f"Error: Nothing to play for 'wkwmix: title:yumeji': its one matching track is not in "
        f"{str(empty)!r}; run `wkwmix sync title:yumeji` to play it on Spotify (after "
        "`wkwmix spotify login`).")
    assert not player.exists()


# --- 7. resolve starts no progress line before it fails ------------------------------------------


def test_resolve_without_a_login_says_only_that(run, small):
    result = run("resolve", "title:yumeji", expect=1)
    assert result.stderr == ("Error: You are not logged in to Spotify (or the login has "
                             "expired); run `wkwmix spotify login` first.\n")
    assert result.stdout == ""


# --- 8. check checks every recipe and says so ---------------------------------------------------


def test_check_says_how_many_recipes_it_checked(run, small, here):
    recipes(here / "playlists", longing__yaml=RECIPE, dreams__yaml="query: mood:dream\n")
    result = run("check")
    assert result.stdout == (f"ok: 2 films, 5 tracks, 20 moods ({small}); "
                             "2 recipes (playlists)\n")


def test_check_names_every_problem_of_every_recipe(run, small, here):
    recipes(here / "playlists", good__yaml=RECIPE,
            two__yaml="name: Two\norder: sideways\nquery: mood:nope\n",
            three__yaml="name: Three\nlimit: 0\narc: [dream, nope]\nformats: [wav]\n")
    result = run("check", expect=1)
    assert result.stderr == (
        "Error: 5 problem(s):\n"
        "  playlists/three.yaml:2: limit: 0 is not a usable track count (1 or more)\n"
        "  playlists/three.yaml:3: arc: unknown mood 'nope'; did you mean: hope?\n"
        "  playlists/three.yaml:4: formats: unknown format 'wav' (formats: m3u8, xspf, jspf, json, "
        "csv, txt, html)\n"
        "  playlists/two.yaml:2: order: must be one of film, arc, shuffle, album, not "
        "'sideways'\n"
        "  playlists/two.yaml:3: query: unknown mood 'nope' in 'mood:nope'; did you mean: "
        "hope?\n")


# --- 9. -v names what it counts; the hints know a library was given ----------------------------


def test_verbose_names_the_unreadable_files_it_counts(run, small, tmp_path):
    music = tmp_path / "Music"
    music.mkdir()
    (music / "broken.mp3").write_bytes(b"not audio at all")
    (music / "x.flac").write_bytes(b"fLaC but not really")
    quiet = run("build", "film:cx", "--library", str(music), "-f", "json")
    assert "library: 2 audio files (2 read, 0 unchanged, 2 unreadable)\n" in quiet.stderr
    assert "broken.mp3" not in quiet.stderr
    (music / "broken.mp3").write_bytes(b"still not audio")  # read again
    (music / "x.flac").write_bytes(b"fLaC, still not really")
    loud = run("build", "film:cx", "--library", str(music), "-f", "json", "-v")
    assert (f"library: 2 audio files (2 read, 0 unchanged, 2 unreadable)\n"
            f"  unreadable (not a file its format's reader understands): {music / 'broken.mp3'}\n"
            f"  unreadable (not a file its format's reader understands): {music / 'x.flac'}\n"
            ) in loud.stderr


def test_after_a_library_build_the_hints_do_not_ask_for_a_library(run, small, tmp_path):
    music = tmp_path / "Music"
    music.mkdir()
    result = run("build", "film:cx,ml", "--library", str(music), "-o", str(tmp_path / "x.m3u8"))
    assert ("  most lengths are estimates, so the total is a guess: the tracks not found in "
            f"{music} have no known length; `wkwmix resolve` takes them from Spotify"
            ) in result.stderr.splitlines()
    assert "add --library" not in result.stderr
    empty = run("build", "film:cx", "--library", str(music), "--playable", expect=1)
    assert empty.stderr.splitlines()[-2:] == [
        f"Error: film:cx: none of the 3 tracks that match can play yet (not found in "
        f"{music}, and no Spotify link); run `wkwmix resolve`, or leave out --playable",
        "Nothing was written."]


def test_after_a_library_build_of_many_the_summary_does_not_ask_for_a_library(run, tmp_path):
    music = tmp_path / "Music"
    music.mkdir()
    folder = Path(__file__).resolve().parents[1] / "playlists"
    result = run("build", "--all", str(folder), "-o", str(tmp_path / "out"), "--library",
                 str(music))
    assert re.search(rf"^\d+ tracks have no file in {re.escape(str(music))} or Spotify link "
                     r"yet: run `wkwmix resolve` \(--verbose names them\)$", result.stderr,
                     re.M), result.stderr
    assert "add --library" not in result.stderr


# --- 10. a file name that is not UTF-8 ---------------------------------------------------------


@pytest.fixture
def odd_music(tmp_path) -> Path:
    """A music folder whose one file has a Latin-1 name (not UTF-8)."""
    import shutil

    music = tmp_path / "Music"
    music.mkdir()
    shutil.copy(AUDIO / "yumeji.ogg", os.fsencode(music) + b"/yumeji-caf\xe9.ogg")
    return music


def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_written_as_it_is(
        run, small, odd_music, tmp_path):
    shown = run("build", "title:yumeji", "--library", str(odd_music))
    assert f"   {odd_music}/yumeji-caf\\xe9.ogg\n" in shown.stdout
    dest = tmp_path / "yumeji.m3u8"
    written = run("build", "title:yumeji", "--library", str(odd_music), "-o", str(dest))
    assert written.stderr.endswith(f"wrote {dest}\n")
    assert b"\nMusic/yumeji-caf\xe9.ogg\n" in dest.read_bytes()  # the player finds the file
    piped = run("build", "title:yumeji", "--library", str(odd_music), "-f", "m3u8")
    assert f"\n{odd_music}/yumeji-caf".encode() + b"\xe9.ogg\n" in piped.stdout_bytes


def test_play_plays_a_file_whose_name_is_not_utf8(run, small, odd_music, player):
    result = run("play", "title:yumeji", "--library", str(odd_music))
    playlist = Path(player.read_text(encoding="utf-8").strip())
    assert result.stderr.endswith(f"Playing 1 track with mpv: {playlist}\n")
    (played,) = [line for line in playlist.read_bytes().splitlines() if line[:1] != b"#"]
    assert (playlist.parent / os.fsdecode(played)).resolve() == \
        odd_music.resolve() / os.fsdecode(b"yumeji-caf\xe9.ogg")


# --- 11. wrong-shaped files: a cache is rebuilt, user state is named ------------------------------


@pytest.mark.parametrize(("playlists", "why"), [
    ([], "'playlists' is a list, not a mapping of accounts to their playlists"),
    ({"someone": []}, "the playlists of 'someone' are a list, not a mapping of names to "
                      "playlists"),
    ({"someone": {"Night city": {"id": "37i9dQZF1DX0000000", "uris": 5}}},
     "the playlist 'Night city' of 'someone' has 'uris' that are not a list of track URIs"),
    ({"someone": {"Night city": {"id": 7}}},
     "the playlist 'Night city' of 'someone' has the id 7, not the playlist's id as text"),
])
def test_a_hand_edited_spotify_memory_is_named_with_what_is_wrong(run, here, player, playlists,
                                                                   why):
    import json

    from wkwmix.store import spotify_memory

    path = spotify_memory.memory_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "account": {"id": "someone"},
                                "playlists": playlists}), encoding="utf-8")
    expected = (f"Error: {path}: what wkwmix remembers of your Spotify playlists is not as "
                f"wkwmix writes it ({why}); move the file away to start afresh: a sync finds "
                "the playlists wkwmix made again by the marker in their description.\n")
    assert run("play", "night-city", expect=1).stderr.endswith("\n" + expected)
    assert run("spotify", "playlists", expect=1).stderr == expected
    assert not player.exists()


def test_a_library_index_with_wrong_types_is_rebuilt(run, small, tmp_path, trusting):
    import json
    import shutil

    music = tmp_path / "Music"
    shutil.copytree(AUDIO, music)
    run("build", "title:yumeji", "--library", str(music), "-f", "json")
    (index,) = (Path(os.environ["WKWMIX_HOME"]) / "cache" / "library").glob("*.json")
    data = json.loads(index.read_text(encoding="utf-8"))
    assert data["version"] and len(data["files"]) == 6
    spoiled = {"yumeji.ogg": [1, 2, 3, ["x"], None, "long", [["not", "a", "key"]]],
               "quizas.m4a": ["big", None, None, None, None, None, []],
               "unrelated.mp3": [1, 2, None, None, None, None, [5]]}
    for name, record in data["files"].items():
        size, mtime = record[:2]
        data["files"][name] = [size, mtime, *spoiled.get(name, record)[2:]]
    data["files"]["quizas.m4a"] = spoiled["quizas.m4a"]
    index.write_text(json.dumps(data), encoding="utf-8")
    result = run("build", "film:ml", "--library", str(music), "-f", "json")
    assert "library: 6 audio files (3 read, 3 unchanged)" in result.stderr
    tracks = json.loads(result.stdout)["tracks"]
    assert [t["location"] for t in tracks] == [str(music / "yumeji.ogg"),
                                               str(music / "quizas.m4a")]


# --- the shared options take what a hostile run types ----------------------------------------


def test_minutes_nan_is_refused_by_every_command_that_takes_it(run, small):
    for command in ("build", "play", "sync"):
        result = run(command, "mood:dream", "--minutes", "nan", expect=2)
        assert result.stderr.endswith("Error: Invalid value for '--minutes' / '-m': nan is not a "
                                      "number of minutes.\n"), (command, result.stderr)


def test_a_seed_of_five_thousand_digits_is_a_seed(run, small):
    import json

    seed = "9" * 5000
    once = run("build", "mood:longing,dream", "--order", "shuffle", "--seed", seed, "-f", "json")
    again = run("build", "mood:longing,dream", "--order", "shuffle", "--seed", seed, "-f",
                "json")
    tracks = [t["id"] for t in json.loads(once.stdout)["tracks"]]
    assert sorted(tracks) == ["cx/dreams", "ml/quizas", "ml/yumeji"]
    assert [t["id"] for t in json.loads(again.stdout)["tracks"]] == tracks
