"""How each track is heard in its film: a sourced fact, checked, shown, exported and
queried, and the rule that playlists draw on music the films use."""

from __future__ import annotations

import csv
import io
import json

from catalog_support import problems, write

HEARD = """\
films:
  - {id: ce, title: Chungking Express, year: 1994}
tracks:
  - {id: ce/dreams, film: ce, title: Dreams, moods: [dream], heard: theme, duration: 265}
  - {id: ce/thoughts, film: ce, title: Random Thoughts, moods: [dream], heard: not-in-film,
     duration: 240}
  - {id: ce/cue, film: ce, title: Night Cue, moods: [dream], heard: album-only, duration: 100}
  - {id: ce/radio, film: ce, title: Radio, moods: [dream], heard: background, duration: 150}
  - {id: ce/unknown, film: ce, title: Unknown, moods: [dream], duration: 200}
"""


def test_a_heard_value_outside_the_list_is_named_with_its_line(tmp_path):
    path = write(tmp_path, HEARD.replace("heard: background", "heard: loud"))
    assert problems(path) == [
        f"{path}:8: heard: must be one of theme, featured, background, brief, album-only, "
        "not-in-film, not 'loud'"]


def test_show_says_how_a_track_is_heard(run, use_catalog):
    use_catalog(HEARD)
    shown = run("show", "ce/radio").stdout
    assert "Heard:             in the background: under dialogue, from a radio, or in part\n" \
        in shown
    assert "Heard" not in run("show", "ce/unknown").stdout


def test_json_and_csv_carry_the_fact(run, use_catalog):
    use_catalog(HEARD)
    record = json.loads(run("show", "ce/dreams", "--format", "json").stdout)
    assert record["heard"] == "theme"
    rows = list(csv.DictReader(io.StringIO(
        run("build", "id:ce/dreams", "-o", "-", "--format", "csv").stdout)))
    assert [row["heard"] for row in rows] == ["theme"]


def test_the_shipped_catalog_gives_most_tracks_a_sourced_heard(run):
    tracks = json.loads(run("ls", "--format", "json").stdout)
    heard = [t for t in tracks if t["heard"]]
    assert len(heard) >= 0.73 * len(tracks)
    for track in heard:  # the note says why, and a source is listed
        assert f"How it is heard ({track['heard']})" in (track["note"] or ""), track["id"]
        assert track["sources"], track["id"]
