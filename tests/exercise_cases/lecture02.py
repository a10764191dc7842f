"""Wrong answers for lecture 02's implement-it exercises."""

import numpy as np


def _dg_dropped_term(x):
    return 3 * x**2


def _dg_kept_x(x):
    return 3 * x**2 - 2 * x


def _dg_no_factor(x):
    return x**2 - 2


def _dg_sign_flipped(x):
    return 3 * x**2 + 2


def _dtanh_plus(x):
    return 1 + np.tanh(x) ** 2


def _dtanh_sigmoid_pattern(x):
    t = np.tanh(x)
    return t * (1 - t)


def _dtanh_not_squared(x):
    return 1 - np.tanh(x)


def _forward(f, x, h):
    return (f(x + h) - f(x)) / h


def _backward(f, x, h):
    return (f(x) - f(x - h)) / h


def _over_h(f, x, h):
    return (f(x + h) - f(x - h)) / h


def _swapped(f, x, h):
    return (f(x - h) - f(x + h)) / (2 * h)


WRONG = {
    "02.1": [
        (_dg_dropped_term, "term −2x was dropped"),
        (_dg_kept_x, "left as it is"),
        (_dg_no_factor, "not brought down as a factor"),
        (_dg_sign_flipped, "sign of the second term"),
    ],
    "02.4": [
        (_dtanh_plus, "sign in front of tanh²"),
        (_dtanh_sigmoid_pattern, "sigmoid's pattern"),
        (_dtanh_not_squared, "not squared"),
    ],
    "02.5": [
        (_forward, "one-sided (forward) difference"),
        (_backward, "one-sided (backward) difference"),
        (_over_h, "divided by h"),
        (_swapped, "sign is swapped"),
    ],
}
