"""Baselines a digit classifier must beat (lecture 09): guessing, darkness, an SVM.

Each returns the accuracy (fraction of test images classified correctly), so
it can be printed beside a network's.  On the full MNIST test set the lecture's
reference figures are 10 % (random guessing), 22.25 % (average darkness) and
94.35 % (scikit-learn's SVC with default settings).
"""

from __future__ import annotations

import numpy as np

__all__ = ["average_darkness_accuracy", "random_guess_accuracy", "svm_accuracy"]


def _labels(y: np.ndarray, name: str) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim == 2:
        y = y.argmax(axis=1)
    if y.ndim != 1 or (y.size and not np.issubdtype(y.dtype, np.integer)):
        raise ValueError(f"{name} must be integer labels of shape (n,), got {y.dtype} {y.shape}")
    return y


def _images(X: np.ndarray, name: str) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"{name} must have shape (n, pixels), got {X.shape}")
    return X


def random_guess_accuracy(y: np.ndarray, seed: int = 0, n_classes: int | None = None) -> float:
    """Accuracy of guessing a class uniformly at random for every example (≈ 1/k).

    Parameters
    ----------
    y : ndarray of shape (n,)
        True labels (or one-hot rows).
    seed : int
    n_classes : int, optional
        k; default ``y.max() + 1``.
    """
    y = _labels(y, "y")
    k = int(n_classes if n_classes is not None else y.max() + 1)
    guesses = np.random.default_rng(seed).integers(0, k, size=len(y))
    return float(np.mean(guesses == y))


def average_darkness_accuracy(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, y_test: np.ndarray
) -> float:
    """Classify an image by how dark it is: the digit whose average darkness is closest.

    The darkness of an image is the sum of its pixel values.  Training
    computes the mean darkness d̄_c of each digit c; a test image with
    darkness d is labelled argmin_c |d − d̄_c|.
    """
    X_train, X_test = _images(X_train, "X_train"), _images(X_test, "X_test")
    y_train, y_test = _labels(y_train, "y_train"), _labels(y_test, "y_test")
    classes = np.unique(y_train)
    darkness = X_train.sum(axis=1)
    means = np.array([darkness[y_train == c].mean() for c in classes])
    predicted = classes[np.abs(X_test.sum(axis=1)[:, None] - means[None, :]).argmin(axis=1)]
    return float(np.mean(predicted == y_test))


def svm_accuracy(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
    **svc_options,
) -> float:
    """Accuracy of scikit-learn's support vector classifier ``SVC`` (default settings).

    ``svc_options`` are passed to ``sklearn.svm.SVC`` (e.g. ``C=10``).  Fitting
    takes seconds on the shipped sample and minutes on the full 60,000 images.
    """
    from sklearn.svm import SVC

    X_train, X_test = _images(X_train, "X_train"), _images(X_test, "X_test")
    y_train, y_test = _labels(y_train, "y_train"), _labels(y_test, "y_test")
    model = SVC(**svc_options).fit(X_train, y_train)
    return float(np.mean(model.predict(X_test) == y_test))
