"""What a careless or hostile command line throws at the query language and the recipe
options: huge numbers, lengths that are not numbers or fit no track, players that cannot be
parsed. Each ends with one message naming what was wrong and the codebase's exit code (2 for
a usage mistake, 1 for data), never a traceback."""

from __future__ import annotations

import pytest

HUGE = "1" * 5000  # past Python's limit for turning digits into a number
SHOWN = "1" * 20 + "…"  # how a huge value is named in a message


@pytest.mark.parametrize("field", ["year", "duration"])
def test_a_huge_number_in_a_query_is_named_not_a_traceback(run, field):
    result = run("ls", f"{field}:{HUGE}", expect=2)
    assert result.stderr == (f"Error: '{SHOWN}' in '{field}:{SHOWN}' is too large a number "
                             "(5000 digits)\n")
    ranged = run("ls", f"{field}:1..{HUGE}", expect=2)
    assert ranged.stderr == (f"Error: '{SHOWN}' in '{field}:1..{'1' * 17}…' is too large a "
                             "number (5000 digits)\n")


def test_a_huge_minutes_and_seconds_duration_is_named(run):
    result = run("ls", f"duration:{HUGE}:00", expect=2)
    assert result.stderr == (f"Error: '{SHOWN}' in 'duration:{SHOWN}' is too large a "
                             "number (5000 digits)\n")


def test_a_seed_too_long_to_be_a_number_is_a_seed_as_a_word(run):
    # Every command that takes --seed: build, play and map.
    once = run("build", "mood:dream", "--order", "shuffle", "--seed", HUGE, "-f", "json")
    again = run("build", "mood:dream", "--order", "shuffle", "--seed", HUGE, "-f", "json")
    assert once.stdout == again.stdout and '"seed": "1111' in once.stdout
    drawn = run("map", "mood:dream", "--arc", "dream,hope", "--seed", HUGE, "-o", "-")
    assert drawn.stdout.startswith("<?xml") and drawn.stdout.endswith("</svg>\n")
    played = run("play", "mood:dream", "--seed", HUGE, expect=1)
    assert played.stderr.splitlines()[-1].startswith("Error: Nothing to play for ")


@pytest.mark.parametrize("command", [["build", "mood:dream"], ["play", "mood:dream"],
                                     ["map", "mood:dream", "-o", "-"]])
@pytest.mark.parametrize(("minutes", "why"), [
    ("nan", "nan is not a number of minutes."),
    ("NaN", "nan is not a number of minutes."),
    ("inf", "inf is not in the range 0<x<=1440."),
    ("-inf", "-inf is not in the range 0<x<=1440."),
    ("-1", "-1.0 is not in the range 0<x<=1440."),
    ("0", "0.0 is not in the range 0<x<=1440."),
    ("1441", "1441.0 is not in the range 0<x<=1440."),
])
def test_minutes_must_be_a_length(run, command, minutes, why):
    result = run(*command, "--minutes", minutes, expect=2)
    assert result.stderr.endswith(f"Error: Invalid value for '--minutes' / '-m': {why}\n")


TOO_SHORT = ("mood:dream: 0.001 minutes is shorter than any track that matches (the shortest, "
             "chungking-express/california-dreamin, lasts 2:38)")


def test_minutes_shorter_than_any_track_says_so_in_build(run, tmp_path):
    result = run("build", "mood:dream", "--minutes", "0.001", "-o", str(tmp_path / "a.m3u8"),
                 expect=1)
    assert result.stderr == f"Error: {TOO_SHORT}\nNothing was written.\n"
    assert list(tmp_path.iterdir()) == []


def test_minutes_shorter_than_any_track_says_so_in_map_and_play(run, tmp_path):
    drawn = run("map", "mood:dream", "--minutes", "0.001", "-o", str(tmp_path / "a.svg"),
                expect=1)
    assert drawn.stderr == f"Error: {TOO_SHORT}; nothing was written\n"
    played = run("play", "mood:dream", "--minutes", "0.001", expect=1)
    assert played.stderr.splitlines()[-1] == f"Error: {TOO_SHORT}; nothing to play"
    assert list(tmp_path.iterdir()) == []


def test_an_estimated_shortest_length_is_said_to_be_one(run, use_catalog):
    use_catalog("films: [{id: f, title: F, year: 1990}]\n"
                "tracks:\n  - {id: f/a, film: f, title: A, moods: [dream]}\n")
    result = run("build", "mood:dream", "--minutes", "0.001", expect=1)
    assert result.stderr == ("Error: mood:dream: 0.001 minutes is shorter than any track that "
                             "matches (the shortest, f/a, lasts about 4:00, an estimate)\n"
                             "Nothing was written.\n")


@pytest.mark.parametrize(("player", "why"), [
    ("mpv 'my", "\"mpv 'my\" cannot be read as a command: it has an unclosed quote."),
    ('vlc "--random', "'vlc \"--random' cannot be read as a command: it has an unclosed quote."),
    ("mpv \\", "'mpv \\\\' cannot be read as a command: it ends in a lone backslash."),
    ("   ", "'   ' names no program."),
    ("", "'' names no program."),
])
def test_a_player_command_that_cannot_be_read_is_refused_before_anything_runs(
        run, player, why, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing at all could be run
    result = run("play", "title:yumeji", "--player", player, expect=2)
    assert result.stderr.endswith(f"Error: Invalid value for '--player': {why}\n")
    assert "Traceback" not in result.output


def test_the_player_from_the_environment_is_named_as_such(run, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("WKWMIX_PLAYER", "mpv --title='x")
    result = run("play", "title:yumeji", expect=2)
    assert result.stderr.endswith(
        "Error: Invalid value for '--player': \"mpv --title='x\" (from $WKWMIX_PLAYER) cannot "
        "be read as a command: it has an unclosed quote.\n")
    monkeypatch.setenv("WKWMIX_PLAYER", " \t ")
    result = run("play", "title:yumeji", expect=2)
    assert result.stderr.endswith(
        "Error: Invalid value for '--player': ' \\t ' (from $WKWMIX_PLAYER) names no "
        "program.\n")
