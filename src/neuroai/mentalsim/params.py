"""Cross-field checks of the `mentalsim` config section (the schema checks each field on its own)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neuroai.common.config import ConfigError

LATENT_CLASSES = ("latent_future", "no_dynamics")


def check_mentalsim_config(ms: Mapping[str, Any]) -> None:
    """Raise ConfigError naming the field when sections disagree."""
    task = ms["task"]
    if not 0 < task["occluder_start"] < task["frame_units"]:
        raise ConfigError("config field 'mentalsim.task.occluder_start': must lie inside (0, frame_units)")
    if task["pixels"] % 8:
        raise ConfigError("config field 'mentalsim.task.pixels': must be a multiple of 8 (three stride-2 convs)")
    for name in ("visible_steps", "occluded_steps", "start_x_range", "start_y_range"):
        lo, hi = task[name]
        if lo >= hi:
            raise ConfigError(f"config field 'mentalsim.task.{name}': lower bound must be below upper bound")
    if ms["conditions"]["n_bounce"] > ms["conditions"]["n"]:
        raise ConfigError("config field 'mentalsim.conditions.n_bounce': exceeds mentalsim.conditions.n")
    for name, model in ms["models"].items():
        if model["class"] in LATENT_CLASSES and model.get("encoder") not in ms["encoders"]:
            raise ConfigError(f"config field 'mentalsim.models.{name}.encoder': class {model['class']} needs an "
                              f"encoder named in mentalsim.encoders ({sorted(ms['encoders'])})")
    if ms["evaluation"]["folds"] > ms["conditions"]["n"]:
        raise ConfigError("config field 'mentalsim.evaluation.folds': more folds than conditions")
    ref = ms["reference"]
    if ref["source"] == "file" and not (ref.get("neural_path") and ref.get("conditions_path")):
        raise ConfigError("config field 'mentalsim.reference': source 'file' needs neural_path and conditions_path")
