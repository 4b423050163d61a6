"""NWB writer and reader: exact round trip of the canonical tables, nwbinspector-clean files, one clear error per
kind of bad file, nothing written on failure, and the same analysis from NWB as from the simulation."""


import h5py
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from nwbinspector import Importance, inspect_nwbfile

from neuroai.bci import schemas
from neuroai.bci.analysis import analyse_mouse
from neuroai.bci.recording import read_recording, recording_tables
from neuroai.bci.recordings.errors import RecordingError
from neuroai.bci.recordings.importer import import_mouse
from neuroai.bci.recordings.nwb_read import read_session_nwb
from neuroai.bci.recordings.nwb_write import write_mouse_nwb, write_session_nwb
from neuroai.bci.recordings.session import mouse_tables
from neuroai.bci.simulate import simulate_mouse
from neuroai.common.seeding import rng

ANGLE = "processing/behavior/BehavioralTimeSeries/grating_angle"


@pytest.fixture(scope="module")
def mouse(small_bci) -> dict[str, pd.DataFrame]:
    """Canonical tables of one small simulated mouse."""
    tables = recording_tables(simulate_mouse(small_bci, "control", rng(5, "recordings-test")),
                              small_bci["frame_rate_hz"])
    return {name: table.to_pandas() for name, table in arrow(tables).items()}  # as stored: float32 traces


def arrow(tables: dict) -> dict[str, pa.Table]:
    return {name: pa.Table.from_pandas(pd.DataFrame(tables[name])[schema.names], schema=schema, preserve_index=False)
            for name, schema in schemas.RECORDING_TABLES.items()}


def read_back(paths, days) -> dict[str, pd.DataFrame]:
    return mouse_tables([(day, read_session_nwb(path)) for day, path in zip(days, paths)])


def written(mouse, tmp_path, **changes) -> str:
    """Session 0 of `mouse`, with `changes` (table name -> edited DataFrame), written as NWB."""
    path = tmp_path / "session.nwb"
    write_session_nwb({**mouse, **changes}, 0, path, "m1", "control", timestamps=True)
    return path


@pytest.mark.parametrize("timestamps", [False, True], ids=["rate", "timestamps"])
def test_nwb_round_trip_is_exact(mouse, tmp_path, timestamps):
    paths = write_mouse_nwb(mouse, tmp_path, "m1", "control", timestamps=timestamps)
    assert [p.name for p in paths] == ["sub-m1_ses-day01_behavior+ophys.nwb", "sub-m1_ses-day02_behavior+ophys.nwb"]
    back = arrow(read_back(paths, mouse["sessions"]["day"]))
    for name, table in arrow(mouse).items():
        assert back[name].equals(table), name


def test_written_nwb_has_no_critical_inspector_issue(mouse, tmp_path):
    path = write_mouse_nwb(mouse, tmp_path, "m1", "control")[0]
    issues = list(inspect_nwbfile(path, importance_threshold=Importance.BEST_PRACTICE_VIOLATION))
    assert issues == []


def test_analysis_of_nwb_equals_analysis_of_the_simulation(mouse, small_bci, tmp_path):
    paths = write_mouse_nwb(mouse, tmp_path, "m1", "control")
    direct = analyse_mouse(mouse, small_bci["analysis"], "control", "m1", seed=0)
    via_nwb = analyse_mouse(read_back(paths, mouse["sessions"]["day"]), small_bci["analysis"], "control", "m1",
                            seed=0)
    assert direct.keys() == via_nwb.keys()
    for name in direct:
        assert len(direct[name]) > 0
        pd.testing.assert_frame_equal(direct[name], via_nwb[name], check_exact=True)


def test_import_writes_all_tables_or_none(mouse, tmp_path):
    paths = write_mouse_nwb(mouse, tmp_path / "nwb", "m1", "control")
    outputs = {name: tmp_path / "out" / f"{name}.parquet" for name in schemas.RECORDING_TABLES}
    good = [{"day": int(d), "path": str(p)} for d, p in zip(mouse["sessions"]["day"], paths)]
    import_mouse("nwb", good, outputs)
    for name, table in arrow(read_recording(tmp_path / "out")).items():
        assert table.equals(arrow(mouse)[name]), name

    for path in outputs.values():
        path.unlink()
    with h5py.File(paths[1], "a") as f:
        f[f"{ANGLE}/data"][3] = np.nan
    with pytest.raises(RecordingError, match="NaN"):
        import_mouse("nwb", good, outputs)
    assert not any(p.exists() for p in outputs.values())
    assert list((tmp_path / "out").iterdir()) == []


def expect_error(path, field: str, words: str, **kwargs):
    with pytest.raises(RecordingError, match=words) as err:
        read_back([path], [1]) if not kwargs else read_session_nwb(path, **kwargs)
    assert err.value.source == str(path) and field in err.value.field
    assert str(path) in str(err.value) and field in str(err.value)


def test_nan_fluorescence_is_named(mouse, tmp_path):
    traces = mouse["traces"].copy()
    traces.loc[7, "fluorescence"] = np.inf
    expect_error(written(mouse, tmp_path, traces=traces), "Fluorescence.data", "NaN or inf")


def test_unknown_role_is_named(mouse, tmp_path):
    path = written(mouse, tmp_path)
    with h5py.File(path, "a") as f:
        f["processing/ophys/ImageSegmentation/PlaneSegmentation/role"][0] = "P2"
    expect_error(path, "role", r"unknown value\(s\) \['P2'\]")


def test_writer_refuses_an_unknown_role(mouse, tmp_path):
    rois = mouse["rois"].assign(role=mouse["rois"]["role"].replace("P-", "P2"))
    with pytest.raises(RecordingError, match="rois table: field 'role'"):
        written(mouse, tmp_path, rois=rois)
    assert list(tmp_path.iterdir()) == []


def test_missing_roi_pair_is_named(mouse, tmp_path):
    rois, path = mouse["rois"], written(mouse, tmp_path)
    row = int(rois.loc[(rois["role"] == "P+") & (rois["compartment"] == "dendrite"), "roi"].iloc[0])
    with h5py.File(path, "a") as f:  # the target's dendrite now pairs with no soma
        f["processing/ophys/ImageSegmentation/PlaneSegmentation/neuron"][row] = 999
    expect_error(path, "neuron", "missing ROI pair")


def test_unequal_lengths_are_named(mouse, tmp_path):
    path = written(mouse, tmp_path)
    with h5py.File(path, "a") as f:
        data = f[f"{ANGLE}/data"][:-5]
        del f[f"{ANGLE}/data"]
        f[f"{ANGLE}/data"] = data
    expect_error(path, "Fluorescence/grating_angle", "unequal lengths")


def test_non_monotonic_timestamps_are_named(mouse, tmp_path):
    path = written(mouse, tmp_path)
    with h5py.File(path, "a") as f:
        stamps = f["processing/ophys/Fluorescence/target_somas/timestamps"]
        stamps[10] = stamps[5]
    expect_error(path, ".timestamps", "must increase strictly")  # the series share one time base


def test_frame_rate_mismatch_is_named(mouse, tmp_path):
    path = tmp_path / "rate.nwb"
    write_session_nwb(mouse, 0, path, "m1", "control")
    rate = float(mouse["sessions"]["frame_rate_hz"][0])
    expect_error(path, "Fluorescence.rate", "frame-rate mismatch", expected_rate_hz=2 * rate)
    with h5py.File(path, "a") as f:
        f[f"{ANGLE}/starting_time"].attrs["rate"] = 30.0
    expect_error(path, "grating_angle.rate", "frame-rate mismatch")


def test_trial_outside_the_recording_is_named(mouse, tmp_path):
    path = written(mouse, tmp_path)
    with h5py.File(path, "a") as f:
        f["intervals/trials/stop_time"][-1] = 1e6
    expect_error(path, "trials.stop_time", "outside the imaging frames")
