"""The QUERY argument shared by every command that selects tracks.

A negated term such as ``-kind:score`` looks like an option to click, so commands that take
a query parse their arguments with ``QueryCommand``, which rewrites such terms to the other
negation prefix, ``^kind:score``, before click sees them.
"""

from __future__ import annotations

import re

import click

from wkwmix.cli.completion import complete_query

_NEGATED_FIELD = re.compile(r"^-([A-Za-z_]+:)")


class QueryCommand(click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rewritten, after_separator = [], False
        for arg in args:
            after_separator = after_separator or arg == "--"
            match = None if after_separator else _NEGATED_FIELD.match(arg)
            rewritten.append("^" + arg[1:] if match else arg)
        return super().parse_args(ctx, rewritten)


def no_match(what: str) -> str:
    """The one message for a query that selects nothing (an error in every command)."""
    return f"{what}: no track matches the query"


def query_argument(required: bool = False):  # noqa: ANN201
    """The QUERY words argument (use with ``cls=QueryCommand``)."""
    return click.argument("query", nargs=-1, required=required, shell_complete=complete_query)
