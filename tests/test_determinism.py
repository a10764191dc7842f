"""Every notebook gives the same compared outputs under different hash seeds and BLAS thread counts.

The notebooks run twice, side by side in two processes: once with
``PYTHONHASHSEED=1`` and one BLAS/OpenMP thread, once with ``PYTHONHASHSEED=2``
and two threads.  Each run's *compared* outputs (what nbval compares: text,
HTML, LaTeX, SVG, streams, errors; not PNGs, widget views or cells marked
``NBVAL_IGNORE_OUTPUT``/``NBVAL_SKIP``), after the substitutions in
``tests/nbval_sanitize.cfg``, must equal the other run's and the stored ones.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "lectures").rglob("*.ipynb"))
NOTEBOOKS = [nb for nb in NOTEBOOKS if ".ipynb_checkpoints" not in nb.parts]
SETTINGS = {
    "hashseed=1, 1 thread": {"PYTHONHASHSEED": "1", "threads": "1"},
    "hashseed=2, 2 threads": {"PYTHONHASHSEED": "2", "threads": "2"},
}
SKIPPED_KEYS = {"image/png", "image/jpeg", "application/vnd.jupyter.widget-view+json"}
MARKERS = ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP")
TAGS = {"nbval-ignore-output", "nbval-skip"}

pytestmark = [pytest.mark.slow, pytest.mark.determinism]


def _sanitizer():
    from nbval.plugin import get_sanitize_patterns

    patterns = get_sanitize_patterns((ROOT / "tests" / "nbval_sanitize.cfg").read_text())
    compiled = [(re.compile(regex), replace) for regex, replace in patterns]

    def sanitize(text: str) -> str:
        for regex, replace in compiled:
            text = regex.sub(replace, text)
        return text

    return sanitize


def compared_outputs(nb) -> list[tuple[int, list]]:
    """What nbval compares, cell by cell: ``[(cell index, [(kind, text), ...]), ...]``."""
    from nbval.plugin import coalesce_streams

    sanitize = _sanitizer()
    result = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
        if any(m in first for m in MARKERS) or TAGS & set(cell.metadata.get("tags", [])):
            continue
        items = []
        for output in coalesce_streams([o for o in cell.get("outputs", [])]):
            if output.output_type == "stream":
                items.append((output.name, sanitize(output.text)))
            elif output.output_type == "error":
                items.append(("error", f"{output.ename}: {output.evalue}"))
            else:
                for key, value in sorted(output.get("data", {}).items()):
                    if key not in SKIPPED_KEYS:
                        text = value if isinstance(value, str) else repr(value)
                        items.append((key, sanitize(text)))
        result.append((index, items))
    return result


def _execute(path: str, hashseed: str, threads: str) -> list:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ, PYTHONHASHSEED=hashseed)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = threads
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    client.execute(env=env)
    return compared_outputs(nb)


@pytest.fixture(scope="module")
def runs() -> dict[str, dict[str, list]]:
    """Execute every notebook under both settings, the two settings in parallel."""
    results: dict[str, dict[str, list]] = {label: {} for label in SETTINGS}
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = {
            (label, nb): pool.submit(_execute, str(nb), s["PYTHONHASHSEED"], s["threads"])
            for nb in NOTEBOOKS
            for label, s in SETTINGS.items()
        }
        for (label, nb), future in futures.items():
            results[label][nb.name] = future.result()
    return results


def _differences(a: list, b: list) -> list[str]:
    diffs = []
    for (index, out_a), (_, out_b) in zip(a, b, strict=True):
        if out_a != out_b:
            diffs.append(f"cell {index}: {str(out_a)[:300]!r} != {str(out_b)[:300]!r}")
    return diffs


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[str(nb.relative_to(ROOT)) for nb in NOTEBOOKS])
def test_notebook_outputs_do_not_depend_on_hash_seed_or_thread_count(notebook, runs):
    import nbformat

    stored = compared_outputs(nbformat.read(notebook, as_version=4))
    (label_a, label_b) = SETTINGS
    run_a, run_b = runs[label_a][notebook.name], runs[label_b][notebook.name]
    problems = [f"[{label_a} vs {label_b}] {d}" for d in _differences(run_a, run_b)]
    problems += [f"[{label_a} vs stored] {d}" for d in _differences(run_a, stored)]
    assert not problems, "\n".join(problems[:10])


def test_comparison_sees_a_changed_output():
    """The comparison is not vacuous: a changed number in a compared cell is a difference."""
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("print(1)"),
            nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nprint(2)"),
        ]
    )
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    other = nbformat.from_dict(nb)
    other = nbformat.reads(nbformat.writes(nb), as_version=4)
    other.cells[0].outputs[0].text = "1.0000001\n"
    other.cells[1].outputs[0].text = "anything\n"
    assert _differences(compared_outputs(nb), compared_outputs(other)) == [
        "cell 0: \"[('stdout', '1\\\\n')]\" != \"[('stdout', '1.0000001\\\\n')]\""
    ]
