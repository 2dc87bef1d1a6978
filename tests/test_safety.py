"""What a real machine does to output paths: devices, FIFOs, links, modes, empty results.

Every fixture is made inside the test's own temporary folder: device nodes and FIFOs too,
never the machine's real /dev.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wkwmix.store.output import OutputError, write_text

QUERY = "mood:dream"
OLD = b"#EXTM3U\n# what the user had\n"


def build_to(run, dest: str | Path, *extra: str, expect: int = 0):
    return run("build", QUERY, "-o", str(dest), "--format", "m3u8", *extra, expect=expect)


def char_device(path: Path) -> Path:
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a null device, in tmp
    return path


def reader_of(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as f:
            got.append(f.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, got


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_character_device_is_written_through_and_stays_a_device(run, tmp_path):
    dev = char_device(tmp_path / "null")
    result = build_to(run, dev)
    assert result.stderr.endswith(f"wrote {dev}\n")
    assert stat.S_ISCHR(dev.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temp file left


def test_a_fifo_with_a_reader_gets_the_playlist_and_stays_a_fifo(run, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, got = reader_of(fifo)
    build_to(run, fifo)
    thread.join(5)
    assert got and got[0].startswith(b"#EXTM3U\n") and b"Always in My Heart" in got[0]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_fifo_nobody_reads_is_refused_at_once(run, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = build_to(run, fifo, expect=1)
    assert result.stderr.endswith(
        f"Error: cannot write '{fifo}': it is a FIFO that no program is reading\n")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_dash_is_standard_output(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", QUERY, "-o", "-", "--format", "m3u8")
    assert result.stdout.startswith("#EXTM3U\n")
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_is_followed_and_stays_a_link(run, tmp_path):
    real = tmp_path / "synced" / "dreams.m3u8"
    real.parent.mkdir()
    real.write_bytes(OLD)
    link = tmp_path / "dreams.m3u8"
    link.symlink_to(real)
    build_to(run, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes().startswith(b"#EXTM3U\n#PLAYLIST:")


def test_a_dangling_symlink_gets_its_target_created(run, tmp_path):
    link = tmp_path / "dreams.m3u8"
    link.symlink_to(tmp_path / "elsewhere.m3u8")
    build_to(run, link)
    assert link.is_symlink()
    assert (tmp_path / "elsewhere.m3u8").read_bytes().startswith(b"#EXTM3U\n")


def test_an_existing_file_keeps_its_mode(run, tmp_path):
    dest = tmp_path / "dreams.m3u8"
    dest.write_bytes(OLD)
    dest.chmod(0o600)
    build_to(run, dest)
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert dest.read_bytes() != OLD


def test_hard_links_all_see_the_new_playlist(run, tmp_path):
    dest = tmp_path / "dreams.m3u8"
    dest.write_bytes(OLD)
    twin = tmp_path / "twin.m3u8"
    os.link(dest, twin)
    build_to(run, dest)
    assert dest.stat().st_nlink == 2 and os.path.samefile(dest, twin)
    assert twin.read_bytes() == dest.read_bytes() != OLD


def test_a_folder_on_the_way_that_is_a_file_is_named(run, tmp_path):
    (tmp_path / "notes").write_bytes(OLD)
    dest = tmp_path / "notes" / "dreams.m3u8"
    result = build_to(run, dest, expect=1)
    assert result.stderr.endswith(
        f"Error: cannot write '{dest}': a folder on the way is a file\n")
    assert (tmp_path / "notes").read_bytes() == OLD


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuchword"], "Error: nosuchword: no track matches the query\nNothing was written.\n"),
        ([QUERY, "--playable"],
         "Error: mood:dream: none of the 8 tracks that match can play yet (no local file or "
         "Spotify link); add --library FOLDER or run `wkwmix resolve`, or leave out --playable\n"
         "Nothing was written.\n"),
    ],
    ids=["nothing-matches", "nothing-plays"],
)
def test_an_empty_result_never_replaces_a_playlist(run, tmp_path, args, message):
    dest = tmp_path / "dreams.m3u8"
    dest.write_bytes(OLD)
    result = run("build", *args, "-o", str(dest), expect=1)
    assert result.stderr.endswith(message)
    assert dest.read_bytes() == OLD


def test_an_overlay_that_is_a_symlink_is_edited_through_the_link(run, wkwmix_home, tmp_path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "wkwmix-overlay.yaml"
    real.write_text("version: 1\n", encoding="utf-8")
    (wkwmix_home / "overlay.yaml").symlink_to(real)
    run("tag", "chungking-express/dreams", "hope")
    assert (wkwmix_home / "overlay.yaml").is_symlink()
    assert "chungking-express/dreams" in real.read_text(encoding="utf-8")


# --- the writer, for any kind of target ------------------------------------------------------

KINDS = ["missing", "regular", "symlink", "dangling", "fifo", "folder", "missing-parent",
         "parent-is-file"]


def make_target(root: Path, kind: str) -> tuple[Path, Path | None]:
    """(path to write to, the real file whose old content must survive a failure)."""
    path = root / "out.txt"
    real = root / "real.txt"
    if kind == "regular":
        path.write_bytes(OLD)
        return path, path
    if kind == "symlink":
        real.write_bytes(OLD)
        path.symlink_to(real)
        return path, real
    if kind == "dangling":
        path.symlink_to(real)
        return path, None
    if kind == "fifo":
        os.mkfifo(path)
        return path, None
    if kind == "folder":
        path.mkdir()
        return path, None
    if kind == "missing-parent":
        return root / "new" / "deeper" / "out.txt", None
    if kind == "parent-is-file":
        real.write_bytes(OLD)
        return real / "out.txt", real
    return path, None


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(KINDS), text=st.text(max_size=200))
def test_the_writer_puts_the_new_text_at_the_real_target_or_fails_cleanly(tmp_path, kind, text):
    root = tmp_path / f"case-{len(list(tmp_path.iterdir()))}"
    root.mkdir()
    path, guarded = make_target(root, kind)
    before = guarded.read_bytes() if guarded is not None else None
    try:
        write_text(path, text)
    except OutputError as e:
        assert str(e).startswith(f"cannot write '{path}': ")
        assert kind in ("fifo", "folder", "parent-is-file")
        if guarded is not None:
            assert guarded.read_bytes() == before
    else:
        assert kind not in ("fifo", "folder", "parent-is-file")
        assert Path(os.path.realpath(path)).read_bytes() == text.encode("utf-8")
        if kind in ("symlink", "dangling"):
            assert path.is_symlink()
    leftovers = [p.name for p in root.rglob("*.tmp")]
    assert leftovers == []


# --- bulk edits ----------------------------------------------------------------------------


def overlay_text(home: Path) -> str:
    path = home / "overlay.yaml"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def untagged(query: str, mood: str) -> list[str]:
    from wkwmix import App

    return [t.id for t in App().select(query) if mood not in t.moods]


def test_a_query_that_selects_many_tracks_needs_yes_without_a_terminal(run, wkwmix_home):
    result = run("tag", "-q", "", "hope", expect=1)
    count = len(untagged("", "hope"))
    assert count > 5
    assert result.stderr == (f"Error: the query would tag {count} tracks; nothing changed. Add "
                             "--yes to do it, or --dry-run to see which tracks.\n")
    assert overlay_text(wkwmix_home) == ""


def test_a_dry_run_lists_the_tracks_and_changes_nothing(run, wkwmix_home):
    result = run("tag", "-q", "film:fallen-angels", "hope", "--dry-run")
    changed = untagged("film:fallen-angels", "hope")
    total = len(untagged("film:fallen-angels", "no-such-mood"))
    assert result.stdout.splitlines() == [
        f"would have tagged {len(changed)} of {total} selected track(s) with hope",
        *(f"  {track_id}" for track_id in changed)]
    assert overlay_text(wkwmix_home) == ""


def test_a_few_tracks_need_no_confirmation(run):
    changed = untagged("film:fallen-angels", "hope")
    total = len(untagged("film:fallen-angels", "no-such-mood"))
    assert 0 < len(changed) <= 5
    assert run("tag", "-q", "film:fallen-angels", "hope").stdout == (
        f"tagged {len(changed)} of {total} selected track(s) with hope\n")


def test_undo_puts_back_the_overlay_before_the_last_change(run, wkwmix_home):
    run("tag", "chungking-express/dreams", "hope")
    before = overlay_text(wkwmix_home)
    assert run("tag", "-q", "", "grief", "--yes").stdout.startswith("tagged ")
    assert overlay_text(wkwmix_home) != before
    result = run("overlay", "undo")
    assert result.stdout.startswith("restored the previous version of")
    assert overlay_text(wkwmix_home) == before
    run("overlay", "undo")  # the first edit too: back to no edits
    assert run("overlay", "undo", expect=1).stderr.endswith(
        "overlay.yaml: no earlier version to go back to\n")


# --- the operating system says no ---------------------------------------------------------


def wkwmix(*args: str, env: dict[str, str] | None = None, stdout=None, **kwargs):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "wkwmix", *args], stdout=stdout or
                          subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, **(env or {})}, timeout=60, check=False, **kwargs)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_full_disk_on_standard_output_is_one_message(tmp_path):
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # a "disk full" device, in tmp
    with open(full, "w") as out:
        done = wkwmix("ls", stdout=out)
    assert (done.returncode, done.stderr) == (1, "Error: the disk is full\n")


def test_a_home_that_is_a_file_is_named(tmp_path):
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    done = wkwmix("tag", "chungking-express/dreams", "hope", env={"WKWMIX_HOME": str(home)})
    assert (done.returncode, done.stderr) == (1, f"Error: {home}: a file is in the way of a "
                                                 "folder\n")
    assert home.read_text(encoding="utf-8") == "not a folder"


def test_an_encoding_that_cannot_show_chinese_titles_is_explained(tmp_path):
    done = wkwmix("films", env={"PYTHONIOENCODING": "latin-1", "WKWMIX_HOME": str(tmp_path)})
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == ("Error: this terminal's encoding (latin-1) cannot show some "
                           "characters; use a UTF-8 locale, or set PYTHONIOENCODING=utf-8\n")


def test_a_file_name_too_long_is_refused_with_the_reason(run, tmp_path):
    dest = tmp_path / ("x" * 300 + ".m3u8")
    result = run("build", QUERY, "-o", str(dest), expect=1)
    assert result.stderr == f"Error: {dest}: File name too long\n"


@pytest.mark.slow
def test_waiting_for_a_lock_says_so_at_once_and_ctrl_c_exits_130(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from filelock import FileLock

    lock = FileLock(str(tmp_path / "overlay.yaml.lock"))
    lock.acquire()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "wkwmix", "tag", "chungking-express/dreams", "hope"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "WKWMIX_HOME": str(tmp_path)})
        first = proc.stderr.readline()  # printed before any wait, not after a timeout
        assert first == "waiting for another wkwmix that is editing your moods…\n"
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=30)
    finally:
        lock.release()
    assert proc.returncode == 130
    assert rest.strip() == "Interrupted."
    assert not (tmp_path / "overlay.yaml").exists()


def test_a_link_to_a_pipe_is_written_through_by_its_own_name(run, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "stdout-like"
    link.symlink_to(fifo)  # as /dev/stdout links to whatever standard output is
    thread, got = reader_of(fifo)
    build_to(run, link)
    thread.join(5)
    assert got and got[0].startswith(b"#EXTM3U\n")
    assert link.is_symlink() and stat.S_ISFIFO(fifo.lstat().st_mode)


def test_an_export_that_cannot_be_written_is_one_message(run, tmp_path):
    (tmp_path / "notes").write_bytes(OLD)
    dest = tmp_path / "notes" / "mine.yaml"
    result = run("overlay", "export", "-o", str(dest), expect=1)
    assert result.stderr == f"Error: cannot write '{dest}': a folder on the way is a file\n"
    assert (tmp_path / "notes").read_bytes() == OLD
