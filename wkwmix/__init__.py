"""wkwmix: explore, tag and play the music of Wong Kar-wai's films.

``from wkwmix import App`` is the Python entry point (see ``wkwmix.app``); it is imported
on first use, so that ``wkwmix --version`` and the CLI's start-up do not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wkwmix.version import __version__

__all__ = ["App", "__version__"]

if TYPE_CHECKING:
    from wkwmix.app import App


def __getattr__(name: str) -> Any:
    if name == "App":
        from wkwmix.app import App

        return App
    raise AttributeError(f"module 'wkwmix' has no attribute {name!r}")
