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
    "below": ".notebook",
    # --- derivatives (elementary functions, methods, comparison) -------------
    "exp": ".elementary",
    "log": ".elementary",
    "sin": ".elementary",
    "cos": ".elementary",
    "tan": ".elementary",
    "tanh": ".elementary",
    "sigmoid": ".elementary",
    "relu": ".elementary",
    "sqrt": ".elementary",
    "abs": ".elementary",
    "erf": ".elementary",
    "softplus": ".elementary",
    "Value": ".value",
    "Dual": ".dual",
    "METHODS": ".derivatives",
    "derivative": ".derivatives",
    "gradient": ".derivatives",
    "finite_difference": ".numerical",
    "numerical_gradient": ".numerical",
    "jacobian": ".numerical",
    "fd_error_curve": ".numerical",
    "default_step": ".numerical",
    "SymbolicDerivative": ".symbolic",
    "SymbolicError": ".symbolic",
    "symbolic_derivative": ".symbolic",
    "symbolic_matrix_gradient": ".symbolic",
    "count_ops": ".symbolic",
    "expression_swell": ".symbolic",
    "Comparison": ".comparison",
    "compare": ".comparison",
    "GradcheckResult": ".gradient_check",
    "gradcheck": ".gradient_check",
    "draw_graph": ".graph",
    "graph_text": ".graph",
    # --- training (optimisers, data, MLPs) ------------------------------------
    "Trajectory": ".optim",
    "gradient_descent": ".optim",
    "sgd": ".optim",
    "random_search": ".optim",
    "genetic_algorithm": ".optim",
    "regression_data": ".datasets",
    "design_matrix": ".datasets",
    "least_squares_loss": ".datasets",
    "least_squares_grad": ".datasets",
    "least_squares_hessian": ".datasets",
    "normal_equations": ".datasets",
    "make_moons": ".datasets",
    "make_blobs": ".datasets",
    "Surface": ".datasets",
    "surfaces": ".datasets",
    "bowl": ".datasets",
    "himmelblau": ".datasets",
    "rastrigin": ".datasets",
    "beale": ".datasets",
    "MLP": ".mlp",
    "History": ".mlp",
    "one_hot": ".mlp",
    "parameter_count": ".mlp",
    "TorchMLP": ".torch_mlp",
    "ParityReport": ".torch_mlp",
    "parity_report": ".torch_mlp",
    "load_mnist_sample": ".mnist",
    "load_idx_dataset": ".mnist",
    "read_idx": ".mnist",
    "IDXFormatError": ".mnist",
    "ChecksumError": ".mnist",
    "DownloadError": ".mnist",
    "write_idx": ".mnist",
    "random_guess_accuracy": ".baselines",
    "average_darkness_accuracy": ".baselines",
    "svm_accuracy": ".baselines",
    # --- plots and explorers ----------------------------------------------------
    "contour_levels": ".plots",
    "loss_grid": ".plots",
    "plot_activations": ".plots",
    "plot_decision_boundary": ".plots",
    "plot_digits": ".plots",
    "plot_fd_errors": ".plots",
    "plot_fit_evolution": ".plots",
    "plot_graph": ".plots",
    "plot_hidden_weights": ".plots",
    "plot_history": ".plots",
    "plot_losses": ".plots",
    "plot_parameters": ".plots",
    "plot_surface_and_contour": ".plots",
    "plot_tangent": ".plots",
    "plot_trajectory": ".plots",
    "ActivationExplorer": ".explorers",
    "BatchSizeExplorer": ".explorers",
    "DerivativeExplorer": ".explorers",
    "FiniteDifferenceExplorer": ".explorers",
    "LearningRateExplorer": ".explorers",
    "LossExplorer": ".explorers",
    "MnistExplorer": ".explorers",
    "TangentExplorer": ".explorers",
    "activation_state": ".explorers",
    "batch_state": ".explorers",
    "compare_state": ".explorers",
    "fd_state": ".explorers",
    "loss_state": ".explorers",
    "lr_state": ".explorers",
    "mnist_state": ".explorers",
    "tangent_state": ".explorers",
    # --- lectures' helpers (small modules a lecture needs) ----------------------
    "gradient_estimates": ".sgd_compare",
    "GradientEstimates": ".sgd_compare",
    "compare_batch_sizes": ".sgd_compare",
    "BatchComparison": ".sgd_compare",
    "BatchRun": ".sgd_compare",
    "multiply_adds_per_update": ".sgd_compare",
    "split_data": ".selection",
    "grid_search": ".selection",
    "GridSearch": ".selection",
    "Candidate": ".selection",
    "selection_bias": ".selection",
    "SelectionBias": ".selection",
    "hidden_size_sweep": ".selection",
    "HiddenSweep": ".selection",
    "DigitData": ".experiments",
    "Experiment": ".experiments",
    "ExperimentRun": ".experiments",
    "ExperimentTable": ".experiments",
    "PUBLISHED": ".experiments",
    "binary_targets": ".experiments",
    "decode_binary": ".experiments",
    "flat_cost_and_gradient": ".experiments",
    "lecture_data": ".experiments",
    "run_experiment": ".experiments",
    "run_experiments": ".experiments",
    "ValueMLP": ".value_mlp",
    "ValueTraining": ".value_mlp",
    "train_value_mlp": ".value_mlp",
    "DecisionGrid": ".value_mlp",
    "decision_grid": ".value_mlp",
    "softmax": ".neuron",
    "collapse_linear_layers": ".neuron",
    "ParameterCount": ".neuron",
    "parameter_counts": ".neuron",
    "plot_neuron_comparison": ".neuron",
    "plot_network": ".neuron",
    "sigmoid_squared_loss": ".chain",
    "sigmoid_squared_grad": ".chain",
    "LogisticBlocks": ".chain",
    "logistic_blocks": ".chain",
    "VectorChain": ".chain",
    "vector_chain": ".chain",
    "forward_mode_jacobian": ".chain",
    "reverse_mode_jacobian": ".chain",
    "count_operations": ".chain",
    "ModeCost": ".chain",
    "mode_costs": ".chain",
    "quadratic_cost": ".losses",
    "zero_one_loss": ".losses",
    "logistic_loss": ".losses",
    "hinge_loss": ".losses",
    "kmeans_objective": ".losses",
    "gmm_negative_log_likelihood": ".losses",
    "convexity_violations": ".losses",
    "ConvexityReport": ".losses",
    "DirectionalChanges": ".directions",
    "directional_changes": ".directions",
    # --- exercises ----------------------------------------------------------------
    "CheckResult": ".exercises",
    "check_number": ".exercises",
    "check_function": ".exercises",
    "check_derivative": ".exercises",
    "check_gradient": ".exercises",
}

# Submodules reachable as attributes (``gdkit.plots``) without importing them eagerly.
_SUBMODULES = {
    "plots",
    "explorers",
    "notebook",
    "exercises",
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
