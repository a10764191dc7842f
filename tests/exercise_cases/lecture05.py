"""Wrong answers for lecture 05's implement-it exercises."""

import numpy as np


def _sigmoid(f):
    return 1 / (1 + np.exp(-np.asarray(f, dtype=float)))


# -- 05.1 grad_L(params, x, y) -------------------------------------------------------------


def grad_L_without_2(params, x, y):
    w1, w2, b = params
    r = w1 * x[0] + w2 * x[1] + b - y
    return np.array([r * x[0], r * x[1], r])


def grad_L_sign(params, x, y):
    w1, w2, b = params
    r = y - (w1 * x[0] + w2 * x[1] + b)  # label minus prediction
    return np.array([2 * r * x[0], 2 * r * x[1], 2 * r])


def grad_L_no_inner(params, x, y):
    w1, w2, b = params
    d = 2 * (w1 * x[0] + w2 * x[1] + b - y)
    return np.array([d, d, d])


def grad_L_weights(params, x, y):
    w1, w2, b = params
    d = 2 * (w1 * x[0] + w2 * x[1] + b - y)
    return np.array([d * w1, d * w2, d])


# -- 05.3 dl_df_label0(f) ------------------------------------------------------------------


def dl_df_label1(f):
    return 1 - _sigmoid(f)


def dl_df_loss(f):
    return _sigmoid(f)


def dl_df_extra_factor(f):
    s = _sigmoid(f)
    return -s * (1 - s)


# -- 05.5 cube_backward(x, out) ------------------------------------------------------------


def cube_no_upstream(x, out):
    x.grad += 3 * x.data**2


def cube_overwrites(x, out):
    x.grad = 3 * x.data**2 * out.grad


def cube_uses_output(x, out):
    x.grad += 3 * out.data**2 * out.grad


def cube_returns(x, out):
    return 3 * x.data**2 * out.grad


def cube_uses_value(x, out):
    x.grad += 3 * x**2 * out.grad  # x instead of x.data: the gradient becomes a Value


def cube_sets_out_grad(x, out):
    out.grad = 3 * x.data**2 * out.grad  # writes the chain-rule product into the wrong node


WRONG = {
    "05.1": [
        (grad_L_without_2, "factor 2"),
        (grad_L_sign, "signs are flipped"),
        (grad_L_no_inner, "inner derivatives"),
        (grad_L_weights, "weights instead of the inputs"),
    ],
    "05.3": [
        (dl_df_label1, "label y = 1"),
        (dl_df_loss, "sign is flipped"),
        (dl_df_extra_factor, "once too often"),
    ],
    "05.5": [
        (cube_no_upstream, "not multiplied by the upstream gradient"),
        (cube_overwrites, "overwritten (=) instead of added to (+=)"),
        (cube_uses_output, "out.data (the output"),
        (cube_returns, "x.grad was not changed"),
        (cube_sets_out_grad, "x.grad was not changed"),
        (cube_uses_value, "needs x.data (its number)"),
    ],
}
