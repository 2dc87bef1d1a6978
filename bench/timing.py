"""Shared by the benchmarks: run a command as a whole process, many times, interleaved.

Each run's wall time and peak memory (the child's own maximum resident set) are taken with
``os.wait4``; figures are medians, and every figure is printed beside its floor and the
ratio to it, with the target, so a run reads on its own.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)

    @property
    def time(self) -> float:
        return statistics.median(self.seconds)

    @property
    def memory(self) -> float:
        return statistics.median(self.peak_mb)


def run(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(seconds, peak MB) of one run of ``command``; its output is thrown away."""
    start = time.perf_counter()
    child = subprocess.Popen(list(command), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=env)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if child.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({child.returncode}):\n{errors.decode()}")
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return elapsed, peak


def interleaved(commands: dict[str, Sequence[str]], rounds: int,
                env: dict[str, str] | None = None,
                env_for: Callable[[str], dict[str, str]] | None = None) -> dict[str, Runs]:
    """Each command once per round, in turn, so that a noisy machine hurts all alike.

    ``env_for``, when given, makes the environment of each run from the command's name
    (e.g. a fresh, empty home for a cold run); else every run has ``env``.
    """
    results = {name: Runs() for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            seconds, peak = run(command, env_for(name) if env_for else env)
            results[name].seconds.append(seconds)
            results[name].peak_mb.append(peak)
    return results


@dataclass
class Verdict:
    missed: list[str] = field(default_factory=list)

    def ratio(self, label: str, ours: float, floor: float, floor_label: str,
              target: float | None, unit: str = "ms") -> None:
        scale = 1000 if unit == "ms" else 1  # seconds shown as ms; other units as given
        value = ours / floor
        mark = "" if target is None else (" ok" if value <= target else " MISSED")
        limit = "" if target is None else f" (target <= {target:.2f})"
        print(f"{label:<34} {ours * scale:9.1f} {unit}   floor {floor_label}: "
              f"{floor * scale:8.1f} {unit}   ratio {value:5.2f}{limit}{mark}")
        if target is not None and value > target:
            self.missed.append(f"{label}: {value:.2f} > {target:.2f}")

    def most(self, label: str, value: float, target: float, unit: str = "") -> None:
        mark = " ok" if value <= target else " MISSED"
        shown = f"{value:9.1f} {unit}" if unit else f"{value:9.2f}"
        limit = f"{target:g} {unit}".strip()
        print(f"{label:<34} {shown}   (target <= {limit}){mark}")
        if value > target:
            self.missed.append(f"{label}: {shown.strip()} > {limit}")

    def finish(self) -> None:
        if self.missed:
            print("MISSED: " + "; ".join(self.missed))
            sys.exit(1)
        print("every target met")
