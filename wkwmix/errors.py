"""The exceptions the core raises; the CLI turns each into a one-paragraph message."""

from __future__ import annotations

from typing import NamedTuple


class WkwmixError(Exception):
    """Base of every error a user can cause; its text is shown to the user as is."""

    exit_code = 1


class Problem(NamedTuple):
    """One thing wrong with a file, located as precisely as we could."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class DataError(WkwmixError):
    """A catalog, overlay or recipe file that cannot be used; lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(self._describe())

    def _describe(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class NotFoundError(WkwmixError):
    """A track, film, mood or recipe the user named does not exist."""
