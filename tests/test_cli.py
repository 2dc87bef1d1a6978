"""The browse commands through the real CLI: output formats, errors, help, completion."""

from __future__ import annotations

import csv
import io
import json

import click
import pytest
from click.shell_completion import ShellComplete

from wkwmix import __version__
from wkwmix.cli import cli

SMALL = """\
films:
  - {id: f1, title: First Film, year: 1990}
  - {id: f2, title: Second Film, year: 1999}
tracks:
  - {id: f1/a, film: f1, title: "Alpha, \\"quoted\\"", artist: Ann, kind: song, moods: [dream]}
  - {id: f2/b, film: f2, title: Beta, artist: Bob, kind: score, duration: 200, moods: [hope]}
"""


@pytest.fixture
def small(use_catalog):
    return use_catalog(SMALL, "small.yaml")


def all_command_paths(group: click.Group, ctx: click.Context, prefix=()):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from all_command_paths(command, ctx, (*prefix, name))


COMMAND_PATHS = list(all_command_paths(cli, click.Context(cli)))


@pytest.mark.parametrize("path", [(), *COMMAND_PATHS], ids=lambda p: " ".join(p) or "wkwmix")
def test_every_command_has_help(run, path):
    result = run(*path, "--help")
    assert result.output.startswith("Usage: ")
    assert len(result.output.splitlines()) > 3


def test_version(run):
    assert run("--version").output == f"wkwmix, version {__version__}\n"


def test_films_lists_each_film_with_its_track_count(run, small):
    rows = list(csv.DictReader(io.StringIO(run("films", "--format", "csv").output)))
    assert [(r["id"], r["tracks"]) for r in rows] == [("f1", "1"), ("f2", "1")]


def test_ls_table_json_csv_tsv_ids(run, small):
    table = run("ls").output.splitlines()
    assert table[0].split() == ["ID", "TITLE", "ARTIST", "FILM", "YEAR", "TIME", "MOODS"]
    assert "3:20" in table[2]
    records = json.loads(run("ls", "-f", "json").output)
    assert records[0]["id"] == "f1/a" and records[0]["moods"] == ["dream"]
    assert records[1]["duration"] == 200 and records[1]["mood_origins"] == {"hope": "catalog"}
    rows = list(csv.DictReader(io.StringIO(run("ls", "-f", "csv").output)))
    assert rows[0]["title"] == 'Alpha, "quoted"'
    tsv = run("ls", "-f", "tsv").output.splitlines()
    assert tsv[1].split("\t")[:2] == ["f1/a", 'Alpha, "quoted"']
    assert run("ls", "-f", "ids", "mood:hope").output == "f2/b\n"


def test_ls_empty_result_as_json_is_an_empty_list(run, small):
    result = run("ls", "mood:grief", "-f", "json", expect=1)
    assert json.loads(result.stdout) == []
    assert result.stderr == "Error: mood:grief: no track matches the query\n"


def test_negated_terms_are_not_taken_for_options(run, small):
    assert run("ls", "-kind:score", "-f", "ids").output == "f1/a\n"
    assert run("ls", "-f", "ids", "^artist:ann").output == "f2/b\n"
    assert run("ls", "-f", "ids", "--", "-alpha").output == "f2/b\n"


def test_ls_sorts(run, small):
    assert run("ls", "--sort", "title", "-f", "ids").output == "f1/a\nf2/b\n"
    assert run("ls", "--sort", "duration", "-f", "ids").output == "f2/b\nf1/a\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ls", "mood:dreem"], 2,
         "Error: unknown mood 'dreem' in 'mood:dreem'; did you mean: dream?"),
        (["ls", 'film:"First'], 2, "Error: unclosed quote"),
        (["ls", "colour:red"], 2, "Error: unknown field 'colour'"),
        (["ls", "year:2000..1990"], 2, "Error: reversed range '2000..1990'"),
        (["ls", "mood:"], 2, "Error: empty value in 'mood:'"),
        (["show", "gamma"], 1, "Error: no track 'gamma'"),
    ],
)
def test_bad_input_is_one_message_on_stderr(run, small, args, code, message):
    result = run(*args, expect=code)
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr


def test_show_prints_every_fact(run):
    out = run("show", "chungking-express/dreams").output
    assert "Faye Wong" in out and "夢中人" in out and "Cover of:" in out
    assert "Sources:\n  - http" in out
    assert json.loads(run("show", "夢中人", "-f", "json").output)["artist"] == "Faye Wong"


def test_check_passes_on_the_shipped_catalog(run):
    assert run("check").output.startswith("ok: ")


def test_check_lists_problems_and_exits_1(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("moods: [hope]", "moods: [hopeful, nope]"), encoding="utf-8")
    result = run("--catalog", str(bad), "check", expect=1)
    assert f"{bad}:6: unknown mood 'nope'" in result.stderr
    # A catalog names moods by id; synonyms are for people typing queries.
    assert f"{bad}:6: unknown mood 'hopeful'; did you mean: hope?" in result.stderr


def test_catalog_errors_through_the_cli(run, tmp_path):
    missing = tmp_path / "missing.yaml"
    result = run("--catalog", str(missing), "ls", expect=1)
    assert result.stderr == f"Error: {missing}: no such file\n"


def test_no_color_and_pipes_get_plain_text(run, small, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("ls").output


def complete(args, incomplete):
    completer = ShellComplete(cli, {}, "wkwmix", "_WKWMIX_COMPLETE")
    return [c.value for c in completer.get_completions(args, incomplete)]


def test_shell_completion_of_commands_fields_and_values(small):
    assert "ls" in complete([], "l")
    assert complete(["ls"], "mo") == ["mood:"]
    assert complete(["ls"], "mood:dr") == ["mood:dream"]
    assert complete(["ls"], "^film:f") == ["^film:f1", "^film:f2"]
    assert complete(["show"], "f2") == ["f2/b"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("", "the file is empty"),
        ("films: [\n", ":2: not valid YAML"),
        ("films:\n\t- id: x\n", ":2: not valid YAML: a tab character is used for indentation"),
        (SMALL.replace("moods: [hope]", "moods: [hpoe]"),
         ":6: unknown mood 'hpoe'; did you mean: hope?"),
    ],
    ids=["missing", "empty", "not-yaml", "tab", "unknown-mood"],
)
def test_bad_catalog_files_get_one_message_and_exit_1(run, tmp_path, content, message):
    path = tmp_path / "catalog.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run("--catalog", str(path), "ls", "mood:dream", expect=1)
    assert result.stderr.startswith(f"Error: {path}")
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_tsv_turns_tabs_and_line_breaks_inside_values_into_spaces(run, use_catalog):
    use_catalog('films: [{id: f, title: F, year: 1990}]\ntracks:\n'
                '  - {id: f/t, film: f, title: "Tab\\there", artist: "Two\\nlines", '
                'moods: [dream]}\n')
    lines = run("ls", "--format", "tsv").stdout.splitlines()
    assert lines[1].split("\t")[:3] == ["f/t", "Tab here", "Two lines"]
    assert [len(line.split("\t")) for line in lines] == [7, 7]


def test_a_table_on_a_narrow_terminal_is_clipped_to_its_width(monkeypatch):
    from wkwmix.cli import output

    monkeypatch.setattr(output.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("COLUMNS", "60")
    records = [{"a": "x" * 50, "b": "y" * 50}]
    lines = output.table(records, [("a", "A"), ("b", "B")]).splitlines()
    assert max(output.width(click.unstyle(line)) for line in lines) <= 60
    assert lines[1].split()[0].endswith("…")


def test_wrapping_counts_terminal_columns_and_breaks_only_overlong_words():
    from wkwmix.cli.output import width, wrap

    assert wrap("one two three four", 9) == ["one two", "three", "four"]
    assert wrap("夢中人夢中人 x", 6) == ["夢中人", "夢中人", "x"]  # CJK characters take two
    assert wrap("", 10) == [""]
    text = "Faye Wong's 夢中人 as released on her album 胡思亂想 (1994)."
    lines = wrap(text, 12)
    assert all(width(line) <= 12 for line in lines) and " ".join(lines) == text


def test_a_table_too_narrow_even_shortened_leaves_out_its_last_columns(monkeypatch, capsys):
    from wkwmix.cli import output

    monkeypatch.setattr(output.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("COLUMNS", "50")
    records = [{"id": "a-rather-long-film/a-rather-long-track", "t": "Title " * 4,
                "m": "dream, hope"}]
    lines = output.table(records, [("id", "ID"), ("t", "TITLE"), ("m", "MOODS")]).splitlines()
    assert click.unstyle(lines[0]).split() == ["ID", "TITLE"]
    assert lines[1].startswith("a-rather-long-film/a-rather-long-track  Title")
    assert max(output.width(click.unstyle(line)) for line in lines) <= 50
    assert capsys.readouterr().err == (
        "(too narrow for MOODS: widen the terminal, or use --format csv)\n")
