"""What each argument completes to at a shell prompt: query terms, track ids, recipe names,
moods. Light to import (every command that takes a query names these functions); the
shell scripts themselves are in ``wkwmix.cli.shells``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import click

NO_SPACE_AFTER = (":", ",")



def items(values: Iterable[str], incomplete: str, prefix: str = "") -> list[Any]:
    """``prefix + value`` for each value that starts with ``incomplete``; a value ending in
    ``:`` or ``,`` wants more typed after it, so the shell adds no space."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(prefix + v, type="nospace" if v.endswith(NO_SPACE_AFTER) else
                           "plain") for v in values if v.startswith(incomplete)]


def _catalog(ctx: click.Context):
    from wkwmix.app import App

    return (ctx.find_object(App) or App()).catalog


def complete_query(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Field names, then the values of mood:, film: and kind: (after a ``,`` too)."""
    from wkwmix import query as query_mod
    from wkwmix.model import KINDS

    negate = incomplete[:1] if incomplete[:1] in ("-", "^") else ""
    text = incomplete[len(negate):]
    if ":" not in text:
        fields = items((f"{f}:" for f in query_mod.FIELDS), text, negate)
        ids = complete_track(ctx, param, text) if "/" in text else []
        return fields + ids
    name, _, partial = text.partition(":")
    catalog = _catalog(ctx)
    values = {
        "mood": [m.id for m in catalog.moods],
        "film": list(catalog.films),
        "kind": list(KINDS),
        "id": list(catalog.tracks),
    }.get(name, [])
    head, _, last = partial.rpartition(",")
    return items(values, last, f"{negate}{name}:{head + ',' if head else ''}")


def complete_track(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    return items(_catalog(ctx).tracks, incomplete)


def complete_moods(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Mood ids, one after another: ``--arc dream,is`` completes to ``dream,isolation``."""
    head, _, last = incomplete.rpartition(",")
    return items((m.id for m in _catalog(ctx).moods), last, f"{head}," if head else "")


def complete_recipe(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Recipe names (./playlists, then the shipped ones), or recipe files by path."""
    from wkwmix.store.recipes import recipe_names

    if "/" in incomplete or incomplete.startswith("."):
        from click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="file")]
    return items(recipe_names(), incomplete)


def complete_recipe_or_query(ctx: click.Context, param: click.Parameter,
                             incomplete: str) -> list:
    recipes = [] if ":" in incomplete else complete_recipe(ctx, param, incomplete)
    return [r for r in recipes if r.type != "file"] + complete_query(ctx, param, incomplete)


def complete_tag_words(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """``tag TRACK MOOD...``: a track first, then moods; with --query, moods only."""
    if ctx.params.get("query") is None and not ctx.params.get(param.name or "args"):
        return complete_track(ctx, param, incomplete)
    return items((m.id for m in _catalog(ctx).moods), incomplete)
