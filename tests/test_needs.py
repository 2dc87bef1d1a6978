"""The rule for tests that need an outside program: skip naming its Debian package, or,
where CI is set, fail, so that CI never passes with a test quietly left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from needs_support import needs_fonts, needs_program


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that is all of PATH: only what a test puts there is found."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def program(folder: Path, name: str, script: str = "exit 0") -> Path:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_a_missing_program_skips_naming_its_package(bin_dir, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        needs_program("zsh", package="zsh")
    assert str(skipped.value) == "needs zsh: apt-get install zsh"


def test_a_missing_program_fails_where_ci_is_set(bin_dir, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        needs_program("chromium", "chromium-browser", package="chromium")
    assert str(failed.value) == ("needs chromium: apt-get install chromium (CI is set, so "
                                 "what a test needs must be there)")


def test_a_program_found_under_any_of_its_names_is_its_path(bin_dir, monkeypatch):
    monkeypatch.setenv("CI", "1")
    browser = program(bin_dir, "chromium-browser")
    assert needs_program("chromium", "chromium-browser", package="chromium") == str(browser)


def test_fonts_are_what_fontconfig_lists_for_the_pattern(bin_dir, monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    asked = tmp_path / "asked"
    program(bin_dir, "fc-list", f'printf "%s\\n" "$@" > "{asked}"\n'
                                'case "$3" in *Dreamy*) printf "/f/b.ttf\\n/f/a.ttf\\n";; esac')
    assert needs_fonts(":family=Dreamy Sans", "the Dreamy font", "fonts-dreamy") == [
        "/f/a.ttf", "/f/b.ttf"]
    assert asked.read_text(encoding="utf-8") == "--format\n%{file}\n\n:family=Dreamy Sans\n"
    with pytest.raises(pytest.skip.Exception) as skipped:
        needs_fonts(":lang=zh-tw", "a Chinese font", "fonts-noto-cjk")
    assert str(skipped.value) == "needs a Chinese font: apt-get install fonts-noto-cjk"


def test_without_fontconfig_a_font_needs_fontconfig(bin_dir, monkeypatch):
    monkeypatch.setenv("CI", "")  # set but empty counts as unset
    with pytest.raises(pytest.skip.Exception) as skipped:
        needs_fonts(":lang=zh-tw", "a Chinese font", "fonts-noto-cjk")
    assert str(skipped.value) == "needs fc-list: apt-get install fontconfig"
