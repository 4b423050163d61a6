"""Shared fixtures: the project's default config and small variants of it."""

import copy
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def default_config() -> dict:
    return yaml.safe_load((ROOT / "config.yaml").read_text())


@pytest.fixture(scope="session")
def small_bci(default_config) -> dict:
    """The default BCI parameters, shrunk to run in about a second (shared: copy before changing it)."""
    bci = copy.deepcopy(default_config["bci"])
    bci.update(sessions=2, trials_per_session=6, n_neurons=24)
    bci["task"]["baseline_s"] = 60.0
    bci["analysis"]["residual_pcs"] = 4
    return bci
