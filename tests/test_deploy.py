"""deploy/: the Zero to JupyterHub config follows the measured numbers, and the README shows them.

``deploy/lecture-resources.json`` holds what ``benchmarks/lecture_resources.py``
and the hub test measured; the memory guarantee and limit in
``deploy/config.yaml`` must cover it, and README.md's sizing table must repeat
it. A new lecture without a measurement fails here: re-run the benchmark.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "deploy" / "config.yaml").read_text())
MEASURED = json.loads((ROOT / "deploy" / "lecture-resources.json").read_text())
KERNELS = {k: v for k, v in MEASURED["kernels"].items() if k.endswith(".ipynb")}
UNITS = {"K": 10**3, "M": 10**6, "G": 10**9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}


def _mib(quantity: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)", str(quantity))
    assert match, f"not a Kubernetes memory quantity: {quantity!r}"
    return float(match.group(1)) * UNITS[match.group(2)] / 2**20


def test_every_lecture_was_measured():
    lectures = sorted(p.name for p in (ROOT / "lectures").glob("*.ipynb"))
    assert sorted(KERNELS) == lectures, "re-run benchmarks/lecture_resources.py and update deploy/"


def test_memory_guarantee_covers_the_server_and_the_heaviest_lecture():
    memory = CONFIG["singleuser"]["memory"]
    server = MEASURED["jupyter_server_peak_mib"]
    peaks = sorted((k["peak_mib"] for k in KERNELS.values()), reverse=True)
    assert _mib(memory["guarantee"]) >= server + peaks[0]
    # JupyterLab keeps kernels of earlier lectures running: three at once must fit.
    assert _mib(memory["limit"]) >= server + sum(peaks[:3])
    assert _mib(memory["limit"]) >= _mib(memory["guarantee"])


def test_config_image_culling_and_nbgitpuller():
    single = CONFIG["singleuser"]
    assert single["image"]["name"] and str(single["image"]["tag"]) not in ("", "latest")
    assert single["defaultUrl"] == "/lab"
    assert CONFIG["cull"]["enabled"] is True and CONFIG["cull"]["timeout"] > 0
    hook = " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert re.search(r"gitpuller \S+ student gdkit", hook)
    assert CONFIG["hub"]["config"]["KubeSpawner"]["notebook_dir"] == "/home/jovyan"
    assert "nbgitpuller" in (ROOT / "binder" / "requirements.txt").read_text(), \
        "the image built from binder/ must contain nbgitpuller"


def test_readme_sizing_table_gives_the_measured_numbers():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("<!-- sizing:start -->")[1].split("<!-- sizing:end -->")[0]
    rows = {m.group(1).strip("` "): (int(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"^\| ([^|]+) \| (\d+) \| ([\d.]+) \|$", table, re.M)}
    assert rows, "README.md has no sizing table between the sizing markers"
    for name, numbers in MEASURED["kernels"].items():
        assert rows.get(name) == (numbers["peak_mib"], numbers["seconds"]), name
    assert f"adds {MEASURED['jupyter_server_peak_mib']} MiB" in readme


@pytest.mark.parametrize("doc", ["README.md", "deploy/README.md"])
def test_docs_name_the_commands_that_exist(doc: str):
    text = (ROOT / doc).read_text()
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"make ([a-z][\w-]+)", text):
        assert re.search(rf"^{re.escape(target)}:", makefile, re.M), f"{doc} names `make {target}`"
    assert "python -m gdkit.links" in text
