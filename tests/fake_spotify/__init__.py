"""A stateful stand-in for the Spotify Web API and accounts service, for tests and benchmarks."""

from fake_spotify.server import ROUTES, FakeSpotify
from fake_spotify.state import USER, World, spotify_id

__all__ = ["ROUTES", "USER", "FakeSpotify", "World", "spotify_id"]
