"""Deterministic PyTorch and atomic model files, for the studies that train networks."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import torch

from neuroai.common.atomic import atomic_path


def deterministic_torch(threads: int, seed: int | None = None) -> torch.Generator:
    """Fixed thread count and deterministic kernels; with `seed`, seed torch's global initialisation too.
    Returns a generator for batch sampling, seeded with `seed` when given."""
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    if seed is None:
        return torch.Generator()
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def save_state(path: str | os.PathLike, state: Mapping[str, Any]) -> None:
    """Write a state dict atomically."""
    with atomic_path(path) as tmp:
        torch.save(dict(state), tmp)


def load_state(path: str | os.PathLike) -> dict[str, Any]:
    """Read a state dict written by `save_state` with torch's weights-only loader: tensors and plain containers only,
    never arbitrary objects."""
    return torch.load(path, weights_only=True)
