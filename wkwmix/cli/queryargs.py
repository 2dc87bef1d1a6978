"""The QUERY argument shared by every command that selects tracks.

A negated term such as ``-kind:score`` looks like an option to click, so commands that take
a query parse their arguments with ``QueryCommand``, which rewrites such terms to the other
negation prefix, ``^kind:score``, before click sees them.
"""

from __future__ import annotations

import re

import click

from wkwmix import query as query_mod
from wkwmix.model import KINDS

_NEGATED_FIELD = re.compile(r"^-([A-Za-z_]+:)")


class QueryCommand(click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rewritten, after_separator = [], False
        for arg in args:
            after_separator = after_separator or arg == "--"
            match = None if after_separator else _NEGATED_FIELD.match(arg)
            rewritten.append("^" + arg[1:] if match else arg)
        return super().parse_args(ctx, rewritten)


def complete_query(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Complete field names, then the values of mood:, film: and kind:."""
    from click.shell_completion import CompletionItem

    from wkwmix.app import App

    negate = incomplete[:1] if incomplete[:1] in ("-", "^") else ""
    text = incomplete[len(negate):]
    if ":" not in text:
        return [CompletionItem(f"{negate}{f}:") for f in query_mod.FIELDS if f.startswith(text)]
    name, _, partial = text.partition(":")
    catalog = (ctx.find_object(App) or App()).catalog
    values = {
        "mood": [m.id for m in catalog.moods],
        "film": list(catalog.films),
        "kind": list(KINDS),
    }.get(name, [])
    head, _, last = partial.rpartition(",")
    prefix = f"{negate}{name}:{head + ',' if head else ''}"
    return [CompletionItem(prefix + v) for v in values if v.startswith(last)]


def query_argument(required: bool = False):  # noqa: ANN201
    """The QUERY words argument (use with ``cls=QueryCommand``)."""
    return click.argument("query", nargs=-1, required=required, shell_complete=complete_query)
