"""What wkwmix says when something is off: every message names the fix, at a terminal too."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from terminal_support import on_terminal, wkwmix_bin

from wkwmix import App

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_MOODS = ", ".join(m.id for m in App().catalog.moods)


def test_an_unknown_mood_lists_the_moods(run):
    result = run("tag", "chungking-express/dreams", "happy", expect=2)
    assert result.stderr == f"Error: unknown mood 'happy'; the moods are {SHIPPED_MOODS}\n"


def test_an_unknown_mood_near_a_known_one_names_only_that_one(run):
    result = run("ls", "mood:dreem", expect=2)
    assert result.stderr == "Error: unknown mood 'dreem' in 'mood:dreem'; did you mean: dream?\n"


@pytest.mark.parametrize(("args", "message"), [
    (["lss"], "Error: No such command 'lss'. Did you mean 'ls'?"),
    (["sybc"], "Error: No such command 'sybc'. Did you mean 'sync'?"),
    (["spotify", "plylists"], "Error: No such command 'plylists'. Did you mean 'playlists'?"),
    (["overlay", "expotr"], "Error: No such command 'expotr'. Did you mean 'export'?"),
    (["qqqq"], "Error: No such command 'qqqq'."),
])
def test_a_mistyped_command_gets_the_nearest_one(run, args, message):
    result = run(*args, expect=2)
    assert result.stderr.splitlines()[-1] == message


@pytest.mark.parametrize("group", [[], ["spotify"], ["overlay"]], ids=["wkwmix", "spotify",
                                                                      "overlay"])
def test_a_bare_group_shows_its_help_and_succeeds(run, group):
    result = run(*group, expect=0)
    assert result.stdout == run(*group, "--help").stdout
    assert result.stdout.startswith(f"Usage: {' '.join(['wkwmix', *group])} [OPTIONS] COMMAND")
    assert result.stderr == ""


def test_an_unknown_arc_mood_is_blamed_on_the_option_with_the_moods(run):
    result = run("build", "mood:dream", "--arc", "dream,nosuch", expect=2)
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--arc': unknown mood 'nosuch'; the moods are "
        f"{SHIPPED_MOODS}")
    near = run("build", "mood:dream", "--arc", "dreem", expect=2)
    assert near.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--arc': unknown mood 'dreem'; did you mean: dream?")


def test_an_empty_arc_in_a_recipe_says_what_to_write(run, tmp_path):
    recipe = tmp_path / "empty-arc.yaml"
    recipe.write_text("name: Empty\nquery: mood:dream\narc: []\n", encoding="utf-8")
    result = run("build", "-r", str(recipe), expect=1)
    assert result.stderr == (f"Error: {recipe}:3: arc: the list is empty: name one or more, "
                             "e.g. [dream, isolation, hope], or leave the field out\n")


def test_a_limit_that_stops_short_of_the_minutes_is_blamed(run):
    result = run("build", "mood:dream", "--minutes", "30", "--limit", "3")
    short = [line for line in result.stderr.splitlines() if "short of" in line]
    assert len(short) == 1
    assert short[0].startswith("  --limit 3 stops it at ")
    assert short[0].endswith(", short of the 30 minutes asked for: raise or drop the limit")
    assert "the selection is shorter" not in result.stderr


def test_a_selection_too_small_for_the_minutes_is_blamed(run):
    result = run("build", "mood:dream", "--minutes", "300")
    assert "  the selection is shorter than the 300 minutes asked for\n" in result.stderr
    assert "--limit" not in result.stderr


def test_the_first_run_counts_the_unresolved_tracks_instead_of_listing_them(run, tmp_path,
                                                                            monkeypatch):
    shutil.copytree(ROOT / "playlists", tmp_path / "playlists")
    monkeypatch.chdir(tmp_path)
    app = App()
    unresolved = {e.track.id for r in app.recipes_in(Path("playlists"))
                  for e in app.build(r).unresolved}
    assert len(unresolved) > 10
    result = run("build", "--all", "playlists", "-o", "out", "--format", "html")
    lines = result.stderr.splitlines()
    assert f"{len(unresolved)} tracks have no local file or Spotify link yet: add --library " \
           "~/Music, or run `wkwmix resolve` (--verbose names them)" in lines
    assert not any(line.lstrip().startswith("unresolved (") for line in lines)
    assert not any(track in result.stderr for track in unresolved)
    named = run("build", "--all", "playlists", "-o", "out", "--format", "html", "--verbose")
    assert all(track in named.stderr for track in unresolved)


def terminal_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PAGER", "LESS")}
    bin_dir = wkwmix_bin(tmp_path / "bin")
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env['PATH']}", **extra}


@pytest.mark.slow
def test_a_dumb_terminal_gets_no_escape_sequences(tmp_path):
    music = tmp_path / "Music"
    shutil.copytree(ROOT / "tests" / "data" / "audio", music)
    for term, styled in (("xterm-256color", True), ("dumb", False)):
        env = terminal_env(tmp_path, TERM=term, WKWMIX_HOME=str(tmp_path / term))
        code, drawn = on_terminal(["wkwmix", "ls", "mood:dream"], env, columns=200)
        assert code == 0 and "chungking-express/dreams" in drawn
        assert ("\x1b[1m" in drawn) is styled  # the bold headings
        code, drawn = on_terminal(["wkwmix", "build", "film:2046", "--library", str(music)],
                                  env, columns=200)
        assert code == 0 and f"Scanning {music}" in drawn
        assert ("\x1b[?25l" in drawn) is styled  # the progress bar hides the cursor
        code, drawn = on_terminal(["wkwmix", "show", "chungking-express/dreams"], env,
                                  lines=200)
        assert code == 0 and ("\x1b[" in drawn) is styled


@pytest.mark.parametrize("args", [
    ["ls", "title:zzz"], ["build", "title:zzz"], ["play", "title:zzz"],
    ["map", "title:zzz", "-o", "-"], ["resolve", "title:zzz"],
    ["tag", "--query", "title:zzz", "hope"], ["untag", "--query", "title:zzz", "hope"],
])
def test_a_query_that_selects_nothing_is_one_error_everywhere(run, args, wkwmix_home):
    result = run(*args, expect=1)
    assert result.stderr.startswith("Error: title:zzz: no track matches the query")
    assert result.stderr.count("\n") <= 2
    assert not (wkwmix_home / "overlay.yaml").exists()


def test_ls_and_build_write_csv_with_the_same_column_names(run, tmp_path):
    from wkwmix.formats.csv import COLUMNS

    query = ("mood:dream", "-heard:album-only,not-in-film")  # what a build takes
    listed = run("ls", *query, "-f", "csv").stdout.splitlines()
    built = run("build", *query, "-f", "csv").stdout.splitlines()
    header = listed[0].split(",")
    assert header == [c for c in COLUMNS if c in header]
    assert header == ["id", "title", "artist", "film_title", "year", "duration", "moods"]
    assert built[0].split(",") == list(COLUMNS)
    import csv

    by_id = {r["id"]: r for r in csv.DictReader(built)}
    for row in csv.DictReader(listed):
        assert {k: by_id[row["id"]][k] for k in header} == row


def test_a_bare_word_that_is_an_id_selects_that_track_in_every_command(run):
    assert run("ls", "the-grandmaster/opium", "-f", "ids").stdout == "the-grandmaster/opium\n"
    built = run("build", "the-grandmaster/opium", "-f", "json").stdout
    assert '"id": "the-grandmaster/opium"' in built
    assert run("show", "the-grandmaster/opium").stdout.startswith("the-grandmaster/opium\n")
    film = run("ls", "2046/", "-f", "ids").stdout.split()
    assert film and all(t.startswith("2046/") for t in film)
    assert film == run("ls", "film:2046", "-f", "ids").stdout.split()


def test_format_help_says_which_is_for_people(run):
    assert "Output format: text for people, the others for scripts." in " ".join(
        run("show", "--help").stdout.split())
    assert "Output format: table for people, the others for scripts." in " ".join(
        run("ls", "--help").stdout.split())
