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


# --- the layers: a small top level, a course layer above the core, no cycles -----------

ROOT = __import__("pathlib").Path(gdkit.__file__).parent


def _module_name(path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """gdkit's modules and the gdkit modules each imports (at any depth of its code), from the source."""
    import ast

    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            edges |= {c for c in candidates if c in modules and c != name}
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as a list of modules, or None (package -> own submodule edges ignored)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt.startswith(node + "."):
                continue  # a package's __init__ may import its own submodules
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_gdkit_has_no_import_cycle():
    assert find_cycle(import_graph()) is None


def test_the_cycle_finder_finds_a_planted_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_core_never_imports_the_course_layer():
    course = "gdkit.lectures"
    edges = [
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        if not module.startswith(course)
        for target in targets
        if target.startswith(course)
    ]
    assert edges == []


def test_plots_and_explorers_build_on_pure_computations_not_on_each_other():
    graph = import_graph()
    plots_to_explorers = [
        f"{m} -> {t}" for m, ts in graph.items() if m.startswith("gdkit.plots")
        for t in ts if t.startswith("gdkit.explorers")
    ]  # fmt: skip
    assert plots_to_explorers == []


def test_the_top_level_is_the_core_api_of_at_most_90_names():
    assert len(gdkit._LAZY) <= 90
    assert not any(module.startswith(".lectures") for module in gdkit._LAZY.values())


@pytest.mark.parametrize("package", ["gdkit", "gdkit.lectures"])
def test_each_listed_name_is_in_its_modules_all(package):
    """The tables of lazy names cannot drift from the modules' own ``__all__``."""
    table = importlib.import_module(package)._EXPORTS
    for module_name, names in table.items():
        module = importlib.import_module(module_name, package)
        assert set(names) <= set(module.__all__), f"{module_name}: {set(names) - set(module.__all__)}"
        if package == "gdkit.lectures":
            assert set(names) == set(module.__all__), module_name


def test_star_import_shadows_no_builtin_and_loads_no_torch():
    code = (
        "import builtins, json, sys\n"
        "from gdkit import *\n"
        "shadowed = [n for n in dir(builtins) if not n.startswith('__') and n in globals()]\n"
        "print(json.dumps({'shadowed': shadowed, 'torch': 'torch' in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"shadowed": [], "torch": False}


def test_any_module_is_reachable_as_an_attribute():
    assert gdkit.surfaces.himmelblau.name == "himmelblau"
    assert gdkit.lectures.Experiment.__module__ == "gdkit.lectures.experiments"
