"""Parameter sweeps over the BCI model: expand a `sweeps:` entry into points and check them (run: sweep_point).

A point's name lists its parameter values (`inhibition_strength~0.5`), and its random streams are keyed by the
point's full parameter set, so a point's result never depends on which other points exist.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import jsonschema
import numpy as np

from neuroai.bci.params import check_bci_config
from neuroai.common.config import ConfigError, field_name, get_field, set_field

SEPARATOR = "~"


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
        set_field(config, dotted, [value] if isinstance(get_field(bci, dotted), list) and not isinstance(value, list)
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


def check_sweeps(config: Mapping[str, Any], bci_schema: Mapping[str, Any]) -> None:
    """Reject unknown parameters, empty value lists and out-of-range values (against `bci_schema`, the schema of
    the `bci:` section), naming the sweep and parameter."""
    bci = config["bci"]
    for i, sweep in enumerate(config.get("sweeps", [])):
        where = f"sweeps[{i}] ({sweep['name']})"
        for dotted in [*sweep["parameters"], *_flatten(sweep.get("overrides", {}))]:
            try:
                get_field(bci, dotted)
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
