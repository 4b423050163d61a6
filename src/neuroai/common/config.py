"""Config errors that name the failing field, the generic checks every config passes (plain data, finite numbers,
the JSON schema) and cost estimates checked against the `limits:` section; knows no study (see neuroai.config)."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jsonschema


class ConfigError(ValueError):
    """The config does not satisfy the schema or a cross-field rule; the message names the field."""


def field_name(path: Any) -> str:
    """Dotted name of a field from a jsonschema error path, e.g. `bci.n_neurons` or `sweeps[0].values`."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "<top level>"


def get_field(tree: Mapping[str, Any], dotted: str) -> Any:
    """The value at a dotted path such as `task.baseline_s`; KeyError if absent."""
    for key in dotted.split("."):
        tree = tree[key]
    return tree


def set_field(tree: dict[str, Any], dotted: str, value: Any) -> None:
    """Set the value at a dotted path whose parents exist."""
    *parents, last = dotted.split(".")
    for key in parents:
        tree = tree[key]
    tree[last] = value


def _nodes(tree: Any, path: tuple = (), ancestors: tuple[int, ...] = ()) -> Iterator[tuple[tuple, Any]]:
    """(path, value) of every node of a config tree, depth first; ConfigError on a node that contains itself
    (a YAML alias of its own anchor), which no check could ever finish walking."""
    if isinstance(tree, (Mapping, list)):
        if id(tree) in ancestors:
            raise ConfigError(f"config field '{field_name(path)}': contains itself (a YAML alias inside its own "
                              "anchor)")
        ancestors = (*ancestors, id(tree))
    yield path, tree
    children = tree.items() if isinstance(tree, Mapping) else enumerate(tree) if isinstance(tree, list) else ()
    for key, value in children:
        yield from _nodes(value, (*path, key), ancestors)


def check_plain_data(config: Any) -> None:
    """Refuse what JSON-schema bounds let through: NaN or infinite numbers (`.nan`, `.inf`: every comparison with
    NaN is false, so `minimum`/`maximum` accept it) and mapping keys that are not strings (`1:` or `yes:` in YAML)."""
    for path, value in _nodes(config):
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"config field '{field_name(path)}': {value} is not a finite number (NaN and "
                              "infinity are refused everywhere in the config)")
        if isinstance(value, Mapping):
            for key in value:
                if not isinstance(key, str):
                    raise ConfigError(f"config field '{field_name(path)}': key {key!r} is not a string (quote it "
                                      "in the YAML file)")


def _unknown_keys(err: jsonschema.ValidationError) -> list[str]:
    """The keys an `additionalProperties: false` error is about."""
    known = set(err.schema.get("properties", {}))
    return sorted(k for k in err.instance if k not in known)


def error_message(err: jsonschema.ValidationError, prefix: str = "") -> str:
    """One schema violation as `config field '<dotted name>': ...`; an unknown key or a bad name is the field."""
    where = f"{prefix}{field_name(err.absolute_path)}"
    if err.validator == "additionalProperties" and err.schema.get("additionalProperties") is False:
        key = _unknown_keys(err)[0]
        known = sorted(err.schema.get("properties", {}))
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        name = f"{where}.{key}" if err.absolute_path or prefix else key
        return f"config field '{name}': unknown key{hint} (known keys here: {', '.join(known)})"
    if "propertyNames" in err.schema_path:
        name = f"{where}.{err.instance}" if err.absolute_path or prefix else str(err.instance)
        return (f"config field '{name}': {err.instance!r} is not an allowed name here ({err.message}); names "
                "become output paths or dotted field names, so they hold letters, digits and _ and start with a "
                "letter")
    return f"config field '{where}': {err.message}"


def check_schema(config: Any, schema: Mapping[str, Any], prefix: str = "") -> None:
    """Raise ConfigError naming the first field (sorted by path) that violates `schema`."""
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(config), key=lambda e: list(e.path))
    if errors:
        raise ConfigError(error_message(errors[0], prefix))


@dataclass(frozen=True)
class Cost:
    """A study's estimated work, `value` in `unit`, checked against `limits.<limit>`; `detail` says how it is
    computed from which config fields, so the message tells what to shrink."""

    limit: str
    value: float
    unit: str
    detail: str


def product_cost(limit: str, unit: str, factors: Sequence[tuple[str, float]]) -> Cost:
    """A cost that is the product of named factors, e.g. [('bci.sessions', 14), ('bci.n_neurons', 60)]."""
    return Cost(limit, math.prod(float(v) for _, v in factors), unit,
                " x ".join(f"{name} {value:g}" for name, value in factors))


def check_costs(costs: Sequence[Cost], limits: Mapping[str, float]) -> None:
    """Raise ConfigError for the first cost above its limit, naming the fields it comes from, the estimate, the
    limit and how to raise it."""
    for cost in costs:
        ceiling = limits[cost.limit]
        if cost.value > ceiling:
            raise ConfigError(
                f"config fields {cost.detail}: estimated {cost.value:.3g} {cost.unit}, above "
                f"limits.{cost.limit} = {ceiling:.3g}; make those fields smaller or, if this machine can afford "
                f"it, raise limits.{cost.limit} in your config file")
