"""Queries start fast: they import nothing they do not use."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("spotipy", "requests", "urllib3", "mutagen", "filelock", "difflib", "jinja2",
         "markupsafe")

PROBE = """
import json, sys
from wkwmix.cli import cli
try:
    cli(["ls", "mood:dream"], prog_name="wkwmix")
except SystemExit as done:
    assert done.code in (0, None), done.code
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_a_query_imports_no_network_audio_or_locking_code():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            check=True)
    modules = json.loads(result.stderr.strip().splitlines()[-1])
    loaded = [m for m in modules if m.split(".")[0] in HEAVY]
    assert loaded == []
    assert [m for m in modules if m.startswith(("wkwmix.pictures", "wkwmix.formats"))] == []
    assert "chungking-express/dreams" in result.stdout


def test_help_lists_every_command_without_importing_any():
    probe = PROBE.replace('["ls", "mood:dream"]', '["--help"]')
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    modules = json.loads(result.stderr.strip().splitlines()[-1])
    assert [m for m in modules if m.startswith("wkwmix.") and m not in (
        "wkwmix.cli", "wkwmix.cli.lazy", "wkwmix.errors", "wkwmix.queryfields",
        "wkwmix.version")] == []
    assert [m for m in modules if m.split(".")[0] in ("yaml", "platformdirs")] == []
    assert "  ls        List the tracks a QUERY selects (every track without one).\n" in \
        result.stdout


def test_the_summaries_of_help_are_the_commands_own():
    import click

    from wkwmix.cli import COMMANDS, SUMMARIES, cli

    assert set(SUMMARIES) == set(COMMANDS)
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        for limit in (45, 60, 200):
            stand_in = click.Command(name, help=SUMMARIES[name])
            assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), name


def test_a_long_first_load_shows_its_progress_on_a_terminal_only(tmp_path, monkeypatch):
    import os

    from wkwmix.cli import FirstLoad

    catalog = tmp_path / "big.yaml"
    lines = ["films: [{id: f, title: F, year: 1990}]", "tracks:"]
    lines += [f"  - {{id: f/t{n}, film: f, title: T{n}, moods: [dream]}}" for n in range(30000)]
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(FirstLoad, "DELAY", 0.0)  # as if the load had already taken a second
    master, slave = os.openpty()
    terminal = os.fdopen(slave, "w", encoding="utf-8")
    monkeypatch.setattr(sys, "stderr", terminal)
    from wkwmix import App

    app = App(catalog=catalog, on_progress=FirstLoad())
    assert len(app.catalog) == 30000
    terminal.flush()
    shown = os.read(master, 65536).decode("utf-8")
    assert shown.startswith("\rReading big.yaml for the first time…")
    assert shown.endswith("\rReading big.yaml for the first time… 100%\r\n")  # the tty's \r\n
    assert shown.count("\r") > 2  # intermediate steps, each overwriting the last
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("WKWMIX_HOME", str(tmp_path / "home"))  # a cold load again
    with open(tmp_path / "log", "w", encoding="utf-8") as log:
        monkeypatch.setattr(sys, "stderr", log)
        assert len(App(catalog=catalog, on_progress=FirstLoad()).catalog) == 30000
    assert (tmp_path / "log").read_text(encoding="utf-8") == ""  # not a terminal: silent


def test_a_warm_query_reads_no_yaml_and_makes_no_playlist_records():
    def modules() -> list[str]:
        done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                              check=True)
        return json.loads(done.stderr.strip().splitlines()[-1])

    assert "yaml" in modules()  # the first run parses the catalog (and fills the cache)
    warm = modules()
    assert [m for m in warm if m.split(".")[0] == "yaml" or m in (
        "wkwmix.store.yamlread", "wkwmix.model.playlist", "dataclasses", "shutil")] == []


def test_a_build_loads_spotify_code_only_once_something_was_resolved_or_pinned(tmp_path):
    probe = PROBE.replace('["ls", "mood:dream"]',
                          f'["build", "mood:dream", "-o", {str(tmp_path / "a.m3u8")!r}]')

    def spotify_modules() -> list[str]:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              check=True)
        modules = json.loads(done.stderr.strip().splitlines()[-1])
        return [m for m in modules if m.startswith("wkwmix.spotify")]

    assert spotify_modules() == []
    pinned = subprocess.run([sys.executable, "-m", "wkwmix", "pin", "chungking-express/dreams",
                             "spotify:track:" + "a" * 22], capture_output=True, text=True)
    assert pinned.returncode == 0, pinned.stderr
    assert "wkwmix.spotify.resolve" in spotify_modules()
    played = (tmp_path / "a.m3u8").read_text(encoding="utf-8")
    assert "spotify:track:" + "a" * 22 in played
