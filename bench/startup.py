"""Start-up benchmark: `wkwmix ls mood:dream` against `python -c "import click, yaml"`.

Runs both as whole processes, interleaved, and prints the two medians and their ratio.
Target: ratio at most 1.3.

    python bench/startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def wkwmix_command() -> list[str]:
    script = shutil.which("wkwmix")
    return [script] if script else [sys.executable, "-m", "wkwmix"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def compile_bytecode() -> None:
    """Compile wkwmix to bytecode first, as pip does at install time.

    Without it (e.g. with PYTHONDONTWRITEBYTECODE set) every run would compile every module
    again, which is not what an installed wkwmix does.
    """
    import compileall
    from pathlib import Path

    import wkwmix

    compileall.compile_dir(Path(wkwmix.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    baseline = [sys.executable, "-c", "import click, yaml"]
    query = [*wkwmix_command(), "ls", "mood:dream"]
    compile_bytecode()
    timed(query)  # warm the parse cache and the OS file cache, as a second run would
    base_times, query_times = [], []
    for _ in range(runs):
        base_times.append(timed(baseline))
        query_times.append(timed(query))
    base, ours = statistics.median(base_times), statistics.median(query_times)
    print(f"command: python bench/startup.py --runs {runs}")
    print(f"python -c 'import click, yaml'  median {base * 1000:7.1f} ms")
    print(f"wkwmix ls mood:dream            median {ours * 1000:7.1f} ms")
    print(f"ratio {ours / base:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
