"""Queries start fast: they import nothing they do not use."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("spotipy", "requests", "urllib3", "mutagen", "filelock", "difflib", "jinja2",
         "markupsafe")

PROBE = """
import json, sys
from wkwmix.cli import cli
try:
    cli(["ls", "mood:dream"], prog_name="wkwmix")
except SystemExit as done:
    assert done.code in (0, None), done.code
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_a_query_imports_no_network_audio_or_locking_code():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            check=True)
    modules = json.loads(result.stderr.strip().splitlines()[-1])
    loaded = [m for m in modules if m.split(".")[0] in HEAVY]
    assert loaded == []
    assert [m for m in modules if m.startswith(("wkwmix.pictures", "wkwmix.formats"))] == []
    assert "chungking-express/dreams" in result.stdout
