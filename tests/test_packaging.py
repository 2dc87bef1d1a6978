"""A wheel built from the repository carries every module, the catalog, the moods and the
recipes: a plain install (the README's first command) works, not only a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_ships_the_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("wkwmix-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    modules = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "wkwmix").rglob("*.py"))
    assert [m for m in modules if m not in names] == []
    assert "wkwmix/data/catalog.yaml" in names
    assert "wkwmix/data/moods.yaml" in names
    recipes = sorted(p.name for p in (ROOT / "playlists").glob("*.yaml"))
    shipped = sorted(n.rsplit("/", 1)[-1] for n in names
                     if "/data/share/wkwmix/playlists/" in n)
    assert shipped == recipes and len(recipes) >= 6
