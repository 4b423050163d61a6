"""Parquet tables with explicit pyarrow schemas, checked on write and on read."""

from __future__ import annotations

import os
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from neuroai.common.atomic import atomic_path


class TableSchemaError(ValueError):
    """A table's columns or types differ from its declared schema."""


def _check(table: pa.Schema, schema: pa.Schema, where: str) -> None:
    missing = [f.name for f in schema if f.name not in table.names]
    if missing:
        raise TableSchemaError(f"{where}: missing column(s) {missing}; expected {schema.names}")
    for field in schema:
        got = table.field(field.name).type
        if got != field.type:
            raise TableSchemaError(f"{where}: column '{field.name}' has type {got}, expected {field.type}")


def write_table(data: pd.DataFrame | Mapping[str, np.ndarray], path: str | os.PathLike, schema: pa.Schema) -> None:
    """Cast `data` (a DataFrame or a dict of column arrays) to `schema` and write it atomically as Parquet."""
    missing = [name for name in schema.names if name not in data]
    if missing:
        raise TableSchemaError(f"{path}: data lacks column(s) {missing} required by the schema")
    if isinstance(data, pd.DataFrame):
        table = pa.Table.from_pandas(data[schema.names], schema=schema, preserve_index=False)
    else:
        table = pa.Table.from_pydict({name: data[name] for name in schema.names}, schema=schema)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def read_table(path: str | os.PathLike, schema: pa.Schema | None = None) -> pd.DataFrame:
    """Read a Parquet table; with `schema`, fail naming the file and column if it does not match."""
    table = pq.read_table(path)
    if schema is not None:
        _check(table.schema, schema, str(path))
        table = table.select(schema.names)
    return table.to_pandas()
