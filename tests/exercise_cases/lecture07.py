"""Wrong answers for lecture 07's implement-it exercises."""

import numpy as np

from gdkit import sigmoid, softplus


def _slope_for_y1(f):
    return sigmoid(f) - 1.0


def _slope_of_sigmoid(f):
    return sigmoid(f) * (1.0 - sigmoid(f))


def _transposed_weight(delta, A_prev, W, Z_prev):
    s = sigmoid(Z_prev)
    return delta.T @ A_prev, delta.sum(axis=0), (delta @ W.T) * s * (1 - s)


def _no_activation_derivative(delta, A_prev, W, Z_prev):
    return delta.T @ A_prev, delta.sum(axis=0), delta @ W


def _averaged_again(delta, A_prev, W, Z_prev):
    m = len(delta)
    s = sigmoid(Z_prev)
    return delta.T @ A_prev / m, delta.sum(axis=0) / m, (delta @ W) * s * (1 - s) / m


def _no_db(delta, A_prev, W, Z_prev):
    s = sigmoid(Z_prev)
    return delta.T @ A_prev, None, (delta @ W) * s * (1 - s)


def _zero_db(delta, A_prev, W, Z_prev):
    s = sigmoid(Z_prev)
    return delta.T @ A_prev, np.zeros(W.shape[0]), (delta @ W) * s * (1 - s)


def _transposed_dW(delta, A_prev, W, Z_prev):
    s = sigmoid(Z_prev)
    return A_prev.T @ delta, delta.sum(axis=0), (delta @ W) * s * (1 - s)


def _sigmoid_not_its_derivative(delta, A_prev, W, Z_prev):
    return delta.T @ A_prev, delta.sum(axis=0), (delta @ W) * sigmoid(Z_prev)


def _tanh_derivative(delta, A_prev, W, Z_prev):
    return delta.T @ A_prev, delta.sum(axis=0), (delta @ W) * (1 - A_prev**2)


def _db_over_units(delta, A_prev, W, Z_prev):
    return delta.T @ A_prev, delta.sum(axis=1), (delta @ W) * A_prev * (1 - A_prev)


WRONG = {
    "07.2": [
        (_slope_for_y1, "derivative for y = 1"),
        (softplus, "returned the loss"),
        (_slope_of_sigmoid, "differentiated σ(f) instead of the loss"),
    ],
    "07.4": [
        (_transposed_weight, "transposed weight matrix"),
        (_no_activation_derivative, "σ'(Z^{l−1}) is missing"),
        (_averaged_again, "divided by m"),
        (_no_db, "db was not computed"),
        (_zero_db, "db was not computed"),
        (_transposed_dW, "dW is transposed"),
        (_sigmoid_not_its_derivative, "instead of its derivative"),
        (_tanh_derivative, "derivative of tanh"),
        (_db_over_units, "summed over the units instead of over the examples"),
    ],
}
