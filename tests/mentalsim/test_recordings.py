"""The reference-population reader: accepts the documented format, names file and field when it is broken."""

import numpy as np
import pytest

from neuroai.common.seeding import rng
from neuroai.common.tables import write_table
from neuroai.mentalsim import schemas
from neuroai.mentalsim.pong import sample_conditions, trajectories
from neuroai.mentalsim.recordings import RecordingError, read_conditions, read_neural
from neuroai.mentalsim.synthetic_population import simulate_population


@pytest.fixture
def lab_files(tmp_path, task, default_config):
    """A lab's recordings in the documented format (here the synthetic population, written as a lab would)."""
    conditions = sample_conditions(rng(5, "lab"), task, 12, 4)
    latents = trajectories(conditions, task)
    ref = {**default_config["mentalsim"]["synthetic_reference"], "n_units": 10, "min_reliability": -1.0}
    neural, _ = simulate_population(latents, conditions, rng(5, "pop"), ref, task["step_s"])
    cond_path, neural_path = tmp_path / "conditions.parquet", tmp_path / "neural.parquet"
    write_table(conditions, cond_path, schemas.CONDITION_PARAMETERS)
    write_table(neural, neural_path, schemas.NEURAL)
    return cond_path, neural_path, conditions, neural


def test_valid_recordings_round_trip(lab_files, task):
    cond_path, neural_path, conditions, neural = lab_files
    read = read_conditions(cond_path, task)
    np.testing.assert_array_equal(read["t_end"], conditions["t_end"])
    got = read_neural(neural_path, read)
    assert len(got) == len(neural) and got["unit"].nunique() == 10


def test_missing_column_names_file_and_column(lab_files, task, tmp_path):
    cond_path, neural_path, _, neural = lab_files
    bad = tmp_path / "bad.parquet"
    neural.drop(columns="rate_half2").to_parquet(bad)
    with pytest.raises(RecordingError, match=r"bad\.parquet.*rate_half2"):
        read_neural(bad, read_conditions(cond_path, task))


def test_incomplete_grid_is_rejected(lab_files, task, tmp_path):
    cond_path, _, _, neural = lab_files
    bad = tmp_path / "gappy.parquet"
    write_table(neural.iloc[1:], bad, schemas.NEURAL)
    with pytest.raises(RecordingError, match=r"gappy\.parquet.*exactly once"):
        read_neural(bad, read_conditions(cond_path, task))


def test_non_finite_rates_are_rejected(lab_files, task, tmp_path):
    cond_path, _, _, neural = lab_files
    bad = tmp_path / "nan.parquet"
    write_table(neural.assign(rate=np.where(np.arange(len(neural)) == 3, np.nan, neural["rate"])), bad,
                schemas.NEURAL)
    with pytest.raises(RecordingError, match=r"nan\.parquet.*non-finite"):
        read_neural(bad, read_conditions(cond_path, task))


def test_conditions_breaking_the_task_rules_are_named(lab_files, task, tmp_path):
    cond_path, _, conditions, _ = lab_files
    bad = tmp_path / "conds.parquet"
    broken = conditions.copy()
    broken.loc[2, "speed"] = 5.0  # crosses the arena far too fast
    write_table(broken, bad, schemas.CONDITION_PARAMETERS)
    with pytest.raises(RecordingError, match=r"conds\.parquet.*condition\(s\) \[2\]"):
        read_conditions(bad, task)
