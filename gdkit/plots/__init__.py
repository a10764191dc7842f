"""Plot helpers the lectures reuse (matplotlib).

Every helper draws titled, labelled axes and returns the matplotlib
``Figure``.  Helpers with an ``ax`` (or ``fig``) argument draw there; without
one they create a new figure through pyplot, so that it shows inline in a
notebook cell ending with ``plt.show()``.  Scripts and tests close such
figures with ``plt.close(fig)``; the explorers always pass their own axes and
never touch pyplot.  The same data always gives the same artists.

The numbers behind a picture come from pure functions (``gdkit.tangent_state``,
``gdkit.fd_error_curve``, ``gdkit.loss_grid`` …) that lectures print and tests check.

Accessibility: series are drawn in the Okabe–Ito colours (``gdkit.palettes``)
and told apart by line style and marker too, never by colour alone; maps use
viridis.  Every helper takes ``alt=`` and stores a text alternative, by default
one written from its data (what is plotted, the key numbers, what to notice).
``describe(fig, text)`` stores one on any figure and ``alt_text(fig)`` reads it
(or describes the axes automatically); ``gdkit.setup_notebook()`` attaches it to
every inline PNG as ``metadata["image/png"]["alt"]``.
"""

from ._alt import alt_text, describe
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
    "alt_text",
    "class_labels",
    "contour_levels",
    "describe",
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
