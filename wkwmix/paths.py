"""Where wkwmix keeps the user's files: WKWMIX_HOME, else the platform's app dir."""

from __future__ import annotations

import os
from pathlib import Path

import click

APP_NAME = "wkwmix"


def home() -> Path:
    """The user's wkwmix folder (not created here)."""
    override = os.environ.get("WKWMIX_HOME")
    return Path(override) if override else Path(click.get_app_dir(APP_NAME))


def overlay_path() -> Path:
    return home() / "overlay.yaml"


def cache_dir() -> Path:
    return home() / "cache"


def ensure_dir(path: Path) -> Path:
    """Create a folder readable by the user alone, if missing."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
