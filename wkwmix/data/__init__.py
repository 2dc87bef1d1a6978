"""Data shipped with wkwmix: the catalog and the mood vocabulary."""

from pathlib import Path

# A plain path, not importlib.resources: it is measurably faster to import, and wkwmix is
# always installed unzipped.
DATA_DIR = Path(__file__).parent
