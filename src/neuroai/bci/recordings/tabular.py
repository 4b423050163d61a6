"""Small side tables (behavioural events, ROI pairing) read from CSV or Parquet, with required columns checked."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from neuroai.bci.recordings.errors import RecordingError


def read_side_table(path: str | os.PathLike, columns: dict[str, str]) -> pd.DataFrame:
    """Read a .csv or .parquet table; `columns` maps each required column to its kind ('number' or 'text')."""
    path = Path(path)
    if not path.is_file():
        raise RecordingError(path, "<file>", "not found")
    if path.suffix == ".csv":
        table = pd.read_csv(path)
    elif path.suffix == ".parquet":
        table = pd.read_parquet(path)
    else:
        raise RecordingError(path, "<file>", f"unknown table format '{path.suffix}'; expected .csv or .parquet")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise RecordingError(path, missing[0], f"missing column(s) {missing}; expected {list(columns)}")
    for column, kind in columns.items():
        if kind == "number" and not pd.api.types.is_numeric_dtype(table[column]):
            raise RecordingError(path, column, f"expected numbers, got {table[column].dtype}")
    return table
