"""The overlay keeps every edit: hand edits, old and linked overlays, history, locks, folders."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
import yaml

from wkwmix.store import files, overlay, paths

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


# --- an overlay an older wkwmix kept in the config folder ----------------------------------


def config_and_data(home: Path) -> tuple[Path, Path]:
    return home / ".config" / "wkwmix", home / ".local" / "share" / "wkwmix"


@linux_only
def test_an_old_overlay_that_is_a_relative_symlink_keeps_every_edit(platform_home, run):
    config, data = config_and_data(platform_home)
    kept = platform_home / "dotfiles" / "wkwmix" / "overlay.yaml"
    kept.parent.mkdir(parents=True)
    kept.write_text(f"version: 1\ntracks:\n  {DREAMS}: {{add: [hope]}}\n", encoding="utf-8")
    config.mkdir(parents=True)
    old = config / "overlay.yaml"
    old.symlink_to("../../dotfiles/wkwmix/overlay.yaml")  # as a dotfiles manager makes it

    assert "hope" in moods_of(run)
    result = run("tag", SWAY, "grief")
    assert result.stderr == ""
    assert "hope" in moods_of(run) and "grief" in moods_of(run, SWAY)
    # The user's link and the file it names are where they were, and hold the edits.
    assert os.readlink(old) == "../../dotfiles/wkwmix/overlay.yaml"
    saved = yaml.safe_load(kept.read_text(encoding="utf-8"))
    assert saved["tracks"] == {DREAMS: {"add": ["hope"]}, SWAY: {"add": ["grief"]}}
    assert os.path.samefile(data / "overlay.yaml", kept)
    assert run("overlay", "path").stdout == f"{data / 'overlay.yaml'}\n"


@linux_only
def test_an_old_overlay_beside_a_new_one_is_named_once_with_how_to_merge(platform_home, run):
    config, data = config_and_data(platform_home)
    for folder, track, mood in ((config, DREAMS, "hope"), (data, SWAY, "grief")):
        folder.mkdir(parents=True)
        (folder / "overlay.yaml").write_text(
            f"version: 1\ntracks:\n  {track}: {{add: [{mood}]}}\n", encoding="utf-8")
    old_text = (config / "overlay.yaml").read_text(encoding="utf-8")
    notice = (f"warning: {config / 'overlay.yaml'}: not read: an older wkwmix kept your "
              f"overlay here, and {data / 'overlay.yaml'} is the one in use; to merge them, "
              "copy the moods and track edits you want from the old file into the new one, "
              "then delete the old file\n")

    listed = run("ls", f"id:{SWAY}", "mood:grief", "-f", "ids")
    assert (listed.stdout, listed.stderr) == (f"{SWAY}\n", notice)
    tagged = run("tag", SWAY, "regret")
    assert tagged.stderr == notice
    checked = run("check", expect=1)
    assert notice.removeprefix("warning: ") in checked.stderr
    assert (config / "overlay.yaml").read_text(encoding="utf-8") == old_text
    assert "hope" not in moods_of(run)


@linux_only
def test_an_old_link_to_the_overlay_in_use_is_no_second_overlay(platform_home, run):
    config, data = config_and_data(platform_home)
    data.mkdir(parents=True)
    (data / "overlay.yaml").write_text(f"tracks:\n  {DREAMS}: {{add: [hope]}}\n",
                                       encoding="utf-8")
    config.mkdir(parents=True)
    (config / "overlay.yaml").symlink_to(data / "overlay.yaml")
    assert run("ls", "mood:hope", "-f", "ids").stderr == ""


# --- history: every edit can be undone, whenever a writer dies -----------------------------


def test_the_first_edit_can_be_undone_back_to_no_edits(run, wkwmix_home):
    catalog_moods = moods_of(run)
    run("tag", DREAMS, "hope")
    assert moods_of(run) == [*catalog_moods, "hope"]
    result = run("overlay", "undo")
    assert result.stdout == (f"restored the previous version of {overlay_file(wkwmix_home)} "
                             "(0 earlier version(s) kept)\n")
    assert moods_of(run) == catalog_moods
    assert overlay.read(overlay_file(wkwmix_home)) == overlay.empty()
    assert run("overlay", "undo", expect=1).stderr == (
        f"Error: {overlay_file(wkwmix_home)}: no earlier version to go back to\n")


def test_undo_goes_back_one_edit_at_a_time_as_far_as_history_keeps(run, wkwmix_home):
    texts = []
    for mood in ("hope", "grief", "regret", "menace", "tenderness", "euphoria"):
        run("tag", SWAY, mood)
        texts.append(overlay_file(wkwmix_home).read_text(encoding="utf-8"))
    restored = []
    while run("overlay", "undo", expect=None).exit_code == 0:
        restored.append(overlay_file(wkwmix_home).read_text(encoding="utf-8"))
    assert restored == texts[-2::-1][:overlay.HISTORY]


CRASHING_TAGGER = """
import os, sys
crash_at, calls = int(sys.argv[1]), [0]
def dying_at_the_nth(real):
    def call(*args, **kwargs):
        calls[0] += 1
        if calls[0] == crash_at:
            os._exit(9)  # as a power cut: no cleanup, no exception handler runs
        return real(*args, **kwargs)
    return call
for name in ("replace", "rename", "unlink", "remove", "link", "symlink"):
    setattr(os, name, dying_at_the_nth(getattr(os, name)))
from wkwmix.cli import main
sys.argv = ["wkwmix", "tag", *sys.argv[2:]]
main()
"""


@pytest.mark.slow
def test_a_tagger_dying_at_any_step_leaves_an_overlay_undo_can_walk_back(run, wkwmix_home):
    import subprocess

    versions = [files.dump(overlay.empty())]  # before the first edit: no edits
    for mood in ("hope", "grief", "regret", "menace"):
        run("tag", SWAY, mood)
        versions.append(overlay_file(wkwmix_home).read_text(encoding="utf-8"))
    before = {p.name: p.read_bytes() for p in wkwmix_home.glob("overlay.yaml*")
              if not p.name.endswith(".lock")}
    last_edit = versions[-1]
    for crash_at in range(1, 40):
        for leftover in wkwmix_home.glob("*overlay.yaml*"):
            if not leftover.name.endswith(".lock"):
                leftover.unlink()
        for name, data in before.items():
            (wkwmix_home / name).write_bytes(data)
        run("ls", "mood:hope")  # the parse cache is warm: the crash hits the overlay's write
        done = subprocess.run([sys.executable, "-c", CRASHING_TAGGER, str(crash_at), SWAY,
                               "tenderness"], capture_output=True, text=True, timeout=60)
        now = overlay_file(wkwmix_home).read_text(encoding="utf-8")
        assert now == last_edit or "tenderness" in now, (crash_at, now)
        chain = ([now] if now != last_edit else []) + versions[::-1]
        restored = []
        while run("overlay", "undo", expect=None).exit_code == 0:
            restored.append(overlay_file(wkwmix_home).read_text(encoding="utf-8"))
        assert restored == chain[1:][:overlay.HISTORY], crash_at  # every version, in order
        if done.returncode == 0:
            break
    else:
        pytest.fail("the tagger never finished")


# --- a tag waiting at its question holds no lock -------------------------------------------


def ids(run, *words: str) -> list[str]:
    return run("ls", *words, "-f", "ids", expect=None).stdout.split()


def read_until(fd: int, ending: bytes, seconds: float = 30) -> bytes:
    """What a process wrote to ``fd`` up to ``ending`` (it waits there for an answer)."""
    import select
    import time

    seen = b""
    deadline = time.monotonic() + seconds
    while not seen.endswith(ending) and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.1)[0]:
            chunk = os.read(fd, 1024)
            if not chunk:
                break
            seen += chunk
    return seen


@linux_only
def test_other_edits_go_on_while_tag_waits_at_its_question(run, wkwmix_home, monkeypatch):
    import pty
    import subprocess

    from wkwmix.store import locks

    monkeypatch.setattr(locks, "LOCK_TIMEOUT", 3.0)  # a lock held here fails in 3 s, not 30
    selected = ids(run, "film:2046")
    to_tag = [t for t in selected if t not in ids(run, "film:2046", "mood:obsession")]
    assert len(to_tag) > 6
    terminal, asked_on = pty.openpty()
    asking = subprocess.Popen([sys.executable, "-m", "wkwmix", "tag", "-q", "film:2046",
                               "obsession"], stdin=asked_on, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    os.close(asked_on)
    try:
        question = f"Tag {len(to_tag)} tracks? [y/N]: ".encode()
        assert read_until(asking.stderr.fileno(), question) == question  # type: ignore[union-attr]
        # Meanwhile: one of the tracks is tagged, another is edited.
        assert run("tag", to_tag[0], "obsession").stderr == ""
        assert run("tag", DREAMS, "hope").stderr == ""
        os.write(terminal, b"y\n")
        out, err = asking.communicate(timeout=60)
    finally:
        asking.kill()
        os.close(terminal)
    assert (asking.returncode, out.decode(), err.decode()) == (
        0, f"tagged {len(to_tag) - 1} of {len(selected)} selected track(s) with obsession\n",
        "")
    saved = yaml.safe_load(overlay_file(wkwmix_home).read_text(encoding="utf-8"))
    assert saved["tracks"][DREAMS] == {"add": ["hope"]}
    assert sorted(saved["tracks"]) == sorted([DREAMS, *to_tag])


@linux_only
def test_tag_asks_again_when_more_would_change_than_was_agreed(run, wkwmix_home):
    import pty
    import subprocess

    selected = ids(run, "film:2046")
    had_it = ids(run, "film:2046", "mood:longing")
    to_tag = len(selected) - len(had_it)
    terminal, asked_on = pty.openpty()
    asking = subprocess.Popen([sys.executable, "-m", "wkwmix", "tag", "-q", "film:2046",
                               "longing"], stdin=asked_on, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    os.close(asked_on)
    err = asking.stderr.fileno()  # type: ignore[union-attr]
    try:
        first = f"Tag {to_tag} tracks? [y/N]: ".encode()
        assert read_until(err, first) == first
        run("untag", had_it[0], "longing")  # meanwhile: one more track lacks the mood
        os.write(terminal, b"y\n")
        again = ("your overlay changed while you were asked: more tracks would change now\n"
                 f"Tag {to_tag + 1} tracks? [y/N]: ").encode()
        assert read_until(err, again) == again
        os.write(terminal, b"y\n")
        out, _ = asking.communicate(timeout=60)
    finally:
        asking.kill()
        os.close(terminal)
    assert (asking.returncode, out.decode()) == (
        0, f"tagged {to_tag + 1} of {len(selected)} selected track(s) with longing\n")
    assert ids(run, "film:2046", "-mood:longing") == []


# --- thousands of edits of tracks the catalog lacks ----------------------------------------


def write_edits_of_missing_tracks(path: Path, count: int) -> list[str]:
    gone = [f"gone/track-{n:05d}" for n in range(count)]
    path.write_text("version: 1\ntracks:\n" + "".join(f"  {t}: {{add: [hope]}}\n" for t in gone),
                    encoding="utf-8")
    return gone


def test_many_edits_of_missing_tracks_are_one_warning_and_check_lists_them_all(
        run, wkwmix_home):
    path = overlay_file(wkwmix_home)
    gone = write_edits_of_missing_tracks(path, 12000)
    listed = run("ls", "mood:dream", "-f", "ids")
    assert listed.stderr == (f"warning: {path}: edits 12000 tracks that are not in the "
                             f"catalog ({gone[0]}, {gone[1]}, {gone[2]}, …); `wkwmix check` "
                             "lists them all\n")
    assert DREAMS in listed.stdout.split()
    checked = run("check", expect=1).stderr.splitlines()
    assert checked[0] == "Error: 12000 problem(s):"
    assert checked[1] == (f"  {path}:3: edits track '{gone[0]}', which is not in the catalog "
                          "(was it renamed or removed?)")
    assert checked[-1] == (f"  {path}:{2 + 12000}: edits track '{gone[-1]}', which is not "
                           "in the catalog (was it renamed or removed?)")
    assert len(checked) == 1 + 12000


def test_a_few_edits_of_missing_tracks_are_each_named_with_their_line(run, wkwmix_home):
    path = overlay_file(wkwmix_home)
    gone = write_edits_of_missing_tracks(path, 3)
    assert run("ls", "mood:dream", "-f", "ids").stderr == "".join(
        f"warning: {path}:{3 + n}: edits track '{t}', which is not in the catalog "
        "(was it renamed or removed?)\n" for n, t in enumerate(gone))


@pytest.mark.slow
def test_merging_edits_of_missing_tracks_takes_time_in_proportion_to_their_number(tmp_path):
    import time

    from wkwmix.store import catalog as catalog_mod

    base = catalog_mod.load()

    def seconds(count: int) -> float:
        path = tmp_path / f"overlay-{count}.yaml"
        write_edits_of_missing_tracks(path, count)
        data = overlay.read(path)
        best = float("inf")
        for _ in range(5):  # the processor time, best of five: other processes do not count
            started = time.process_time()
            merged = overlay.apply(base, data, str(path))
            best = min(best, time.process_time() - started)
        assert len(merged.warnings) == count
        return best

    small, large = seconds(3000), seconds(12000)
    assert large < 8 * small, (small, large)  # four times the edits: about four times the time


@linux_only
def test_the_old_overlay_is_named_once_however_often_the_catalog_is_loaded_again(
        platform_home):
    from wkwmix.app import App

    config, data = config_and_data(platform_home)
    for folder in (config, data):
        folder.mkdir(parents=True)
        (folder / "overlay.yaml").write_text("tracks: {}\n", encoding="utf-8")
    said: list[str] = []
    app = App(on_warn=said.append)
    track = app.catalog.tracks[DREAMS]
    app.pin(track, "spotify:track:" + "A" * 22)  # each edit loads the catalog afresh
    app.reject(track, "spotify:track:" + "B" * 22)
    assert app.catalog.tracks[DREAMS].spotify == "spotify:track:" + "A" * 22
    assert len(said) == 1 and said[0].startswith(f"warning: {config / 'overlay.yaml'}: not read")


@linux_only
def test_a_looping_overlay_in_the_data_folder_is_refused_though_an_old_one_exists(
        platform_home, run):
    config, data = config_and_data(platform_home)
    config.mkdir(parents=True)
    (config / "overlay.yaml").write_text("tracks: {}\n", encoding="utf-8")
    data.mkdir(parents=True)
    (data / "overlay.yaml").symlink_to("overlay.yaml")
    assert run("tag", DREAMS, "hope", expect=1).stderr == (
        f"Error: {data / 'overlay.yaml'}: a symbolic link that loops (it never reaches a "
        "file); point it at your overlay or remove it\n")
    assert (config / "overlay.yaml").read_text(encoding="utf-8") == "tracks: {}\n"


@linux_only
def test_an_old_overlay_passed_over_for_a_link_to_nothing_is_named(platform_home, run):
    config, data = config_and_data(platform_home)
    config.mkdir(parents=True)
    (config / "overlay.yaml").write_text(f"tracks:\n  {DREAMS}: {{add: [hope]}}\n",
                                         encoding="utf-8")
    data.mkdir(parents=True)
    (data / "overlay.yaml").symlink_to(platform_home / "dotfiles" / "overlay.yaml")
    listed = run("ls", "mood:hope", "-f", "ids", expect=None)
    assert listed.stderr.startswith(f"warning: {config / 'overlay.yaml'}: not read: an older ")


def test_undo_puts_back_an_overlay_broken_by_hand_even_one_that_is_not_utf8(run, wkwmix_home):
    path = overlay_file(wkwmix_home)
    run("tag", DREAMS, "hope")
    good = path.read_bytes()
    run("tag", DREAMS, "grief")
    path.write_bytes(b"tracks: {\xff")
    assert run("ls", expect=1).stderr.startswith(f"Error: {path}: not UTF-8 text")
    assert run("overlay", "undo").stdout == (
        f"restored the previous version of {path} (1 earlier version(s) kept)\n")
    assert path.read_bytes() == good
