"""Small side tables (behavioural events, ROI pairing) read from CSV or Parquet, with required columns checked."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa

from neuroai.bci.recordings.checks import REAL_KINDS
from neuroai.bci.recordings.errors import RecordingError

READERS = {".csv": pd.read_csv, ".parquet": pd.read_parquet}
READ_ERRORS = (ValueError, OSError, pa.ArrowException)  # pandas and pyarrow on a malformed, empty or mislabelled file


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise RecordingError(path, "<file>", "not found")
    if path.suffix not in READERS:
        raise RecordingError(path, "<file>", f"unknown table format '{path.suffix}'; expected .csv or .parquet")
    try:
        return READERS[path.suffix](path)
    except READ_ERRORS as err:
        raise RecordingError(path, "<file>", f"not a readable {path.suffix[1:]} table "
                                             f"({type(err).__name__}: {err})") from err


def read_side_table(path: str | os.PathLike, columns: dict[str, str]) -> pd.DataFrame:
    """Read a .csv or .parquet table; `columns` maps each required column to its kind ('number' or 'text')."""
    path = Path(path)
    table = _read(path)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise RecordingError(path, missing[0], f"missing column(s) {missing}; expected {list(columns)}")
    if table.empty:
        raise RecordingError(path, "<rows>", "no rows; expected at least one")
    for column, kind in columns.items():
        if kind == "number" and table[column].dtype.kind not in REAL_KINDS:
            raise RecordingError(path, column, f"expected numbers on every row, got dtype {table[column].dtype}")
    return table
