"""The mood map and the arc chart: valid SVG with every mood and every track, readable
labels, golden files for a tiny catalog, and catalog text that never becomes markup."""

from __future__ import annotations

import itertools
import os
import stat
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from pictures_support import TINY

from wkwmix import App
from wkwmix.model import Recipe
from wkwmix.pictures import arc_chart, mood_map
from wkwmix.pictures.layout import Box, text_box
from wkwmix.pictures.plane import COMPACT, WIDE, to_x, to_y
from wkwmix.playlist import build
from wkwmix.store.catalog import from_data

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "data" / "pictures"
SHIPPED_RECIPES = sorted(p.stem for p in (ROOT / "playlists").glob("*.yaml"))
NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.fixture
def tiny():
    return from_data(yaml.safe_load(TINY), "tiny")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def texts(root: ET.Element, cls: str) -> list[ET.Element]:
    return [t for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == cls]


def track_marks(root: ET.Element) -> list[str]:
    return [e.get("data-track", "") for e in root.iter() if e.get("class") == "track"]


def words(text: ET.Element) -> str:
    """What a <text> shows: its own words and its links' (not its tooltip)."""
    return (text.text or "") + "".join((a.text or "") + (a.tail or "") for a in text
                                       if a.tag == "{http://www.w3.org/2000/svg}a")


def label_box(text: ET.Element, size: float) -> Box:
    return text_box(float(text.get("x", 0)), float(text.get("y", 0)),
                    text.get("text-anchor", "start"), words(text), size)


def assert_no_overlap(boxes: list[tuple[str, Box]]) -> None:
    clashes = [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
               if box_a.overlaps(box_b)]
    assert clashes == []


# --- the map ----------------------------------------------------------------------------

def test_the_map_labels_every_mood_and_marks_every_track(tiny):
    root = parse(mood_map(tiny, list(tiny)))
    assert sorted(t.text for t in texts(root, "mood")) == sorted(m.id for m in tiny.moods)
    assert sorted(track_marks(root)) == sorted(tiny.tracks)
    assert root.get("viewBox") == "0 0 1000 740" and root.get("width") is None
    words = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for word in ("\u2190 unpleasant", "pleasant \u2192", "\u2190 calm", "energetic \u2192"):
        assert word in words


def test_a_playlist_is_drawn_in_play_order_with_its_arc(tiny):
    playlist = build(tiny, Recipe(name="Arc", order="arc", arc=("dream", "melancholy"),
                                  limit=4))
    root = parse(mood_map(tiny, playlist.tracks, playlist))
    assert [t.text for t in texts(root, "stop")] == ["1", "2", "3", "4"]
    assert sorted(track_marks(root)) == sorted(t.id for t in playlist.tracks)
    (path,) = [e for e in root.iter() if e.get("class") == "path"]
    assert len(path.get("points", "").split()) == 4
    (band,) = [e for e in root.iter() if e.get("class") == "arc-target"]
    corners = [tuple(map(float, p.split(","))) for p in band.get("points", "").split()]
    expected = [(round(to_x(m.valence), 1), round(to_y(m.arousal), 1))
                for m in (tiny.moods["dream"], tiny.moods["melancholy"])]
    assert corners == expected


def test_films_are_told_apart_by_shape_as_well_as_colour(tiny):
    root = parse(mood_map(tiny, list(tiny)))
    shapes = {}
    for mark in (e for e in root.iter() if e.get("class") == "track"):
        film = mark.get("data-track", "").split("/")[0]
        shapes.setdefault(film, set()).add((mark.tag, mark.get("fill"), mark.get("stroke")))
    assert len(shapes["cx"]) == 1 and len(shapes["ml"]) == 1
    (cx,), (ml,) = shapes["cx"], shapes["ml"]
    assert cx[0] != ml[0]  # another element: a circle, a square, a polygon


def test_your_own_moods_are_on_the_map(run, tmp_path):
    run("moods", "add", "neon", "--description", "City lights", "--valence", "0.2",
        "--arousal", "0.95")
    run("tag", "chungking-express/dreams", "neon")
    run("map", "mood:neon", "-o", str(tmp_path / "map.svg"))
    root = parse((tmp_path / "map.svg").read_text(encoding="utf-8"))
    (neon,) = [t for t in texts(root, "mood") if t.text == "neon"]
    assert neon.get("font-style") == "italic"
    assert len(texts(root, "mood")) == 21
    assert track_marks(root) == ["chungking-express/dreams"]


def test_labels_do_not_overlap_on_the_shipped_catalog():
    """In both sizes: for a screen, and the larger-lettered one for a phone."""
    app = App(use_overlay=False)
    for sizes in (WIDE, COMPACT):
        drawings = [mood_map(app.catalog, list(app.catalog), sizes=sizes)]
        for name in SHIPPED_RECIPES:
            playlist = app.build(name)
            drawings.append(mood_map(app.catalog, playlist.tracks, playlist, sizes=sizes))
        for svg in drawings:
            root = parse(svg)
            boxes = [(t.text or "", label_box(t, sizes.mood)) for t in texts(root, "mood")]
            boxes += [(f"stop {words(t)}", label_box(t, sizes.stop))
                      for t in texts(root, "stop")]
            assert len(boxes) >= 20
            assert_no_overlap(boxes)
            assert [name for name, box in boxes if not box.inside(sizes.frame)] == []


def test_catalog_text_never_becomes_markup(use_catalog, run, tmp_path):
    title = 'Evil </text><script>alert("x")</script> & \'quotes\'\x07'
    use_catalog("films: [{id: f, title: 'Film <b>', year: 2000}]\ntracks:\n"
                f"  - {{id: f/evil, film: f, title: {yaml.safe_dump(title, width=999).strip()!s}, "
                "artist: '\"Q\" & A', moods: [dream]}\n".replace("\n...", ""))
    run("map", "--arc", "dream", "-o", str(tmp_path / "evil.svg"))
    root = parse((tmp_path / "evil.svg").read_text(encoding="utf-8"))
    assert [e for e in root.iter() if "script" in e.tag] == []
    tooltips = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert ('Evil </text><script>alert("x")</script> & \'quotes\' \u2014 "Q" & A '
            '\u00b7 Film <b> (2000) \u00b7 dream') in [t.removeprefix("1. ") for t in tooltips
                                                        if t]


# --- the arc chart ----------------------------------------------------------------------

def test_the_chart_draws_target_and_each_track_on_both_axes(tiny):
    playlist = build(tiny, Recipe(name="Arc", order="arc", arc=("dream", "restlessness",
                                                                 "melancholy")))
    root = parse(arc_chart(tiny, playlist))
    assert [t.text for t in texts(root, "waypoint")] == ["dream", "restlessness", "melancholy"]
    targets = [e for e in root.iter() if e.get("class") == "target"]
    assert [len(t.get("points", "").split()) for t in targets] == [3, 3]
    steps = [g for g in root.iter() if g.get("class") == "actual"]
    assert [len(list(g)) for g in steps] == [5, 5]
    dashed = [line.get("stroke-dasharray") is not None for line in steps[0]]
    assert dashed == [e.duration is None for e in playlist.entries]


def test_a_chart_needs_an_arc(tiny):
    playlist = build(tiny, Recipe(name="Films"))
    with pytest.raises(ValueError, match="needs a playlist ordered by a mood arc"):
        arc_chart(tiny, playlist)


# --- golden files -------------------------------------------------------------------------

def golden(name: str, text: str) -> None:
    """Compare with the stored picture; WKWMIX_UPDATE_GOLDEN=1 stores it anew."""
    path = GOLDEN / name
    if os.environ.get("WKWMIX_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (see the test's doc)"


def test_golden_pictures_of_a_tiny_catalog(tiny):
    playlist = build(tiny, Recipe(name="Tiny arc", order="arc",
                                  arc=("dream", "restlessness", "melancholy")))
    golden("tiny-map.svg", mood_map(tiny, list(tiny)))
    golden("tiny-arc-map.svg", mood_map(tiny, playlist.tracks, playlist))
    golden("tiny-arc-chart.svg", arc_chart(tiny, playlist))


# --- the command ------------------------------------------------------------------------

@pytest.fixture
def small(use_catalog):
    return use_catalog(TINY)


def test_map_writes_the_file_and_says_so(run, small, tmp_path):
    dest = tmp_path / "map.svg"
    result = run("map", "-r", str(ROOT / "playlists" / "dream-arc.yaml"), "-o", str(dest))
    assert result.stderr == f"wrote {dest}\n"
    root = parse(dest.read_text(encoding="utf-8"))
    assert texts(root, "stop")


def test_map_to_standard_output(run, small):
    result = run("map", "film:cx", "-o", "-")
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    assert sorted(track_marks(parse(result.stdout))) == ["cx/baroque", "cx/california",
                                                         "cx/dreams"]


def test_map_of_an_arc_chart_to_a_fifo(run, small, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        run("map", "--arc", "dream,melancholy", "--chart", "-o", str(fifo))
        data = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [t.text for t in texts(parse(data.decode()), "waypoint")] == ["dream", "melancholy"]


def test_map_errors_say_what_was_wrong(run, small, tmp_path):
    result = run("map", "nomatch", "-o", str(tmp_path / "m.svg"), expect=1)
    assert result.stderr == "Error: nomatch: no track matches the query; nothing was written\n"
    result = run("map", "film:cx", "--chart", "-o", str(tmp_path / "m.svg"), expect=2)
    assert result.stderr.endswith("Error: --chart draws an arc playlist: give --arc "
                                  "MOOD,MOOD,... or a recipe ordered by an arc\n")
    result = run("map", "--arc", "dreamy,nope", "-o", str(tmp_path / "m.svg"), expect=2)
    assert "unknown mood 'nope'" in result.stderr
    result = run("map", "film:cx", expect=2)
    assert "Missing option '-o' / '--output'" in result.stderr
    (tmp_path / "folder").mkdir()
    result = run("map", "film:cx", "-o", str(tmp_path / "folder"), expect=2)
    assert "is a directory" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.yaml", "folder"]


@pytest.mark.parametrize("hours", [23, 26, 200])
def test_an_arc_of_any_length_draws(use_catalog, run, tmp_path, hours):
    """The time axis picks a tick step for any span: a day and more included."""
    use_catalog(yaml.safe_dump({
        "films": [{"id": "f", "title": "Film", "year": 2000}],
        "tracks": [{"id": f"f/t{n}", "film": "f", "title": f"Track {n}", "duration": 3600,
                    "moods": [("dream", "melancholy")[n % 2]]} for n in range(hours)]}))
    for chart in ((), ("--chart",)):
        dest = tmp_path / f"arc{len(chart)}.svg"
        result = run("map", "--arc", "dream,melancholy", *chart, "-o", str(dest))
        assert result.stderr == f"wrote {dest}\n"
    page = tmp_path / "arc.html"
    result = run("build", "--arc", "dream,melancholy", "-o", str(page))
    assert result.stderr.endswith(f"wrote {page}\nOpen {page} in a web browser to see and "
                                  "hear the playlist.\n")
    root = parse((tmp_path / "arc1.svg").read_text(encoding="utf-8"))
    ticks = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")
             if t.get("class") == "tick"]
    assert 3 <= len(ticks) <= 13 and ticks[0] == "0:00"
    assert ticks[-1].endswith(":00:00")


def test_only_an_arc_is_drawn_as_a_path_and_a_shared_place_has_one_label(tiny):
    """A playlist in film order has no line; tracks that share a place share a label."""
    films = build(tiny, Recipe(name="Films"))
    root = parse(mood_map(tiny, films.tracks, films))
    assert [e for e in root.iter() if e.get("class") == "path"] == []
    assert sorted(t.text for t in texts(root, "stop")) == ["1", "2", "3", "4", "5"]
    twins = from_data(yaml.safe_load(TINY.replace("moods: [longing, melancholy]",
                                                  "moods: [dream, romance]")), "tiny")
    playlist = build(twins, Recipe(name="Films"))
    root = parse(mood_map(twins, playlist.tracks, playlist, links=True))
    labels = [words(t) for t in texts(root, "stop")]
    assert labels == ["1, 4", "2", "3", "5"]  # Dreams and (now) Yumeji's Theme: one place
    anchors = [(a.get("href"), a.text) for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert anchors == [("#track-1", "1"), ("#track-4", "4"), ("#track-2", "2"),
                       ("#track-3", "3"), ("#track-5", "5")]


def test_runs_of_numbers_are_written_as_ranges():
    from wkwmix.pictures.plane import numbers_text

    assert numbers_text([9, 1, 2, 3, 7]) == [(1, 3), (7, 7), (9, 9)]


def test_past_a_readable_size_the_map_shows_counted_clusters():
    """Thousands of tracks: clusters whose counts add up to the tracks, no single marks."""
    sys.path.insert(0, str(ROOT / "bench"))
    from scale import generate

    catalog = from_data(generate(2000, 20), "big")
    root = parse(mood_map(catalog, list(catalog)))
    assert track_marks(root) == []
    counts = [int(t.text or 0) for t in texts(root, "count")]
    assert sum(counts) == 2000 and 10 <= len(counts) <= 14 * 14
    assert len(texts(root, "mood")) == len(list(catalog.moods))
