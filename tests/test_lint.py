import subprocess
import sys
from pathlib import Path


def test_ruff_passes():
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(root)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
