"""Wrong answers for lecture 08's implement-it exercises."""

import math

# -- 08.3 batch_gradient(beta, X, y) ------------------------------------------------------------


def _gradient_summed(beta, X, y):
    return -2 * X.T @ (y - X @ beta)


def _gradient_flipped(beta, X, y):
    return 2 * X.T @ (y - X @ beta) / len(y)


def _gradient_without_two(beta, X, y):
    return -X.T @ (y - X @ beta) / len(y)


# -- 08.4 sgd_epoch(params, grad_fn, X, Y, eta, batch_size, rng) ----------------------------------


def _epoch_summed(params, grad_fn, X, Y, eta, batch_size, rng):
    params = params.copy()
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start : start + batch_size]
        params = params - eta * grad_fn(params, X[batch], Y[batch])
    return params


def _epoch_unshuffled(params, grad_fn, X, Y, eta, batch_size, rng):
    params = params.copy()
    for start in range(0, len(X), batch_size):
        Xb, Yb = X[start : start + batch_size], Y[start : start + batch_size]
        params = params - eta * grad_fn(params, Xb, Yb) / len(Xb)
    return params


def _epoch_full_batches_only(params, grad_fn, X, Y, eta, batch_size, rng):
    params = params.copy()
    order = rng.permutation(len(X))
    for k in range(len(X) // batch_size):
        batch = order[k * batch_size : (k + 1) * batch_size]
        params = params - eta * grad_fn(params, X[batch], Y[batch]) / batch_size
    return params


def _epoch_divides_by_batch_size(params, grad_fn, X, Y, eta, batch_size, rng):
    params = params.copy()
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start : start + batch_size]
        params = params - eta * grad_fn(params, X[batch], Y[batch]) / batch_size
    return params


def _epoch_full_gradient(params, grad_fn, X, Y, eta, batch_size, rng):
    params = params.copy()
    for _ in range(math.ceil(len(X) / batch_size)):
        params = params - eta * grad_fn(params, X, Y) / len(X)
    return params


def _epoch_shuffles_the_data_in_place(params, grad_fn, X, Y, eta, batch_size, rng):
    params = params.copy()
    order = rng.permutation(len(X))
    X[:], Y[:] = X[order], Y[order]
    for start in range(0, len(X), batch_size):
        Xb, Yb = X[start : start + batch_size], Y[start : start + batch_size]
        params = params - eta * grad_fn(params, Xb, Yb) / len(Xb)
    return params


def _epoch_updates_params_in_place(params, grad_fn, X, Y, eta, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start : start + batch_size]
        params -= eta * grad_fn(params, X[batch], Y[batch]) / len(batch)
    return params


WRONG = {
    "08.3": [
        (_gradient_summed, "summed, not averaged"),
        (_gradient_flipped, "sign is flipped"),
        (_gradient_without_two, "factor 2"),
    ],
    "08.4": [
        (_epoch_summed, "summed, not averaged"),
        (_epoch_unshuffled, "not shuffled"),
        (_epoch_full_batches_only, "dropped the last partial batch"),
        (_epoch_divides_by_batch_size, "divided by batch_size"),
        (_epoch_full_gradient, "full-batch gradient"),
        (_epoch_shuffles_the_data_in_place, "modifies its input X in place"),
        (_epoch_updates_params_in_place, "modifies its input params in place"),
    ],
}
