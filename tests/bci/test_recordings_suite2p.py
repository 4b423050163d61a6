"""suite2p reader: exact round trip through generated suite2p folders, neuropil correction, and one clear error
(naming the file and field) per kind of bad input."""

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from neuroai.bci import schemas
from neuroai.bci.recording import recording_tables
from neuroai.bci.recordings.errors import RecordingError
from neuroai.bci.recordings.session import mouse_tables
from neuroai.bci.recordings.suite2p import read_session_suite2p
from neuroai.bci.recordings.suite2p_write import write_session_suite2p
from neuroai.bci.simulate import simulate_mouse
from neuroai.common.seeding import rng


def arrow(tables: dict) -> dict[str, pa.Table]:
    return {name: pa.Table.from_pandas(pd.DataFrame(tables[name])[schema.names], schema=schema, preserve_index=False)
            for name, schema in schemas.RECORDING_TABLES.items()}


@pytest.fixture(scope="module")
def mouse(default_config) -> dict[str, pd.DataFrame]:
    """Canonical tables of one small simulated mouse, typed as stored."""
    bci = copy.deepcopy(default_config["bci"])
    bci.update(sessions=2, trials_per_session=5, n_neurons=20)
    bci["task"]["baseline_s"] = 40.0
    tables = recording_tables(simulate_mouse(bci, "control", rng(6, "suite2p-test")), bci["frame_rate_hz"])
    return {name: table.to_pandas() for name, table in arrow(tables).items()}


@pytest.fixture
def entry(mouse, tmp_path) -> dict:
    """Session 0 written as a suite2p folder with its event log and pairing table."""
    return write_session_suite2p(mouse, 0, tmp_path / "day01")


def read(entry, **kwargs):
    return mouse_tables([(1, read_session_suite2p(entry["path"], entry["events"], entry["pairing"], **kwargs))])


def expect_error(entry, file: str, field: str, words: str, **kwargs):
    with pytest.raises(RecordingError, match=words) as err:
        read(entry, **kwargs)
    assert err.value.source.endswith(file) and field in err.value.field
    assert file in str(err.value) and field in str(err.value)


def edit_npy(entry, name: str, change):
    path = f"{entry['path']}/{name}"
    np.save(path, change(np.load(path, allow_pickle=True)), allow_pickle=True)


def edit_table(entry, key: str, change):
    change(pd.read_csv(entry[key])).to_csv(entry[key], index=False)


def test_suite2p_round_trip_is_exact(mouse, tmp_path):
    entries = [write_session_suite2p(mouse, s, tmp_path / f"day{d}") for s, d in
               mouse["sessions"][["session", "day"]].itertuples(index=False)]
    back = mouse_tables([(int(d), read_session_suite2p(e["path"], e["events"], e["pairing"]))
                         for d, e in zip(mouse["sessions"]["day"], entries)])
    for name, table in arrow(mouse).items():
        assert arrow(back)[name].equals(table), name


def test_neuropil_is_subtracted_with_the_ops_coefficient(entry):
    f = np.load(f"{entry['path']}/F.npy")
    neuropil = np.random.default_rng(0).uniform(0, 50, f.shape).astype(np.float32)
    np.save(f"{entry['path']}/Fneu.npy", neuropil)
    edit_npy(entry, "ops.npy", lambda ops: np.array({**ops.item(), "neucoeff": 0.5}, dtype=object))
    rec = read_session_suite2p(entry["path"], entry["events"], entry["pairing"])
    pairing = pd.read_csv(entry["pairing"])
    somas = pairing["soma_roi"].to_numpy()
    soma_columns = np.flatnonzero(rec.rois["compartment"].to_numpy() == "soma")
    np.testing.assert_allclose(rec.fluorescence[:, soma_columns], (f[somas] - 0.5 * neuropil[somas]).T, rtol=1e-6)


def test_nan_in_F_is_named(entry):
    edit_npy(entry, "F.npy", lambda f: np.where(np.arange(f.shape[1]) == 9, np.nan, f).astype(np.float32))
    expect_error(entry, "F.npy", "<array>", "NaN or inf")


def test_unequal_lengths_are_named(entry):
    edit_npy(entry, "Fneu.npy", lambda f: f[:, :-3])
    expect_error(entry, "Fneu.npy", "<array>", "unequal lengths")


def test_iscell_of_another_folder_is_named(entry):
    edit_npy(entry, "iscell.npy", lambda cells: cells[:-1])
    expect_error(entry, "plane0", "iscell.npy rows", "unequal lengths")


def test_frame_rate_mismatch_with_the_config_is_named(entry, mouse):
    rate = float(mouse["sessions"]["frame_rate_hz"][0])
    expect_error(entry, "ops.npy", "fs", "frame-rate mismatch", expected_rate_hz=rate / 2)


def test_events_beyond_the_recording_are_named(entry):
    edit_npy(entry, "ops.npy", lambda ops: np.array({**ops.item(), "fs": 3 * ops.item()["fs"]}, dtype=object))
    expect_error(entry, "events.csv", "time_s", "outside the imaging frames")


def test_unknown_role_is_named(entry):
    edit_table(entry, "pairing", lambda t: t.assign(role=t["role"].replace("P+", "Pplus")))
    expect_error(entry, "pairing.csv", "role", "unknown value")


def test_target_without_dendrite_is_a_missing_pair(entry):
    def drop(t):
        t.loc[t.index[t["role"] == "P+"][0], "dendrite_roi"] = -1
        return t
    edit_table(entry, "pairing", drop)
    expect_error(entry, "plane0", "neuron", "missing ROI pair")


def test_blank_soma_is_a_missing_pair(entry):
    def blank(t):
        t["soma_roi"] = t["soma_roi"].astype(float)
        t.loc[2, "soma_roi"] = np.nan
        return t
    edit_table(entry, "pairing", blank)
    expect_error(entry, "pairing.csv", "soma_roi", "missing ROI pair")


def test_roi_outside_the_folder_is_named(entry):
    edit_table(entry, "pairing", lambda t: t.assign(dendrite_roi=t["dendrite_roi"] + 1000))
    expect_error(entry, "pairing.csv", "dendrite_roi", "is not in 0..")


def test_unknown_event_is_named(entry):
    edit_table(entry, "events", lambda t: t.replace({"event": {"reward": "juice"}}))
    expect_error(entry, "events.csv", "event", r"unknown value\(s\) \['juice'\]")


def test_reward_count_mismatch_is_named(entry):
    edit_table(entry, "events", lambda t: t.drop(t.index[t["event"] == "reward"][0]))
    expect_error(entry, "events.csv", "event", "expected one reward per hit")


def test_events_out_of_order_are_named(entry):
    def swap(t):  # the log stays in time order, but the first trial's task ends before its grating shows
        on, end = t.index[t["event"] == "grating_on"][0], t.index[t["event"] == "task_end"][0]
        t.loc[[on, end], "event"] = ["task_end", "grating_on"]
        return t
    edit_table(entry, "events", swap)
    expect_error(entry, "events.csv", "trials.task_end_time", "comes before")


def test_a_log_not_in_time_order_is_named(entry):
    def early(t):
        t.loc[t.index[t["event"] == "task_end"][0], "time_s"] = 0.0
        return t
    edit_table(entry, "events", early)
    expect_error(entry, "events.csv", "time_s", "never decrease")


def test_missing_file_is_named(entry):
    (Path(entry["path"]) / "stat.npy").unlink()
    expect_error(entry, "stat.npy", "<file>", "not found")
