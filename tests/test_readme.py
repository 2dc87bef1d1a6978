"""The README cannot drift: its tour and command reference are the real commands' output,
and CI runs the very test command it shows."""

from __future__ import annotations

import re
from pathlib import Path

from cogapp import Cog

ROOT = Path(__file__).resolve().parent.parent


def command_after(marker: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\n```sh\n(.+)\n```", text)
    assert match, f"README.md has no command after <!-- {marker} -->"
    return match.group(1)


def test_readme_is_current_with_the_commands(monkeypatch):
    monkeypatch.chdir(ROOT)
    status = Cog().main(["cog", "--check", "README.md"])
    assert status == 0, "README.md is out of date: run `cog -r README.md`"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "test-command" in ci  # CI reads the command from the README, not a copy of it
    assert "pytest" in command_after("test-command")


def test_the_main_command_runs_wkwmix():
    assert "wkwmix" in command_after("main-command")
