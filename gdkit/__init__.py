"""gdkit: the helper library of the course "How neural networks learn".

The library has two layers:

- the **core**, listed below: derivatives and their engines, optimisation,
  networks, data, plots, explorers and exercise checks, which any course on this
  subject could reuse;
- the **course layer**, :mod:`gdkit.lectures`: code that serves one lecture (its
  worked examples and experiment tables).  Lectures import it explicitly
  (``from gdkit import lectures``); the core never imports it.

``import gdkit`` is deliberately cheap: no module (NumPy, SymPy, torch,
matplotlib, ipywidgets) is imported until you use a name that needs it.
``_EXPORTS`` names, per core module, the names the top level re-exports; each of
them is in that module's ``__all__`` (``tests/test_import.py`` checks it), and any
module is reachable as an attribute (``gdkit.surfaces.himmelblau``).
"""

from __future__ import annotations

import importlib
import importlib.util

__version__ = "0.1.0"

# module (relative to gdkit) -> the names the top level re-exports from it.
_EXPORTS: dict[str, tuple[str, ...]] = {
    # notebooks and environment
    ".notebook": ("setup_notebook", "environment_report", "check_environment", "below"),
    # derivatives: elementary functions, engines, methods, comparison
    ".elementary": (
        "exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "sqrt", "abs", "erf",
        "softplus",
    ),
    ".value": ("Value",),
    ".dual": ("Dual",),
    ".derivatives": ("METHODS", "derivative", "gradient"),
    ".numerical": (
        "finite_difference", "numerical_gradient", "jacobian", "fd_error_curve", "default_step",
    ),
    ".symbolic": ("SymbolicDerivative", "symbolic_derivative", "symbolic_matrix_gradient"),
    ".comparison": ("Comparison", "compare"),
    ".gradient_check": ("GradcheckResult", "gradcheck"),
    ".graph": ("draw_graph",),
    # optimisation
    ".optim": ("Trajectory", "gradient_descent", "sgd", "random_search", "genetic_algorithm"),
    # data and models
    ".datasets": ("regression_data", "make_moons", "make_blobs"),
    ".least_squares": (
        "design_matrix", "least_squares_loss", "least_squares_grad", "least_squares_hessian",
        "normal_equations",
    ),
    ".losses": ("quadratic_cost", "zero_one_loss", "logistic_loss", "hinge_loss", "softmax"),
    ".mlp": ("MLP", "TrainingRun", "History", "one_hot", "parameter_count"),
    ".torch_mlp": ("TorchMLP", "ParityReport", "parity_report"),
    ".mnist": ("load_mnist_sample", "load_idx_dataset"),
    # plots and explorers
    ".plots": (
        "contour_levels", "loss_grid", "plot_activations", "plot_decision_boundary",
        "plot_digits", "plot_fd_errors", "plot_fit_evolution", "plot_graph",
        "plot_hidden_weights", "plot_history", "plot_losses", "plot_parameters",
        "plot_surface_and_contour", "plot_tangent", "plot_trajectory",
    ),
    ".explorers": (
        "ActivationExplorer", "BatchSizeExplorer", "DerivativeExplorer",
        "FiniteDifferenceExplorer", "LearningRateExplorer", "LossExplorer", "MnistExplorer",
        "TangentExplorer",
    ),
    # exercises
    ".exercises": ("CheckResult", "check_number", "check_function", "check_derivative",
                   "check_gradient"),
}  # fmt: skip

_LAZY: dict[str, str] = {name: module for module, names in _EXPORTS.items() for name in names}

# ``from gdkit import *`` takes everything but ``abs`` (it would shadow the builtin) and
# the PyTorch twin (it would import torch); both stay reachable as ``gdkit.abs`` and
# ``gdkit.TorchMLP``.
__all__ = sorted(n for n, m in _LAZY.items() if n != "abs" and m != ".torch_mlp")


def __getattr__(name: str):
    target = _LAZY.get(name)
    if target is not None:
        value = getattr(importlib.import_module(target, __name__), name)
    elif not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        value = importlib.import_module(f".{name}", __name__)  # a submodule: gdkit.surfaces
    else:
        raise AttributeError(f"module 'gdkit' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
