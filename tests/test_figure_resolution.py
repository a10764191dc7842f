"""Every stored figure is sharp enough to read: at least 110 dpi, read from the PNG itself.

matplotlib writes the resolution into each PNG's ``pHYs`` chunk (pixels per metre); a
figure stored at a lower dpi is blurry when JupyterLab or the site scales it up.
"""

from __future__ import annotations

import base64
import json
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "lectures").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
MIN_DPI = 110
INCH = 0.0254


def png_dpi(data: bytes) -> float | None:
    """The resolution a PNG declares (pHYs chunk, in dots per inch), or None if it declares none."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    at = 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"pHYs":
            x_per_unit, _, unit = struct.unpack(">IIB", data[at + 8 : at + 17])
            return x_per_unit * INCH if unit == 1 else None
        if kind == b"IDAT":
            return None  # pHYs must come before the image data
        at += 12 + length
    return None


def stored_pngs(path: Path):
    for number, cell in enumerate(json.loads(path.read_text())["cells"]):
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                yield number, base64.b64decode("".join(png) if isinstance(png, list) else png)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT / "lectures")) for p in NOTEBOOKS])
def test_every_stored_figure_is_at_least_110_dpi(path):
    low = [(n, png_dpi(data)) for n, data in stored_pngs(path)]
    low = [(n, dpi) for n, dpi in low if dpi is None or dpi < MIN_DPI - 0.5]
    assert low == [], f"figures below {MIN_DPI} dpi (cell, dpi): {low}"


def test_png_dpi_reads_what_matplotlib_wrote():
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    for dpi in (80, 110, 144):
        buffer = io.BytesIO()
        Figure(figsize=(2, 1)).savefig(buffer, format="png", dpi=dpi)
        assert round(png_dpi(buffer.getvalue())) == dpi
