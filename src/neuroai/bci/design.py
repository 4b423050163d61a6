"""The synthetic experiment's design: which mice exist, their names, and what each one's simulation depends on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from neuroai.bci.schemas import STUDY
from neuroai.common.seeding import rng


def mouse_name(index: int) -> str:
    """Name of the synthetic mouse `index` (0-based) in output paths and tables, e.g. 'mouse03'."""
    return f"mouse{index:02d}"


def mouse_index(name: str) -> int:
    """0-based index back from a synthetic mouse name."""
    return int(name.removeprefix("mouse"))


def synthetic_mice(conditions: Sequence[str], per_condition: int) -> list[tuple[str, str]]:
    """(condition, mouse) of every simulated mouse, conditions in config order."""
    return [(c, mouse_name(m)) for c in conditions for m in range(per_condition)]


def simulation_params(bci: Mapping[str, Any], calibrated: bool = False) -> dict[str, Any]:
    """What a simulated mouse depends on: everything but the analysis settings, the design's size and the
    calibration settings, so adding mice or conditions, or changing an analysis setting, leaves existing mice
    unchanged. `calibrated`: the learning rate comes from the calibration table (an input), so it is left out."""
    params = {k: v for k, v in bci.items() if k not in ("analysis", "conditions", "mice_per_condition", "calibration")}
    if calibrated:
        params["plasticity"] = {k: v for k, v in params["plasticity"].items() if k != "learning_rate"}
    return params


def mouse_stream(seed: int, condition: str, index: int, simulation: Mapping[str, Any]) -> np.random.Generator:
    """The random stream of one simulated mouse, keyed by (seed, study, condition, mouse, its parameters)."""
    return rng(seed, STUDY, condition, index, simulation)
