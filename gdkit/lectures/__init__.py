"""The course layer: code that serves one lecture of "How neural networks learn".

The core of gdkit (derivatives, optimisers, networks, data, plots, explorers) never
imports this package; lectures import it explicitly::

    from gdkit import lectures
    lectures.logistic_blocks(w, X)

Every module here exists for one lecture:

==============  =======  ====================================================
module          lecture  what it holds
==============  =======  ====================================================
``convexity``   01       k-means and Gaussian-mixture objectives, a convexity test
``directions``  03       the change of a loss along several directions
``chain``       05       the chain rule in blocks, forward versus reverse mode
``neurons``     06       neuron diagrams, collapsing linear layers, parameter counts
``value_mlp``   07       a small MLP of ``Value`` nodes and its training run
``sgd_compare`` 08       batch sizes compared on MNIST, gradient estimates
``experiments`` 09       the MNIST experiments and their table
``baselines``   09       random guessing, average darkness, an SVM
``selection``   10       splits, grid search, selection bias, a hidden-size sweep
``checks``      01–10    the exercises' checks: ``lectures.check("07.3", answer)``
==============  =======  ====================================================

Like ``import gdkit``, ``from gdkit import lectures`` imports nothing heavy: each
module loads the first time one of its names is used.  The names are those of the
modules' ``__all__``.
"""

from __future__ import annotations

import importlib

# Each module's public names, listed here so that a lookup imports only the module that
# defines it; tests/test_import.py checks that each list equals the module's __all__.
_EXPORTS: dict[str, tuple[str, ...]] = {
    ".convexity": (
        "ConvexityReport", "convexity_violations", "gmm_negative_log_likelihood",
        "kmeans_objective",
    ),
    ".directions": ("DirectionalChanges", "directional_changes"),
    ".chain": (
        "LogisticBlocks", "ModeCost", "VectorChain", "count_operations", "forward_mode_jacobian",
        "logistic_blocks", "mode_costs", "plot_logistic_blocks", "reverse_mode_jacobian",
        "sigmoid_squared_grad",
        "sigmoid_squared_loss", "vector_chain",
    ),
    ".neurons": (
        "ParameterCount", "collapse_linear_layers", "parameter_counts", "plot_network",
        "plot_neuron_comparison",
    ),
    ".value_mlp": (
        "DecisionGrid", "Layer", "Neuron", "ValueMLP", "ValueTraining", "decision_grid",
        "train_value_mlp",
    ),
    ".sgd_compare": (
        "BatchComparison", "BatchRun", "GradientEstimates", "compare_batch_sizes",
        "gradient_estimates", "multiply_adds_per_update",
    ),
    ".experiments": (
        "DigitData", "Experiment", "ExperimentRun", "ExperimentTable", "PUBLISHED",
        "binary_targets", "decode_binary", "flat_cost_and_gradient", "lecture_data",
        "run_experiment", "run_experiments",
    ),
    ".baselines": ("average_darkness_accuracy", "random_guess_accuracy", "svm_accuracy"),
    ".selection": (
        "Candidate", "GridSearch", "HiddenSweep", "SelectionBias", "grid_search",
        "hidden_size_sweep", "selection_bias", "split_data",
    ),
    ".checks": ("ExerciseCheck", "check", "close_to", "exercise_checks"),
}  # fmt: skip

_LAZY: dict[str, str] = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_LAZY)


def __getattr__(name: str):
    target = _LAZY.get(name)
    if target is None:
        if f".{name}" in _EXPORTS:
            module = importlib.import_module(f".{name}", __name__)
            globals()[name] = module
            return module
        raise AttributeError(f"module 'gdkit.lectures' has no attribute {name!r}")
    value = getattr(importlib.import_module(target, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
