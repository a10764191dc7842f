"""Wrong answers for lecture 04's implement-it exercises."""

import numpy as np


def crossover_in_place(mum, dad, rng):
    # copies dad's genes into mum and returns mum: the parent is changed
    from_dad = rng.random(mum.shape) < 0.5
    mum[from_dad] = dad[from_dad]
    return mum


def crossover_average(mum, dad, rng):
    # blends the parents instead of copying genes
    return (mum + dad) / 2


def crossover_mum_only(mum, dad, rng):
    # the mask is never used: the child is a copy of mum
    return mum.copy()


def crossover_np_random(mum, dad, rng):
    # ignores the rng argument: not reproducible from a seed
    return np.where(np.random.random(mum.shape) < 0.5, dad, mum)  # noqa: NPY002


def crossover_one_point(mum, dad, rng):
    # one-point crossover: the first half from mum, the rest from dad
    cut = len(mum) // 2
    return np.concatenate([mum[:cut], dad[cut:]])


def crossover_alternating(mum, dad, rng):
    # a fixed mask: every other gene from dad, the same child every time
    return np.where(np.arange(len(mum)) % 2 == 0, dad, mum)


def crossover_biased(mum, dad, rng):
    # dad's genes with probability 0.1 instead of 1/2
    return np.where(rng.random(mum.shape) < 0.1, dad, mum)


WRONG = {
    "04.1": [
        (crossover_in_place, "changed mum in place"),
        (crossover_average, "averaged the parents"),
        (crossover_mum_only, "dad contributed none"),
        (crossover_np_random, "draw the random choices from the rng argument"),
        (crossover_one_point, "decides each entry independently"),
        (crossover_alternating, "different seeds"),
        (crossover_biased, "probability 1/2"),
    ],
}
