"""Tagging: moods live in the user's overlay, edits are never lost, bad input changes nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wkwmix.store import catalog as catalog_mod
from wkwmix.store import overlay

DREAMS = "chungking-express/dreams"


def overlay_file(home: Path) -> Path:
    return home / "overlay.yaml"


def moods_of(run, track=DREAMS):
    return json.loads(run("show", track, "-f", "json").output)


def test_tag_and_untag_change_only_the_overlay(run, wkwmix_home):
    shipped = catalog_mod.shipped_catalog_path().read_bytes()
    assert run("tag", DREAMS, "hope").output == (
        f"{DREAMS}: dream, longing, romance, playfulness, hope\n")
    run("untag", DREAMS, "playfulness")
    data = moods_of(run)
    assert data["moods"] == ["dream", "longing", "romance", "hope"]
    assert data["mood_origins"]["hope"] == "user" and data["mood_origins"]["dream"] == "catalog"
    assert data["removed_moods"] == ["playfulness"]
    assert catalog_mod.shipped_catalog_path().read_bytes() == shipped
    saved = yaml.safe_load(overlay_file(wkwmix_home).read_text(encoding="utf-8"))
    assert saved["tracks"][DREAMS] == {"add": ["hope"], "remove": ["playfulness"]}


def test_show_and_ls_say_which_moods_are_yours(run):
    run("tag", "夢中人", "joy")  # a title and a synonym
    assert "euphoria (yours)" in run("show", DREAMS).output
    (listed,) = json.loads(run("ls", "id:chungking-express/dreams", "-f", "json").output)
    assert listed["mood_origins"]["euphoria"] == "user"


def test_untagging_a_mood_you_added_removes_it_from_the_overlay(run, wkwmix_home):
    run("tag", DREAMS, "hope")
    run("untag", DREAMS, "hope")
    assert moods_of(run)["moods"] == ["dream", "longing", "romance", "playfulness"]
    saved = yaml.safe_load(overlay_file(wkwmix_home).read_text(encoding="utf-8"))
    assert saved["tracks"] == {}


def test_unknown_mood_suggests_and_changes_nothing(run, wkwmix_home):
    run("tag", DREAMS, "hope")
    before = overlay_file(wkwmix_home).read_bytes()
    result = run("tag", DREAMS, "grief", "hopf", expect=2)
    assert result.stderr == "Error: unknown mood 'hopf'; did you mean: hope?\n"
    assert overlay_file(wkwmix_home).read_bytes() == before


def test_tag_by_query_reports_how_many_changed(run):
    total = len(run("ls", "film:2046", "-f", "ids").output.split())
    already = len(run("ls", "film:2046", "mood:obsession", "-f", "ids", expect=None)
                  .stdout.split())
    result = run("tag", "--query", "film:2046", "obsession", "--yes")
    assert result.output == (f"tagged {total - already} of {total} selected track(s) "
                             "with obsession\n")
    assert run("ls", "film:2046", "-mood:obsession", "-f", "ids", expect=1).stdout == ""
    assert "untagged" in run("untag", "-q", "film:2046", "obsession", "--yes").output


def test_reset_drops_a_tracks_edits(run):
    run("tag", DREAMS, "hope")
    run("untag", DREAMS, "dream")
    assert "your mood edits dropped" in run("tag", "--reset", DREAMS).output
    assert moods_of(run)["mood_origins"] == {m: "catalog" for m in moods_of(run)["moods"]}


def test_user_moods_can_be_added_used_and_removed(run):
    run("moods", "add", "neon", "-d", "City lights at night", "--valence", "0.2",
        "--arousal", "0.6", "-s", "neon-lit")
    listed = {m["id"]: m for m in json.loads(run("moods", "-f", "json").output)}
    assert listed["neon"]["origin"] == "user" and listed["neon"]["arousal"] == 0.6
    run("tag", "fallen-angels/only-you", "neon-lit")
    refused = run("moods", "remove", "neon", expect=1)
    assert "1 track(s) still carry the mood 'neon'" in refused.stderr
    assert run("moods", "remove", "neon", "--force").output == (
        "removed mood 'neon'; untagged 1 track(s)\n")
    assert "neon" not in moods_of(run, "fallen-angels/only-you")["moods"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["dream", "-d", "x", "--valence", "0", "--arousal", "0"], 1, "'dream' already names"),
        (["calm2", "-d", "x", "--valence", "0", "--arousal", "0", "-s", "calm"], 1,
         "'calm' already names the mood 'serenity'"),
        (["loud", "-d", "x", "--valence", "2", "--arousal", "0"], 2, "2.0 is not in the range"),
    ],
)
def test_moods_add_refuses_clashes_and_out_of_range(run, args, code, message):
    result = run("moods", "add", *args, expect=code)
    assert message in result.stderr


def test_catalog_moods_cannot_be_removed(run):
    assert "not one of your moods" in run("moods", "remove", "dream", expect=1).stderr


def test_export_is_a_standalone_catalog_with_the_edits(run, tmp_path):
    run("moods", "add", "neon", "-d", "City lights", "--valence", "0.2", "--arousal", "0.6")
    run("tag", DREAMS, "neon")
    exported = tmp_path / "mine.yaml"
    run("overlay", "export", "-o", str(exported))
    mine = run("--catalog", str(exported), "--no-overlay", "show", DREAMS, "-f", "json")
    assert "neon" in json.loads(mine.output)["moods"]
    assert run("--catalog", str(exported), "check").output.startswith("ok: ")


def test_overlay_path_honours_wkwmix_home(run, wkwmix_home):
    assert run("overlay", "path").output == f"{overlay_file(wkwmix_home)}\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("tracks:\n  x: [unclosed\n", ":3: not valid YAML"),
        ("version: 7\ntracks: {}\n", ":1: written by a newer wkwmix (format version 7"),
        ("tracks:\n  chungking-express/dreams:\n    add: {a: 1}\n", ":3: add: expected a list"),
        ("- just\n- a list\n", "an overlay is a mapping"),
    ],
)
def test_a_bad_overlay_is_named_and_left_exactly_as_it_was(run, wkwmix_home, content, message):
    path = overlay_file(wkwmix_home)
    path.write_text(content, encoding="utf-8")
    for args in (["tag", DREAMS, "hope"], ["ls"], ["moods", "add", "x", "-d", "x",
                                                  "--valence", "0", "--arousal", "0"]):
        result = run(*args, expect=1)
        assert result.stderr.startswith(f"Error: {path}") and message in result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == content


def test_an_unreadable_overlay_is_named(run, wkwmix_home):
    overlay_file(wkwmix_home).mkdir()
    result = run("tag", DREAMS, "hope", expect=1)
    assert result.stderr == f"Error: {overlay_file(wkwmix_home)}: not a regular file (a folder)\n"


def test_check_reports_edits_of_tracks_no_longer_in_the_catalog(run, wkwmix_home):
    hopeful = run("ls", "-f", "ids", "mood:hope").stdout
    overlay_file(wkwmix_home).write_text(
        "version: 1\ntracks:\n  chungking-express/gone:\n    add: [hope]\n", encoding="utf-8")
    listed = run("ls", "-f", "ids", "mood:hope")  # other commands still work, and warn
    assert listed.stdout == hopeful and "chungking-express/california-dreamin\n" in hopeful
    assert listed.stderr == (f"warning: {overlay_file(wkwmix_home)}:3: edits track "
                             "'chungking-express/gone', which is not in the catalog (was it "
                             "renamed or removed?)\n")
    result = run("check", expect=1)
    assert (f"{overlay_file(wkwmix_home)}:3: edits track 'chungking-express/gone', which is not "
            "in the catalog") in result.stderr


def test_a_failing_write_leaves_the_old_overlay(run, wkwmix_home, monkeypatch):
    run("tag", DREAMS, "hope")
    before = overlay_file(wkwmix_home).read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = run("tag", DREAMS, "grief", expect=1)
    assert result.stderr == "Error: the disk is full\n"
    assert overlay_file(wkwmix_home).read_bytes() == before
    assert list(wkwmix_home.glob(".overlay.yaml.*")) == []


KILLED_WRITER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    real_fsync = os.fsync
    mid_write = Path(sys.argv[1])
    def fsync_then_hang(fd):
        real_fsync(fd)
        mid_write.touch()  # tell the test: the new text is written, not yet renamed
        time.sleep(60)
    os.fsync = fsync_then_hang
    from wkwmix.cli import main
    sys.argv = ["wkwmix", "tag", "chungking-express/dreams", "grief"]
    main()
""")


def test_a_writer_killed_mid_write_leaves_the_old_overlay(run, wkwmix_home, tmp_path):
    run("tag", DREAMS, "hope")
    before = overlay_file(wkwmix_home).read_bytes()
    signal_file = tmp_path / "mid-write"
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(signal_file)],
                              env=os.environ.copy())
    deadline = time.monotonic() + 30
    while not signal_file.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert signal_file.exists(), "the writer never reached the middle of its write"
    assert list(wkwmix_home.glob(".overlay.yaml.*.tmp"))  # the half-done write is on disk
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert overlay_file(wkwmix_home).read_bytes() == before
    run("tag", DREAMS, "tenderness")  # the lock died with the writer; editing goes on
    assert moods_of(run)["mood_origins"]["tenderness"] == "user"
    assert list(wkwmix_home.glob(".overlay.yaml.*.tmp")) == []


@pytest.mark.slow
def test_sixteen_concurrent_taggers_lose_no_edit(wkwmix_home):
    catalog = catalog_mod.load()
    tracks = list(catalog.tracks)[:8]
    jobs = [(tracks[i % 8], "hope" if i < 8 else "grief") for i in range(16)]
    command = [sys.executable, "-m", "wkwmix", "tag"]
    procs = [subprocess.Popen([*command, track, mood], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) for track, mood in jobs]
    errors = [p.communicate()[1] for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    merged = catalog_mod.load(overlay=overlay_file(wkwmix_home))
    for track, mood in jobs:
        assert mood in merged.tracks[track].moods, (track, mood)


# A model of tagging: a track's moods are a set; tag adds, untag removes, reset restores.
TRACKS = ["chungking-express/dreams", "fallen-angels/only-you", "2046/sway"]
MOODS = ["dream", "hope", "grief", "longing", "playfulness", "menace"]
operations = st.lists(st.tuples(st.sampled_from(["tag", "untag", "reset"]),
                                st.sampled_from(TRACKS),
                                st.lists(st.sampled_from(MOODS), min_size=1, max_size=3)),
                      max_size=12)


@pytest.mark.slow
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
def test_any_sequence_of_edits_matches_a_simple_model(tmp_path, ops):
    base = catalog_mod.load()
    model = {t: set(base.tracks[t].moods) for t in TRACKS}
    path = tmp_path / f"overlay-{len(list(tmp_path.iterdir()))}.yaml"
    for op, track_id, moods in ops:
        with overlay.editing(path) as data:
            track = base.tracks[track_id]
            if op == "tag":
                overlay.tag(data, track, moods)
                model[track_id] |= set(moods)
            elif op == "untag":
                overlay.untag(data, track, moods)
                model[track_id] -= set(moods)
            else:
                overlay.reset(data, track_id)
                model[track_id] = set(track.moods)
    merged = catalog_mod.load(overlay=path)
    assert {t: set(merged.tracks[t].moods) for t in TRACKS} == model
