"""The README cannot drift: its tour and command reference are the real commands' output,
and CI runs the very test command it shows."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from cogapp import Cog

ROOT = Path(__file__).resolve().parent.parent


def command_after(marker: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\n```sh\n(.+)\n```", text)
    assert match, f"README.md has no command after <!-- {marker} -->"
    return match.group(1)


def test_readme_is_current_with_the_commands(monkeypatch, tmp_path):
    # Checked on a copy: the README's generators write pictures beside it (docs/), and a
    # test must not write into the repository.
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    monkeypatch.chdir(tmp_path)
    status = Cog().main(["cog", "--check", "README.md"])
    assert status == 0, "README.md is out of date: run `cog -r README.md`"


def test_the_readme_mood_map_is_current(run):
    drawn = run("--no-overlay", "map", "-o", "-").stdout
    committed = (ROOT / "docs" / "mood-map.svg").read_text(encoding="utf-8")
    assert drawn == committed, "docs/mood-map.svg is out of date: run `cog -r README.md`"


def test_the_main_command_ends_with_the_page_to_open(run, tmp_path, monkeypatch):
    """The README's first command (its wkwmix part) builds pages and names the one to open."""
    words = shlex.split(command_after("main-command").split(".venv/bin/wkwmix ", 1)[1])
    shutil.copytree(ROOT / "playlists", tmp_path / "playlists")
    monkeypatch.chdir(tmp_path)
    result = run(*words)
    assert result.stderr.splitlines()[-1] == (
        "Open out/index.html in a web browser to see and hear the playlists.")
    recipes = sorted(p.stem for p in (ROOT / "playlists").glob("*.yaml"))
    assert sorted(p.name for p in (tmp_path / "out").glob("*.html")) == sorted(
        [*(f"{r}.html" for r in recipes), "index.html"])


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "test-command" in ci  # CI reads the command from the README, not a copy of it
    assert "pytest" in command_after("test-command")


def test_the_main_command_runs_wkwmix():
    assert "wkwmix" in command_after("main-command")


def test_the_command_reference_names_the_program_as_it_runs():
    from click.testing import CliRunner

    from wkwmix.cli import cli

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Usage: cli" not in text
    shown = CliRunner().invoke(cli, ["ls", "--help"], terminal_width=100, prog_name="wkwmix")
    assert f"```\n{shown.stdout}```" in text
