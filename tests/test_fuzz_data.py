"""Fuzzing the data readers: IDX files, the shipped MNIST sample, the data set loader.

Properties: any bytes given to ``read_idx`` either parse or raise ``IDXFormatError`` (never
another exception, never a hang); ``write_idx`` then ``read_idx`` is the identity for every
supported dtype and shape, compressed or not; the sample's split has the requested sizes,
is stratified, disjoint and reproducible.  ``BAD_INPUTS``: wrong arguments raise a
TypeError/ValueError (or, for a missing file, FileNotFoundError) naming the argument.
"""

from __future__ import annotations

import gzip
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gdkit
from gdkit.mnist import FILE_STEMS, IDXFormatError

FUZZED = ["read_idx", "write_idx", "load_mnist_sample", "load_idx_dataset"]

IDX_DTYPES = [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64]


@settings(max_examples=80)
@given(data=st.binary(max_size=64) | st.builds(
    lambda header, tail: bytes([0, 0]) + header + tail,
    header=st.sampled_from([b"\x08\x01", b"\x08\x03", b"\x0d\x02", b"\x0e\x00", b"\x08\xff"]),
    tail=st.binary(max_size=48),
), compress=st.booleans())  # fmt: skip
def test_read_idx_on_any_bytes_parses_or_raises_idx_format_error(tmp_path_factory, data, compress):
    path = tmp_path_factory.mktemp("idx") / "blob"
    path.write_bytes(gzip.compress(data, mtime=0) if compress else data)
    try:
        array = gdkit.mnist.read_idx(path)
    except IDXFormatError as exc:
        assert str(path) in str(exc)
    else:
        assert array.dtype.isnative and array.size * array.itemsize <= len(data)


@settings(max_examples=40)
@given(
    array=st.sampled_from(IDX_DTYPES).flatmap(
        lambda dtype: hnp.arrays(
            dtype, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5)
        )  # fmt: skip
    ),
    suffix=st.sampled_from(["", ".gz"]),
)
def test_write_then_read_idx_gives_back_the_array_for_every_dtype_and_shape(
    tmp_path_factory, array, suffix
):
    path = tmp_path_factory.mktemp("idx") / f"data{suffix}"
    gdkit.mnist.write_idx(path, array)
    back = gdkit.mnist.read_idx(path)
    assert back.dtype == array.dtype and back.shape == array.shape
    np.testing.assert_array_equal(back, array)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


@settings(max_examples=6)
@given(n_train=st.integers(0, 600), n_test=st.integers(0, 300), seed=st.integers(0, 2**32 - 1))
def test_the_sample_split_has_the_sizes_asked_for_and_is_stratified_and_seeded(
    n_train, n_test, seed
):
    X, y, Xt, yt = gdkit.load_mnist_sample(n_train, n_test, seed=seed)
    assert X.shape == (n_train, 784) and Xt.shape == (n_test, 784)
    assert y.dtype == yt.dtype == np.int64
    assert np.all((X >= 0) & (X <= 1)) and np.all((Xt >= 0) & (Xt <= 1))
    for labels, n in ((y, n_train), (yt, n_test)):
        counts = np.bincount(labels, minlength=10)
        assert np.ptp(counts) <= 1 and counts.sum() == n
    again = gdkit.load_mnist_sample(n_train, n_test, seed=seed)
    for a, b in zip((X, y, Xt, yt), again, strict=True):
        np.testing.assert_array_equal(a, b)


def case(call, error, match, id):  # noqa: A002 - pytest's name
    return pytest.param(call, error, match, id=id, marks=pytest.mark.bad_input)


BAD_INPUTS = [
    case(lambda: gdkit.load_mnist_sample(-1, 10), ValueError, "n_train", "sample-n-train-negative"),
    case(lambda: gdkit.load_mnist_sample(10, -1), ValueError, "n_test", "sample-n-test-negative"),
    case(lambda: gdkit.load_mnist_sample(2.5, 10), ValueError, "n_train", "sample-n-train-fraction"),
    case(lambda: gdkit.load_mnist_sample(4999, 2), ValueError, "n_train \\+ n_test",
         "sample-too-large"),
    case(lambda: gdkit.load_mnist_sample(10, 10, dtype=np.int64), TypeError,
         "dtype must be a NumPy floating-point type", "sample-integer-dtype"),
    case(lambda: gdkit.load_mnist_sample(10, 10, dtype="bogus"), TypeError, "dtype must be",
         "sample-unknown-dtype"),
    case(lambda: gdkit.mnist.write_idx("unused.idx", np.ones(3, dtype=np.int64)), ValueError,
         "dtype must be one of", "write-idx-int64"),
    case(lambda: gdkit.mnist.write_idx("unused.idx", np.array(["a"])), ValueError, "dtype must be one of",
         "write-idx-strings"),
    case(lambda: gdkit.mnist.read_idx("/nonexistent/folder/file.idx"), FileNotFoundError,
         "/nonexistent/folder/file.idx", "read-idx-missing-file"),
    case(lambda: gdkit.load_idx_dataset("bogus"), ValueError, "name must be one of",
         "load-unknown-name"),
    case(lambda: gdkit.load_idx_dataset("mnist", cache_dir="/nonexistent/cache", download=False),
         FileNotFoundError, "download=True", "load-missing-without-download"),
    case(lambda: gdkit.load_idx_dataset("mnist", cache_dir="/nonexistent/cache",
                                        checksums={"x": "0" * 64}, download=False),
         ValueError, "checksums must give a SHA-256", "load-checksums-incomplete"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "error", "match"), BAD_INPUTS)
def test_bad_input_raises_a_clear_error_naming_the_argument(call, error, match, tmp_path,
                                                           monkeypatch):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=match):
            call()
    assert list(tmp_path.iterdir()) == []  # a rejected write leaves no file


def test_the_four_file_names_are_the_official_ones():
    assert sorted(FILE_STEMS.values()) == [
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
    ]  # fmt: skip
