"""Wrong answers for lecture 06's implement-it exercises."""

import numpy as np

# -- 06.2 tanh_slope(z) --------------------------------------------------------------------


def tanh_slope_unsquared(z):
    return 1 - np.tanh(z)


def tanh_slope_sigmoid_pattern(z):
    t = np.tanh(z)
    return t * (1 - t)


def tanh_slope_squares_z(z):
    return 1 - z**2


# -- 06.5 layer_forward(W, b, x, activation) -----------------------------------------------


def layer_transposed(W, b, x, activation):
    return activation(W.T @ x + b)


def layer_x_times_W(W, b, x, activation):
    return activation(x @ W + b)


def layer_no_bias(W, b, x, activation):
    return activation(W @ x)


def layer_activation_before_bias(W, b, x, activation):
    return activation(W @ x) + b


def layer_no_activation(W, b, x, activation):
    return W @ x + b


def layer_always_tanh(W, b, x, activation):
    return np.tanh(W @ x + b)  # ignores the activation it was given


def layer_always_sigmoid(W, b, x, activation):
    return 1 / (1 + np.exp(-(W @ x + b)))


WRONG = {
    "06.2": [
        (tanh_slope_unsquared, "not squared"),
        (tanh_slope_sigmoid_pattern, "sigmoid's pattern"),
        (tanh_slope_squares_z, "squared z"),
    ],
    "06.5": [
        (layer_transposed, "transposed"),
        (layer_x_times_W, "transposed"),
        (layer_no_bias, "bias b was left out"),
        (layer_activation_before_bias, "activation was applied before the bias"),
        (layer_no_activation, "activation was not applied"),
        (layer_always_tanh, "tanh is always applied"),
        (layer_always_sigmoid, "sigmoid is always applied"),
    ],
}
