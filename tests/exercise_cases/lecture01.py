"""Wrong answers for lecture 01's implement-it exercises."""

import numpy as np

_POINTS = np.array([1.0, 2.0, 6.0])


def _mean_of_squares(c):
    return float(np.mean((_POINTS - c) ** 2))


def _sum_of_absolutes(c):
    return float(np.sum(np.abs(_POINTS - c)))


def _square_of_sum(c):
    return float(np.sum(_POINTS - c) ** 2)


def _right_loss(c):
    return float(np.sum((_POINTS - c) ** 2))


def _cost_without_half(w, b, x, y):
    return float(np.mean((y - (w * x + b)) ** 2))


def _cost_summed(w, b, x, y):
    return float(0.5 * np.sum((y - (w * x + b)) ** 2))


def _cost_absolute(w, b, x, y):
    return float(np.sum(np.abs(y - (w * x + b))) / (2 * len(x)))


def _cost_no_brackets(w, b, x, y):
    return float(np.sum((y - (w * x + b)) ** 2) / 2 * len(x))


def _cost_swapped(w, b, x, y):
    return float(np.sum((y - (b * x + w)) ** 2) / (2 * len(x)))


WRONG = {
    "01.2": [
        ((_mean_of_squares, 3.0), "averaged the squared distances"),
        ((_sum_of_absolutes, 3.0), "not squared"),
        ((_square_of_sum, 3.0), "squared the sum"),
        ((_right_loss, 2.0), "median"),
        ((_right_loss, 9.0), "without dividing by how many"),
    ],
    "01.4": [
        (_cost_without_half, "factor 1/2 is missing"),
        (_cost_summed, "summed the squared misses instead of averaging"),
        (_cost_absolute, "absolute value"),
        (_cost_no_brackets, "missing a pair of brackets"),
        (_cost_swapped, "swapped roles"),
    ],
}
