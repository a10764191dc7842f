"""Small MNIST-shaped IDX files for the download tests (shared by their local HTTP servers)."""

from __future__ import annotations

import gzip
import hashlib

import numpy as np

from gdkit.mnist import FILE_STEMS


def publish(server, seed: int = 0) -> dict:
    """Generate a small MNIST-shaped set, put it in ``server.files``, return arrays and checksums."""
    rng = np.random.default_rng(seed)
    arrays = {
        "train_images": rng.integers(0, 256, size=(20, 28, 28), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, size=20, dtype=np.uint8),
        "test_images": rng.integers(0, 256, size=(5, 28, 28), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, size=5, dtype=np.uint8),
    }
    checksums = {}
    for role, stem in FILE_STEMS.items():
        a = arrays[role]
        raw = bytes([0, 0, 8, a.ndim]) + np.array(a.shape, dtype=">u4").tobytes() + a.tobytes()
        body = gzip.compress(raw, mtime=0)
        server.files[f"{stem}.gz"] = body
        checksums[f"{stem}.gz"] = hashlib.sha256(body).hexdigest()
    return {"arrays": arrays, "checksums": checksums}
