"""A click group that imports a subcommand's module only when that subcommand runs, and
answers a bare run with its help and an unknown command with the nearest names.

Start-up time is the price of every query, so `wkwmix ls` must not pay for the modules
behind `build` or `sync`.
"""

from __future__ import annotations

import errno
import importlib
import os
from typing import Any

import click

from wkwmix.errors import WkwmixError


class CliError(click.ClickException):
    """A core error shown as ``Error: …`` with the core's exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # a class constant in the stubs


class LazyGroup(click.Group):
    """``lazy`` maps a command name to ``"module:attribute"``; WkwmixErrors become messages."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None,
                 summaries: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})
        self.summaries = dict(summaries or {})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of --help, from the summaries: no command module is imported."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.summaries and name not in self.commands:
                stand_in = click.Command(name, help=self.summaries[name])
                rows.append((name, stand_in.get_short_help_str(limit)))
            else:
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            module_name, attribute = self.lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module_name), attribute), name)
        return super().get_command(ctx, name)

    def _main_shell_completion(self, ctx_args: Any, prog_name: str,
                               complete_var: str | None = None) -> None:
        # The shell scripts and their parsing load only when a shell asks for completions.
        name = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(name):
            import wkwmix.cli.shells  # noqa: F401  (registers the bash, zsh and fish scripts)
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # A group run bare shows its help and succeeds: nothing went wrong.
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            click.echo(ctx.get_help(), color=ctx.color)
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if (name and not name.startswith("-") and not ctx.resilient_parsing
                and self.get_command(ctx, name) is None):
            import difflib

            near = difflib.get_close_matches(name, self.list_commands(ctx), n=3, cutoff=0.6)
            hint = f" Did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            raise click.UsageError(f"No such command {name!r}.{hint}", ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except WkwmixError as e:
            raise CliError(str(e), e.exit_code) from None
        except BrokenPipeError:
            raise  # the reader went away: main() ends quietly
        except UnicodeEncodeError as e:
            raise CliError(encoding_message(e)) from None
        except OSError as e:
            raise CliError(os_error_message(e)) from None


def os_error_message(error: OSError) -> str:
    """One line for an operating-system error: what failed, on which file, and why."""
    reasons = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only",
               errno.ENOTDIR: "a folder on the way is a file",
               errno.EEXIST: "a file is in the way of a folder"}
    reason = reasons.get(error.errno or 0) or error.strerror or str(error)
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{reason}"


def encoding_message(error: UnicodeEncodeError) -> str:
    return (f"this terminal's encoding ({error.encoding}) cannot show some characters; "
            "use a UTF-8 locale, or set PYTHONIOENCODING=utf-8")
