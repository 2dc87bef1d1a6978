"""`wkwmix build` through the real CLI: files on disk, real audio, every error a user can make."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AUDIO = Path(__file__).parent / "data" / "audio"
SHIPPED_RECIPES = sorted(p.stem for p in (ROOT / "playlists").glob("*.yaml"))

@pytest.fixture
def music(tmp_path):
    folder = tmp_path / "Music"
    shutil.copytree(AUDIO, folder)
    return folder


def m3u_locations(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_without_output_the_playlist_is_printed_and_summarised(run, small):
    result = run("build", "mood:longing")
    assert result.stdout.splitlines()[0] == "mood:longing"
    assert "Yumeji's Theme — Shigeru Umebayashi" in result.stdout
    assert "2 tracks, about 5:00 (2 durations estimated), 1 unresolved" in result.stderr
    assert "unresolved (no local file or Spotify URI): ml/yumeji" in result.stderr


def test_the_format_follows_the_extension(run, small, tmp_path):
    result = run("build", "-o", str(tmp_path / "out" / "all.json"))
    data = json.loads((tmp_path / "out" / "all.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in data["tracks"]] == [
        "cx/dreams", "cx/california", "cx/baroque", "ml/yumeji", "ml/quizas"]
    assert f"wrote {tmp_path / 'out' / 'all.json'}" in result.stderr


def test_several_formats_share_one_name(run, small, tmp_path):
    run("build", "--arc", "restlessness,longing", "-o", str(tmp_path / "arc"),
        "--format", "m3u8", "--format", "xspf")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("arc")) == [
        "arc.m3u8", "arc.xspf"]
    root = ET.parse(tmp_path / "arc.xspf").getroot()
    titles = [t.text for t in root.iter("{http://xspf.org/ns/0/}title")][1:]
    assert titles[0] == "Baroque"  # the restless track opens an arc that starts restless


def test_a_query_with_spaces_and_a_negation(run, small):
    result = run("build", "film:In the Mood for Love", "-mood:melancholy", "--format", "json")
    assert [t["id"] for t in json.loads(result.stdout)["tracks"]] == ["ml/quizas"]


def test_local_files_are_used_and_written_relative_to_the_playlist(run, small, music, tmp_path,
                                                                   trusting):
    dest = tmp_path / "lists" / "mine.m3u8"
    result = run("build", "--library", str(music), "-o", str(dest))
    assert "library: 6 audio files (6 read, 0 unchanged)" in result.stderr
    assert m3u_locations(dest) == [
        "../Music/faye-wong-dreams.mp3", "../Music/california-dreamin.flac",
        "../Music/yumeji.ogg", "../Music/quizas.m4a"]
    assert "#EXTINF:2,Faye Wong - Dreams" in dest.read_text(encoding="utf-8")
    assert "unresolved (no local file or Spotify URI): cx/baroque" in result.stderr
    again = run("build", "--library", str(music), "-o", str(dest))
    assert "(0 read, 6 unchanged)" in again.stderr


def test_unreadable_audio_files_are_counted_not_fatal(run, small, music):
    (music / "broken.mp3").write_bytes(b"not audio at all")
    result = run("build", "--library", str(music), "-f", "json")
    assert "library: 7 audio files (7 read, 0 unchanged, 1 unreadable)" in result.stderr


def test_playable_draws_only_tracks_with_a_file_or_a_spotify_uri(run, small, music):
    drawn = run("build", "--playable", "--library", str(music), "-f", "json").stdout
    ids = [t["id"] for t in json.loads(drawn)["tracks"]]
    assert ids == ["cx/dreams", "cx/california", "ml/yumeji", "ml/quizas"]  # not cx/baroque
    only_spotify = run("build", "--playable", "-f", "json").stdout
    assert [t["id"] for t in json.loads(only_spotify)["tracks"]] == ["ml/quizas"]


def test_strict_refuses_unresolved_tracks_and_writes_nothing(run, small, tmp_path):
    dest = tmp_path / "p.m3u8"
    result = run("build", "--strict", "-o", str(dest), expect=1)
    assert "Error: --strict: 4 track(s) have no local file or Spotify URI" in result.stderr
    assert not dest.exists()
    run("build", "--strict", "mood:romance", "cole", "-o", str(dest))
    assert m3u_locations(dest) == ["spotify:track:4uLU6hMCjMI75M1A2tKUQC"]


def test_building_twice_gives_identical_bytes(run, small, tmp_path):
    for name in ("a", "b"):
        run("build", "--order", "shuffle", "--seed", "7", "--minutes", "9",
            "-o", str(tmp_path / name), "--format", "m3u8", "--format", "json")
    for suffix in (".m3u8", ".json"):
        first = (tmp_path / f"a{suffix}").read_bytes()
        assert first == (tmp_path / f"b{suffix}").read_bytes()


def test_every_shipped_recipe_builds_into_m3u8_and_xspf_with_one_command(
        run, monkeypatch, tmp_path, music):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    result = run("build", "--all", "playlists", "-o", str(out), "--format", "m3u8",
                 "--format", "xspf", "--library", str(music))
    expected = sorted(f"{stem}{suffix}" for stem in SHIPPED_RECIPES
                      for suffix in (".m3u8", ".xspf"))
    assert sorted(p.name for p in out.iterdir()) == expected
    for path in out.glob("*.xspf"):
        ET.parse(path)  # valid XML
    dream = (out / "umebayashi.m3u8").read_text(encoding="utf-8")
    assert "../Music/yumeji.ogg" in dream.splitlines()  # the user's own file, found
    assert f"wrote {len(expected)} files to {out} ({len(SHIPPED_RECIPES)} playlists as m3u8, " \
        "xspf)\n" in result.stderr  # one line for the folder, not one per file
    assert result.stderr.count("wrote ") == 1
    verbose = run("build", "--all", "playlists", "-o", str(out), "--format", "m3u8",
                  "--format", "xspf", "--verbose")
    assert verbose.stderr.count("wrote ") == len(expected)


def test_all_alone_means_the_playlists_folder(run, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    run("build", "--all", "-o", str(tmp_path), "--minutes", "10", "--format", "json")
    built = sorted(p.stem for p in tmp_path.glob("*.json"))
    assert built == SHIPPED_RECIPES
    for path in tmp_path.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["estimated_duration"] or data["duration"]


def test_a_recipe_by_name_with_cli_overrides(run, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    result = run("build", "-r", "dream-arc", "--limit", "3", "--name", "Short dream",
                 "--format", "json")
    data = json.loads(result.stdout)
    assert (data["name"], len(data["tracks"]), data["order"]) == ("Short dream", 3, "arc")


def test_check_validates_the_recipes_in_playlists(run, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    assert run("check").stdout.startswith("ok:")
    folder = tmp_path / "playlists"
    folder.mkdir()
    (folder / "bad.yaml").write_text("name: Bad\narc: [dream, nope]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", expect=1)
    assert f"playlists{os.sep}bad.yaml:2: arc: unknown mood 'nope'" in result.stderr


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--arc", "dream,nope"], 2, "Error: Invalid value for '--arc': unknown mood 'nope'"),
    (["--format", "wav"], 2, "'wav' is not one of"),
    (["-o", "list.wav"], 2, "cannot tell the format of 'list.wav'"),
    (["-r", "no-such-recipe"], 1, "Error: no recipe 'no-such-recipe'"),
    (["mood:drem"], 2, "unknown mood 'drem'"),
    (["--arc", "dream", "--order", "film"], 2, "cannot go with --order film"),
    (["--order", "arc"], 2, "--order arc needs --arc"),
    (["--format", "m3u8", "--format", "json"], 2, "several formats need -o"),
    (["--all", "playlists"], 2, "--all needs -o FOLDER"),
    (["--library", "/no/such/folder"], 2, "does not exist"),
])
def test_bad_arguments_get_one_clear_message(run, small, monkeypatch, tmp_path, args, code,
                                             message):
    monkeypatch.chdir(tmp_path)
    result = run("build", *args, expect=code)
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert " tracks, " not in result.stderr  # refused before any playlist was built
    assert list(tmp_path.iterdir()) == [tmp_path / "catalog.yaml"]


def test_a_bad_recipe_file_is_named_with_its_line(run, small, tmp_path):
    recipe = tmp_path / "r.yaml"
    recipe.write_text("name: R\nminutes: lots\n", encoding="utf-8")
    result = run("build", "-r", str(recipe), expect=1)
    assert f"Error: {recipe}:2: minutes: expected a number of minutes" in result.stderr


def test_an_unwritable_output_is_an_error_not_a_traceback(run, small, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("build", "-o", str(blocker / "p.m3u8"), expect=1)
    assert f"Error: cannot write '{blocker / 'p.m3u8'}'" in result.stderr


def test_queries_do_not_load_the_playlist_or_network_modules():
    code = (
        "import sys\n"
        "from wkwmix.cli import main\n"
        "sys.argv = ['wkwmix', 'ls', 'mood:dream']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('mutagen', 'spotipy', 'requests', 'wkwmix.playlist', 'wkwmix.store.library')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert out.splitlines()[-1] == "LOADED []"


def test_separate_processes_build_byte_identical_files(tmp_path):
    # Each process hashes strings differently: nothing may depend on set or hash order.
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed,
               "WKWMIX_HOME": str(tmp_path / f"home-{hash_seed}")}
        command = [sys.executable, "-m", "wkwmix", "build", "-r", "dream-arc", "--format", "xspf"]
        outputs.append(subprocess.run(command, capture_output=True, env=env, cwd=ROOT,
                                      check=True).stdout)
    assert outputs[0] == outputs[1] and outputs[0].count(b"<track>") >= 8


def test_options_and_words_typed_with_a_recipe_are_checked_as_typed(run, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    bad_arc = run("build", "-r", "night-city", "--arc", "dream,nope", expect=2)
    assert "Error: Invalid value for '--arc': unknown mood 'nope'" in bad_arc.stderr
    assert "yaml" not in bad_arc.stderr
    narrowed = run("build", "-r", "night-city", "faye", "--format", "json",
                   "-o", str(tmp_path))
    data = json.loads((tmp_path / "night-city.json").read_text(encoding="utf-8"))
    assert {t["artist"] for t in data["tracks"]} == {"Faye Wong"}
    assert "wrote" in narrowed.stderr


def test_an_arc_build_reports_its_figures_on_stderr_and_in_json(run, small):
    result = run("build", "--arc", "dream,longing", "-f", "json")
    data = json.loads(result.stdout)
    report = data["arc"]["report"]
    assert [w["mood"] for w in data["arc"]["waypoints"]] == ["dream", "longing"]
    assert set(report) >= {"mean_distance", "max_distance", "largest_step", "forward_share",
                           "length_error", "estimated_share", "bound", "misses", "binding"}
    line = next(x for x in result.stderr.splitlines() if x.startswith("  arc dream → longing"))
    assert line == (f"  arc dream → longing: distance from the arc {report['mean_distance']:.2f}"
                    f" on average (best possible {report['bound']:.2f}), "
                    f"{report['max_distance']:.2f} at most; largest step "
                    f"{report['largest_step']:.2f}; {report['forward_share']:.0%} of steps "
                    f"forward; {report['estimated_share']:.0%} of lengths estimated; "
                    f"{report['featured']} of {report['tracks']} a film's theme or featured "
                    "music")
    assert report["tracks"] == len(data["tracks"])
    first = data["tracks"][0]
    assert first["arc_moment"]["between"] == ["dream", "longing"]
    moods = {m["mood"]: (m["valence"], m["arousal"]) for m in first["position"]["from_moods"]}
    assert list(moods) == first["moods"]
    place = (first["position"]["valence"], first["position"]["arousal"])
    assert math.dist(place, moods[first["moods"][0]]) <= 0.25 + 1e-4  # led by its first mood


def test_lengths_say_the_estimate_and_the_range_and_when_most_are_guesses(run, small):
    # One known length (2:30): the estimate is 2:30 and so is every bound of the range.
    result = run("build", "mood:longing,romance")
    assert result.stderr.splitlines()[1:3] == [
        "  lengths: 3 of 3 unknown, each taken as 2:30 (the median known length); the total "
        "could be anywhere from 7:30 to 7:30",
        "  most lengths are estimates, so the total is a guess: add --library FOLDER to read "
        "them from your files, or run `wkwmix resolve`",
    ]


def test_with_a_limit_and_minutes_the_arc_spans_what_plays(run, use_catalog):
    # Three 200 s tracks at each of dream, halfway to hope (a mood of the catalog's own
    # there), and hope: --limit 3 ends the playlist at 10 of the 60 minutes, and the arc
    # still runs from dream to hope.
    moods = [["dream"], ["midway"], ["hope"]]
    tracks = "\n".join(
        f"  - {{id: f/t{i}, film: f, title: T{i}, artist: A{i}, duration: 200, "
        f"moods: [{', '.join(moods[i % 3])}]}}" for i in range(9))
    use_catalog("moods:\n  - {id: midway, valence: 0.45, arousal: -0.1}\n"
                f"films:\n  - {{id: f, title: F, year: 2000}}\ntracks:\n{tracks}\n")
    result = run("build", "--arc", "dream,hope", "--minutes", "60", "--limit", "3",
                 "--seed", "1", "-f", "json")
    data = json.loads(result.stdout)
    moments = [t["arc_moment"]["fraction"] for t in data["tracks"]]
    assert moments == [0.1667, 0.5, 0.8333]  # rounded to four places in JSON
    assert [t["moods"] for t in data["tracks"]] == moods
    report = data["arc"]["report"]
    # The first and last lie 1/12 of the way from their moments; the middle one on it.
    assert (report["length_error"], report["mean_distance"]) == (-3000, 0.0556)
    assert report["binding"] == ["the limit of 3 tracks ends it after 10 of the 60 minutes "
                                 "asked for; the arc spans what plays"]
    assert "    the limit of 3 tracks ends it after 10 of the 60 minutes asked for; the arc " \
           "spans what plays\n" in result.stderr


def test_a_shuffle_without_a_seed_draws_one_and_prints_it(run, use_catalog):
    tracks = "\n".join(f"  - {{id: f/t{i}, film: f, title: T{i}, artist: A{i}, moods: [dream]}}"
                       for i in range(12))
    use_catalog(f"films:\n  - {{id: f, title: F, year: 2000}}\ntracks:\n{tracks}\n")
    orders, seeds = set(), []
    for _ in range(3):
        result = run("build", "--order", "shuffle", "-f", "json")
        first = result.stderr.splitlines()[0]
        assert first.startswith("wkwmix playlist: shuffled with seed ")
        seed = first.split("seed ")[1].split(" ")[0]
        assert first.endswith(f"(repeat it with --seed {seed})")
        seeds.append(seed)
        order = [t["id"] for t in json.loads(result.stdout)["tracks"]]
        orders.add(tuple(order))
        again = run("build", "--order", "shuffle", "--seed", seed, "-f", "json")
        assert [t["id"] for t in json.loads(again.stdout)["tracks"]] == order
        assert "shuffled with seed" not in again.stderr
    assert len(orders) > 1, seeds


def test_show_explains_a_tracks_place_on_the_mood_plane(run, small):
    result = run("show", "cx/dreams")
    # Weighted 2:1 towards dream, then drawn to dream until tenderness (+0.60, -0.25),
    # a mood it lacks, is no nearer than dream.
    assert ("Position:          valence +0.43, arousal -0.14 on the mood plane: led by "
            "dream (+0.30, -0.30), then romance (+0.70, +0.20)") in result.stdout.splitlines()
    data = json.loads(run("show", "cx/dreams", "-f", "json").stdout)
    assert data["position"] == {"valence": 0.4276, "arousal": -0.1405, "from_moods": [
        {"mood": "dream", "valence": 0.3, "arousal": -0.3},
        {"mood": "romance", "valence": 0.7, "arousal": 0.2}]}
