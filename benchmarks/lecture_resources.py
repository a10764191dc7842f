"""Each lecture's kernel: peak memory and wall time, for sizing a hub.

Run: .venv/bin/python benchmarks/lecture_resources.py [NOTEBOOK ...] [--json FILE]

Every notebook (default: ``lectures/*.ipynb``) runs top to bottom in a fresh
``python3`` kernel, one after the other, as a student would run it (Run All).
After the last cell, and before the kernel shuts down, the script reads the
kernel process's RSS high-water mark (``VmHWM`` in ``/proc/PID/status``, the
most memory the kernel ever held resident).  The time is the wall time from
kernel start to the last cell's reply.  A notebook with no cells gives the
idle kernel's footprint ("empty kernel" row), the floor every student pays.

The peak is what the single-user container's memory limit must cover (plus
the Jupyter server itself, measured in the hub test).  Times depend on the
CPU and on what else the machine runs: treat them as approximate.

Linux only (``/proc``); elsewhere the peak is sampled with psutil every
0.1 s and may miss short spikes.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def _vm_hwm_bytes(pid: int) -> int | None:
    """The RSS high-water mark of ``pid`` in bytes, or None where /proc has no VmHWM."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class _Sampler(threading.Thread):
    """Fallback peak RSS by sampling (for systems without /proc)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.1):
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
            except psutil.Error:
                return


def measure(notebook: nbformat.NotebookNode, cwd: Path, timeout: float = 600) -> dict:
    """Run ``notebook`` in a fresh kernel with working directory ``cwd``; return peak and time."""
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=timeout, resources={"metadata": {"path": str(cwd)}}
    )
    start = time.perf_counter()
    with client.setup_kernel():
        pid = client.km.provisioner.pid
        sampler = _Sampler(pid)
        sampler.start()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        sampler.stopped.set()
        peak = _vm_hwm_bytes(pid) or sampler.peak
    return {"peak_mib": peak / 2**20, "seconds": seconds, "cells": len(notebook.cells)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: lectures/*.ipynb")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "lectures").glob("*.ipynb"))
    missing = [str(nb) for nb in notebooks if not nb.is_file()]
    if missing:
        parser.error(f"notebooks not found: {', '.join(missing)}")

    results: dict[str, dict] = {}
    empty = nbformat.v4.new_notebook()
    results["empty kernel"] = measure(empty, ROOT / "lectures")
    for path in notebooks:
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        results[path.name] = measure(nbformat.read(path, as_version=4), path.resolve().parent)

    print(f"{'notebook':<34} {'peak MiB':>9} {'time s':>7}")
    for name, r in results.items():
        print(f"{name:<34} {r['peak_mib']:9.0f} {r['seconds']:7.1f}")
    lectures = {k: v for k, v in results.items() if k != "empty kernel"}
    if lectures:
        worst = max(lectures, key=lambda k: lectures[k]["peak_mib"])
        print(f"largest peak: {worst} {lectures[worst]['peak_mib']:.0f} MiB; "
              f"total time {sum(r['seconds'] for r in lectures.values()):.0f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
