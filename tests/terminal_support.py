"""Running programs on a real pseudo-terminal, as a person at a terminal would.

What a command does at a terminal (colour, width, paging, progress bars) and what a shell
completes on Tab can only be seen through a terminal: ``on_terminal`` runs a command on a
fresh pseudo-terminal of a given size and returns everything it drew; ``Shell`` is an
interactive shell on one, to type into.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

TIMEOUT = 30


def wkwmix_bin(folder: Path) -> Path:
    """A folder holding a ``wkwmix`` that runs this checkout with this Python."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "wkwmix"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m wkwmix "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return folder


def _spawn(argv: list[str], env: dict[str, str], columns: int, lines: int) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pseudo-terminal is its controlling terminal
        try:
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    return pid, fd


def _read(fd: int, timeout: float) -> bytes:
    """What is ready to read within ``timeout`` seconds; b"" at the end."""
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        raise TimeoutError
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: every process holding the terminal has gone
        return b""


def on_terminal(argv: list[str], env: dict[str, str], *, columns: int = 80, lines: int = 24,
                keys: bytes = b"") -> tuple[int, str]:
    """Run ``argv`` on a terminal of this size; its exit status and everything it drew.

    ``keys`` are typed once the program is running (e.g. ``q`` to leave a pager).
    """
    pid, fd = _spawn(argv, env, columns, lines)
    out = b""
    deadline = time.monotonic() + TIMEOUT
    try:
        if keys:
            time.sleep(0.5)
            os.write(fd, keys)
        while True:
            chunk = _read(fd, max(0.1, deadline - time.monotonic()))
            if not chunk:
                break
            out += chunk
    except TimeoutError:
        os.kill(pid, signal.SIGKILL)
        raise AssertionError(f"{argv} did not finish; it drew: {out!r}") from None
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace").replace("\r\n", "\n")


class Shell:
    """An interactive shell on a pseudo-terminal, to type into and read from."""

    def __init__(self, argv: list[str], env: dict[str, str], *, columns: int = 200) -> None:
        self.pid, self.fd = _spawn(argv, env, columns, 50)
        self.seen = b""

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode("utf-8"))

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        """Read until ``pattern`` appears in what the shell drew since the last match."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.seen.decode("utf-8", "replace")
            match = re.search(pattern, text)
            if match:
                self.seen = self.seen[len(text[: match.end()].encode("utf-8")):]
                return match
            try:
                chunk = _read(self.fd, max(0.05, deadline - time.monotonic()))
            except TimeoutError:
                chunk = b""
            if not chunk or time.monotonic() > deadline:
                raise AssertionError(f"never saw {pattern!r}; the shell drew: {text!r}")
            self.seen += chunk

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.close(self.fd)
        os.waitpid(self.pid, 0)
