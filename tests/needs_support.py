"""What a test needs from outside Python (a program, a font), and what happens without it.

Some tests drive real programs: shells, Chromium, fontconfig with given fonts. On a
contributor's machine without one, those tests skip and say which Debian package brings
it; where the environment variable CI is set, the same absence fails the test instead, so
that CI proves every test rather than quietly skipping some. Every such test asks here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """CI is set (to anything but nothing): every test must run."""
    return bool(os.environ.get("CI"))


def missing(what: str, package: str) -> NoReturn:
    """Skip for want of ``what``, naming its package; in CI, fail the test instead."""
    reason = f"needs {what}: apt-get install {package}"
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so what a test needs must be there)",
                    pytrace=False)
    pytest.skip(reason)


def needs_program(*names: str, package: str) -> str:
    """The path of the first of ``names`` found on PATH; else skip (or fail in CI)."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    missing(names[0], package)


def needs_fonts(pattern: str, what: str, package: str) -> list[str]:
    """The files of the installed fonts fontconfig matches with ``pattern``
    (e.g. ``:family=DejaVu Sans`` or ``:lang=zh-tw``); none: skip (or fail in CI)."""
    fc_list = needs_program("fc-list", package="fontconfig")
    listed = subprocess.run([fc_list, "--format", "%{file}\n", pattern], capture_output=True,
                            text=True, check=True, timeout=60).stdout.split("\n")
    files = sorted(f for f in listed if f)
    if not files:
        missing(what, package)
    return files
