"""Start-up benchmark: wkwmix's commands against the import of its own dependencies.

Every command runs as a whole process, in a virtual environment made for the run with a
plain (not editable) install of this checkout, interleaved with its floors; figures are
medians. Each wkwmix command runs in three states, told apart:

- warm: the parse cache an earlier run left (the catalog and recipes already parsed and
  checked) but no remembered arc, so `build` really searches: what a user waits for day to
  day, and what the targets judge (ratios): `ls mood:dream` <= 1.10 x `import click, yaml`
  and <= 1.35 x `import click`; `--help` <= 1.25 x; `build -r dream-arc` <= 1.5 x;
- first run: an empty cache, a fresh WKWMIX_HOME each run, as after an install or an
  upgrade (the catalog's YAML is parsed): printed, not a verdict;
- memo (build only): the arc search's remembered answer too: printed, not a verdict, since
  a figure served from a cache is not a build time.

Exits 1 when a target is missed.

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
import time
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


TARGETS = {  # command: (floor, most ratio), judged on warm runs
    "wkwmix ls mood:dream": (("import click, yaml", 1.10), ("import click", 1.35)),
    "wkwmix --help": (("import click, yaml", 1.25),),
    "wkwmix build -r dream-arc": (("import click, yaml", 1.5),),
}
MODES = {"warm": "files parsed by an earlier run, no remembered arc: the verdicts",
         "first run": "an empty cache, a fresh WKWMIX_HOME each run: not a verdict",
         "memo": "the arc search's remembered answer too: not a verdict"}
JUDGED = "warm"
MEMO_ONLY = ("wkwmix build -r dream-arc",)  # where the memo state differs from warm


def report(verdict: Verdict, figures: dict[str, float], unit: str) -> None:
    for mode, meaning in MODES.items():
        print(f"{mode} ({meaning}):")
        for command, floors in TARGETS.items():
            if f"{command} ({mode})" not in figures:
                continue
            for floor, most in floors:
                verdict.ratio(f"{mode} {command}", figures[f"{command} ({mode})"],
                              figures[floor], floor, most if mode == JUDGED else None, unit)


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
        floors = {"import click": [str(python), "-c", "import click"],
                  "import click, yaml": [str(python), "-c", "import click, yaml"]}
        ours = {"wkwmix ls mood:dream": [*wkwmix, "ls", "mood:dream"],
                "wkwmix --help": [*wkwmix, "--help"],
                "wkwmix build -r dream-arc": [*wkwmix, "build", "-r", "dream-arc", "-o",
                                              str(out / "dream.m3u8")]}
        commands = {**floors, **{f"{name} ({mode})": command for name, command in ours.items()
                                 for mode in MODES if mode != "memo" or name in MEMO_ONLY}}
        env = {**os.environ, "WKWMIX_HOME": str(Path(tmp) / "home")}
        env.pop("WKWMIX_CATALOG", None)
        parsed_only = Path(tmp) / "parsed-only"

        def env_for(name: str) -> dict[str, str]:
            if name.endswith("(memo)"):
                return env
            home = tempfile.mkdtemp(prefix="home-", dir=tmp)
            if name.endswith("(warm)"):  # a copy, so that no run leaves it an arc answer
                shutil.copytree(parsed_only, home, dirs_exist_ok=True)
            return {**env, "WKWMIX_HOME": home}

        # A cache doubts answers about files changed moments before (the install): wait
        # that out, as any real use does, then fill the memo home as a second run finds it.
        time.sleep(2.1)
        interleaved(ours, 1, env)
        shutil.copytree(Path(tmp) / "home", parsed_only)
        for memo in parsed_only.glob("cache/parsed/arc-search-*"):
            memo.unlink()
        times = {name: runs.time for name, runs in
                 interleaved(commands, args.rounds, env_for=env_for).items()}
        counted = {name: instructions(list(command), env_for(name), Path(tmp))
                   for name, command in commands.items()} if shutil.which("valgrind") else {}
    print(f"command: python bench/startup.py --rounds {args.rounds} (medians of interleaved "
          "runs, the three states alternating, a plain install)")
    verdict = Verdict()
    report(verdict, times, "ms")
    if counted:
        print("the same in instructions executed (callgrind; millions):")
        report(verdict, {k: v / 1e6 for k, v in counted.items()}, "M")
    verdict.finish()


if __name__ == "__main__":
    main()
