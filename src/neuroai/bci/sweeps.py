"""Parameter sweeps over the BCI model: expand a `sweeps:` entry into points and check them (run: sweep_point).

A point's name lists its parameter values (`inhibition_strength~0.5`), and its random streams are keyed by the
point's full parameter set, so a point's result never depends on which other points exist. A name longer than
MAX_NAME_BYTES (many parameters) keeps a readable prefix and ends in a hash of the full name; the full parameter
set is always in the summary table's `parameters` column.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import jsonschema
import numpy as np

from neuroai.bci.params import check_bci_config, simulation_cost
from neuroai.common.config import ConfigError, Cost, check_costs, field_name, get_field, set_field

SEPARATOR = "~"
MAX_NAME_BYTES = 100   # well below the 255-byte file-name limit, with room for the sweep folder and extension
HASH_CHARS = 12
# The SD-residual and decoder settings of `bci.analysis`: a sweep point never computes them.
PAPER_METHOD_SETTINGS = ("coincidence_window_s", "event_smoothing_s", "event_threshold_sn", "event_decay_s",
                         "sd_min_events", "decoder_window_s", "decoder_shuffles", "decoder_folds", "decoder_c",
                         "decoder_min_trials", "network_decoder_shuffles", "network_decoder_block_s")
# BCI parameters a sweep point cannot change: what its summary row is computed from ignores them.
NO_EFFECT = {
    "conditions": "every point runs the sweep's own `conditions`",
    "analysis.early_fraction": "a point's summary uses no learning phases",
    "analysis.peri_window_s": "a point's summary uses no peri-event traces",
    **{f"analysis.{name}": "a point's summary uses neither the SD residual nor the decoders"
       for name in PAPER_METHOD_SETTINGS},
}


def values(spec: Sequence | Mapping) -> list:
    """A parameter's values: a list as given, or a range {start, stop, num} (inclusive, evenly spaced)."""
    if isinstance(spec, Mapping):
        return [float(v) for v in np.round(np.linspace(spec["start"], spec["stop"], int(spec["num"])), 10)]
    return list(spec)


def n_values(spec: Sequence | Mapping) -> int:
    """How many values a parameter has, without listing them."""
    return int(spec["num"]) if isinstance(spec, Mapping) else len(spec)


def point_count(sweep: Mapping[str, Any]) -> int:
    """Points of a sweep's grid (the product of its value counts), without expanding it."""
    return math.prod(n_values(spec) for spec in sweep["parameters"].values())


def points(sweep: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Cartesian grid of the sweep's parameters, one dict per point, in a stable order."""
    names = sorted(sweep["parameters"])
    return [dict(zip(names, combo)) for combo in itertools.product(*(values(sweep["parameters"][n]) for n in names))]


def point_name(point: Mapping[str, Any]) -> str:
    """Readable, stable directory name of a point, e.g. `group_sizes~4_inhibition_strength~0.5`; over
    MAX_NAME_BYTES, its first bytes and a hash of the whole name."""
    full = "_".join(f"{name}{SEPARATOR}{value}" for name, value in sorted(point.items()))
    if len(full.encode()) <= MAX_NAME_BYTES:
        return full
    digest = hashlib.sha256(full.encode()).hexdigest()[:HASH_CHARS]
    return f"{full.encode()[:MAX_NAME_BYTES - HASH_CHARS - 1].decode(errors='ignore')}-{digest}"


def point_config(bci: Mapping[str, Any], sweep: Mapping[str, Any], point: Mapping[str, Any]) -> dict[str, Any]:
    """The full BCI parameters of one point: defaults, then the sweep's `overrides`, then the point's values.
    A scalar given for a list-valued parameter (e.g. `group_sizes: 4`) means a list of that one value."""
    config = copy.deepcopy(dict(bci))
    for dotted, value in {**_flatten(sweep.get("overrides", {})), **point}.items():
        set_field(config, dotted, [value] if isinstance(get_field(bci, dotted), list) and not isinstance(value, list)
             else value)
    config["conditions"] = list(sweep["conditions"])
    return config


def point_params(bci: Mapping[str, Any], sweep: Mapping[str, Any], point: Mapping[str, Any],
                 calibrated: bool = False) -> dict[str, Any]:
    """What a point's result depends on (its rule's params): `point_config` without the analysis settings a point
    never reads, so changing them in the main config reruns no sweep point, and without the calibration settings
    (`calibrated`: nor the learning rate, which the calibration table, an input, then gives)."""
    config = point_config(bci, sweep, point)
    config["analysis"] = {k: v for k, v in config["analysis"].items() if k not in PAPER_METHOD_SETTINGS}
    config.pop("calibration")
    if calibrated:
        config["plasticity"] = {k: v for k, v in config["plasticity"].items() if k != "learning_rate"}
    return config


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat = {}
    for key, value in tree.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _check_names(sweeps: Sequence[Mapping[str, Any]]) -> None:
    """Every sweep names its own folder: names must differ, also in case (case-insensitive file systems)."""
    seen: dict[str, int] = {}
    for i, sweep in enumerate(sweeps):
        key = sweep["name"].casefold()
        if key in seen:
            raise ConfigError(f"config field 'sweeps[{i}].name': '{sweep['name']}' is already the name of "
                              f"sweeps[{seen[key]}]; each sweep needs its own name (its folder "
                              "results/bci/sweeps/<name>/)")
        seen[key] = i


def _check_parameters(where: str, sweep: Mapping[str, Any], bci: Mapping[str, Any]) -> None:
    """Known BCI parameters that a point can change, each with distinct values (`where`: `sweeps[i]`)."""
    named = f"(sweep '{sweep['name']}')"
    swept, overridden = list(sweep["parameters"]), list(_flatten(sweep.get("overrides", {})))
    for kind, dotted in [*(("parameters", d) for d in swept), *(("overrides", d) for d in overridden)]:
        try:
            get_field(bci, dotted)
        except (KeyError, TypeError):
            raise ConfigError(f"config field '{where}.{kind}.{dotted}' {named}: unknown BCI parameter "
                              f"'{dotted}'") from None
        if dotted in NO_EFFECT or dotted.split(".")[0] in NO_EFFECT:
            raise ConfigError(f"config field '{where}.{kind}.{dotted}' {named}: has no effect in a sweep "
                              f"({NO_EFFECT.get(dotted, NO_EFFECT.get(dotted.split('.')[0]))})")
    for dotted, spec in sweep["parameters"].items():
        listed = values(spec)
        if not listed:
            raise ConfigError(f"config field '{where}.parameters.{dotted}' {named}: no values to sweep")
        if len({float(v) for v in listed}) < len(listed):
            raise ConfigError(f"config field '{where}.parameters.{dotted}' {named}: values repeat ({listed}); each "
                              "point would run twice under one name")


def _check_points(where: str, sweep: Mapping[str, Any], bci: Mapping[str, Any],
                  validator: jsonschema.protocols.Validator) -> list[dict[str, Any]]:
    """Every point's full BCI parameters against the `bci` schema and cross-field rules; returns them."""
    configs, label = [], f"'{where}' (sweep '{sweep['name']}')"
    for point in points(sweep):
        candidate = point_config(bci, sweep, point)
        error = jsonschema.exceptions.best_match(validator.iter_errors(candidate))
        if error is not None:
            raise ConfigError(f"config field {label}, point {point_name(point)}: "
                              f"bci.{field_name(error.absolute_path)}: {error.message}")
        try:
            check_bci_config(candidate)
        except ConfigError as err:
            raise ConfigError(f"config field {label}, point {point_name(point)}: {err}") from None
        configs.append(candidate)
    return configs


def check_sweeps(config: Mapping[str, Any], bci_schema: Mapping[str, Any], limits: Mapping[str, float]) -> None:
    """Reject repeated sweep names, unknown or ineffective parameters, empty or repeated value lists, more points
    than limits.sweep_points (counted before any grid is expanded), out-of-range points (against `bci_schema`,
    the schema of the `bci:` section) and a total cost above limits.sweep_neuron_frames, naming the sweep and
    parameter."""
    bci, sweeps = config["bci"], config.get("sweeps", [])
    _check_names(sweeps)
    wheres = [f"sweeps[{i}]" for i in range(len(sweeps))]
    for where, sweep in zip(wheres, sweeps):
        _check_parameters(where, sweep, bci)
    counts = [point_count(sweep) for sweep in sweeps]
    check_costs([Cost("sweep_points", sum(counts), "sweep points", " + ".join(
        f"sweeps[{i}].parameters ({n:g} points, the product of its value counts)" for i, n in enumerate(counts)))],
        limits)
    validator = jsonschema.Draft202012Validator(bci_schema)
    frames = [sum(simulation_cost(c).value for c in _check_points(where, sweep, bci, validator))
              for where, sweep in zip(wheres, sweeps)]
    check_costs([Cost("sweep_neuron_frames", sum(frames), "neuron-frames simulated", " + ".join(
        f"sweeps[{i}] ({f:.3g} over {n} points of len(conditions) x mice_per_condition x sessions x n_neurons x "
        "frames per session, after its overrides)" for i, (f, n) in enumerate(zip(frames, counts))))], limits)
