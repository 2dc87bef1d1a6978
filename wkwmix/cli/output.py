"""Rendering records for people (aligned tables) and for scripts (JSON, CSV, TSV, ids)."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import click

from wkwmix.text import printable, spreadsheet_safe

FORMATS = ("table", "json", "csv", "tsv", "ids")


def format_option(default: str = "table", choices: Sequence[str] = FORMATS):  # noqa: ANN201
    """The ``--format`` option shared by every listing command."""
    return click.option(
        "--format", "-f", "fmt", type=click.Choice(list(choices)), default=default,
        show_default=True, help="Output format: a table for people, the others for scripts.",
    )


def dumb_terminal() -> bool:
    """A terminal that understands no escape sequences (TERM=dumb: Emacs shells, some CI)."""
    return os.environ.get("TERM") == "dumb"


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
) -> None:
    """Print ``records`` in ``fmt``; ``columns`` are (key, heading) pairs for tables and CSV."""
    if fmt == "json":
        import json

        click.echo(json.dumps(list(json_records or records), ensure_ascii=False, indent=2))
    elif fmt in ("csv", "tsv"):
        click.echo(delimited(records, columns, "," if fmt == "csv" else "\t"), nl=False)
    elif fmt == "ids":
        for record in records:
            click.echo(record["id"])
    else:
        click.echo(table(records, columns), color=use_color(), nl=False)


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


def table(records: list[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> str:
    """An aligned plain-text table without empty columns, clipped to a terminal's width."""
    if not records:
        return ""
    columns = [(k, h) for k, h in columns if any(cell(r.get(k)) for r in records)]
    rows = [[cell(r.get(key)) for key, _ in columns] for r in records]
    headings = [heading for _, heading in columns]
    widths = _fit([max(width(h), *(width(row[i]) for row in rows))
                   for i, h in enumerate(headings)])
    lines = [_line([click.style(h, bold=True) for h in headings], headings, widths)]
    lines += [_line([clip(v, w) for v, w in zip(row, widths)], None, widths) for row in rows]
    return "\n".join(lines) + "\n"


def _line(values: list[str], plain: list[str] | None, widths: list[int]) -> str:
    shown = plain or values
    padded = [v + " " * (w - width(s)) for v, s, w in zip(values, shown, widths)]
    return "  ".join(padded).rstrip()


def _fit(widths: list[int]) -> list[int]:
    """Shrink the widest columns until the table fits the terminal (never when piped)."""
    if not sys.stdout.isatty():
        return widths
    import shutil

    available = shutil.get_terminal_size((120, 24)).columns - 2 * (len(widths) - 1)
    widths = list(widths)
    while sum(widths) > available and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    return widths
