"""The recipe options: what ``build``, ``play`` and ``sync`` let a user change about a recipe
(its length, track count, order, mood arc and seed), defined once so that the three commands
parse them alike and their help says the same.

``recipe_options`` adds the options to a command and hands the command one ``BuildOptions``
(as ``options``) in their place; ``applied`` puts them on a recipe the way every command does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from wkwmix.app import App
from wkwmix.cli.completion import complete_moods
from wkwmix.cli.optiontypes import MINUTES
from wkwmix.model import ORDERS, BuildOptions, Recipe

F = TypeVar("F", bound=Callable[..., Any])

RECIPE_OPTIONS = (
    click.option("--minutes", "-m", type=MINUTES,
                 help="Fit the playlist to about this many minutes (never a track more)."),
    click.option("--limit", "-n", type=click.IntRange(min=1), help="At most this many tracks."),
    click.option("--order", type=click.Choice(ORDERS),
                 help="film chronology, a mood arc, shuffled with the seed, or soundtrack "
                      "album order."),
    click.option("--arc", metavar="MOOD,MOOD,...", shell_complete=complete_moods,
                 help="Mood waypoints, e.g. dream,isolation,hope (implies --order arc)."),
    click.option("--seed", help="Seed for the shuffle and for choosing among equals (a shuffle "
                                "without one draws a new seed and prints it)."),
)
NAMES = ("minutes", "limit", "order", "arc", "seed")


def recipe_options(command: F) -> F:
    """Add --minutes, --limit, --order, --arc and --seed; the command receives them as one
    ``options: BuildOptions`` argument, already checked against each other."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in NAMES}
        return command(*args, options=build_options(**given), **kwargs)

    for option in reversed(RECIPE_OPTIONS):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def build_options(minutes: float | None = None, limit: int | None = None,
                  order: str | None = None, arc: str | None = None, seed: str | None = None,
                  name: str | None = None, description: str | None = None) -> BuildOptions:
    """The options as typed, parsed: the arc split into moods, a numeric seed made a number."""
    waypoints = None
    if arc is not None:
        waypoints = tuple(w.strip() for w in arc.split(",") if w.strip())
        if not waypoints:
            raise click.BadParameter("name at least one mood", param_hint="--arc")
        if order not in (None, "arc"):
            raise click.UsageError(f"--arc orders by mood arc; it cannot go with --order {order}")
    parsed_seed: int | str | None = seed
    if seed is not None and re.fullmatch(r"-?\d+", seed):
        with contextlib.suppress(ValueError):  # too many digits for a number: a word, then
            parsed_seed = int(seed)
    return BuildOptions(minutes=minutes, limit=limit, order=order, arc=waypoints,
                        seed=parsed_seed, name=name, description=description)


def check_arc(app: App, waypoints: Sequence[str] | None) -> None:
    """An unknown mood in --arc is named with the option, and the moods listed."""
    for name in waypoints or ():
        if app.catalog.moods.find(name) is None:
            raise click.BadParameter(app.catalog.moods.unknown(name), param_hint="'--arc'")


def applied(options: BuildOptions, recipe: Recipe) -> Recipe:
    """``recipe`` with the options in place of its own, checked, and seeded when shuffled."""
    return seeded(checked(options.apply_to(recipe)), recipe, options)


def checked(recipe: Recipe) -> Recipe:
    if recipe.order == "arc" and not recipe.arc:
        raise click.UsageError(f"{recipe.name}: --order arc needs --arc MOOD,MOOD,...")
    return recipe


def seeded(recipe: Recipe, asked: Recipe, options: BuildOptions) -> Recipe:
    """A shuffle asked for without --seed gets a new seed each run, said so it can repeat.

    A recipe file that shuffles keeps its own seed: a recipe is meant to repeat.
    """
    from_file = asked.path is not None and asked.order == "shuffle"
    if recipe.order != "shuffle" or options.seed is not None or from_file:
        return recipe
    import secrets

    seed = secrets.randbelow(1_000_000)
    click.echo(f"{recipe.name}: shuffled with seed {seed} (repeat it with --seed {seed})",
               err=True)
    return dataclasses.replace(recipe, seed=seed)
