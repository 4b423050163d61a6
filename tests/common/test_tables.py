import pandas as pd
import pyarrow as pa
import pytest

from neuroai.common.tables import TableSchemaError, read_table, write_table

SCHEMA = pa.schema([("mouse", pa.string()), ("value", pa.float64())])


def test_round_trip_keeps_schema_columns_only(tmp_path):
    path = tmp_path / "t.parquet"
    write_table(pd.DataFrame({"value": [1.0, 2.0], "mouse": ["a", "b"], "extra": [0, 0]}), path, SCHEMA)
    back = read_table(path, SCHEMA)
    assert list(back.columns) == ["mouse", "value"] and back["value"].tolist() == [1.0, 2.0]


def test_missing_column_is_named(tmp_path):
    with pytest.raises(TableSchemaError, match="value"):
        write_table(pd.DataFrame({"mouse": ["a"]}), tmp_path / "t.parquet", SCHEMA)
    assert not list(tmp_path.iterdir())


def test_wrong_type_on_read_names_file_and_column(tmp_path):
    path = tmp_path / "bad.parquet"
    write_table(pd.DataFrame({"mouse": ["a"], "value": ["x"]}), path,
                pa.schema([("mouse", pa.string()), ("value", pa.string())]))
    with pytest.raises(TableSchemaError, match=r"bad\.parquet.*'value'"):
        read_table(path, SCHEMA)


def test_failed_write_leaves_nothing_behind(tmp_path):
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        write_table(pd.DataFrame({"mouse": ["a"], "value": ["not a float"]}), tmp_path / "t.parquet", SCHEMA)
    assert not list(tmp_path.iterdir())
