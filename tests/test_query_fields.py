"""The query fields are declared once (wkwmix.queryfields); the parser, shell completion,
``wkwmix --help`` and the README's table all show every one of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete

from wkwmix import query, queryfields
from wkwmix.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
PARSED = sorted(query.BUILDERS)  # every field the parser knows how to match


def completions(incomplete: str) -> list[str]:
    completer = ShellComplete(cli, {}, "wkwmix", "_WKWMIX_COMPLETE")
    return [c.value for c in completer.get_completions(["ls"], incomplete)]


def readme_table() -> str:
    start = README.index("| query | selects |")
    return README[start:README.index("<!-- [[[end]]] -->", start)]


def test_the_parser_matches_exactly_the_declared_fields():
    assert sorted(queryfields.NAMES) == PARSED
    assert set(query.ALIASES.values()) <= set(PARSED)


@pytest.mark.parametrize("name", PARSED)
def test_every_parsed_field_is_in_help_completion_and_the_readme(name, run):
    fields_line = re.search(r"Fields: ([^;]+);", " ".join(run("--help").stdout.split()))
    assert fields_line is not None
    assert name in fields_line.group(1).split()
    assert f"{name}:" in completions("")
    assert completions(name[:3]) == [f for f in completions("") if f.startswith(name[:3])]
    rows = [row for row in readme_table().splitlines() if f"`{name}:" in row]
    assert rows, f"the README's table of queries has no row for {name}:"


@pytest.mark.parametrize("example", [e for f in queryfields.FIELDS for e in f.examples])
def test_every_example_selects_tracks_of_the_shipped_catalog(example, run):
    import shlex

    listed = run("ls", *shlex.split(example), "--format", "ids").stdout.split()
    assert listed, example


def test_fields_with_fixed_values_complete_them_and_aliases_complete_too():
    assert completions("instrumental:") == ["instrumental:yes", "instrumental:no"]
    assert completions("^diegetic:n") == ["^diegetic:no"]
    assert completions("kind:s") == ["kind:song", "kind:score"]
    assert completions("lang:canto") == ["lang:cantonese"]
    assert "language:spanish" in completions("language:")


def test_an_unknown_field_lists_every_declared_one(run):
    result = run("ls", "scen:rain", expect=2)
    assert result.stderr == (
        "Error: unknown field 'scen' in 'scen:rain'; did you mean: scene? (fields: "
        f"{', '.join(queryfields.NAMES)})\n")


def test_a_language_with_a_space_is_not_offered_as_one_shell_word(use_catalog):
    use_catalog("films: [{id: f, title: F, year: 1990}]\ntracks:\n"
                "  - {id: f/a, film: f, title: A, language: Shanghainese dialect}\n"
                "  - {id: f/b, film: f, title: B, language: Mandarin}\n")
    assert completions("language:") == ["language:mandarin"]
