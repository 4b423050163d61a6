"""The whole workflow's config check, called once from the Snakefile before any job is planned: plain finite data,
the JSON schema field by field (no unknown key, every section present, every size bounded), each study's
cross-field rules, then each study's estimated cost against the `limits:` section."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from neuroai.bci.params import check_bci_config, check_calibration, simulation_cost
from neuroai.bci.recordings.data_config import check_data_config
from neuroai.bci.sweeps import check_sweeps
from neuroai.common.config import check_costs, check_plain_data, check_schema
from neuroai.gridcells.params import check_gridcells_config, gridcells_costs
from neuroai.mentalsim.params import check_mentalsim_config, mentalsim_costs


def validate(config: Mapping[str, Any], schema_path: str | os.PathLike) -> None:
    """Raise ConfigError naming the first invalid field; `schema_path` is the workflow's config.schema.yaml."""
    schema = yaml.load(Path(schema_path).read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    check_plain_data(config)
    check_schema(config, schema)
    limits = config["limits"]
    check_bci_config(config["bci"])
    check_calibration(config["bci"])
    check_data_config(config["data"], config["bci"]["conditions"])
    check_gridcells_config(config["gridcells"])
    check_mentalsim_config(config["mentalsim"])
    simulated = [simulation_cost(config["bci"])] if config["data"]["source"] == "synthetic" else []
    check_costs([*simulated, *gridcells_costs(config["gridcells"]), *mentalsim_costs(config["mentalsim"])], limits)
    check_sweeps(config, schema["properties"]["bci"], limits)
