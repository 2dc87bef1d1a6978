"""Helpers for tests of catalog files: write one, and list the problems loading it finds."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from wkwmix.errors import DataError
from wkwmix.store import catalog as catalog_mod


def write(tmp_path: Path, text: str, name: str = "catalog.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        catalog_mod.load(path)
    return [str(p) for p in err.value.problems]
