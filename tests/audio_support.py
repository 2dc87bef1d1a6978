"""Helpers for tests of real audio files: retag one as a tag editor would."""

from __future__ import annotations

from pathlib import Path


def retag(path: Path, **tags: str) -> None:
    """Set easy tags (title=..., artist=...) on a real audio file, adding tags if it has none."""
    import mutagen

    audio = mutagen.File(path, easy=True)
    if audio.tags is None:
        audio.add_tags()
    for key, value in tags.items():
        audio[key] = value
    audio.save()
