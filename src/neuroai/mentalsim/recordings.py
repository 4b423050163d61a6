"""Read and validate a reference population: the synthetic one, or a lab's own recordings.

Format (documented in README, section "Mental-Pong reference recordings"):

* a conditions Parquet file with the CONDITION_PARAMETERS schema: `condition` (int32, ids 0..C-1) and the task's free
  parameters `x0`, `y0`, `heading` (radians), `speed` (frame units per step), in the generator's 32-unit frame;
* a neural Parquet file with the NEURAL schema: one row per (`unit`, `condition`, `step`) with the trial-averaged
  rate and the two split-half averages (`rate`, `rate_half1`, `rate_half2`, any consistent unit), resampled to the
  generator's steps: `step` runs 0 .. t_end - 1 of its condition, every unit covers every condition.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from neuroai.common.tables import TableSchemaError, read_table
from neuroai.mentalsim import schemas
from neuroai.mentalsim.pong import describe, is_valid


class RecordingError(ValueError):
    """A reference-population file does not follow the documented format; the message names file and field."""


def _read(path: str | os.PathLike, schema) -> pd.DataFrame:
    if not os.path.exists(path):
        raise RecordingError(f"{path}: file not found")
    try:
        return read_table(path, schema)
    except TableSchemaError as err:
        raise RecordingError(str(err)) from err
    except (pa.ArrowException, OSError) as err:  # empty, truncated, or not Parquet (e.g. a CSV so named)
        raise RecordingError(f"{path}: not a readable Parquet file ({err})") from err


def _check_ranges(params: pd.DataFrame, path: str | os.PathLike, task: Mapping[str, Any]) -> None:
    """Start inside the arena (y0 between the walls), heading within [-pi, pi], positive speed."""
    size, r = task["frame_units"], task["ball_radius"]
    outside = {"x0": ~params["x0"].between(0.0, size), "y0": ~params["y0"].between(r, size - r),
               "heading": ~params["heading"].between(-np.pi, np.pi), "speed": params["speed"] <= 0}
    expected = {"x0": f"in [0, {size:g}]", "y0": f"in [{r:g}, {size - r:g}]", "heading": "in [-pi, pi]",
                "speed": "> 0"}
    for column, rows in outside.items():
        if rows.any():
            raise RecordingError(f"{path}: column '{column}': condition(s) {params.loc[rows, 'condition'].tolist()[:10]}"
                                 f" not {expected[column]}")


def read_conditions(path: str | os.PathLike, task: Mapping[str, Any]) -> pd.DataFrame:
    """Condition parameters from `path`, completed with derived columns (CONDITIONS schema) and validated."""
    params = _read(path, schemas.CONDITION_PARAMETERS)
    if params.empty:
        raise RecordingError(f"{path}: no conditions")
    if sorted(params["condition"]) != list(range(len(params))):
        raise RecordingError(f"{path}: column 'condition' must hold the ids 0..{len(params) - 1} once each")
    values = params[["x0", "y0", "heading", "speed"]].to_numpy()
    if not np.isfinite(values).all():
        raise RecordingError(f"{path}: non-finite value in x0/y0/heading/speed")
    _check_ranges(params, path, task)
    full = describe(params["x0"], params["y0"], params["heading"], params["speed"], task)
    full.insert(0, "condition", params["condition"].to_numpy())
    bad = full.loc[~is_valid(full, task), "condition"].tolist()
    if bad:
        raise RecordingError(f"{path}: condition(s) {bad[:10]} break the task limits in mentalsim.task "
                             "(epoch lengths or number of bounces)")
    return full.sort_values("condition").reset_index(drop=True)


def read_neural(path: str | os.PathLike, conditions: pd.DataFrame) -> pd.DataFrame:
    """Neural table from `path`, checked to cover every unit x condition x step exactly once."""
    neural = _read(path, schemas.NEURAL)
    rates = neural[["rate", "rate_half1", "rate_half2"]].to_numpy()
    if not np.isfinite(rates).all():
        raise RecordingError(f"{path}: non-finite value in rate/rate_half1/rate_half2")
    unknown = sorted(set(neural["condition"]) - set(conditions["condition"]))
    if unknown:
        raise RecordingError(f"{path}: column 'condition' has ids {unknown[:10]} absent from the conditions file")
    if neural["unit"].nunique() < 2:
        raise RecordingError(f"{path}: column 'unit': need at least 2 units")
    t_end = conditions.set_index("condition")["t_end"]
    expected_rows = int(t_end.sum()) * neural["unit"].nunique()
    limit = t_end.reindex(neural["condition"]).to_numpy()
    out_of_range = (neural["step"].to_numpy() < 0) | (neural["step"].to_numpy() >= limit)
    if out_of_range.any() or neural.duplicated(["unit", "condition", "step"]).any() or len(neural) != expected_rows:
        raise RecordingError(f"{path}: columns 'unit'/'condition'/'step' must list every unit x condition x step "
                             f"0..t_end-1 exactly once ({expected_rows} rows expected, {len(neural)} found)")
    return neural.sort_values(["unit", "condition", "step"]).reset_index(drop=True)
