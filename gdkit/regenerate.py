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
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

VOLATILE_METADATA = ("execution", "collapsed", "scrolled")


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
    client.execute()
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
    args = parser.parse_args(argv)
    failed = []
    for path in _notebooks(args.paths):
        print(f"executing {path} ...", end=" ", flush=True)
        try:
            seconds = execute_in_place(path, timeout=args.timeout)
        except Exception as exc:  # report and go on with the other notebooks
            print(f"FAILED ({type(exc).__name__})")
            print(str(exc)[-2000:], file=sys.stderr)
            failed.append(path)
            continue
        print(f"{seconds:.1f} s")
    if failed:
        print(f"{len(failed)} notebook(s) failed: " + ", ".join(map(str, failed)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
