"""What the root command hands to every subcommand: the catalog, loaded on first use."""

from __future__ import annotations

from pathlib import Path

import click

from wkwmix import catalog as catalog_mod
from wkwmix import paths


class State:
    def __init__(self, catalog_path: Path | None = None, use_overlay: bool = True) -> None:
        self.catalog_path = catalog_path
        self.use_overlay = use_overlay
        self._catalog: catalog_mod.Catalog | None = None

    @property
    def overlay_path(self) -> Path:
        return paths.overlay_path()

    @property
    def catalog(self) -> catalog_mod.Catalog:
        if self._catalog is None:
            overlay = self.overlay_path if self.use_overlay else None
            path = catalog_mod.catalog_path(self.catalog_path)
            self._catalog = catalog_mod.load(path, overlay)
        return self._catalog

    @property
    def base_catalog(self) -> catalog_mod.Catalog:
        """The catalog without the user's edits: what edits are made against."""
        return catalog_mod.load(catalog_mod.catalog_path(self.catalog_path))


pass_state = click.make_pass_decorator(State, ensure=True)
