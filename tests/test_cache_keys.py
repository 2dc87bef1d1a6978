"""The caches never serve stale data: every answer is keyed on the content it was made from
and on the code that made it, and an answer in doubt is made again, never used."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import wkwmix
from wkwmix import App
from wkwmix.model import BuildOptions
from wkwmix.moods import Mood, Vocabulary
from wkwmix.store import cache

CATALOG = """\
films: [{id: f, title: F, year: 1990}]
tracks:
  - {id: f/a, film: f, title: Alpha, duration: 200, moods: [dream]}
  - {id: f/b, film: f, title: Bravo, duration: 200, moods: [isolation]}
"""


def title(run, track: str) -> str:
    return run("show", track, "--format", "json").stdout.split('"title": "')[1].split('"')[0]


def test_an_edit_keeping_size_and_mtime_is_noticed(use_catalog, run, trusting):
    path = use_catalog(CATALOG)
    assert title(run, "f/a") == "Alpha"
    before = path.stat()
    path.write_text(CATALOG.replace("Alpha", "Gamma"), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as touch -r, cp -p do
    assert path.stat().st_size == before.st_size
    assert title(run, "f/a") == "Gamma"


def test_two_files_swapped_by_mv_are_noticed(tmp_path, use_catalog, run, trusting):
    path = use_catalog(CATALOG)
    other = tmp_path / "other.yaml"
    other.write_text(CATALOG.replace("Bravo", "Delta"), encoding="utf-8")
    same = path.stat()
    os.utime(other, ns=(same.st_atime_ns, same.st_mtime_ns))  # unpacked from one archive
    assert title(run, "f/b") == "Bravo"
    os.replace(other, path)
    assert title(run, "f/b") == "Delta"


def test_an_answer_made_just_after_an_edit_is_made_again_not_used(use_catalog, monkeypatch):
    # The file's change time is within the doubt window of the entry: the key may not
    # show a second edit in the same clock tick, so the entry is never trusted.
    use_catalog(CATALOG)
    assert len(App().catalog) == 2
    reads = []
    real_read = cache.files.read
    monkeypatch.setattr(cache.files, "read", lambda *a, **k: reads.append(a) or real_read(*a, **k))
    from wkwmix.store import catalog as catalog_store

    monkeypatch.setattr(catalog_store.files, "read", cache.files.read)
    assert len(App().catalog) == 2
    assert reads, "a freshly edited catalog was served from the cache"


def test_an_old_file_is_served_from_the_cache(use_catalog, monkeypatch):
    path = use_catalog(CATALOG)
    old = path.stat().st_ctime_ns + cache.RACY_NS + 1
    monkeypatch.setattr(cache.time, "time_ns", lambda: old)  # as if cached seconds later
    assert len(App().catalog) == 2
    from wkwmix.store import catalog as catalog_store

    monkeypatch.setattr(catalog_store.files, "read", lambda *a, **k: pytest.fail("read again"))
    assert len(App().catalog) == 2


def copy_of_wkwmix(tmp_path: Path) -> Path:
    root = tmp_path / "code"
    shutil.copytree(Path(wkwmix.__file__).parent, root / "wkwmix",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return root


def wkwmix_from(root: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root), "WKWMIX_HOME": str(home),
           "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-c", "from wkwmix.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, cwd=root, timeout=120)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.slow
def test_a_new_field_in_the_track_record_is_noticed(tmp_path):
    # An upgrade (or an edited checkout) that adds a field to Track must not be handed
    # rows cached with the old layout: the code stamp changes with the code.
    root, home = copy_of_wkwmix(tmp_path), tmp_path / "home"
    first = wkwmix_from(root, home, "show", "chungking-express/dreams")
    assert first.returncode == 0, first.stderr
    model = root / "wkwmix" / "model" / "__init__.py"
    edit(model, "    spotify_duration: int | None = None\n",
         "    spotify_duration: int | None = None\n    marker: str = 'new layout'\n")
    edit(model, "    def to_dict(self, *, provenance: bool = True) -> dict[str, Any]:\n",
         "    def to_dict(self, *, provenance: bool = True) -> dict[str, Any]:\n"
         "        assert self.marker == 'new layout', self.marker\n")
    again = wkwmix_from(root, home, "show", "chungking-express/dreams", "--format", "json")
    assert again.returncode == 0, again.stderr
    assert '"title": "Dreams"' in again.stdout


@pytest.mark.slow
def test_changed_search_constants_are_noticed(tmp_path):
    root, home = copy_of_wkwmix(tmp_path), tmp_path / "home"
    search = root / "wkwmix" / "playlist" / "search.py"
    recipe = Path(__file__).resolve().parents[1] / "playlists" / "dream-arc.yaml"
    args = ("build", str(recipe), "-o", "-", "--format", "txt")
    edit(search, "STEP_WEIGHT = 0.3\n", "STEP_WEIGHT = 9.0\n")
    cold_changed = wkwmix_from(root, tmp_path / "cold", *args)
    edit(search, "STEP_WEIGHT = 9.0\n", "STEP_WEIGHT = 0.3\n")
    first = wkwmix_from(root, home, *args)
    assert first.returncode == cold_changed.returncode == 0, (first.stderr, cold_changed.stderr)
    assert first.stdout != cold_changed.stdout  # the constant changes the answer
    stamp = search.stat()
    edit(search, "STEP_WEIGHT = 0.3\n", "STEP_WEIGHT = 9.0\n")  # same size, same mtime
    os.utime(search, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    warm_changed = wkwmix_from(root, home, *args)
    assert warm_changed.stdout == cold_changed.stdout


def test_constants_set_while_running_change_the_question(monkeypatch):
    from wkwmix.playlist import search

    first = [t.id for t in App().build("dream-arc").tracks]
    monkeypatch.setattr(search, "STEP_WEIGHT", 9.0)
    fresh = []
    real_run = search._Search.run
    monkeypatch.setattr(search._Search, "run", lambda self: fresh.append(1) or real_run(self))
    App().build("dream-arc")
    assert fresh, "the answer for other constants was taken from the memo"
    assert first


@pytest.mark.parametrize("minutes", [30, 45])
def test_the_length_asked_for_is_part_of_the_question(minutes):
    # Each length asked warm gives what it gives cold: a memo that ignored the minutes
    # would hand the 30-minute answer to the 45-minute question.
    other = 75 - minutes
    elsewhere = App().build("dream-arc", options=BuildOptions(minutes=other))
    warm = App().build("dream-arc", options=BuildOptions(minutes=minutes))
    cache_dir = cache.paths.cache_dir()
    shutil.rmtree(cache_dir)
    cold = App().build("dream-arc", options=BuildOptions(minutes=minutes))
    assert [t.id for t in warm.tracks] == [t.id for t in cold.tracks]
    assert [t.id for t in warm.tracks] != [t.id for t in elsewhere.tracks]


def test_places_kept_with_the_records_are_the_ones_found_afresh(use_catalog, monkeypatch):
    path = use_catalog(CATALOG.replace("moods: [dream]", "moods: [dream, euphoria, grief]"))
    old = path.stat().st_ctime_ns + cache.RACY_NS + 1
    monkeypatch.setattr(cache.time, "time_ns", lambda: old)
    from wkwmix.store import catalog as catalog_store

    monkeypatch.setattr(catalog_store, "KEEP_PLACES_FROM", 1)  # as for a large catalog
    App().catalog  # noqa: B018 (the cold load keeps the records and their places)
    warm = App().catalog
    fresh = Vocabulary(list(warm.moods))  # remembers nothing: finds every place again
    for track in warm:
        assert repr(warm.moods.position(track.moods)) == repr(fresh.position(track.moods))


def test_a_new_mood_drops_the_places_kept():
    moods = Vocabulary(App(use_overlay=False).catalog.moods)
    moods.remember([(("dream",), (9.0, 9.0))])
    moods.add(Mood("neon", "City lights", 0.2, 0.6))
    assert moods.position(["dream"]) != (9.0, 9.0)
