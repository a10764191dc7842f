"""Re-execute lecture notebooks in place and store their outputs.

Usage (the README's instructor command)::

    make regenerate                 # every notebook under lectures/
    python -m gdkit.regenerate lectures/03_gradient_descent.ipynb

Each notebook runs top to bottom in a fresh kernel of the current Python
environment, with its working directory set to the notebook's folder (as in
JupyterLab and under nbval).  A notebook that raises is left untouched and the
command exits non-zero; a successful run replaces the file atomically.
Execution counts are renumbered and volatile metadata (execution timestamps)
dropped, so a re-run that changes nothing leaves ``git diff`` empty.

The kernels run with ``KERNEL_ENV``: a fixed hash seed and two BLAS threads.  The
test suite re-executes the notebooks under *other* settings (another hash seed,
one BLAS thread, NumPy's SIMD kernels switched off: see the root ``conftest.py``)
and compares the outputs with the stored ones, so every stored output is checked
against a second way of doing the arithmetic.  ``--jobs`` runs several notebooks
at once.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

VOLATILE_METADATA = ("execution", "collapsed", "scrolled")
BLAS_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
KERNEL_ENV = {"PYTHONHASHSEED": "0", **dict.fromkeys(BLAS_THREAD_VARIABLES, "2")}


def _notebooks(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts
            )
        elif path.suffix == ".ipynb" and path.is_file():
            found.append(path)
        else:
            raise SystemExit(f"paths: {name!r} is neither a folder nor an existing .ipynb file")
    return found


def execute_in_place(path: Path, timeout: int = 600) -> float:
    """Execute ``path`` in a fresh kernel and write the outputs back; return seconds taken."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "NPY_DISABLE_CPU_FEATURES"}
    client.execute(env={**env, **KERNEL_ENV})
    seconds = time.perf_counter() - start
    for cell in nb.cells:
        for key in VOLATILE_METADATA:
            cell.metadata.pop(key, None)
    nb.metadata.pop("widgets", None)
    handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".ipynb.tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            nbformat.write(nb, out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["lectures"], help="notebooks or folders")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")

    def run(path: Path) -> tuple[Path, float | None, str]:
        try:
            return path, execute_in_place(path, timeout=args.timeout), ""
        except Exception as exc:  # report and go on with the other notebooks
            return path, None, f"{type(exc).__name__}: {str(exc)[-2000:]}"

    failed = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for path, seconds, error in pool.map(run, _notebooks(args.paths)):
            if seconds is None:
                print(f"{path}: FAILED")
                print(error, file=sys.stderr)
                failed.append(path)
            else:
                print(f"{path}: {seconds:.1f} s", flush=True)
    if failed:
        print(f"{len(failed)} notebook(s) failed: " + ", ".join(map(str, failed)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
