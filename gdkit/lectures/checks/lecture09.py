"""Checks for lecture 09's exercises (handwritten digits)."""

from __future__ import annotations

import math

import numpy as np

from ...exercises import CheckResult, Mistake, _describe_args, check_cases
from . import close_to, implementation, number

__all__: list[str] = []


# -- 09.1 read a 4-bit answer -------------------------------------------------------------------


def _decode(a) -> int:
    number = 0
    for activation in np.asarray(a, dtype=float):
        number = 2 * number + int(activation > 0.5)
    return number


def _decode_cases() -> list[tuple]:
    # activations the lecture never shows, one exactly at the threshold 0.5
    rows = [
        [0.93, 0.12, 0.71, 0.08],
        [0.2, 0.81, 0.03, 0.64],
        [0.51, 0.49, 0.97, 0.99],
        [0.5, 0.91, 0.5, 0.77],
        [0.02, 0.03, 0.01, 0.04],
        [0.95, 0.88, 0.92, 0.6],
    ]
    # the statement allows a list: the last row comes as one
    return [(np.array(row),) for row in rows[:-1]] + [(rows[-1],)]


@implementation("09.1")
def _check_decode(decode) -> CheckResult:
    return check_cases(
        decode,
        _decode,
        _decode_cases(),
        name="decode",
        arg_names=("a",),
        mistakes=[
            Mistake(
                "It looks like the bits were read in reverse order: the first activation is the "
                "most significant bit (worth 8).",
                lambda a: _decode(np.asarray(a)[::-1]),
            ),
            Mistake(
                "It looks like an activation of exactly 0.5 was read as a 1: only activations "
                "above 0.5 are 1 bits.",
                lambda a: _decode(np.where(np.asarray(a) == 0.5, 1.0, a)),
            ),
            Mistake(
                "It looks like you counted the 1 bits instead of reading them as a binary number.",
                lambda a: int(np.sum(np.asarray(a) > 0.5)),
            ),
        ],
    )


# -- 09.2 the average-darkness classifier ---------------------------------------------------------


def _fit_darkness(images, labels) -> np.ndarray:
    darkness = np.asarray(images, dtype=float).sum(axis=1)
    return np.array([darkness[labels == d].mean() for d in range(10)])


def _predict_darkness(means, images) -> np.ndarray:
    darkness = np.asarray(images, dtype=float).sum(axis=1)
    return np.abs(darkness[:, None] - np.asarray(means, dtype=float)[None, :]).argmin(axis=1)


def _fit_cases() -> list[tuple]:
    # small "images" of 12 and 20 pixels; every digit present, in unequal numbers
    rng = np.random.default_rng(90_902)
    cases = []
    for n_pixels, extra in [(12, 14), (20, 25)]:
        labels = np.concatenate([np.arange(10), rng.integers(0, 10, extra)])
        ink = (labels[:, None] + 1) / 10 * rng.uniform(0.3, 1.0, (len(labels), n_pixels))
        cases.append((np.round(ink, 3), labels))
    return cases


def _predict_cases() -> list[tuple]:
    # mean darkness of ten digits (not in increasing order) and images whose darkness lies
    # near one of them, or between two
    rng = np.random.default_rng(90_903)
    cases = []
    for n_pixels, n_images in [(12, 15), (16, 9)]:
        means = np.round(rng.permutation(np.linspace(1.5, 9.0, 10)) + rng.uniform(-0.2, 0.2, 10), 2)
        darkness = rng.uniform(1.0, 9.5, n_images)
        images = rng.dirichlet(np.ones(n_pixels), n_images) * darkness[:, None]
        cases.append((np.round(means, 3), np.round(images, 4)))
    return cases


_FIT_MISTAKES = [
    Mistake(
        "It looks like you averaged over the pixels as well: the darkness of an image is the "
        "sum of its pixel values, and only the images are averaged.",
        lambda images, labels: _fit_darkness(images, labels) / np.shape(images)[1],
    ),
    Mistake(
        "It looks like you added up the darkness of the images of each digit without dividing "
        "by how many images of that digit there are.",
        lambda images, labels: _fit_darkness(images, labels) * np.bincount(labels, minlength=10),
    ),
    Mistake(
        "It looks like you divided by the number of all images, not by the number of images "
        "of that digit.",
        lambda images, labels: (
            _fit_darkness(images, labels) * np.bincount(labels, minlength=10) / len(labels)
        ),
    ),
]

_PREDICT_MISTAKES = [
    Mistake(
        "It looks like you picked the digit whose mean darkness is farthest from the image's "
        "darkness, not the nearest.",
        lambda means, images: np.abs(
            np.asarray(images).sum(axis=1)[:, None] - np.asarray(means)[None, :]
        ).argmax(axis=1),
    ),
    Mistake(
        "It looks like the difference was not taken in absolute value: the nearest mean is the "
        "one with the smallest |darkness − mean|.",
        lambda means, images: (
            np.asarray(images).sum(axis=1)[:, None] - np.asarray(means)[None, :]
        ).argmin(axis=1),
    ),
    Mistake(
        "It looks like you compared the mean pixel value of each image with the means; an "
        "image's darkness is the sum of its pixel values.",
        lambda means, images: _predict_darkness(means, np.asarray(images) / np.shape(images)[1]),
    ),
]


def _mean_images(fit_darkness) -> CheckResult | None:
    """A result of shape (10, pixels) is a mean image per digit: say so."""
    images, labels = _fit_cases()[0]
    try:
        got = np.asarray(fit_darkness(images.copy(), labels.copy()))
    except Exception:  # check_cases reports the failure itself
        return None
    if got.shape == (10, images.shape[1]):
        call = f"fit_darkness({_describe_args((images, labels), ('images', 'labels'))})"
        return CheckResult(
            False,
            f"{call} returned an array of shape {got.shape}; it should have shape (10,). It "
            "looks like you averaged each pixel over the images (a mean image per digit): "
            "the darkness of an image is one number, the sum of its pixel values.",
        )
    return None


@implementation("09.2", answers=2)
def _check_darkness(fit_darkness, predict_darkness) -> CheckResult:
    fitted = check_cases(
        fit_darkness, _fit_darkness, _fit_cases(), name="fit_darkness",
        arg_names=("images", "labels"), mistakes=_FIT_MISTAKES,
    )  # fmt: skip
    if not fitted:
        mean_images = _mean_images(fit_darkness) if fitted.answered else None
        return fitted if mean_images is None else mean_images
    predicted = check_cases(
        predict_darkness, _predict_darkness, _predict_cases(), name="predict_darkness",
        arg_names=("means", "images"), mistakes=_PREDICT_MISTAKES,
    )  # fmt: skip
    if not predicted:
        return predicted
    return CheckResult(
        True, "fit_darkness and predict_darkness are right on all their test inputs."
    )


# -- 09.3 how precise is a test accuracy? ----------------------------------------------------------

_P, _N_TEST = 0.89, 1000  # the 784-30-10 network's test accuracy on the shipped sample


def _standard_error() -> float:
    return math.sqrt(_P * (1 - _P) / _N_TEST)


@number("09.3", expected=_standard_error, digits=2)
def _check_standard_error(answer) -> CheckResult:
    result = _judge_standard_error(answer)
    if result or not result.answered:
        return result
    # the lecture prints this standard error as 1.0 %: 0.010, read off that line, passes too
    as_printed = close_to(answer, round(_standard_error(), 3), name="standard_error", digits=3)
    return as_printed if as_printed else result


def _judge_standard_error(answer) -> CheckResult:
    return close_to(
        answer,
        _standard_error(),
        name="standard_error",
        digits=2,
        mistakes=[
            Mistake(
                "It looks like the square root is missing: that is the variance p(1 − p)/n.",
                lambda: _P * (1 - _P) / _N_TEST,
            ),
            *(
                Mistake(
                    "It looks like you gave it in percent; the exercise asks for a fraction.",
                    percent,
                )
                for percent in (
                    lambda: 100 * _standard_error(),
                    lambda: round(100 * _standard_error(), 2),  # 0.99, rounded
                    lambda: round(100 * _standard_error(), 1),  # 1.0, as the lecture prints it
                )
            ),
            Mistake(
                "It looks like you divided by n outside the square root: the standard error "
                "is √(p(1 − p)/n).",
                lambda: math.sqrt(_P * (1 - _P)) / _N_TEST,
            ),
        ],
    )
