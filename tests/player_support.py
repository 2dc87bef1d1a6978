"""Stand-ins for the programs wkwmix starts (players, the desktop's opener): real
executables in a folder that is the whole PATH, recording how they were called."""

from __future__ import annotations

from pathlib import Path


def stand_in(bin_dir: Path, name: str, status: int = 0) -> Path:
    """A program called ``name`` that writes its arguments, one a line, to ``name.args``."""
    record = bin_dir.parent / f"{name}.args"
    script = bin_dir / name
    script.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "{record}"\n'
                      f"exit {status}\n", encoding="utf-8")
    script.chmod(0o755)
    return record
