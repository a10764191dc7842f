"""`import gdkit` is cheap and every advertised name exists."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

import gdkit

HEAVY = ("sympy", "torch", "matplotlib", "ipywidgets", "sklearn", "pooch", "tqdm")


def test_import_gdkit_loads_no_heavy_package():
    code = "import json, sys, gdkit; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert not [m for m in HEAVY if m in loaded]


def test_import_gdkit_itself_takes_under_a_tenth_of_the_budget():
    """-X importtime counts the microseconds spent importing gdkit and what it imports."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import gdkit"],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(ln for ln in out.stderr.splitlines() if ln.rstrip().endswith("| gdkit"))
    cumulative_us = int(line.split("|")[1])
    assert cumulative_us < 30_000, line


@pytest.mark.parametrize("name", sorted(gdkit._LAZY))
def test_every_public_name_resolves(name):
    module = importlib.import_module(gdkit._LAZY[name], "gdkit")
    assert getattr(gdkit, name) is getattr(module, name)


def test_unknown_name_raises_attribute_error_naming_it():
    with pytest.raises(AttributeError, match="no_such_thing"):
        gdkit.no_such_thing  # noqa: B018


def test_dir_lists_lazy_names():
    assert set(gdkit._LAZY) <= set(dir(gdkit))
