"""tests/README.md's counts table says what the reliability suites really define."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_counts_match_what_the_suites_define():
    done = subprocess.run(
        [sys.executable, "tests/fuzz_report.py", "--check"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
