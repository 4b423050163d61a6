"""Config errors that name the failing field, and the JSON-schema check; knows no study (see neuroai.config)."""

from __future__ import annotations

from collections.abc import Mapping
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


def check_schema(config: Any, schema: Mapping[str, Any], prefix: str = "") -> None:
    """Raise ConfigError naming the first field (sorted by path) that violates `schema`."""
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(config), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        raise ConfigError(f"config field '{prefix}{field_name(err.absolute_path)}': {err.message}")
