"""What trips up someone new to wkwmix: a negated word read as an option, a track named
almost right, a map without its query's name, a listing squeezed onto 80 columns. Each now
says what was meant, or shows what matters."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click
import pytest
from terminal_support import on_terminal, wkwmix_bin

from wkwmix import App
from wkwmix.cli.output import width

FORMATS = "'table', 'json', 'csv', 'tsv', 'ids'"


# --- a negated bare word read as an option --------------------------------------------------

def test_a_negated_word_glued_to_a_short_option_suggests_the_caret(run):
    result = run("ls", "-faye", expect=2)
    assert result.stderr.endswith(
        f"Error: Invalid value for '--format' / '-f': 'aye' is not one of {FORMATS}.\n"
        "'-faye' was read as -f aye: to leave out the tracks that match 'faye', write "
        "^faye\n")
    sort = run("ls", "mood:dream", "-saye", expect=2)
    assert sort.stderr.splitlines()[-1] == (
        "'-saye' was read as -s aye: to leave out the tracks that match 'saye', write ^saye")
    minutes = run("build", "mood:dream", "-maye", expect=2)
    assert minutes.stderr.splitlines()[-1] == (
        "'-maye' was read as -m aye: to leave out the tracks that match 'maye', write ^maye")


def test_a_negated_word_that_starts_like_no_option_suggests_the_caret(run):
    result = run("ls", "mood:dream", "-dream", expect=2)
    assert result.stderr.endswith(
        "Error: No such option '-d'.\n'-dream' was read as options: to leave out the tracks "
        "that match 'dream', write ^dream\n")


def test_what_the_caret_suggests_works_and_real_mistakes_get_no_hint(run):
    assert "chungking-express/dreams" not in run("ls", "^faye", "-f", "ids").stdout
    assert run("ls", "-fids", "mood:dream").stdout.split()[0] == (
        "days-of-being-wild/always-in-my-heart")
    wrong = run("ls", "--format", "yaml", expect=2)
    assert wrong.stderr.endswith(
        f"Error: Invalid value for '--format' / '-f': 'yaml' is not one of {FORMATS}.\n")
    number = run("ls", "-n3", expect=2)
    assert number.stderr.endswith("Error: No such option '-n'.\n")


# --- a track named almost right ---------------------------------------------------------------

@pytest.mark.parametrize(("ref", "suggestion"), [
    ("yumeji", "in-the-mood-for-love/yumejis-theme (Yumeji's Theme) or "
               "my-blueberry-nights/yumejis-theme (Yumeji's Theme (Harmonica Version))"),
    ("California Dreamin", "chungking-express/california-dreamin (California Dreamin')"),
    ("yumejis theme", "in-the-mood-for-love/yumejis-theme (Yumeji's Theme) or "
                      "my-blueberry-nights/yumejis-theme (Yumeji's Theme (Harmonica Version))"),
    ("harvest mon", "my-blueberry-nights/harvest-moon (Harvest Moon)"),
    ("chungking-express/dreems", "chungking-express/dreams (Dreams)"),
])
def test_show_suggests_the_nearest_tracks(run, ref, suggestion):
    result = run("show", ref, expect=1)
    assert result.stderr == f"Error: no track {ref!r}; did you mean {suggestion}?\n"


def test_many_near_tracks_are_counted_and_the_listing_named(run):
    result = run("show", "theme", expect=1)
    assert re.fullmatch(
        r"Error: no track 'theme'; did you mean [^;]+ \([^)]+\), [^;]+ \([^)]+\) or "
        r"[^;]+ \([^)]+\)\? \(\d+ more tracks match it\)\n", result.stderr), result.stderr


def test_a_word_that_is_near_nothing_gets_no_suggestion(run):
    assert run("show", "zzqxv", expect=1).stderr == "Error: no track 'zzqxv'\n"


# --- a map of a query is titled with it -------------------------------------------------------

def test_a_query_map_is_titled_with_its_query(run):
    svg = run("map", "mood:dream", "-kind:score", "-o", "-").stdout
    assert "<title>Mood map: mood:dream ^kind:score</title>" in svg
    assert ">Mood map: mood:dream ^kind:score</text>" in svg
    assert "<title>Mood map</title>" in run("map", "-o", "-").stdout  # no query: the whole map


# --- a listing on 80 columns ------------------------------------------------------------------

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def drawn_table(tmp_path: Path, columns: int, *args: str) -> list[str]:
    bin_dir = wkwmix_bin(tmp_path / "bin")
    env = {**{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PAGER")},
           "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "TERM": "xterm"}
    code, drawn = on_terminal(["wkwmix", "ls", *args], env, columns=columns, lines=200)
    assert code == 0
    return [ESCAPES.sub("", line) for line in drawn.splitlines() if line.strip()]


@pytest.mark.slow
def test_at_80_columns_titles_and_moods_stay_readable(tmp_path):
    lines = drawn_table(tmp_path, 80, "mood:dream")
    assert lines[0] == "(too narrow for ID, TIME: widen the terminal, or use --format csv)"
    assert lines[1].split() == ["TITLE", "ARTIST", "FILM", "YEAR", "MOODS"]
    assert max(width(line) for line in lines) <= 80
    tracks = App().select("mood:dream")
    titles = {t.title for t in tracks if len(t.title) <= 20}
    moods = {", ".join(t.moods) for t in tracks if len(", ".join(t.moods)) <= 24}
    assert all(any(line.startswith(title) for line in lines) for title in titles)
    assert all(any(line.endswith(mood) for line in lines) for mood in moods)
    assert any("wanderlust, dream, play…" in line for line in lines)


@pytest.mark.slow
def test_a_wide_terminal_still_shows_every_column_with_ids_whole(tmp_path):
    lines = drawn_table(tmp_path, 160, "mood:dream")
    assert lines[0].split() == ["ID", "TITLE", "ARTIST", "FILM", "YEAR", "TIME", "MOODS"]
    assert lines[1].startswith("days-of-being-wild/always-in-my-heart  ")
    assert max(width(line) for line in lines) <= 160


@pytest.mark.slow
def test_ids_are_left_out_whole_or_shown_whole_never_cut(tmp_path):
    ids = {t.id for t in App().catalog}
    for columns in (60, 100, 120):
        lines = drawn_table(tmp_path, columns)
        heading = next(line for line in lines if not line.startswith("(too narrow"))
        body = lines[lines.index(heading) + 1:]
        if heading.split()[0] == "ID":
            assert all(line.split()[0] in ids for line in body), columns
        else:
            assert not any(line.split()[0] in ids for line in body), columns
            assert "ID" in lines[0], columns
        assert max(width(line) for line in [heading, *body]) <= columns


def test_piped_listings_keep_every_column(run):
    heading = click.unstyle(run("ls", "mood:dream").stdout.splitlines()[0])
    assert heading.split() == ["ID", "TITLE", "ARTIST", "FILM", "YEAR", "TIME", "MOODS"]
