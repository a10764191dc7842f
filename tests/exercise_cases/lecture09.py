"""Wrong answers for lecture 09's implement-it exercises."""

import numpy as np

# -- 09.1 decode(a) -------------------------------------------------------------------------------


def _decode_reversed(a):
    return sum(2**i for i, v in enumerate(a) if v > 0.5)


def _decode_at_or_above(a):
    number = 0
    for v in a:
        number = 2 * number + (1 if v >= 0.5 else 0)
    return number


def _decode_counts_ones(a):
    return sum(1 for v in a if v > 0.5)


def _decode_arrays_only(a):
    return int((a > 0.5) @ np.array([8, 4, 2, 1]))  # fails on a list, which the statement allows


# -- 09.2 fit_darkness(images, labels), predict_darkness(means, images) ----------------------------


def _fit(images, labels):
    darkness = images.sum(axis=1)
    return np.array([darkness[labels == d].mean() for d in range(10)])


def _predict(means, images):
    return np.abs(images.sum(axis=1)[:, None] - means[None, :]).argmin(axis=1)


def _fit_per_pixel(images, labels):
    return np.array([images[labels == d].mean() for d in range(10)])


def _fit_mean_image(images, labels):
    return np.array([images[labels == d].mean(axis=0) for d in range(10)])


def _fit_not_normalised(images, labels):
    darkness = images.sum(axis=1)
    return np.array([darkness[labels == d].sum() for d in range(10)])


def _predict_farthest(means, images):
    return np.abs(images.sum(axis=1)[:, None] - means[None, :]).argmax(axis=1)


def _predict_signed(means, images):
    return (images.sum(axis=1)[:, None] - means[None, :]).argmin(axis=1)


def _predict_mean_pixel(means, images):
    return np.abs(images.mean(axis=1)[:, None] - means[None, :]).argmin(axis=1)


WRONG = {
    "09.1": [
        (_decode_reversed, "reverse order"),
        (_decode_at_or_above, "exactly 0.5"),
        (_decode_counts_ones, "counted the 1 bits"),
        (_decode_arrays_only, "raised TypeError"),
    ],
    "09.2": [
        ((_fit_per_pixel, _predict), "averaged over the pixels"),
        ((_fit_mean_image, _predict), "a mean image per digit"),
        ((_fit_not_normalised, _predict), "without dividing"),
        ((_fit, _predict_farthest), "farthest"),
        ((_fit, _predict_signed), "absolute value"),
        ((_fit, _predict_mean_pixel), "mean pixel value"),
    ],
}
