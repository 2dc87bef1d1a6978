"""wkwmix: explore, tag and play the music of Wong Kar-wai's films."""

__version__ = "0.1.0"
