"""The whole workflow's config check, called once from the Snakefile before any job is planned: the JSON schema
field by field, then each study's cross-field rules."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from neuroai.bci.params import check_bci_config
from neuroai.bci.recordings.data_config import check_data_config
from neuroai.bci.sweeps import check_sweeps
from neuroai.common.config import check_schema
from neuroai.mentalsim.params import check_mentalsim_config


def validate(config: Mapping[str, Any], schema_path: str | os.PathLike) -> None:
    """Raise ConfigError naming the first invalid field; `schema_path` is the workflow's config.schema.yaml."""
    schema = yaml.safe_load(Path(schema_path).read_text())
    check_schema(config, schema)
    check_bci_config(config["bci"])
    check_sweeps(config, schema["properties"]["bci"])
    check_data_config(config["data"])
    check_mentalsim_config(config["mentalsim"])
