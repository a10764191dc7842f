"""gdkit: the helper library of the course "How neural networks learn".

``import gdkit`` is deliberately cheap: nothing heavy (NumPy excepted, and only
when a feature needs it; SymPy, torch, matplotlib and ipywidgets never) is
imported until you use a name that needs it.  Every public name is listed in
``_LAZY`` below with the module that defines it; the module is imported the
first time the name is looked up.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# name -> module (relative to gdkit).  One block per area of the library.
_LAZY: dict[str, str] = {
    # --- notebooks and environment -------------------------------------------
    "setup_notebook": ".notebook",
    "environment_report": ".notebook",
    "check_environment": ".notebook",
    # --- derivatives (elementary functions, methods, comparison) -------------
    # --- training (optimisers, data, MLPs) ------------------------------------
    # --- plots and explorers ----------------------------------------------------
    # --- exercises ----------------------------------------------------------------
}

# Submodules reachable as attributes (``gdkit.plots``) without importing them eagerly.
_SUBMODULES = {
    "notebook",
}


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'gdkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(target, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)


__all__ = sorted(_LAZY)
