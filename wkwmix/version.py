"""The version of wkwmix, in one place: the package, the parse cache and packaging read it."""

__version__ = "0.1.0"
