"""Interactive explorers (ipywidgets) for the lectures, each built on a pure function.

- ``LossExplorer`` — ``loss_state(w, b)`` (lecture 01)
- ``TangentExplorer`` — ``tangent_state(f, x)`` (lecture 02)
- ``FiniteDifferenceExplorer`` — ``fd_state(f, dfdx, x, h)`` (lecture 02)
- ``DerivativeExplorer`` — ``compare_state(name, x)`` (lecture 02)
- ``LearningRateExplorer`` — ``lr_state(eta, start, steps)`` (lecture 03)
- ``ActivationExplorer`` — ``activation_state(name, z)`` (lecture 06)
- ``BatchSizeExplorer`` — ``batch_state(batch_sizes, eta, epochs, ...)`` (lecture 08)
- ``MnistExplorer`` — ``mnist_state(hidden, eta, batch_size, epochs, seed)`` (lecture 09)

Every explorer has ``state`` (a JSON-friendly dict computed by its pure
function), ``set(**controls)`` to move its controls programmatically, a
deterministic ``repr`` and, displayed, both a live widget and a static PNG of
its current state (for nbconvert and static HTML).  Importing this package
does not import ipywidgets or matplotlib; building an explorer does.
"""

from .activation import ActivationExplorer, activation_state
from .base import Explorer
from .batch_size import BatchSizeExplorer, batch_state
from .finite_difference import FiniteDifferenceExplorer, fd_state
from .four_way import DerivativeExplorer, compare_state
from .learning_rate import LearningRateExplorer, QuadraticProblem, lr_state, regression_problem
from .loss import LossExplorer, loss_state
from .mnist import MnistExplorer, mnist_state
from .tangent import TangentExplorer, lecture_polynomial, tangent_state

__all__ = [
    "ActivationExplorer",
    "BatchSizeExplorer",
    "DerivativeExplorer",
    "Explorer",
    "FiniteDifferenceExplorer",
    "LearningRateExplorer",
    "LossExplorer",
    "MnistExplorer",
    "QuadraticProblem",
    "TangentExplorer",
    "activation_state",
    "batch_state",
    "compare_state",
    "fd_state",
    "lecture_polynomial",
    "loss_state",
    "lr_state",
    "mnist_state",
    "regression_problem",
    "tangent_state",
]
