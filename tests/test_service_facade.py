"""The command line speaks only to App, the model and its own output helpers: no module of
wkwmix.cli imports the store, a service's package or the sync engine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CLI = Path(__file__).resolve().parent.parent / "wkwmix" / "cli"
BEHIND_APP = ("wkwmix.store", "wkwmix.spotify", "wkwmix.subsonic", "wkwmix.sync")


def imported(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
    return found


@pytest.mark.parametrize("module", sorted(p.stem for p in CLI.glob("*.py")))
def test_no_command_module_imports_anything_behind_app(module):
    behind = [name for name in imported(CLI / f"{module}.py")
              if name.startswith(BEHIND_APP)]
    assert behind == []


def test_the_check_sees_an_import_behind_app(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from wkwmix.store import paths\n", encoding="utf-8")
    assert imported(sample) == ["wkwmix.store"]
