"""Handwritten digits: the MNIST sample shipped with gdkit, and the full IDX files.

- `load_mnist_sample` reads 5,000 real MNIST images bundled in
  ``gdkit/data/mnist_sample.npz`` (see ``gdkit/data/MNIST_SAMPLE.md`` for the
  attribution), checks the file's SHA-256 and splits it reproducibly.
- `read_idx` parses one file in LeCun's IDX format (gzip-compressed or not).
- `load_idx_dataset` returns the full 60,000/10,000 MNIST or Fashion-MNIST
  sets: it looks for the four files in ``directory``, then in a cache, and
  downloads what is missing with pooch.  Every file is checked against a known
  SHA-256 before it is used; downloads go to a temporary file that is verified
  and parsed before it is renamed into the cache, so a failed or corrupt
  download never leaves anything behind.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import logging
import os
import shutil
import tempfile
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = [
    "ChecksumError",
    "DATASETS",
    "DownloadError",
    "IDXFormatError",
    "load_idx_dataset",
    "load_mnist_sample",
    "read_idx",
    "write_idx",
]

#: SHA-256 of ``gdkit/data/mnist_sample.npz``.
SAMPLE_SHA256 = "970702d994c498f4ed47376383483ffa572089f72cd489dad1f40f362dbc14bf"
#: Images per digit in the shipped sample.
SAMPLE_PER_CLASS = 500


class IDXFormatError(ValueError):
    """A file is not a valid IDX file (wrong magic number, truncated, bad gzip)."""


class ChecksumError(ValueError):
    """A data file's SHA-256 is not the expected one."""


class DownloadError(OSError):
    """A data file could not be downloaded from any mirror."""


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- the shipped sample ---------------------------------------------------------------


def _sample_path() -> Path:
    return Path(str(resources.files("gdkit") / "data" / "mnist_sample.npz"))


def _load_sample_arrays() -> tuple[np.ndarray, np.ndarray]:
    path = _sample_path()
    blob = path.read_bytes()
    digest = hashlib.sha256(blob).hexdigest()
    if digest != SAMPLE_SHA256:
        raise ChecksumError(
            f"the shipped MNIST sample {path} has SHA-256 {digest}, expected {SAMPLE_SHA256}; "
            "the installation is damaged — reinstall gdkit"
        )
    with np.load(io.BytesIO(blob), allow_pickle=False) as data:
        return data["images"], data["labels"]


def _per_class(n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """Split n into k counts differing by at most one; the classes getting one more are random."""
    counts = np.full(k, n // k)
    counts[rng.permutation(k)[: n % k]] += 1
    return counts


def load_mnist_sample(
    n_train: int = 4000, n_test: int = 1000, seed: int = 0, dtype: type = np.float64
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The 5,000 shipped MNIST images, split into training and test sets.

    The split is stratified (every digit gets the same share of each set, up
    to one image) and reproducible: it depends only on ``seed``.  Both sets are
    shuffled.  Pixels are scaled to [0, 1] (0 = white, 1 = black).

    Parameters
    ----------
    n_train, n_test : int
        Sizes of the two sets; n_train + n_test ≤ 5000.
    seed : int
    dtype : numpy float type
        Of the images (float64 by default); integer and other non-float types
        are rejected, since the pixels are fractions in [0, 1].

    Returns
    -------
    X_train : ndarray of shape (n_train, 784)
    y_train : ndarray of shape (n_train,), int64 digits 0-9
    X_test : ndarray of shape (n_test, 784)
    y_test : ndarray of shape (n_test,), int64

    Raises
    ------
    ValueError
        If the sizes do not fit in the sample.
    TypeError
        If ``dtype`` is not a floating-point type.
    ChecksumError
        If the shipped file is damaged.
    """
    try:
        float_type = np.dtype(dtype)
    except TypeError:
        float_type = None
    if float_type is None or not np.issubdtype(float_type, np.floating):
        raise TypeError(
            f"dtype must be a NumPy floating-point type such as np.float64 or np.float32 "
            f"(the pixels are scaled to [0, 1]), got {dtype!r}"
        )
    images, labels = _load_sample_arrays()
    for name, value in (("n_train", n_train), ("n_test", n_test)):
        try:
            ok = not isinstance(value, bool) and int(value) == value and value >= 0
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    if n_train + n_test > len(labels):
        raise ValueError(
            f"n_train + n_test must be at most {len(labels)} (the sample's size), "
            f"got {n_train} + {n_test} = {n_train + n_test}"
        )
    rng = np.random.default_rng(seed)
    classes = np.unique(labels)
    train_counts = _per_class(n_train, len(classes), rng)
    test_counts = _per_class(n_test, len(classes), rng)
    if np.any(train_counts + test_counts > SAMPLE_PER_CLASS):
        raise ValueError(
            f"n_train={n_train} and n_test={n_test} need more than {SAMPLE_PER_CLASS} "
            "images of some digit; ask for fewer"
        )
    train, test = [], []
    for c, n_tr, n_te in zip(classes, train_counts, test_counts, strict=True):
        members = rng.permutation(np.flatnonzero(labels == c))
        train.append(members[:n_tr])
        test.append(members[n_tr : n_tr + n_te])
    train_idx = rng.permutation(np.concatenate(train))
    test_idx = rng.permutation(np.concatenate(test))

    def take(idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return images[idx].astype(float_type) / float_type.type(255), labels[idx].astype(np.int64)

    return (*take(train_idx), *take(test_idx))


# --- IDX files ---------------------------------------------------------------------

_IDX_TYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, decompressed if it is gzip (detected by its magic bytes 1f 8b)."""
    raw = path.read_bytes()
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as exc:
        raise IDXFormatError(
            f"{path} is a damaged or truncated gzip file ({exc}); delete it and download it again"
        ) from exc


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read one IDX file (``.gz`` or uncompressed) into an array.

    The format: two zero bytes, a type code (0x08 = uint8, 0x09 = int8,
    0x0B = int16, 0x0C = int32, 0x0D = float32, 0x0E = float64), the number of
    dimensions d, then d big-endian 32-bit sizes, then the data row by row.

    Returns
    -------
    ndarray
        In the file's type (native byte order) and shape, e.g. (60000, 28, 28) uint8.

    Raises
    ------
    IDXFormatError
        Wrong magic number, unknown type code, bad gzip stream, or a data
        section shorter or longer than the header announces.
    """
    path = Path(path)
    data = _read_bytes(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_TYPES:
        raise IDXFormatError(
            f"{path} is not an IDX file: its magic number is {data[:4].hex() or 'missing'}, "
            "expected 0000 followed by a type code (08, 09, 0b, 0c, 0d, 0e) and a dimension count"
        )
    dtype = _IDX_TYPES[data[2]]
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IDXFormatError(f"{path} is truncated inside its header ({len(data)} bytes)")
    shape = tuple(int(s) for s in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    found = len(data) - header
    if found != expected:
        raise IDXFormatError(
            f"{path} is {'truncated' if found < expected else 'too long'}: its header announces "
            f"shape {shape} ({expected:,} bytes of data), but it holds {found:,}"
        )
    array = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return array.astype(dtype.newbyteorder("="), copy=True)


def write_idx(path: str | os.PathLike, array: np.ndarray, compress: bool | None = None) -> Path:
    """Write ``array`` as an IDX file (the inverse of `read_idx`), atomically.

    Parameters
    ----------
    path : path
    array : ndarray
        Of dtype uint8, int8, int16, int32, float32 or float64.
    compress : bool, optional
        gzip the file; default: when ``path`` ends in ``.gz``.
    """
    path = Path(path)
    array = np.asarray(array)
    codes = {dtype.newbyteorder("="): code for code, dtype in _IDX_TYPES.items()}
    code = codes.get(array.dtype.newbyteorder("="))
    if code is None:
        raise ValueError(f"array dtype must be one of {sorted(map(str, codes))}, got {array.dtype}")
    header = bytes([0, 0, code, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    body = header + array.astype(_IDX_TYPES[code], copy=False).tobytes()
    if compress if compress is not None else path.suffix == ".gz":
        body = gzip.compress(body, mtime=0)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# --- the full data sets ---------------------------------------------------------------

#: The four files of a data set, by role.
FILE_STEMS = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


@dataclass(frozen=True)
class IDXDataset:
    """Where to find a data set and how to recognise its files.

    ``gz_sha256[stem]``: SHA-256s of known ``stem.gz`` files (the official
    ones first; other distributions recompress them).  ``raw_sha256[stem]``:
    SHA-256 of the uncompressed IDX content, which identifies a file whatever
    its compression.
    """

    name: str
    mirrors: tuple[str, ...]
    gz_sha256: Mapping[str, tuple[str, ...]]
    raw_sha256: Mapping[str, str]
    system_dirs: tuple[str, ...] = ()


DATASETS: dict[str, IDXDataset] = {
    # Official MNIST files: SHA-256 of the .gz files as published by
    # TensorFlow's tensorflow-haskell/tensorflow-mnist-input-data and many
    # other projects; raw (uncompressed) SHA-256 as recorded by projects that
    # verify the decompressed files.
    "mnist": IDXDataset(
        name="mnist",
        mirrors=(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
        ),
        gz_sha256={
            "train-images-idx3-ubyte": (
                "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            ),
            "train-labels-idx1-ubyte": (
                "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            ),
            "t10k-images-idx3-ubyte": (
                "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            ),
            "t10k-labels-idx1-ubyte": (
                "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
            ),
        },
        raw_sha256={
            "train-images-idx3-ubyte": (
                "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
            ),
            "train-labels-idx1-ubyte": (
                "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
            ),
            "t10k-images-idx3-ubyte": (
                "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
            ),
            "t10k-labels-idx1-ubyte": (
                "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"
            ),
        },
    ),
    # Fashion-MNIST: the official .gz SHA-256s (Zalando's files), then those of
    # Debian's package dataset-fashion-mnist, which recompresses them; raw
    # SHA-256s computed from the decompressed Debian files (identical content).
    "fashion-mnist": IDXDataset(
        name="fashion-mnist",
        mirrors=(
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
        ),
        gz_sha256={
            "train-images-idx3-ubyte": (
                "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            ),
            "train-labels-idx1-ubyte": (
                "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            ),
            "t10k-images-idx3-ubyte": (
                "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            ),
            "t10k-labels-idx1-ubyte": (
                "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
                "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
            ),
        },
        raw_sha256={
            "train-images-idx3-ubyte": (
                "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"
            ),
            "train-labels-idx1-ubyte": (
                "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"
            ),
            "t10k-images-idx3-ubyte": (
                "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"
            ),
            "t10k-labels-idx1-ubyte": (
                "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"
            ),
        },
        system_dirs=("/usr/share/datasets/fashion-mnist",),
    ),
}


def _dataset(name: str) -> IDXDataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise ValueError(
            f"name must be one of {', '.join(map(repr, DATASETS))}; got {name!r}"
        ) from None


def default_cache_dir(name: str) -> Path:
    """``$GDKIT_DATA_DIR/<name>`` if that variable is set, else pooch's user cache for gdkit."""
    root = os.environ.get("GDKIT_DATA_DIR")
    if root:
        return Path(root) / name
    import pooch

    return Path(pooch.os_cache("gdkit")) / name


class _Expected:
    """What a file may hash to: whole-file SHA-256s, and the SHA-256 of its IDX content."""

    def __init__(self, spec: IDXDataset, stem: str, checksums: Mapping[str, str] | None):
        if checksums is not None:
            if f"{stem}.gz" not in checksums:
                raise ValueError(f"checksums must give a SHA-256 for {stem}.gz")
            self.files: tuple[str, ...] = (checksums[f"{stem}.gz"].lower(),)
            self.raw: str | None = checksums.get(stem)
        else:
            self.files = spec.gz_sha256[stem]
            self.raw = spec.raw_sha256[stem]

    def check(self, path: Path) -> None:
        """Raise `ChecksumError` unless the file (or its decompressed content) is known."""
        digest = _sha256_file(path)
        if digest in self.files or digest == self.raw:
            return
        content = None
        if self.raw is not None and path.read_bytes()[:2] == b"\x1f\x8b":
            with contextlib.suppress(IDXFormatError):
                content = hashlib.sha256(_read_bytes(path)).hexdigest()
        if content is not None and content == self.raw:
            return
        raise ChecksumError(
            f"{path} has SHA-256 {digest}, expected {self.files[0]}"
            + (f" (or IDX content with SHA-256 {self.raw})" if self.raw else "")
            + "; the file is damaged or not the official one — delete it and download it again"
        )


#: A ``.download-*`` folder untouched for this long was left by a killed download.
STALE_DOWNLOAD_S = 24 * 3600


def _remove_stale_downloads(cache: Path) -> None:
    """Delete temporary download folders that a killed process left in the cache.

    Only folders whose newest entry is older than `STALE_DOWNLOAD_S`: a folder of a
    download still running in another process is being written to and is kept.
    """
    now = time.time()
    for folder in cache.glob(".download-*"):
        try:
            entries = [folder, *folder.iterdir()]
            newest = max(e.stat().st_mtime for e in entries)
        except OSError:  # removed meanwhile by another process
            continue
        if now - newest > STALE_DOWNLOAD_S:
            shutil.rmtree(folder, ignore_errors=True)


def _not_writable(cache: Path, exc: OSError) -> DownloadError:
    return DownloadError(
        f"cannot write to the cache folder {cache} ({exc}); pass cache_dir=<a writable "
        "folder> or set the GDKIT_DATA_DIR environment variable, or download the files "
        "yourself and pass directory=<folder with the four files>"
    )


@contextlib.contextmanager
def _pooch_quiet(quiet: bool) -> Iterator[None]:
    import pooch

    logger = pooch.get_logger()
    level = logger.level
    if quiet:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _download(
    stem: str, mirrors: tuple[str, ...], cache: Path, expected: _Expected, progress: bool
) -> Path:
    """Fetch ``stem.gz`` into the cache: temp dir → pooch (hash-checked) → parse → rename."""
    import pooch

    if not mirrors:
        raise ValueError("mirrors must name at least one base URL to download from")
    fname = f"{stem}.gz"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _not_writable(cache, exc) from exc
    _remove_stale_downloads(cache)
    failures = []
    for base in mirrors:
        url = base.rstrip("/") + "/" + fname
        try:
            tmpdir = Path(tempfile.mkdtemp(prefix=".download-", dir=cache))
        except OSError as exc:
            raise _not_writable(cache, exc) from exc
        try:
            with _pooch_quiet(not progress):
                fetched = Path(
                    pooch.retrieve(
                        url,
                        known_hash=f"sha256:{expected.files[0]}",
                        fname=fname,
                        path=tmpdir,
                        progressbar=progress,
                    )
                )
            read_idx(fetched)
            target = cache / fname
            try:
                os.replace(fetched, target)
            except OSError as exc:
                raise _not_writable(cache, exc) from exc
            return target
        except DownloadError:
            raise
        except IDXFormatError as exc:
            failures.append(f"{url}: {exc}")
            last: Exception = exc
        except ValueError as exc:  # pooch: hash mismatch
            failures.append(f"{url}: checksum mismatch ({exc})")
            last = ChecksumError(
                f"the file downloaded from {url} does not have the expected SHA-256 "
                f"{expected.files[0]}; nothing was saved. The mirror may serve a damaged or "
                "different file: try again later, pass mirrors=(<another base URL>,), or "
                "download the files yourself and pass directory=<folder with the four files>"
            )
        except OSError as exc:  # requests' errors are OSErrors: 404, broken connection, …
            failures.append(f"{url}: {exc}")
            last = exc
        finally:
            shutil.rmtree(tmpdir, ignore_errors=True)
    details = "\n  ".join(failures)
    if isinstance(last, IDXFormatError | ChecksumError):
        raise type(last)(f"{last}\nTried:\n  {details}") from last
    raise DownloadError(
        f"could not download {fname} from any mirror:\n  {details}\n"
        "Check your internet connection, or download the file yourself and pass "
        "directory=<folder with the four files>."
    ) from last


def _find(stem: str, folders: list[Path]) -> Path | None:
    for folder in folders:
        for candidate in (folder / f"{stem}.gz", folder / stem):
            if candidate.is_file():
                return candidate
    return None


def load_idx_dataset(
    name: str = "mnist",
    directory: str | os.PathLike | None = None,
    cache_dir: str | os.PathLike | None = None,
    download: bool = True,
    *,
    mirrors: tuple[str, ...] | None = None,
    checksums: Mapping[str, str] | None = None,
    progress: bool = True,
    dtype: type = np.float64,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The full MNIST or Fashion-MNIST data set from its four IDX files.

    Each file (``train-images-idx3-ubyte`` etc., ``.gz`` or not) is looked up

    1. in ``directory``, if given — a wrong checksum there is an error (the
       file is yours; gdkit does not delete it);
    2. in the cache (``cache_dir``, default `default_cache_dir`) — a file with a
       wrong checksum is removed (and downloaded again when allowed);
    3. for Fashion-MNIST, in ``/usr/share/datasets/fashion-mnist`` (Debian's
       ``dataset-fashion-mnist``), when ``directory`` is not given;
    4. otherwise downloaded with pooch into the cache, if ``download``.

    Parameters
    ----------
    name : {"mnist", "fashion-mnist"}
    directory : path, optional
    cache_dir : path, optional
    download : bool
        Allow downloading missing files.
    mirrors : tuple of str, optional
        Base URLs to download from, tried in order (default: the data set's
        official mirrors).
    checksums : mapping, optional
        File name → SHA-256 to expect instead of the official values (for a
        private mirror): keys ``"<stem>.gz"`` and optionally ``"<stem>"`` for
        the uncompressed content.
    progress : bool
        Show pooch's download progress bar and messages.
    dtype : numpy float type
        Of the images.

    Returns
    -------
    X_train, y_train, X_test, y_test
        Images as (n, 784) arrays scaled to [0, 1], labels as int64 0-9
        (60,000 and 10,000 of them for the official files).

    Raises
    ------
    FileNotFoundError
        A file is missing and ``download`` is False.
    ChecksumError, IDXFormatError
        A file is damaged or not the expected one.
    DownloadError
        No mirror could deliver a file.
    """
    spec = _dataset(name)
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir(name)
    arrays: dict[str, np.ndarray] = {}
    for role, stem in FILE_STEMS.items():
        expected = _Expected(spec, stem, checksums)
        path = _find(stem, [Path(directory)]) if directory is not None else None
        if path is not None:
            expected.check(path)
        else:
            path = _find(stem, [cache])
            if path is not None:
                try:
                    expected.check(path)
                except ChecksumError as exc:
                    try:
                        path.unlink()
                    except OSError as unlink_error:
                        raise ChecksumError(
                            f"{exc}; gdkit could not remove it from the cache "
                            f"({unlink_error}): delete it yourself, or pass cache_dir=<a "
                            "writable folder>"
                        ) from None
                    path = None
                    if not download:
                        raise ChecksumError(f"{exc} (removed it from the cache)") from None
        if path is None and directory is None:
            path = _find(stem, [Path(d) for d in spec.system_dirs])
            if path is not None:
                expected.check(path)
        if path is None:
            if not download:
                looked = [str(directory)] if directory is not None else list(spec.system_dirs)
                looked.insert(int(directory is not None), str(cache))
                raise FileNotFoundError(
                    f"{stem}(.gz) of {name!r} is not in {', '.join(looked)}; pass "
                    f"download=True to fetch it, or directory=<folder with the four files>"
                )
            path = _download(stem, mirrors or spec.mirrors, cache, expected, progress)
        arrays[role] = read_idx(path)
    return _assemble(name, arrays, dtype)


def _assemble(
    name: str, arrays: dict[str, np.ndarray], dtype: type
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    out = []
    for split in ("train", "test"):
        images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        if images.ndim != 3 or images.shape[1:] != (28, 28) or images.dtype != np.uint8:
            raise IDXFormatError(
                f"{name} {split} images must be uint8 of shape (n, 28, 28), "
                f"got {images.dtype} {images.shape}"
            )
        if labels.ndim != 1 or len(labels) != len(images):
            raise IDXFormatError(
                f"{name} {split} labels must be one per image ({len(images)}), "
                f"got shape {labels.shape}"
            )
        if labels.size and labels.max() > 9:
            raise IDXFormatError(f"{name} {split} labels must be digits 0-9, found {labels.max()}")
        out += [images.reshape(len(images), -1).astype(dtype) / dtype(255), labels.astype(np.int64)]
    return tuple(out)  # type: ignore[return-value]
