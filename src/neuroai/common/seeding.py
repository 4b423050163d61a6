"""Deterministic random streams keyed by what a draw is for, never by execution order.

Every generator comes from a `numpy.random.SeedSequence` whose entropy is the global seed followed by a
stable hash of each key (study, condition, subject, parameters ...). The same keys give the same stream
whatever the core count, executor or the other jobs in the DAG.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np


def _key_words(key: Any) -> list[int]:
    """Hash one key (any JSON-able value) to four stable 32-bit words."""
    text = json.dumps(key, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(text.encode()).digest()
    return [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)]


def seed_sequence(global_seed: int, *keys: Any) -> np.random.SeedSequence:
    """SeedSequence for (global_seed, *keys); keys may be strings, numbers or dicts of parameters."""
    if not isinstance(global_seed, (int, np.integer)) or global_seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {global_seed!r}")
    entropy = [int(global_seed)] + [w for key in keys for w in _key_words(key)]
    return np.random.SeedSequence(entropy)


def rng(global_seed: int, *keys: Any) -> np.random.Generator:
    """A PCG64 generator for (global_seed, *keys)."""
    return np.random.default_rng(seed_sequence(global_seed, *keys))


def int_seed(global_seed: int, *keys: Any, bits: int = 62) -> int:
    """An integer seed below 2**bits for libraries that take one (torch), drawn from the keyed stream."""
    return int(rng(global_seed, *keys).integers(2**bits))
