"""Shared catalogs, overlays and recipes are untrusted: each hostile file gets one clear message.

One row per class of hostile file, through the real CLI: the exit code, the exact message
(file and, where it can be known, line), no traceback, and every file as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOOD_FILMS = "films: [{id: f, title: F, year: 1990}]\n"


def bomb() -> str:
    """A billion laughs: nine levels of nine aliases, 1.6 KB of text."""
    lines = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\nfilms: [*i]\n"


HOSTILE_CATALOGS = {
    "deep-json": ('{"films": ' + "[" * 5000 + "]" * 5000 + "}", "{path}: nested too deeply"),
    "deep-yaml": ("films: " + "[" * 2000 + "]" * 2000 + "\n",
                  "{path}:1: not valid YAML: while increasing flow level, exceeded maximum "
                  "nesting depth"),
    "alias-bomb": (bomb(), "{path}:7: its aliases expand to more than 2,000,000 values; write "
                           "the values out instead"),
    "huge-number": (GOOD_FILMS.replace("1990", "9" * 5000),
                    "{path}:1: not valid YAML: a number too long to read (5000 characters)"),
    "huge-number-json": ('{"films": [{"id": "f", "title": "F", "year": ' + "9" * 5000 + "}]}",
                         "{path}: not valid JSON: Exceeds the limit (4300 digits) for integer "
                         "string conversion: value has 5000 digits; use "
                         "sys.set_int_max_str_digits() to increase the limit"),
    "duplicate-key": ("films:\n  - id: f\n    title: F\n    title: G\n    year: 1990\n",
                      "{path}:4: not valid YAML: the key 'title' is given twice"),
}


@pytest.mark.parametrize("kind", list(HOSTILE_CATALOGS))
def test_a_hostile_catalog_is_one_message_with_its_place(run, use_catalog, kind):
    text, message = HOSTILE_CATALOGS[kind]
    path = use_catalog(text)
    result = run("ls", expect=1)
    assert result.stderr == "Error: " + message.format(path=path) + "\n"
    assert result.stdout == "" and path.read_text(encoding="utf-8") == text


def test_a_catalog_that_is_a_fifo_is_never_read(run, tmp_path, monkeypatch):
    path = tmp_path / "catalog.yaml"
    os.mkfifo(path)  # reading it would wait forever for a writer
    monkeypatch.setenv("WKWMIX_CATALOG", str(path))
    assert run("ls", expect=1).stderr == f"Error: {path}: not a regular file (a FIFO)\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_catalog_that_is_a_device_is_never_read(run, tmp_path, monkeypatch):
    import stat

    path = tmp_path / "zero"
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 5))  # an endless source, in tmp
    monkeypatch.setenv("WKWMIX_CATALOG", str(path))
    assert run("ls", expect=1).stderr == f"Error: {path}: not a regular file (a device)\n"




def test_escape_sequences_in_a_title_are_shown_never_sent(run, use_catalog):
    path = use_catalog(GOOD_FILMS + "tracks:\n  - {id: f/t, film: f, "
                       'title: "Clear\\e[2J\\e[HScreen", moods: [dream]}\n')
    for args in (["ls"], ["show", "f/t"], ["ls", "--format", "csv"], ["ls", "--format", "tsv"]):
        out = run(*args).stdout
        assert "\x1b" not in out and "Clear\\x1b[2J\\x1b[HScreen" in out, args
    result = run("check", expect=1)
    assert f"{path}:3: f/t: title has a control character" in result.stderr


def test_a_formula_never_reaches_a_spreadsheet(run, use_catalog, tmp_path):
    use_catalog(GOOD_FILMS + "tracks:\n  - {id: f/t, film: f, title: '=HYPERLINK(\"x\")', "
                "artist: '@me', moods: [dream]}\n")
    row = run("ls", "--format", "csv").stdout.splitlines()[1]
    assert row.startswith("f/t,\"'=HYPERLINK(\"\"x\"\")\",'@me,")
    dest = tmp_path / "p.csv"
    run("build", "-o", str(dest))
    assert "'=HYPERLINK" in dest.read_text(encoding="utf-8")


def test_an_overlay_that_renames_a_catalog_mood_is_refused_everywhere(run, wkwmix_home):
    overlay = wkwmix_home / "overlay.yaml"
    text = "version: 1\nmoods:\n  - {id: dreamz, valence: 0, arousal: 0, synonyms: [dream]}\n"
    overlay.write_text(text, encoding="utf-8")
    for args in (["ls"], ["moods"], ["tag", "chungking-express/dreams", "hope"]):
        result = run(*args, expect=1)
        assert result.stderr == (f"Error: {overlay}:3: the mood 'dreamz': 'dream' already "
                                 "names the mood 'dream'; choose another name\n"), args
    assert overlay.read_text(encoding="utf-8") == text


def test_an_overlay_that_edits_unknown_tracks_is_named_by_every_command(run, wkwmix_home):
    overlay = wkwmix_home / "overlay.yaml"
    overlay.write_text("version: 1\ntracks:\n  gone/track: {add: [hope]}\n", encoding="utf-8")
    result = run("ls", "mood:hope", "--format", "ids")
    assert result.stderr == (f"warning: {overlay}:3: edits track 'gone/track', which is not in "
                             "the catalog (was it renamed or removed?)\n")
    assert result.stdout  # the rest works


def test_a_deeply_nested_overlay_is_one_message(run, wkwmix_home):
    overlay = wkwmix_home / "overlay.yaml"
    overlay.write_text('{"tracks": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    assert run("ls", expect=1).stderr == f"Error: {overlay}: nested too deeply\n"


def test_a_hostile_recipe_breaks_no_other_recipe(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = Path("playlists")
    folder.mkdir()
    (folder / "bad.yaml").write_text('{"name": ' + "[" * 5000 + "]" * 5000 + "}",
                                     encoding="utf-8")
    (folder / "good.yaml").write_text("name: Good\nquery: mood:hope\n", encoding="utf-8")
    assert run("build", "-r", "good", "--format", "json").stdout.startswith("{")
    assert run("check", expect=1).stderr == (
        "Error: 1 problem(s):\n  playlists/bad.yaml: nested too deeply\n")
