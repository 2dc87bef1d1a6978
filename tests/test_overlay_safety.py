"""The overlay keeps every edit: hand edits, old and linked overlays, history, locks, folders."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
import yaml

from wkwmix.store import overlay, paths

DREAMS = "chungking-express/dreams"
SWAY = "2046/sway"

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the XDG layout is Linux's")


def overlay_file(home: Path) -> Path:
    return home / "overlay.yaml"


def moods_of(run, track: str = DREAMS) -> list[str]:
    return json.loads(run("show", track, "-f", "json").stdout)["moods"]


@pytest.fixture
def platform_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No WKWMIX_HOME: the platform's folders, under a temporary home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv("WKWMIX_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    return home


# --- a hand edit is never served stale nor written over ------------------------------------


def test_a_hand_edit_keeping_size_and_mtime_is_read_and_kept(run, wkwmix_home):
    path = overlay_file(wkwmix_home)
    run("tag", DREAMS, "regret")
    assert "regret" in moods_of(run)  # read once: whatever could be cached now is
    written = path.stat()
    text = path.read_text(encoding="utf-8")
    hand_edited = text.replace("regret", "menace")
    assert len(hand_edited) == len(text) and hand_edited != text
    path.write_text(hand_edited, encoding="utf-8")
    os.utime(path, ns=(written.st_atime_ns, written.st_mtime_ns))
    assert path.stat().st_size == written.st_size
    assert path.stat().st_mtime_ns == written.st_mtime_ns

    assert moods_of(run)[-1] == "menace" and "regret" not in moods_of(run)
    run("tag", SWAY, "hope")
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert saved["tracks"][DREAMS] == {"add": ["menace"]}
    assert saved["tracks"][SWAY] == {"add": ["hope"]}


def test_the_core_reads_the_overlay_as_it_is_on_disk(wkwmix_home):
    path = overlay_file(wkwmix_home)
    path.write_text(f"tracks:\n  {DREAMS}: {{add: [regret]}}\n", encoding="utf-8")
    written = path.stat()
    assert overlay.read(path)["tracks"][DREAMS] == {"add": ["regret"]}
    path.write_text(f"tracks:\n  {DREAMS}: {{add: [menace]}}\n", encoding="utf-8")
    os.utime(path, ns=(written.st_atime_ns, written.st_mtime_ns))
    assert overlay.read(path)["tracks"][DREAMS] == {"add": ["menace"]}


# --- an overlay that is a symlink loop -----------------------------------------------------


def test_an_overlay_that_is_a_symlink_loop_is_refused_and_left_alone(run, wkwmix_home):
    path = overlay_file(wkwmix_home)
    other = wkwmix_home / "loop.yaml"
    path.symlink_to(other.name)
    other.symlink_to(path.name)
    message = (f"Error: {path}: a symbolic link that loops (it never reaches a file); "
               "point it at your overlay or remove it\n")
    for args in (["tag", DREAMS, "hope"], ["ls", "mood:hope"], ["overlay", "undo"]):
        assert run(*args, expect=1).stderr == message, args
    assert os.readlink(path) == other.name and os.readlink(other) == path.name


# --- the folders wkwmix makes are the user's alone -----------------------------------------


@linux_only
def test_every_folder_wkwmix_makes_is_readable_by_the_user_alone(platform_home, run):
    run("tag", DREAMS, "hope")
    run("ls", "mood:hope")
    made = [".cache", ".cache/wkwmix", ".cache/wkwmix/parsed", ".local", ".local/share",
            ".local/share/wkwmix"]
    modes = {name: stat.S_IMODE((platform_home / name).stat().st_mode) for name in made}
    assert modes == dict.fromkeys(made, 0o700)


def test_ensure_dir_makes_each_missing_folder_private(tmp_path):
    tmp_path.chmod(0o755)
    made = paths.ensure_dir(tmp_path / "a" / "b" / "c")
    assert made == tmp_path / "a" / "b" / "c"
    for folder in (tmp_path / "a", tmp_path / "a" / "b", made):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755  # not made here: not changed
