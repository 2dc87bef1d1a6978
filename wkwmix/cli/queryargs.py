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
        try:
            return super().parse_args(ctx, list(rewritten))  # click empties the list it gets
        except click.NoSuchOption as e:
            hint = _negation_hint(rewritten, [e.option_name], "options")
            if hint:
                raise click.UsageError(e.format_message() + hint, ctx) from None
            raise
        except click.BadParameter as e:
            flags = e.param.opts if isinstance(e.param, click.Option) else []
            hint = _negation_hint(rewritten, [f for f in flags if len(f) == 2], "{flag} {value}")
            if hint:
                raise click.UsageError(e.format_message() + hint, ctx) from None
            raise


# A word such as -faye: a dash, then letters (a name may hold an apostrophe or a hyphen);
# not -n3, which is more likely an option with its value.
_DASHED_WORD = re.compile(r"-[^\W\d_]{2,}[\w'’-]*")


def _negation_hint(args: list[str], flags: list[str], read_as: str) -> str:
    """When click took a negated bare word (``-faye``) for a short option and its value
    (``-f aye``), or for options it does not have: the way to write the negation."""
    for arg in args:
        if arg == "--":
            break
        flag = next((f for f in flags if arg.startswith(f) and len(arg) > len(f)), None)
        if flag is not None and _DASHED_WORD.fullmatch(arg):
            shown = read_as.format(flag=flag, value=arg[len(flag):])
            return (f"\n{arg!r} was read as {shown}: to leave out the tracks that match "
                    f"{arg[1:]!r}, write ^{arg[1:]}")
    return ""


def no_match(what: str) -> str:
    """The one message for a query that selects nothing (an error in every command)."""
    return f"{what}: no track matches the query"


def query_argument(required: bool = False):  # noqa: ANN201
    """The QUERY words argument (use with ``cls=QueryCommand``)."""
    return click.argument("query", nargs=-1, required=required, shell_complete=complete_query)
