"""Wrong answers for lecture 10's implement-it exercise (a grid search)."""

import numpy as np


def _chosen_by(part, pick=np.argmax):
    def grid_search(candidates, train, accuracy):
        models = [train(c) for c in candidates]
        i = int(pick([accuracy(m, part) for m in models]))
        return candidates[i], accuracy(models[i], "test")

    return grid_search


def _later_tie_wins(candidates, train, accuracy):
    best, best_model, best_score = None, None, -1.0
    for c in candidates:
        model = train(c)
        score = accuracy(model, "validation")
        if score >= best_score:
            best, best_model, best_score = c, model, score
    return best, accuracy(best_model, "test")


def _test_of_every_candidate(candidates, train, accuracy):
    models = [train(c) for c in candidates]
    test = [accuracy(m, "test") for m in models]
    i = int(np.argmax([accuracy(m, "validation") for m in models]))
    return candidates[i], test[i]


def _reports_validation(candidates, train, accuracy):
    models = [train(c) for c in candidates]
    validation = [accuracy(m, "validation") for m in models]
    i = int(np.argmax(validation))
    return candidates[i], validation[i]


def _returns_the_index(candidates, train, accuracy):
    models = [train(c) for c in candidates]
    i = int(np.argmax([accuracy(m, "validation") for m in models]))
    return i, accuracy(models[i], "test")


WRONG = {
    "10.4": [
        (_chosen_by("test"), "chose by test accuracy"),
        (_chosen_by("train"), "chose by training accuracy"),
        (_chosen_by("validation", np.argmin), "lowest validation accuracy"),
        (_later_tie_wins, "a tie went to the later candidate"),
        (_test_of_every_candidate, "looked at the test accuracy 6 times"),
        (_reports_validation, "reported the chosen candidate's validation accuracy"),
        (_returns_the_index, "position of the chosen candidate"),
    ],
}
