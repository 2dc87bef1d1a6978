"""Start-up benchmark: wkwmix's commands against the import of its own dependencies.

Every command runs as a whole process, in a virtual environment made for the run with a
plain (not editable) install of this checkout, interleaved with its floors; figures are
medians. Targets (ratios): `ls mood:dream` <= 1.10 x `import click, yaml` and <= 1.35 x
`import click`; `--help` <= 1.25 x; `build -r dream-arc` <= 1.5 x. Exits 1 when one is
missed.

    python bench/startup.py [--rounds 30] [--python PATH]

--python runs an existing installation instead of making one. Where valgrind is installed,
the same ratios are also given in instructions executed (callgrind), which unlike wall time
do not move with the load of a shared machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import Verdict, interleaved

ROOT = Path(__file__).resolve().parent.parent


def install(folder: Path) -> Path:
    """A fresh virtual environment with wkwmix installed from this checkout, compiled."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT)], check=True,
                   stderr=subprocess.DEVNULL)
    return python


def instructions(command: list[str], env: dict[str, str], folder: Path) -> int:
    """Instructions one run executes, counted by callgrind (deterministic)."""
    out = folder / "callgrind.out"
    done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                           *command], env=env, capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        sys.exit("callgrind printed no count")
    return int(found.group(1))


def report(verdict: Verdict, figures: dict[str, float], unit: str) -> None:
    both = figures["import click, yaml"]
    verdict.ratio("wkwmix ls mood:dream", figures["wkwmix ls mood:dream"], both,
                  "import click, yaml", 1.10, unit)
    verdict.ratio("wkwmix ls mood:dream", figures["wkwmix ls mood:dream"],
                  figures["import click"], "import click", 1.35, unit)
    verdict.ratio("wkwmix --help", figures["wkwmix --help"], both, "import click, yaml", 1.25,
                  unit)
    verdict.ratio("wkwmix build -r dream-arc", figures["wkwmix build -r dream-arc"], both,
                  "import click, yaml", 1.5, unit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--python", help="a Python with wkwmix installed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wkwmix-startup-") as tmp:
        python = Path(args.python) if args.python else install(Path(tmp) / "venv")
        script = python.parent / "wkwmix"  # the console script, as a user runs it
        wkwmix = [str(script)] if script.exists() else [str(python), "-m", "wkwmix"]
        out = Path(tmp) / "out"
        commands = {
            "import click": [str(python), "-c", "import click"],
            "import click, yaml": [str(python), "-c", "import click, yaml"],
            "wkwmix ls mood:dream": [*wkwmix, "ls", "mood:dream"],
            "wkwmix --help": [*wkwmix, "--help"],
            "wkwmix build -r dream-arc": [*wkwmix, "build", "-r", "dream-arc", "-o",
                                          str(out / "dream.m3u8")],
        }
        env = {**os.environ, "WKWMIX_HOME": str(Path(tmp) / "home")}
        env.pop("WKWMIX_CATALOG", None)
        interleaved(commands, 1, env)  # fills the parse cache, as a second run would find it
        times = {name: runs.time for name, runs in
                 interleaved(commands, args.rounds, env).items()}
        counted = {name: instructions(list(command), env, Path(tmp))
                   for name, command in commands.items()} if shutil.which("valgrind") else {}
    print(f"command: python bench/startup.py --rounds {args.rounds} (medians of interleaved "
          "runs, a plain install)")
    verdict = Verdict()
    report(verdict, times, "ms")
    if counted:
        print("the same in instructions executed (callgrind; millions):")
        report(verdict, {k: v / 1e6 for k, v in counted.items()}, "M")
    verdict.finish()


if __name__ == "__main__":
    main()
