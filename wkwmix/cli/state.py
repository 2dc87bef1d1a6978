"""What the root command hands to every subcommand: the application object, ``App``."""

from __future__ import annotations

import click

from wkwmix.app import App

pass_app = click.make_pass_decorator(App, ensure=True)
