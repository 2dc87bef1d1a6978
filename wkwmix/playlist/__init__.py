"""The playlist engine: pure and deterministic, it imports only the model.

``build(catalog, recipe)`` returns a ``Playlist``. The pipeline is in ``build``; choosing
tracks to fill a length in ``fitting``; mood-arc geometry and ordering in ``arc``; keeping
one performer from playing twice in a row in ``spacing``.
"""

from wkwmix.playlist.build import FALLBACK_SECONDS, build, estimate_seconds

__all__ = ["FALLBACK_SECONDS", "build", "estimate_seconds"]
