"""Injected faults in the data path: downloads, checksums, the cache, the disk, concurrency.

A local HTTP server on 127.0.0.1 (started here) serves small MNIST-shaped IDX files; no
test talks to the internet.  The invariant under every fault: the cache never holds a
partial or unverified file under a data file's name, a later load works, and the error
says what went wrong and what to do.  (``tests/test_mnist_download.py`` pins the basic
404/truncation/checksum cases; these are the harsher ones.)

Tests run as root on CI, where ``chmod`` cannot make a folder read-only; the read-only
cases therefore make the writes fail the way a read-only file system does (EROFS/EACCES
from ``mkdtemp``, ``replace`` and ``unlink``), and also use a real ``chmod`` when not root.
"""

from __future__ import annotations

import errno
import hashlib
import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from idx_files import publish

import gdkit
import gdkit.mnist as mnist
from gdkit.mnist import FILE_STEMS, ChecksumError, DownloadError

pytestmark = [pytest.mark.network]
fault = pytest.mark.fault

NAMES = sorted(f"{stem}.gz" for stem in FILE_STEMS.values())
TRAIN_IMAGES = f"{FILE_STEMS['train_images']}.gz"
ROOT = Path(__file__).resolve().parents[1]


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``server.files``; ``server.modes[name]``: "stall" (half, then wait),
    "html" (a 200 answer with an error page) or "slow" (0.3 s before answering)."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        name = self.path.rsplit("/", 1)[-1]
        server = self.server
        server.requests.append(name)
        body, mode = server.files.get(name), server.modes.get(name, "ok")
        if body is None:
            self.send_error(404, "Not Found")
            return
        if mode == "html":
            body = b"<html><body>Please log in to the Wi-Fi</body></html>"
        if mode == "slow":
            time.sleep(0.3)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "stall":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            server.stalled.set()
            server.release.wait(timeout=30)
            self.close_connection = True
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.files, httpd.modes, httpd.requests = {}, {}, []
    httpd.stalled, httpd.release = threading.Event(), threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}/mnist/"
    yield httpd
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _data_files(cache: Path) -> list[str]:
    """The data files (by their final names) in the cache."""
    return sorted(p.name for p in cache.glob("*") if p.is_file()) if cache.exists() else []


def _everything(cache: Path) -> list[str]:
    return sorted(str(p.relative_to(cache)) for p in cache.rglob("*")) if cache.exists() else []


def _verified(cache: Path, checksums: dict) -> None:
    """Every file in the cache under a data file's name has the expected SHA-256."""
    for name in _data_files(cache):
        assert hashlib.sha256((cache / name).read_bytes()).hexdigest() == checksums[name], name


def _load(server, cache: Path, checksums: dict, **kwargs):
    return gdkit.load_idx_dataset("mnist", cache_dir=cache, mirrors=(server.url,),
                                  checksums=checksums, progress=False, **kwargs)  # fmt: skip


def _read_only(monkeypatch, cache: Path) -> None:
    """Make writes into ``cache`` fail as on a read-only file system."""
    if os.geteuid() != 0:
        cache.chmod(0o555)
        return

    def refuse(what):
        def call(*args, **kwargs):
            raise OSError(errno.EROFS, "Read-only file system", str(args[0] if args else cache))

        return call

    real_mkdtemp = mnist.tempfile.mkdtemp

    def mkdtemp(*args, dir=None, **kwargs):  # noqa: A002 - tempfile's name
        if dir is not None and Path(dir).resolve() == cache.resolve():
            raise OSError(errno.EROFS, "Read-only file system", str(dir))
        return real_mkdtemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(mnist.tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(mnist.os, "replace", refuse("replace"))
    monkeypatch.setattr(Path, "unlink", refuse("unlink"))


# --- interrupted downloads -------------------------------------------------------------------


@fault
def test_a_connection_cut_mid_download_leaves_no_data_file_and_says_what_to_do(server, tmp_path):
    published = publish(server)
    server.modes[TRAIN_IMAGES] = "stall"
    server.release.set()  # send half, then close the connection at once
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match=r"(?s)could not download.*directory="):
        _load(server, cache, published["checksums"])
    assert TRAIN_IMAGES not in _data_files(cache)
    assert _everything(cache) == [], "a failed download left something behind"


@fault
def test_a_process_killed_mid_download_leaves_no_data_file_and_the_next_load_works(
    server, tmp_path
):
    published = publish(server)
    server.modes[TRAIN_IMAGES] = "stall"
    cache = tmp_path / "cache"
    code = (
        f"import gdkit; gdkit.load_idx_dataset('mnist', cache_dir={str(cache)!r}, "
        f"mirrors=({server.url!r},), checksums={published['checksums']!r}, progress=False)"
    )
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ))
    try:
        assert server.stalled.wait(timeout=60), "the child never started the download"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        server.release.set()
    assert TRAIN_IMAGES not in _data_files(cache)
    _verified(cache, published["checksums"])

    server.modes.clear()
    X_train, *_ = _load(server, cache, published["checksums"])
    np.testing.assert_array_equal(
        X_train * 255, published["arrays"]["train_images"].reshape(20, -1)
    )
    assert _data_files(cache) == NAMES
    _verified(cache, published["checksums"])


# --- wrong content ----------------------------------------------------------------------------


@fault
def test_a_200_answer_with_an_html_page_is_rejected_by_its_checksum_and_nothing_is_saved(
    server, tmp_path
):
    published = publish(server)
    server.modes[TRAIN_IMAGES] = "html"
    cache = tmp_path / "cache"
    with pytest.raises(ChecksumError, match=r"(?s)expected SHA-256.*nothing was saved.*directory="):
        _load(server, cache, published["checksums"])
    assert TRAIN_IMAGES not in _data_files(cache)
    _verified(cache, published["checksums"])


@fault
def test_a_wrong_expected_checksum_rejects_the_download_and_names_the_url(server, tmp_path):
    published = publish(server)
    checksums = {**published["checksums"], TRAIN_IMAGES: "0" * 64}
    cache = tmp_path / "cache"
    with pytest.raises(ChecksumError, match=rf"(?s){'0' * 64}.*{server.url}"):
        _load(server, cache, checksums)
    assert TRAIN_IMAGES not in _data_files(cache)


@fault
@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda body: body[: len(body) // 2], id="truncated"),
        pytest.param(
            lambda body: body[:100] + bytes([body[100] ^ 0xFF]) + body[101:], id="one-flipped-byte"
        ),  # fmt: skip
        pytest.param(lambda body: b"", id="empty"),
    ],
)
def test_a_corrupted_cached_file_is_replaced_by_a_verified_download(server, tmp_path, damage):
    published = publish(server)
    cache = tmp_path / "cache"
    _load(server, cache, published["checksums"])
    target = cache / TRAIN_IMAGES
    target.write_bytes(damage(target.read_bytes()))
    X_train, *_ = _load(server, cache, published["checksums"])
    np.testing.assert_array_equal(
        X_train * 255, published["arrays"]["train_images"].reshape(20, -1)
    )
    _verified(cache, published["checksums"])
    assert server.requests.count(TRAIN_IMAGES) == 2


@fault
def test_a_corrupted_cached_file_without_download_is_removed_and_the_error_says_so(
    server, tmp_path
):
    published = publish(server)
    cache = tmp_path / "cache"
    _load(server, cache, published["checksums"])
    (cache / TRAIN_IMAGES).write_bytes(b"\x1f\x8b garbage")
    with pytest.raises(ChecksumError, match=r"(?s)download it again.*removed it from the cache"):
        _load(server, cache, published["checksums"], download=False)
    assert TRAIN_IMAGES not in _data_files(cache)
    _verified(cache, published["checksums"])


@fault
def test_a_damaged_file_in_the_users_own_directory_is_reported_and_left_alone(server, tmp_path):
    published = publish(server)
    mine = tmp_path / "mine"
    _load(server, mine, published["checksums"])  # fill a folder, then treat it as the user's
    (mine / TRAIN_IMAGES).write_bytes(b"not the file")
    with pytest.raises(ChecksumError, match="delete it and download it again"):
        gdkit.load_idx_dataset("mnist", directory=mine, cache_dir=tmp_path / "cache",
                               checksums=published["checksums"], download=False)  # fmt: skip
    assert (mine / TRAIN_IMAGES).read_bytes() == b"not the file"


@fault
def test_a_damaged_shipped_sample_raises_a_checksum_error_saying_reinstall(tmp_path, monkeypatch):
    damaged = tmp_path / "mnist_sample.npz"
    shutil.copyfile(mnist._sample_path(), damaged)
    with open(damaged, "r+b") as f:
        f.seek(1000)
        f.write(b"\x00" * 16)
    monkeypatch.setattr(mnist, "_sample_path", lambda: damaged)
    with pytest.raises(ChecksumError, match="reinstall gdkit"):
        gdkit.load_mnist_sample(100, 10)


# --- no network, no disk --------------------------------------------------------------------------


@fault
def test_no_server_at_all_raises_download_error_saying_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    import socket

    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match=r"(?s)internet connection.*directory="):
        gdkit.load_idx_dataset("mnist", cache_dir=cache, mirrors=(f"http://127.0.0.1:{port}/",),
                               progress=False)  # fmt: skip
    assert _data_files(cache) == []


@fault
def test_a_read_only_cache_with_verified_files_still_loads(server, tmp_path, monkeypatch):
    published = publish(server)
    cache = tmp_path / "cache"
    first = _load(server, cache, published["checksums"])
    _read_only(monkeypatch, cache)
    try:
        again = _load(server, cache, published["checksums"], download=False)
    finally:
        cache.chmod(0o755)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)


@fault
def test_a_read_only_cache_makes_the_download_fail_saying_which_folder_and_what_to_do(
    server, tmp_path, monkeypatch
):
    published = publish(server)
    cache = tmp_path / "cache"
    cache.mkdir()
    _read_only(monkeypatch, cache)
    expected = rf"(?s)cannot write to the cache folder {cache}.*cache_dir=.*GDKIT_DATA_DIR"
    try:
        with pytest.raises(DownloadError, match=expected):
            _load(server, cache, published["checksums"])
    finally:
        cache.chmod(0o755)
    assert _everything(cache) == []


@fault
def test_a_corrupted_file_in_a_read_only_cache_raises_a_checksum_error_saying_what_to_do(
    server, tmp_path, monkeypatch
):
    published = publish(server)
    cache = tmp_path / "cache"
    _load(server, cache, published["checksums"])
    (cache / TRAIN_IMAGES).write_bytes(b"damaged")
    _read_only(monkeypatch, cache)
    try:
        with pytest.raises(ChecksumError, match="could not remove it.*delete it yourself"):
            _load(server, cache, published["checksums"])
    finally:
        cache.chmod(0o755)


@fault
def test_a_stale_temporary_download_folder_is_removed_but_a_running_one_is_kept(server, tmp_path):
    published = publish(server)
    cache = tmp_path / "cache"
    stale, running = cache / ".download-killed", cache / ".download-running"
    for folder in (stale, running):
        folder.mkdir(parents=True)
        (folder / "partial").write_bytes(b"half a file")
    old = time.time() - mnist.STALE_DOWNLOAD_S - 60
    for path in (stale / "partial", stale):
        os.utime(path, (old, old))
    _load(server, cache, published["checksums"])
    assert not stale.exists() and (running / "partial").exists()
    _verified(cache, published["checksums"])


# --- two loaders at once ----------------------------------------------------------------------------


@fault
def test_two_processes_downloading_into_one_cache_at_once_both_get_the_verified_data(
    server, tmp_path
):
    published = publish(server)
    for name in NAMES:
        server.modes[name] = "slow"  # keep both downloads in flight together
    cache = tmp_path / "cache"
    out = [tmp_path / "a.npy", tmp_path / "b.npy"]
    code = (
        "import sys, numpy as np, gdkit\n"
        f"X, y, Xt, yt = gdkit.load_idx_dataset('mnist', cache_dir={str(cache)!r}, "
        f"mirrors=({server.url!r},), checksums={published['checksums']!r}, progress=False)\n"
        "np.save(sys.argv[1], np.concatenate([X.ravel(), y, Xt.ravel(), yt]))\n"
    )
    children = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=ROOT, env=dict(os.environ))
        for path in out
    ]
    for child in children:
        assert child.wait(timeout=120) == 0
    a, b = (np.load(path, allow_pickle=False) for path in out)
    np.testing.assert_array_equal(a, b)
    assert _everything(cache) == NAMES
    _verified(cache, published["checksums"])
