"""Parameter sweeps over the BCI model: expand a `sweeps:` entry into points, check them, run one point.

A point's name lists its parameter values (`inhibition_strength~0.5`), and its random streams are keyed by the
point's full parameter set, so a point's result never depends on which other points exist.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Mapping, Sequence
from typing import Any

import jsonschema
import numpy as np
import pandas as pd
import yaml

from neuroai.bci import stats
from neuroai.bci.analysis import analyse_mouse
from neuroai.bci.recording import as_frames, recording_tables
from neuroai.bci.simulate import simulate_mouse, simulation_params
from neuroai.common.config import SCHEMA_PATH, ConfigError, field_name
from neuroai.common.seeding import rng

SEPARATOR = "~"


def _get(tree: Mapping[str, Any], dotted: str) -> Any:
    for key in dotted.split("."):
        tree = tree[key]
    return tree


def _set(tree: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for key in parents:
        tree = tree[key]
    tree[last] = value


def values(spec: Sequence | Mapping) -> list:
    """A parameter's values: a list as given, or a range {start, stop, num} (inclusive, evenly spaced)."""
    if isinstance(spec, Mapping):
        return [float(v) for v in np.round(np.linspace(spec["start"], spec["stop"], int(spec["num"])), 10)]
    return list(spec)


def points(sweep: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Cartesian grid of the sweep's parameters, one dict per point, in a stable order."""
    names = sorted(sweep["parameters"])
    return [dict(zip(names, combo)) for combo in itertools.product(*(values(sweep["parameters"][n]) for n in names))]


def point_name(point: Mapping[str, Any]) -> str:
    """Readable, stable directory name of a point, e.g. `group_sizes~4_inhibition_strength~0.5`."""
    return "_".join(f"{name}{SEPARATOR}{value}" for name, value in sorted(point.items()))


def point_config(bci: Mapping[str, Any], sweep: Mapping[str, Any], point: Mapping[str, Any]) -> dict[str, Any]:
    """The full BCI parameters of one point: defaults, then the sweep's `overrides`, then the point's values.
    A scalar given for a list-valued parameter (e.g. `group_sizes: 4`) means a list of that one value."""
    config = copy.deepcopy(dict(bci))
    for dotted, value in {**_flatten(sweep.get("overrides", {})), **point}.items():
        _set(config, dotted, [value] if isinstance(_get(bci, dotted), list) and not isinstance(value, list)
             else value)
    config["conditions"] = list(sweep["conditions"])
    return config


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat = {}
    for key, value in tree.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def check_sweeps(config: Mapping[str, Any]) -> None:
    """Reject unknown parameters, empty value lists and out-of-range values, naming the sweep and parameter."""
    from neuroai.bci.params import check_bci_config

    bci_schema = yaml.safe_load(SCHEMA_PATH.read_text())["properties"]["bci"]
    bci = config["bci"]
    for i, sweep in enumerate(config.get("sweeps", [])):
        where = f"sweeps[{i}] ({sweep['name']})"
        for dotted in [*sweep["parameters"], *_flatten(sweep.get("overrides", {}))]:
            try:
                _get(bci, dotted)
            except (KeyError, TypeError):
                raise ConfigError(f"config field '{where}': unknown BCI parameter '{dotted}'") from None
        for dotted, spec in sweep["parameters"].items():
            if not values(spec):
                raise ConfigError(f"config field '{where}.parameters.{dotted}': no values to sweep")
        for point in points(sweep):
            candidate = point_config(bci, sweep, point)
            error = jsonschema.exceptions.best_match(
                jsonschema.Draft202012Validator(bci_schema).iter_errors(candidate))
            if error is not None:
                raise ConfigError(f"config field '{where}', point {point_name(point)}: "
                                  f"bci.{field_name(error.absolute_path)}: {error.message}")
            try:
                check_bci_config(candidate)
            except ConfigError as err:
                raise ConfigError(f"config field '{where}', point {point_name(point)}: {err}") from None


def run_point(seed: int, bci: Mapping[str, Any], point: Mapping[str, Any], sweep_name: str) -> pd.DataFrame:
    """Simulate and analyse every condition and mouse of one point; one summary row per condition."""
    behaviour, neurons = [], []
    for condition in bci["conditions"]:
        for m in range(bci["mice_per_condition"]):
            stream = rng(seed, "bci", condition, m, simulation_params(bci))
            recording = recording_tables(simulate_mouse(bci, condition, stream), bci["frame_rate_hz"])
            tables = analyse_mouse(as_frames(recording), bci["analysis"], condition, f"mouse{m:02d}")
            behaviour.append(tables["behaviour"])
            neurons.append(tables["neuron_sessions"])
    slopes = stats.learning_slopes(pd.concat(behaviour)).set_index("condition")
    contrasts = stats.role_contrasts(pd.concat(neurons)).query("measure == 'reward'").set_index("condition")
    names = sorted(point)
    axes = {"x_param": names[0], "x_value": float(point[names[0]]),
            "y_param": names[1] if len(names) > 1 else None,
            "y_value": float(point[names[1]]) if len(names) > 1 else np.nan}
    rows = []
    for condition in bci["conditions"]:
        s, c = slopes.loc[condition], contrasts.loc[condition] if condition in contrasts.index else None
        rows.append({"sweep": sweep_name, "point": point_name(point), "parameters": json.dumps(point, sort_keys=True),
                     **axes, "condition": condition, "n_target_neurons": 2 * int(np.mean(bci["group_sizes"])),
                     "slope": s["estimate"], "slope_ci_low": s["ci_low"], "slope_ci_high": s["ci_high"],
                     "slope_p": s["p_value"],
                     "reward_contrast": np.nan if c is None else c["estimate"],
                     "reward_contrast_ci_low": np.nan if c is None else c["ci_low"],
                     "reward_contrast_ci_high": np.nan if c is None else c["ci_high"]})
    return pd.DataFrame(rows)
