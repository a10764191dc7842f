"""Lecture 05's chain-rule helpers agree with autodiff, finite differences and the algebra."""

from __future__ import annotations

import numpy as np
import pytest

import gdkit
from gdkit.lectures.chain import (
    count_operations,
    forward_mode_jacobian,
    logistic_blocks,
    mode_costs,
    reverse_mode_jacobian,
    sigmoid_squared_grad,
    sigmoid_squared_loss,
    vector_chain,
)
from gdkit.numerical import jacobian, numerical_gradient

RNG = np.random.default_rng(0)
X = RNG.normal(size=(6, 3))
Y = RNG.uniform(size=6)
W = RNG.normal(size=3)


def test_sigmoid_squared_grad_matches_finite_differences():
    numeric = numerical_gradient(lambda w: sigmoid_squared_loss(w, X, Y), W)
    np.testing.assert_allclose(sigmoid_squared_grad(W, X, Y), numeric, rtol=1e-7, atol=1e-9)


def test_sigmoid_squared_grad_matches_backpropagation():
    def loss(w):
        d = X @ w
        return sum((Y[i] - gdkit.sigmoid(d[i])) ** 2 for i in range(len(Y)))

    np.testing.assert_allclose(
        sigmoid_squared_grad(W, X, Y), gdkit.gradient(loss, W, method="reverse"), rtol=1e-12
    )


def test_sigmoid_squared_loss_is_zero_when_every_prediction_hits_its_target():
    y = gdkit.sigmoid(X @ W)
    assert sigmoid_squared_loss(W, X, y) == pytest.approx(0.0, abs=1e-28)
    np.testing.assert_allclose(sigmoid_squared_grad(W, X, y), 0.0, atol=1e-15)


def test_sigmoid_squared_loss_names_the_mismatched_shape():
    with pytest.raises(ValueError, match=r"X must have shape \(len\(y\), len\(w\)\) = \(6, 2\)"):
        sigmoid_squared_loss(W[:2], X, Y)


def test_logistic_blocks_store_u_and_p_and_chain_local_jacobians():
    x = np.array([1.0, -2.0, 0.5])
    blocks = logistic_blocks(W, x)
    assert blocks.u == pytest.approx(W @ x)
    assert blocks.p == pytest.approx(1 / (1 + np.exp(-blocks.u)))
    assert blocks.loss == pytest.approx(-np.log(blocks.p))
    assert [j.shape for j in blocks.jacobians.values()] == [(1, 1), (1, 1), (1, 3)]
    np.testing.assert_allclose(blocks.gradient, -(1 - blocks.p) * x, rtol=1e-12)


def test_logistic_blocks_gradient_matches_finite_differences():
    x = np.array([0.3, 1.2, -0.7])
    numeric = numerical_gradient(lambda w: -np.log(gdkit.sigmoid(w @ x)), W)
    np.testing.assert_allclose(logistic_blocks(W, x).gradient, numeric, rtol=1e-7)


def test_logistic_blocks_upstream_gradients_are_running_products():
    blocks = logistic_blocks(W, np.array([1.0, 0.0, 2.0]))
    p = blocks.p
    assert blocks.upstream["p"].item() == pytest.approx(-1 / p)
    assert blocks.upstream["u"].item() == pytest.approx(-(1 - p))


def test_logistic_blocks_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length, got 3 and 2"):
        logistic_blocks(W, [1.0, 2.0])


def test_vector_chain_has_numerator_layout_shapes():
    D, J, Jp = 4, 3, 2
    chain = vector_chain(RNG.normal(size=D), RNG.normal(size=(J, D)), RNG.normal(size=(Jp, J)))
    assert chain.shapes == {
        "grad_u y": (1, Jp),
        "J_v[u]": (Jp, J),
        "J_x[v]": (J, D),
        "grad_x y": (1, D),
    }


def test_vector_chain_product_matches_finite_differences_and_each_jacobian():
    x, A, B = RNG.normal(size=4), RNG.normal(size=(3, 4)), RNG.normal(size=(2, 3))
    chain = vector_chain(x, A, B)
    np.testing.assert_allclose(chain.jac_v_x, jacobian(lambda z: np.tanh(A @ z), x), rtol=1e-7)
    numeric = numerical_gradient(lambda z: vector_chain(z, A, B).y, x)
    np.testing.assert_allclose(chain.gradient.ravel(), numeric, rtol=1e-7)


def test_vector_chain_names_the_shape_that_does_not_chain():
    with pytest.raises(ValueError, match="B must have A.shape\\[0\\] = 3 columns"):
        vector_chain(np.ones(4), np.ones((3, 4)), np.ones((2, 2)))


def _one_output(v):
    return sum(gdkit.tanh(vi) * vi for vi in v)


def _many_outputs(v):
    return [gdkit.sin(k * v[0]) for k in range(1, 6)]


@pytest.mark.parametrize(("f", "x"), [(_one_output, np.arange(1.0, 5.0)), (_many_outputs, [0.3])])
def test_both_modes_give_the_same_jacobian_as_finite_differences(f, x):
    forward, _ = forward_mode_jacobian(f, x)
    reverse, _ = reverse_mode_jacobian(f, x)
    numeric = jacobian(lambda z: np.array([float(o) for o in np.ravel(f(z))]), x)
    np.testing.assert_allclose(forward, reverse, rtol=1e-14)
    np.testing.assert_allclose(forward, numeric, rtol=1e-7)


def test_forward_mode_needs_a_pass_per_input_and_reverse_a_sweep_per_output():
    assert forward_mode_jacobian(_one_output, np.arange(7.0))[1] == 7
    assert reverse_mode_jacobian(_one_output, np.arange(7.0))[1] == 1
    assert forward_mode_jacobian(_many_outputs, [0.3])[1] == 1
    assert reverse_mode_jacobian(_many_outputs, [0.3])[1] == 5


def test_reverse_mode_reads_zero_for_an_input_an_output_does_not_use():
    J, _ = reverse_mode_jacobian(lambda v: [v[0] * 2, v[1] * 3], [1.0, 1.0])
    np.testing.assert_array_equal(J, [[2.0, 0.0], [0.0, 3.0]])


def test_count_operations_counts_each_elementary_operation_once():
    assert count_operations(_one_output, np.arange(5.0)) == 15  # 5 tanh, 5 *, 5 +
    assert count_operations(_many_outputs, [0.3]) == 10  # 5 *, 5 sin


def test_mode_costs_pick_reverse_for_one_output_and_forward_for_one_input():
    one_out = mode_costs(_one_output, np.arange(20.0))
    assert (one_out.forward_ops, one_out.reverse_ops, one_out.cheaper) == (1200, 120, "reverse")
    one_in = mode_costs(_many_outputs, [0.3])
    assert (one_in.forward_ops, one_in.reverse_ops, one_in.cheaper) == (10, 20, "forward")


def test_mode_functions_reject_a_non_callable():
    with pytest.raises(TypeError, match="is not callable"):
        mode_costs(3.0, [1.0])


def test_plot_logistic_blocks_writes_both_passes_on_the_arrows():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gdkit.lectures.chain import plot_logistic_blocks

    blocks = logistic_blocks([0.4, -0.2, 0.1], [1.5, 0.5, 2.0])
    fig = plot_logistic_blocks(blocks)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert f"u = {blocks.u:.4f}" in texts and f"p = {blocks.p:.4f}" in texts
    assert any(f"{blocks.upstream['u'].item():.4f}" in t for t in texts)
    assert {"dot product", "sigmoid", "negative log"} <= set(texts)
    from gdkit.plots import alt_text

    assert f"{blocks.p:.4f}"[:4] in alt_text(fig) and "sigmoid" in alt_text(fig)
    plt.close(fig)
    with pytest.raises(TypeError, match="expected the LogisticBlocks"):
        plot_logistic_blocks([0.4, 0.1])
