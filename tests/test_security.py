"""gdkit never unpickles downloaded data and never evaluates strings from outside the user's code.

Static checks walk the syntax tree of every module in ``gdkit/``:

- no pickle-like module is imported (pickle, cPickle, dill, cloudpickle, joblib, shelve,
  marshal); no ``yaml.load``;
- no ``eval``/``exec``/``compile``/``__import__``; ``importlib.import_module`` only where
  the module name comes from gdkit's own tables (allow-listed below);
- ``np.load`` always with the literal ``allow_pickle=False``; ``torch.load`` (if ever
  used) with ``weights_only=True``; every ``pooch.retrieve`` with a ``known_hash``;
- SymPy never parses a string: ``sympify`` only with ``strict=True``, no ``parse_expr``,
  no ``sympy.S(...)`` of a non-literal; no ``shell=True`` or ``os.system``.

Behavioural checks make sure the places where a string *could* reach SymPy refuse it.
Where SymPy does turn text into code, see ``tests/README.md`` ("Where SymPy parses strings").
"""

from __future__ import annotations

import ast
import functools
import os
from pathlib import Path

import pytest

import gdkit

GDKIT = Path(gdkit.__file__).resolve().parent
MODULES = sorted(GDKIT.rglob("*.py"))
PICKLE_LIKE = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "joblib", "shelve", "marshal"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
# importlib.import_module with a computed name: only from gdkit's own tables.
IMPORT_MODULE_ALLOWED = {
    "__init__.py": "the name is a key of _LAZY/_SUBMODULES, checked before the import",
    "notebook.py": "the name comes from the environment report's fixed package list",
}


def _rel(path: Path) -> str:
    return str(path.relative_to(GDKIT))


@functools.cache
def _trees() -> tuple[tuple[Path, ast.Module], ...]:
    return tuple((path, ast.parse(path.read_text(), filename=str(path))) for path in MODULES)


def _dotted(node: ast.AST) -> str:
    """``np.load`` for ``Attribute(Name('np'), 'load')``; '' for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node, _dotted(node.func)


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_const(node: ast.AST | None, value) -> bool:
    return isinstance(node, ast.Constant) and node.value is value


def test_the_scan_sees_every_gdkit_module():
    assert len(MODULES) >= 20
    assert {"mnist.py", "symbolic.py", "mlp.py", "__init__.py"} <= {p.name for p in MODULES}


def test_no_module_imports_pickle_or_a_pickle_like_serialiser():
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{_rel(path)}:{node.lineno} imports {n}" for n in names
                      if n.split(".")[0] in PICKLE_LIKE]  # fmt: skip
    assert found == []


def test_no_module_calls_eval_exec_compile_or_dunder_import():
    found = [
        f"{_rel(path)}:{call.lineno} calls {name}"
        for path, tree in _trees()
        for call, name in _calls(tree)
        if name in FORBIDDEN_CALLS or name.endswith(("builtins.eval", "builtins.exec"))
    ]
    assert found == []


def test_import_module_is_only_used_with_names_from_gdkits_own_tables():
    found = [
        f"{_rel(path)}:{call.lineno}"
        for path, tree in _trees()
        for call, name in _calls(tree)
        if name.endswith("import_module") and path.name not in IMPORT_MODULE_ALLOWED
    ]
    assert found == []


def test_np_load_is_always_called_with_allow_pickle_false():
    loads = [
        (path, call)
        for path, tree in _trees()
        for call, name in _calls(tree)
        if name in {"np.load", "numpy.load"}
    ]
    assert loads, "expected at least one np.load (the MNIST sample, saved networks)"
    bad = [f"{_rel(p)}:{c.lineno}" for p, c in loads
           if not _is_const(_keyword(c, "allow_pickle"), False)]  # fmt: skip
    assert bad == [], "np.load without allow_pickle=False"


def test_no_pickle_enabling_argument_anywhere():
    found = [
        f"{_rel(path)}:{call.lineno} {name}"
        for path, tree in _trees()
        for call, name in _calls(tree)
        if _is_const(_keyword(call, "allow_pickle"), True)
        or (name.endswith("torch.load") and not _is_const(_keyword(call, "weights_only"), True))
        or name.endswith(("yaml.load", "yaml.unsafe_load", "yaml.full_load"))
    ]
    assert found == []


def test_every_download_is_checked_against_a_known_hash():
    retrieves = [
        (path, call)
        for path, tree in _trees()
        for call, name in _calls(tree)
        if name.endswith(("pooch.retrieve", "urlretrieve", "urlopen", "requests.get"))
    ]
    assert retrieves, "expected the pooch download in gdkit/mnist.py"
    for path, call in retrieves:
        known = _keyword(call, "known_hash")
        assert known is not None and not _is_const(known, None), f"{_rel(path)}:{call.lineno}"


def test_sympy_never_parses_a_string():
    found = []
    for path, tree in _trees():
        for call, name in _calls(tree):
            last = name.rsplit(".", 1)[-1]
            if last == "sympify" and not _is_const(_keyword(call, "strict"), True):
                found.append(f"{_rel(path)}:{call.lineno} sympify without strict=True")
            if last in {"parse_expr", "parse_latex", "sympify_string"}:
                found.append(f"{_rel(path)}:{call.lineno} {last}")
            if name in {"sp.S", "sympy.S"} and not all(
                isinstance(a, ast.Constant) and not isinstance(a.value, str) for a in call.args
            ):
                found.append(f"{_rel(path)}:{call.lineno} S() of a non-literal")
    assert found == []


def test_no_shell_commands():
    found = [
        f"{_rel(path)}:{call.lineno} {name}"
        for path, tree in _trees()
        for call, name in _calls(tree)
        if _is_const(_keyword(call, "shell"), True) or name in {"os.system", "os.popen"}
    ]
    assert found == []


# --- behaviour: a string never reaches SymPy's parser -----------------------------------------

PAYLOAD = "__import__('os').environ.setdefault('GDKIT_SECURITY_PROBE', 'ran')"


@pytest.fixture
def probe(monkeypatch):
    monkeypatch.delenv("GDKIT_SECURITY_PROBE", raising=False)
    yield
    ran = os.environ.pop("GDKIT_SECURITY_PROBE", None)
    assert ran is None, "a string returned by f was evaluated"


def test_symbolic_derivative_refuses_a_function_that_returns_a_string(probe):
    with pytest.raises(TypeError, match="SymPy cannot use"):
        gdkit.symbolic_derivative(lambda x: PAYLOAD)


@pytest.mark.parametrize("method", gdkit.METHODS)
def test_derivative_refuses_a_function_that_returns_a_string_by_every_method(probe, method):
    with pytest.raises(TypeError, match="f returned"):
        gdkit.derivative(lambda x: PAYLOAD, 1.0, method=method)


def test_count_ops_refuses_a_string(probe):
    with pytest.raises(TypeError, match="expr="):
        gdkit.symbolic.count_ops(PAYLOAD)


def test_elementary_functions_refuse_strings(probe):
    for name in ("exp", "log", "sin", "sigmoid"):
        with pytest.raises(TypeError, match="x="):
            getattr(gdkit, name)(PAYLOAD)
