"""Rendering records for people (aligned tables) and for scripts (JSON, CSV, TSV, ids)."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import click

from wkwmix.text import printable, spreadsheet_safe

FORMATS = ("table", "json", "csv", "tsv", "ids")


def format_option(default: str = "table", choices: Sequence[str] = FORMATS):  # noqa: ANN201
    """The ``--format`` option shared by every listing command."""
    return click.option(
        "--format", "-f", "fmt", type=click.Choice(list(choices)), default=default,
        show_default=True, help=f"Output format: {default} for people, the others for scripts.",
    )


def dumb_terminal() -> bool:
    """A terminal that understands no escape sequences (TERM=dumb: Emacs shells, some CI)."""
    return os.environ.get("TERM") == "dumb"


def say(message: str) -> None:
    """A line for the person at the terminal, on stderr (waits, warnings, notices)."""
    click.echo(message, err=True)


def use_color() -> bool | None:
    """False when NO_COLOR is set or the terminal is dumb; otherwise let click decide
    (colour only on a terminal)."""
    return False if os.environ.get("NO_COLOR") or dumb_terminal() else None


def progressbar(length: int, label: str) -> Any:
    """A progress bar on stderr; on a dumb terminal only its label, as when piped."""
    stream: Any = _Plain(sys.stderr) if dumb_terminal() else sys.stderr
    return click.progressbar(length=length, label=label, file=stream)


class _Plain:
    """A stream that says it is no terminal, so that click draws no bar on it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def emit(
    records: list[dict[str, Any]], fmt: str, columns: Sequence[tuple[str, str]],
    *, json_records: Iterable[dict[str, Any]] | None = None,
    delimited_columns: Sequence[tuple[str, str]] | None = None,
    give_way: Sequence[str] = (), readable: Mapping[str, int] | None = None,
) -> None:
    """Print ``records`` in ``fmt``; ``columns`` are (key, heading) pairs for tables and, unless
    ``delimited_columns`` are given, for CSV and TSV. ``give_way`` and ``readable`` say how
    the table fits a narrow terminal (see ``table``)."""
    if fmt == "json":
        import json

        click.echo(json.dumps(list(json_records or records), ensure_ascii=False, indent=2))
    elif fmt in ("csv", "tsv"):
        click.echo(delimited(records, delimited_columns or columns,
                             "," if fmt == "csv" else "\t"), nl=False)
    elif fmt == "ids":
        for record in records:
            click.echo(record["id"])
    else:
        page(table(records, columns, give_way=give_way, readable=readable))


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    return printable(str(value).replace("\n", " "))


def delimited(records: list[dict[str, Any]], columns: Sequence[tuple[str, str]], sep: str) -> str:
    """CSV as the csv module writes it; TSV unquoted, tabs and newlines in values as spaces."""
    if sep == "\t":
        rows = [[key for key, _ in columns]]
        rows += [[spreadsheet_safe(cell(r.get(key)).replace("\t", " ")) for key, _ in columns]
                 for r in records]
        return "".join("\t".join(row) + "\n" for row in rows)
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow([key for key, _ in columns])
    for record in records:
        writer.writerow([spreadsheet_safe(cell(record.get(key))) for key, _ in columns])
    return out.getvalue()


def width(text: str) -> int:
    """Columns a string takes on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clip(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out, used = [], 0
    for char in text:
        used += width(char)
        if used > limit - 1:
            break
        out.append(char)
    return "".join(out) + "…"


def wrap(text: str, limit: int) -> list[str]:
    """``text`` in lines at most ``limit`` terminal columns wide, broken at spaces (and
    inside a word only when it is wider than a line, as a run of CJK characters can be)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else word
        if width(joined) <= limit:
            line = joined
            continue
        if line:
            lines.append(line)
        while width(word) > limit:
            head = _head(word, limit)
            lines.append(head)
            word = word[len(head):]
        line = word
    return [*lines, line] if line else lines or [""]


def _head(word: str, limit: int) -> str:
    used = 0
    for i, char in enumerate(word):
        used += width(char)
        if used > limit:
            return word[:max(i, 1)]
    return word


def terminal_width() -> int | None:
    """The terminal's width when standard output is one; None when piped."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size((120, 24)).columns


# Columns a person copies into other commands (`show ID`, `tag ID`): never shortened.
WHOLE = frozenset({"id", "path", "uri"})
NARROWEST = 8  # a prose column is not shortened below this many terminal columns


def table(records: list[dict[str, Any]], columns: Sequence[tuple[str, str]], *,
          give_way: Sequence[str] = (), readable: Mapping[str, int] | None = None) -> str:
    """An aligned plain-text table without empty columns, fitted to a terminal's width.

    On a terminal too narrow for it, prose columns are shortened (never ids, paths or URIs),
    and when that is not enough columns are left out, saying so on stderr: the last ones,
    or, when ``give_way`` names columns (ids among them), those first and in that order,
    so that the others keep the ``readable`` width each is given (a column left out comes
    back when it fits after all).
    """
    if not records:
        return ""
    columns = [(k, h) for k, h in columns if any(cell(r.get(k)) for r in records)]
    rows = [[cell(r.get(key)) for key, _ in columns] for r in records]
    natural = [max(width(h), *(width(row[i]) for row in rows))
               for i, (_, h) in enumerate(columns)]
    whole = [key in WHOLE for key, _ in columns]
    keys = [key for key, _ in columns]
    available = terminal_width()
    if available is None:
        shown, widths = list(range(len(columns))), natural
    elif give_way:
        least = [natural[i] if whole[i] else min(natural[i], (readable or {}).get(key, NARROWEST))
                 for i, key in enumerate(keys)]
        order = [keys.index(k) for k in give_way if k in keys]
        shown, widths = _fit_giving_way(natural, least, whole, order, available)
    else:
        shown, widths = _fit(natural, whole, available)
    if len(shown) < len(columns):
        left_out = ", ".join(h for i, (_, h) in enumerate(columns) if i not in shown)
        click.echo(f"(too narrow for {left_out}: widen the terminal, or use --format csv)",
                   err=True)
    headings = [columns[i][1] for i in shown]
    lines = [_line([click.style(h, bold=True) for h in headings], headings, widths)]
    lines += [_line([clip(row[i], w) for i, w in zip(shown, widths)], None, widths)
              for row in rows]
    return "\n".join(lines) + "\n"


def _line(values: list[str], plain: list[str] | None, widths: list[int]) -> str:
    shown = plain or values
    padded = [v + " " * (w - width(s)) for v, s, w in zip(values, shown, widths)]
    return "  ".join(padded).rstrip()


def _fit(natural: list[int], whole: list[bool], columns: int) -> tuple[list[int], list[int]]:
    """Which columns to show and how wide: all, shortened as needed, else the last ones left
    out (never the first)."""
    shown = list(range(len(natural)))
    while True:
        widths = _shrunk([natural[i] for i in shown], [whole[i] for i in shown],
                         columns - 2 * (len(shown) - 1))
        droppable = [i for i in shown[1:] if not whole[i]]
        if widths is not None or len(droppable) <= 1:
            return shown, widths or [natural[i] for i in shown]
        shown.remove(droppable[-1])


def _fit_giving_way(natural: list[int], least: list[int], whole: list[bool],
                    give_way: list[int], columns: int) -> tuple[list[int], list[int]]:
    """Leave out the ``give_way`` columns, in order, until the rest fit at their ``least``
    widths; then take back each left out (the most important first) that fits after all."""

    def fits(chosen: list[int]) -> bool:
        return sum(least[i] for i in chosen) + 2 * (len(chosen) - 1) <= columns

    shown = list(range(len(natural)))
    left_out: list[int] = []
    for i in give_way:
        if fits(shown):
            break
        shown.remove(i)
        left_out.append(i)
    for i in reversed(left_out):
        if fits(sorted([*shown, i])):
            shown = sorted([*shown, i])
    available = columns - 2 * (len(shown) - 1)
    widths = _shrunk([natural[i] for i in shown], [whole[i] for i in shown], available,
                     floor=[least[i] for i in shown])
    if widths is None:  # not even the columns that never give way fit: shorten them further
        widths = _shrunk([natural[i] for i in shown], [whole[i] for i in shown], available)
    return shown, widths or [natural[i] for i in shown]


def _shrunk(widths: list[int], whole: list[bool], available: int,
            floor: list[int] | None = None) -> list[int] | None:
    """Shorten the widest prose columns, each down to its ``floor`` at most, until the total
    fits; None when it cannot."""
    widths = list(widths)
    floor = floor or [NARROWEST] * len(widths)
    while sum(widths) > available:
        prose = [i for i, w in enumerate(widths) if not whole[i] and w > floor[i]]
        if not prose:
            return None
        widest = max(prose, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def page(text: str) -> None:
    """Print ``text``; on a terminal too short for it, through the pager ($PAGER, else less).

    less keeps the text on the screen when it quits (-X), so that an id can be copied from
    it, and exits at once when the text fits after all (-F). Piped, nothing changes.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()) or dumb_terminal() or \
            not _taller_than_terminal(text):
        click.echo(text, color=use_color(), nl=False)
        return
    os.environ.setdefault("LESS", "FRX")
    click.echo_via_pager(text.rstrip("\n"), color=use_color())  # the pager adds one


def _taller_than_terminal(text: str) -> bool:
    import shutil  # only on a terminal: piped output never pays for it

    return text.count("\n") >= shutil.get_terminal_size((120, 24)).lines
