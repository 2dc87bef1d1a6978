"""At a terminal: tables fit without cutting an id, long output pages, notes wrap; piped,
nothing of that happens."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from terminal_support import on_terminal, wkwmix_bin

from wkwmix import App
from wkwmix.cli.output import width

pytestmark = pytest.mark.slow

CATALOG = App().catalog
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PAGER", "LESS")}
    bin_dir = wkwmix_bin(tmp_path / "bin")
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env['PATH']}", "TERM": "xterm", **extra}


def recording_pager(tmp_path: Path) -> tuple[str, Path]:
    """A stand-in pager that keeps what it is given in a file."""
    record = tmp_path / "paged.txt"
    script = tmp_path / "pager"
    script.write_text(f'#!/bin/sh\ncat > "{record}"\n', encoding="utf-8")
    script.chmod(0o755)
    return str(script), record


def table_lines(drawn: str) -> list[str]:
    return [ESCAPES.sub("", line) for line in drawn.splitlines() if line.strip()]


@pytest.mark.parametrize("columns", [60, 80, 160])
def test_ls_never_shortens_an_id(tmp_path, columns):
    pager, record = recording_pager(tmp_path)
    env = environment(tmp_path, PAGER=pager)
    code, drawn = on_terminal(["wkwmix", "ls"], env, columns=columns, lines=500)
    assert code == 0
    notice = [line for line in table_lines(drawn) if line.startswith("(too narrow")]
    lines = [line for line in table_lines(drawn) if not line.startswith("(too narrow")]
    if lines[0].split()[0] != "ID":  # the whole column gave way, and the notice says so
        assert notice and "ID" in notice[0].split("for ", 1)[1].split(":")[0].split(", ")
        return
    assert [line.split()[0] for line in lines[1:]] == [
        t.id for t in sorted(CATALOG, key=lambda t: (CATALOG.films[t.film].year, t.film,
                                                     list(CATALOG.tracks).index(t.id)))]
    longest_id = max(len(t.id) for t in CATALOG)
    if longest_id + 2 + 8 <= columns:  # room for the ids and one prose column
        assert max(width(line) for line in lines) <= columns
    assert not record.exists()  # it fitted on the screen: no pager


def test_films_never_shortens_an_id_and_fits(tmp_path):
    env = environment(tmp_path)
    code, drawn = on_terminal(["wkwmix", "films"], env, columns=80)
    lines = table_lines(drawn)
    assert code == 0 and [line.split()[0] for line in lines[1:]] == [
        f.id for f in sorted(CATALOG.films.values(), key=lambda f: f.year)]
    assert max(width(line) for line in lines) <= 80
    assert any("…" in line for line in lines)  # the prose gave way


def test_a_narrow_terminal_leaves_out_columns_and_says_so(tmp_path):
    code, drawn = on_terminal(["wkwmix", "ls", "mood:dream"], environment(tmp_path),
                              columns=80)
    lines = table_lines(drawn)
    assert code == 0
    assert lines[0] == "(too narrow for ID, TIME: widen the terminal, or use --format csv)"
    assert lines[1].split() == ["TITLE", "ARTIST", "FILM", "YEAR", "MOODS"]


def test_a_table_taller_than_the_terminal_goes_through_the_pager(tmp_path):
    pager, record = recording_pager(tmp_path)
    code, drawn = on_terminal(["wkwmix", "ls", "mood:dream"],
                              environment(tmp_path, PAGER=pager), columns=200, lines=8)
    assert code == 0
    paged = [line for line in click.unstyle(record.read_text(encoding="utf-8")).splitlines()
             if line.strip()]
    ids = subprocess.run([sys.executable, "-m", "wkwmix", "ls", "mood:dream", "-f", "ids"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert len(ids) > 8
    assert paged[0].split()[0] == "ID"
    assert [line.split()[0] for line in paged[1:]] == ids
    assert "chungking-express/dreams" not in drawn  # the pager drew it, not wkwmix


def test_piped_output_is_never_paged_shortened_or_wrapped(tmp_path):
    pager, record = recording_pager(tmp_path)
    env = environment(tmp_path, PAGER=pager, COLUMNS="60", LINES="5")
    listing = subprocess.run([sys.executable, "-m", "wkwmix", "ls"], env=env,
                             capture_output=True, text=True, check=True)
    assert not record.exists()
    assert "…" not in listing.stdout and "\x1b" not in listing.stdout
    assert len(listing.stdout.splitlines()) == len(CATALOG) + 1
    shown = subprocess.run([sys.executable, "-m", "wkwmix", "show", "chungking-express/dreams"],
                           env=env, capture_output=True, text=True, check=True)
    note = CATALOG.tracks["chungking-express/dreams"].note
    assert f"Note:              {note}\n" in shown.stdout


def test_show_wraps_its_long_fields_to_the_terminal(tmp_path):
    track = CATALOG.tracks["chungking-express/dreams"]
    code, drawn = on_terminal(["wkwmix", "show", track.id], environment(tmp_path),
                              columns=70, lines=200)
    lines = [ESCAPES.sub("", line) for line in drawn.splitlines()]
    assert code == 0
    assert all(width(line) <= 70 for line in lines if not line.startswith("  - "))
    start = next(i for i, line in enumerate(lines) if line.startswith("Note:"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Sources:"))
    assert all(line.startswith(" " * 19) for line in lines[start + 1:end])
    assert " ".join(line[19:] for line in lines[start:end]) == " ".join(track.note.split())
