"""Test configuration: the repository root on sys.path, so `pipelines` and `warehouse` import under plain `pytest`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
