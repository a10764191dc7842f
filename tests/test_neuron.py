"""Tests of gdkit.lectures.neurons (and gdkit.losses.softmax): collapsing linear layers, parameter counts, diagrams."""

from __future__ import annotations

import numpy as np
import pytest

import gdkit
from gdkit.lectures.neurons import (
    collapse_linear_layers,
    parameter_counts,
    plot_network,
    plot_neuron_comparison,
)
from gdkit.losses import softmax


def test_softmax_gives_probabilities_unchanged_by_a_shift():
    z = np.array([[1.0, 2.0, 3.0], [-4.0, 0.0, 10.0]])
    p = softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert np.all(p > 0)
    np.testing.assert_allclose(softmax(z + 100.0), p)
    np.testing.assert_allclose(p[0], np.exp(z[0]) / np.exp(z[0]).sum())


def test_softmax_does_not_overflow_and_matches_torch():
    torch = pytest.importorskip("torch")
    z = np.array([800.0, 801.0, -5.0])
    np.testing.assert_allclose(softmax(z), torch.softmax(torch.from_numpy(z), 0).numpy())
    with pytest.raises(ValueError, match="at least one axis"):
        softmax(3.0)


def test_two_linear_layers_collapse_into_one():
    rng = np.random.default_rng(0)
    Ws = [rng.normal(size=(4, 3)), rng.normal(size=(5, 4)), rng.normal(size=(2, 5))]
    bs = [rng.normal(size=4), rng.normal(size=5), rng.normal(size=2)]
    W, b = collapse_linear_layers(Ws, bs)
    assert W.shape == (2, 3) and b.shape == (2,)
    for x in rng.normal(size=(6, 3)):
        h = x
        for Wi, bi in zip(Ws, bs, strict=True):
            h = Wi @ h + bi
        np.testing.assert_allclose(W @ x + b, h, rtol=1e-12, atol=1e-12)


def test_collapse_refuses_mismatched_layers():
    with pytest.raises(ValueError, match="expects 3 inputs"):
        collapse_linear_layers([np.ones((2, 2)), np.ones((1, 3))], [np.ones(2), np.ones(1)])
    with pytest.raises(ValueError, match="equal length"):
        collapse_linear_layers([np.ones((2, 2))], [])
    with pytest.raises(ValueError, match="shape"):
        collapse_linear_layers([np.ones((2, 2))], [np.ones(3)])


def test_parameter_counts_of_the_lecture_examples():
    big = parameter_counts(10**4, 300, 10, 1000)
    assert (big.input_weights, big.hidden_weights, big.output_weights) == (
        3_000_000, 810_000, 300_000)
    assert big.estimate == 4_110_000 and big.exact == 4_114_000
    mnist = parameter_counts(784, 256, 1, 10)
    assert mnist.hidden_weights == 0
    assert (mnist.estimate, mnist.exact) == (203_264, 203_530)


@pytest.mark.parametrize(("d", "H", "L", "K"), [(3, 4, 2, 1), (2, 16, 3, 1), (784, 30, 1, 10)])
def test_estimate_plus_biases_is_the_exact_count(d, H, L, K):
    c = parameter_counts(d, H, L, K)
    assert c.biases == L * H + K
    assert c.exact == gdkit.MLP(c.sizes).n_params
    assert c.sizes == [d, *[H] * L, K]


def test_parameter_counts_refuses_non_positive_sizes():
    with pytest.raises(ValueError, match="L must be a positive integer"):
        parameter_counts(3, 4, 0, 1)


def test_diagrams_are_titled_figures():
    import matplotlib.pyplot as plt

    fig = plot_network([3, 4, 4, 1])
    assert fig.axes[0].get_title() == "A 3-4-4-1 network: 41 parameters"
    plt.close(fig)
    fig = plot_network([784, 16, 10])
    assert "12,730 parameters" in fig.axes[0].get_title()
    plt.close(fig)
    fig = plot_neuron_comparison()
    assert [ax.get_title() for ax in fig.axes] == [
        "A biological neuron (schematic)", "An artificial neuron"]
    plt.close(fig)
    with pytest.raises(ValueError, match="weights"):
        plot_neuron_comparison(weights=[])


def test_diagrams_carry_text_alternatives_from_their_data():
    import matplotlib.pyplot as plt

    from gdkit.plots import alt_text

    fig = plot_network([3, 4, 4, 1])
    text = alt_text(fig)
    assert "3-4-4-1" in text and "41 parameters" in text and "32 weights" in text
    plt.close(fig)
    fig = plot_neuron_comparison(weights=[0.8, -0.4, 1.5])
    assert "w2 = -0.4" in alt_text(fig) and "sigmoid" in alt_text(fig)
    plt.close(fig)
    fig = plot_network([2, 1], alt="Two inputs feed one output.")
    assert alt_text(fig) == "Two inputs feed one output."
    plt.close(fig)
