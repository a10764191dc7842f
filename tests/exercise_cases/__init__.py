"""Plausible wrong answers for the lectures' exercise checks, one module per lecture.

``lectureNN.py`` defines ``WRONG``: for each implement-it exercise id, a list of
``(wrong_function, fragment)`` pairs.  ``tests/test_exercise_checks.py`` feeds each
wrong function to ``lectures.check(id, ...)`` and asserts that the check fails with
a message containing ``fragment`` (the words that name the mistake).  For an
exercise whose check takes several functions, ``wrong_function`` is a tuple.
"""
