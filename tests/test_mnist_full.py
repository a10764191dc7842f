"""Full-size data: all 70,000 Fashion-MNIST images from Debian's dataset-fashion-mnist.

Skipped when /usr/share/datasets/fashion-mnist is absent
(``apt-get install dataset-fashion-mnist`` provides it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import gdkit

FASHION = Path("/usr/share/datasets/fashion-mnist")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not FASHION.is_dir(), reason=f"{FASHION} is absent"),
]


@pytest.fixture(scope="module")
def fashion(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    data = gdkit.load_idx_dataset("fashion-mnist", directory=FASHION, cache_dir=cache,
                                  download=False)
    return data, cache


def test_loader_reads_all_70000_fashion_mnist_images_verified_by_checksum(fashion):
    (X_train, y_train, X_test, y_test), cache = fashion
    assert X_train.shape == (60_000, 784) and X_test.shape == (10_000, 784)
    assert X_train.dtype == np.float64 and 0.0 <= X_train.min() and X_train.max() <= 1.0
    np.testing.assert_array_equal(np.bincount(y_train), [6000] * 10)
    np.testing.assert_array_equal(np.bincount(y_test), [1000] * 10)
    assert list(cache.iterdir()) == []  # read in place, nothing copied into the cache


def test_the_784_30_10_network_trains_one_epoch_on_the_full_training_set(fashion):
    (X_train, y_train, X_test, y_test), _ = fashion
    net = gdkit.MLP([784, 30, 10], seed=0)
    before = net.accuracy(X_test, y_test)
    history = net.fit(X_train, y_train, epochs=1, batch_size=10, lr=3.0, progress=False)
    assert len(history) == 1
    assert net.accuracy(X_test, y_test) > max(0.5, before + 0.3)
