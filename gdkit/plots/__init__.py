"""Plot helpers the lectures reuse (matplotlib).

Every helper draws titled, labelled axes and returns the matplotlib
``Figure``.  Helpers with an ``ax`` (or ``fig``) argument draw there; without
one they create a new figure through pyplot, so that it shows inline in a
notebook cell ending with ``plt.show()``.  Scripts and tests close such
figures with ``plt.close(fig)``; the explorers always pass their own axes and
never touch pyplot.  The same data always gives the same artists.

The numbers behind a picture come from pure functions (``gdkit.tangent_state``,
``gdkit.fd_error_curve``, ``gdkit.loss_grid`` …) that lectures print and tests check.
"""

from .functions import evaluate_curve, plot_activations, plot_fd_errors, plot_tangent
from .graphs import plot_graph
from .images import plot_digits, plot_hidden_weights
from .surfaces import contour_levels, loss_grid, plot_surface_and_contour, plot_trajectory
from .training import (
    class_labels,
    plot_decision_boundary,
    plot_fit_evolution,
    plot_history,
    plot_losses,
    plot_parameters,
)

__all__ = [
    "class_labels",
    "contour_levels",
    "evaluate_curve",
    "loss_grid",
    "plot_activations",
    "plot_decision_boundary",
    "plot_digits",
    "plot_fd_errors",
    "plot_fit_evolution",
    "plot_graph",
    "plot_hidden_weights",
    "plot_history",
    "plot_losses",
    "plot_parameters",
    "plot_surface_and_contour",
    "plot_tangent",
    "plot_trajectory",
]
