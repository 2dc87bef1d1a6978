"""What each argument completes to at a shell prompt: query terms, track ids, recipe names,
moods. Light to import (every command that takes a query names these functions); the
shell scripts themselves are in ``wkwmix.cli.shells``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from wkwmix.model import Catalog

NO_SPACE_AFTER = (":", ",")


def items(values: Iterable[str], incomplete: str, prefix: str = "") -> list[Any]:
    """``prefix + value`` for each value that starts with ``incomplete``; a value ending in
    ``:`` or ``,`` wants more typed after it, so the shell adds no space."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(prefix + v, type="nospace" if v.endswith(NO_SPACE_AFTER) else
                           "plain") for v in values if v.startswith(incomplete)]


def _catalog(ctx: click.Context) -> Catalog | None:
    """The catalog, or None when it cannot be read (gone, broken, a broken overlay).

    Completion then offers what needs no catalog and stays silent about why: a message in
    the middle of the command line being typed helps no one, and the command itself, once
    run, says what is wrong.
    """
    from wkwmix.app import App
    from wkwmix.errors import WkwmixError

    try:
        return (ctx.find_object(App) or App()).catalog
    except (WkwmixError, OSError, ValueError):
        return None


def complete_query(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Field names, then the values of the fields whose values can be listed (after a ``,``
    too)."""
    from wkwmix import queryfields

    negate = incomplete[:1] if incomplete[:1] in ("-", "^") else ""
    text = incomplete[len(negate):]
    if ":" not in text:
        fields = items((f"{f}:" for f in queryfields.NAMES), text, negate)
        ids = complete_track(ctx, param, text) if "/" in text else []
        return fields + ids
    typed_name, _, partial = text.partition(":")
    name = queryfields.ALIASES.get(typed_name, typed_name)
    head, _, last = partial.rpartition(",")
    return items(_field_values(ctx, name), last,
                 f"{negate}{typed_name}:{head + ',' if head else ''}")


def _field_values(ctx: click.Context, name: str) -> list[str]:
    """What a field's value can be: fixed by the registry, or read from the catalog."""
    from wkwmix import queryfields

    fixed = {f.name: f.values for f in queryfields.FIELDS}.get(name, ())
    if fixed or name == "cover":
        return list(fixed or queryfields.YES_NO)
    if name not in ("mood", "film", "id", "language"):
        return []
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    if name == "mood":
        return [m.id for m in catalog.moods]
    if name == "film":
        return list(catalog.films)
    if name == "id":
        return list(catalog.tracks)
    # A value with a space would need quoting in the shell: left for the user to type.
    return sorted({t.language.lower() for t in catalog if t.language and " " not in t.language})


def complete_track(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    catalog = _catalog(ctx)
    return [] if catalog is None else items(catalog.tracks, incomplete)


def complete_moods(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Mood ids, one after another: ``--arc dream,is`` completes to ``dream,isolation``."""
    head, _, last = incomplete.rpartition(",")
    return items(_mood_ids(ctx), last, f"{head}," if head else "")


def _mood_ids(ctx: click.Context) -> list[str]:
    catalog = _catalog(ctx)
    return [] if catalog is None else [m.id for m in catalog.moods]


def complete_recipe(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Recipe names (./playlists, then the shipped ones), or recipe files by path."""
    from wkwmix.app import recipe_names

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
    return items(_mood_ids(ctx), incomplete)
