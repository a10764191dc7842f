"""Downloading IDX files with pooch, against a local HTTP server on 127.0.0.1.

The server is started by the tests and serves IDX files the tests generate; no
test talks to the internet.  Every failure must leave nothing behind in the cache.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import threading
from pathlib import Path

import numpy as np
import pytest
from idx_files import publish

import gdkit
from gdkit.mnist import FILE_STEMS, ChecksumError, DownloadError, IDXFormatError

pytestmark = pytest.mark.network

TRAIN_IMAGES = f"{FILE_STEMS['train_images']}.gz"


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``server.files[name]``; ``server.modes[name]`` can be "404" or "truncate".

    Every path under ``/gone/`` answers 404 (a dead mirror).
    """

    def do_GET(self):  # noqa: N802 (http.server's naming)
        name = self.path.rsplit("/", 1)[-1]
        self.server.requests.append(name)
        body = self.server.files.get(name)
        mode = self.server.modes.get(name, "ok")
        if body is None or mode == "404" or self.path.startswith("/gone/"):
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "truncate":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
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
    httpd.files, httpd.modes, httpd.requests = {}, {}, []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}/mnist/"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _files(folder: Path) -> list[str]:
    """Every file and folder under ``folder`` (hidden temporary ones included)."""
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def _load(server, cache: Path, checksums: dict, **kwargs):
    return gdkit.load_idx_dataset(
        "mnist",
        cache_dir=cache,
        mirrors=(server.url,),
        checksums=checksums,
        progress=False,
        **kwargs,
    )


def test_download_fills_the_cache_and_later_loads_need_no_server(server, tmp_path):
    published = publish(server)
    cache = tmp_path / "cache"
    X_train, y_train, X_test, y_test = _load(server, cache, published["checksums"])
    images = published["arrays"]["train_images"]
    np.testing.assert_array_equal(X_train * 255, images.reshape(20, -1))
    np.testing.assert_array_equal(y_test, published["arrays"]["test_labels"])
    assert _files(cache) == sorted(f"{stem}.gz" for stem in FILE_STEMS.values())
    assert len(server.requests) == 4

    server.files.clear()  # the server now answers 404 to everything
    again = _load(server, cache, published["checksums"], download=False)
    np.testing.assert_array_equal(again[0], X_train)
    assert len(server.requests) == 4


def test_a_404_raises_download_error_saying_what_to_do_and_leaves_nothing(server, tmp_path):
    published = publish(server)
    server.modes[TRAIN_IMAGES] = "404"
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match=r"(?s)404.*directory="):
        _load(server, cache, published["checksums"])
    assert _files(cache) == []


def test_a_truncated_response_raises_download_error_and_leaves_nothing(server, tmp_path):
    published = publish(server)
    server.modes[TRAIN_IMAGES] = "truncate"
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match="could not download"):
        _load(server, cache, published["checksums"])
    assert _files(cache) == []


def test_a_download_with_the_wrong_checksum_is_rejected_and_leaves_nothing(server, tmp_path):
    published = publish(server)
    server.files[TRAIN_IMAGES] = gzip.compress(b"\x00\x00\x08\x01\x00\x00\x00\x01\x07", mtime=0)
    cache = tmp_path / "cache"
    with pytest.raises(ChecksumError, match=r"(?s)expected SHA-256.*nothing was saved"):
        _load(server, cache, published["checksums"])
    assert _files(cache) == []


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda raw: b"\x08\x03" + raw[2:], "magic number"),
        (lambda raw: raw[:-50], "truncated"),
    ],
)
def test_a_download_that_is_not_valid_idx_is_rejected_and_leaves_nothing(
    server, tmp_path, damage, message
):
    published = publish(server)
    body = gzip.compress(damage(gzip.decompress(server.files[TRAIN_IMAGES])), mtime=0)
    server.files[TRAIN_IMAGES] = body
    checksums = {**published["checksums"], TRAIN_IMAGES: hashlib.sha256(body).hexdigest()}
    cache = tmp_path / "cache"
    with pytest.raises(IDXFormatError, match=message):
        _load(server, cache, checksums)
    assert _files(cache) == []


def test_a_failing_mirror_falls_back_to_the_next(server, tmp_path):
    published = publish(server)
    dead = server.url.replace("/mnist/", "/gone/")
    out = gdkit.load_idx_dataset(
        "mnist",
        cache_dir=tmp_path / "cache",
        mirrors=(dead, server.url),
        checksums=published["checksums"],
        progress=False,
    )
    assert out[0].shape == (20, 784)


def test_a_damaged_cached_file_is_downloaded_again(server, tmp_path):
    published = publish(server)
    cache = tmp_path / "cache"
    _load(server, cache, published["checksums"])
    (cache / TRAIN_IMAGES).write_bytes(b"garbage")
    out = _load(server, cache, published["checksums"])
    assert out[0].shape == (20, 784)
    assert server.requests.count(TRAIN_IMAGES) == 2
    assert (
        hashlib.sha256((cache / TRAIN_IMAGES).read_bytes()).hexdigest()
        == published["checksums"][TRAIN_IMAGES]
    )
