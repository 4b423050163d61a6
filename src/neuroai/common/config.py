"""Config loading and validation against the JSON schema shipped beside config.yaml."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[3]
SCHEMA_PATH = PROJECT_ROOT / "config.schema.yaml"


class ConfigError(ValueError):
    """The config does not satisfy the schema or a cross-field rule; the message names the field."""


def field_name(path: Any) -> str:
    """Dotted name of a field from a jsonschema error path, e.g. `bci.n_neurons` or `sweeps[0].values`."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "<top level>"


def validate(config: Mapping[str, Any], schema_path: str | os.PathLike = SCHEMA_PATH) -> None:
    """Raise ConfigError naming the first invalid field (schema errors, then cross-field rules)."""
    schema = yaml.safe_load(Path(schema_path).read_text())
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(config), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        raise ConfigError(f"config field '{field_name(err.absolute_path)}': {err.message}")
    from neuroai.bci.params import check_bci_config
    from neuroai.bci.sweeps import check_sweeps

    check_bci_config(config["bci"])
    check_sweeps(config)


def load(path: str | os.PathLike) -> dict[str, Any]:
    """Read a YAML config file and validate it."""
    config = yaml.safe_load(Path(path).read_text())
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: expected a YAML mapping at the top level")
    validate(config)
    return config
