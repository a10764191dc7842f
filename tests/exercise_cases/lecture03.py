"""Wrong answers for lecture 03's implement-it exercises."""

import numpy as np


def _grad_of_sum(beta, X, y):
    return 2 * X.T @ (X @ beta - y)


def _grad_no_two(beta, X, y):
    return X.T @ (X @ beta - y) / len(y)


def _grad_flipped(beta, X, y):
    return 2 / len(y) * X.T @ (y - X @ beta)


def _grad_lecture_n(beta, X, y):
    return 2 / 10 * X.T @ (X @ beta - y)


def _grad_by_columns(beta, X, y):
    return 2 * X.T @ (X @ beta - y) / X.shape[1]


def _uphill(grad, x0, eta, steps):
    x = np.array(x0, dtype=float)
    for _ in range(steps):
        x = x + eta * grad(x)
    return x


def _one_too_few(grad, x0, eta, steps):
    x = np.array(x0, dtype=float)
    for _ in range(steps - 1):
        x = x - eta * grad(x)
    return x


def _one_too_many(grad, x0, eta, steps):
    x = np.array(x0, dtype=float)
    for _ in range(steps + 1):
        x = x - eta * grad(x)
    return x


def _in_place(grad, x0, eta, steps):
    x = x0
    for _ in range(steps):
        x -= eta * grad(x)
    return x


def _fixed_gradient(grad, x0, eta, steps):
    g = grad(x0)
    x = np.array(x0, dtype=float)
    for _ in range(steps):
        x = x - eta * g
    return x


def _no_learning_rate(grad, x0, eta, steps):
    x = np.array(x0, dtype=float)
    for _ in range(steps):
        x = x - grad(x)
    return x


def _returns_the_path(grad, x0, eta, steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        x = x - eta * grad(x)
        path.append(x)
    return np.array(path)


WRONG = {
    "03.3": [
        (_grad_of_sum, "division by n is missing"),
        (_grad_no_two, "factor 2"),
        (_grad_flipped, "sign is flipped"),
        (_grad_lecture_n, "the lecture's n = 10"),
        (_grad_by_columns, "number of columns of X"),
    ],
    "03.4": [
        (_uphill, "uphill"),
        (_one_too_few, "one step too few"),
        (_one_too_many, "one step too many"),
        (_in_place, "modifies x0 in place"),
        (_fixed_gradient, "computed once, at x0"),
        (_returns_the_path, "every point of the path"),
        (_no_learning_rate, "learning rate η is missing"),
    ],
}
