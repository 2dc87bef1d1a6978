"""Take the four screenshots of the "Dream arc" page shown in the README and docs/.

Builds the shipped recipes' pages into a temporary folder, then shows the Dream arc page
in headless Chromium (the test suite's DevTools client) on a desktop, on a phone, in the
dark and as printed, and writes docs/dream-arc-{desktop,phone,dark,print}.png.

    python scripts/screenshots.py        (needs Debian's chromium)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

SHOTS = {  # name: (width, height, colour scheme, media)
    "desktop": (1200, 1150, "light", "screen"),
    "phone": (390, 1500, "light", "screen"),
    "dark": (1100, 1060, "dark", "screen"),
    "print": (1000, 1300, "light", "print"),
}


def main() -> None:
    from pictures_support import Chromium

    binary = shutil.which("chromium") or sys.exit("needs chromium: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="wkwmix-shots-") as tmp:
        env = {**os.environ, "WKWMIX_HOME": str(Path(tmp) / "home")}
        env.pop("WKWMIX_CATALOG", None)
        out = Path(tmp) / "out"
        subprocess.run([sys.executable, "-m", "wkwmix", "build", "--all",
                        str(ROOT / "playlists"), "-o", str(out), "--format", "html"],
                       env=env, check=True, capture_output=True)
        tab = Chromium(binary, Path(tmp)).tab()
        try:
            for name, (width, height, scheme, media) in SHOTS.items():
                tab.view(width, height, scheme=scheme, media=media).open(out / "dream-arc.html")
                dest = ROOT / "docs" / f"dream-arc-{name}.png"
                tab.screenshot(dest)
                print(f"wrote {dest.relative_to(ROOT)}")
        finally:
            tab.close()


if __name__ == "__main__":
    main()
