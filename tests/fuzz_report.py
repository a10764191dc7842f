"""The reliability counts of tests/README.md, produced from the suites themselves.

    python tests/fuzz_report.py            print the table (what the suites define)
    python tests/fuzz_report.py --run      run the suites first, adding the examples tried
    python tests/fuzz_report.py --write    ... and write the table into tests/README.md
    python tests/fuzz_report.py --check    exit 1 if README's table differs from the suites

What the suites *define* is read by pytest's own collection: the public names each suite
lists in ``FUZZED``, its property tests and their ``max_examples``, its ``bad_input`` and
``fault`` cases (parametrized cases counted one by one).  What they *tried* comes from
``test-artifacts/reliability-counts.json``, which ``tests/conftest.py`` writes during a
run: the hypothesis examples actually executed (fewer than ``max_examples`` when a
strategy has fewer distinct values).  ``--check`` compares only the defined counts, so it
needs no run; the tried counts are deterministic too (the profile is derandomized).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
README = TESTS / "README.md"
COUNTS_FILE = ROOT / "test-artifacts" / "reliability-counts.json"
SUITES = (
    "test_fuzz_derivatives.py",
    "test_fuzz_training.py",
    "test_fuzz_explorers.py",
    "test_fuzz_data.py",
    "test_faults_data.py",
)
START, END = "<!-- reliability-counts:start -->", "<!-- reliability-counts:end -->"


class _Collector:
    def __init__(self) -> None:
        self.suites: dict[str, dict] = defaultdict(
            lambda: {
                "fuzzed": [],
                "tests": 0,
                "properties": 0,
                "max_examples": 0,
                "bad_input": 0,
                "fault": 0,
            }  # fmt: skip
        )
        self.faults: list[str] = []

    def pytest_collection_modifyitems(self, items) -> None:
        for item in items:
            suite = self.suites[item.path.name]
            suite["tests"] += 1
            suite["fuzzed"] = list(getattr(item.module, "FUZZED", []))
            settings = getattr(item.obj, "_hypothesis_internal_use_settings", None)
            if getattr(item.obj, "is_hypothesis_test", False) and settings is not None:
                suite["properties"] += 1
                suite["max_examples"] += settings.max_examples
            suite["bad_input"] += item.get_closest_marker("bad_input") is not None
            if item.get_closest_marker("fault") is not None:
                suite["fault"] += 1
                self.faults.append(item.name.removeprefix("test_").replace("_", " "))


def defined_counts() -> tuple[dict[str, dict], list[str]]:
    """What each suite defines, by pytest's collection (in this process), and the fault
    cases by name."""
    collector = _Collector()
    paths = [str(TESTS / s) for s in SUITES]
    code = pytest.main(
        ["--collect-only", "-qq", "-p", "no:cacheprovider", "--rootdir", str(ROOT), *paths],
        plugins=[collector],
    )
    if code != 0:
        raise SystemExit(f"collecting the suites failed (pytest exit code {code})")
    return {s: collector.suites[s] for s in SUITES}, collector.faults


def tried_counts() -> dict[str, dict]:
    return json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}


def table(defined: dict[str, dict], tried: dict[str, dict], faults: list[str]) -> str:
    rows = [
        "| suite | public functions fuzzed | property tests | max examples | examples tried "
        "| bad-input cases | fault cases |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    totals = defaultdict(int)
    for suite in SUITES:
        d = defined[suite]
        names = ", ".join(f"`{n}`" for n in d["fuzzed"]) or "—"
        run = tried.get(suite, {}).get("examples_total")
        rows.append(
            f"| `{suite}` | {len(d['fuzzed'])}: {names} | {d['properties']} | "
            f"{d['max_examples']} | {'—' if run is None else run} | {d['bad_input']} | "
            f"{d['fault']} |"
        )
        for key in ("properties", "max_examples", "bad_input", "fault"):
            totals[key] += d[key]
        totals["fuzzed"] += len(d["fuzzed"])
        totals["tried"] += run or 0
    rows.append(
        f"| **total** | {totals['fuzzed']} | {totals['properties']} | {totals['max_examples']} "
        f"| {totals['tried'] or '—'} | {totals['bad_input']} | {totals['fault']} |"
    )
    rows += ["", f"The {len(faults)} fault cases (`tests/test_faults_data.py`):", ""]
    rows += [f"- {name}" for name in faults]
    return "\n".join(rows)


def _static_columns(text: str) -> list[list[str]]:
    """The block's lines, table rows without the 'examples tried' column (the 5th)."""
    return [
        [c.strip() for i, c in enumerate(line.split("|")) if i != 5]
        if line.startswith("|")
        else [line.strip()]
        for line in text.splitlines()
    ]


def readme_table() -> str:
    text = README.read_text()
    if START not in text or END not in text:
        raise SystemExit(f"{README} has no {START} ... {END} block")
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def main(argv: list[str]) -> int:
    if "--run" in argv or "--write" in argv:
        paths = [str(TESTS / s) for s in SUITES]
        COUNTS_FILE.unlink(missing_ok=True)
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", *paths], cwd=ROOT)
        if done.returncode != 0:
            print("the reliability suites failed; counts not written", file=sys.stderr)
            return done.returncode
    defined, faults = defined_counts()
    current = table(defined, tried_counts(), faults)
    if "--check" in argv:
        if _static_columns(readme_table()) != _static_columns(current):
            print("tests/README.md is out of date; run: python tests/fuzz_report.py --write\n")
            print(current)
            return 1
        print("tests/README.md matches the suites")
        return 0
    if "--write" in argv:
        text = README.read_text()
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        README.write_text(f"{before}{START}\n{current}\n{END}{after}")
    print(current)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
