"""Hostile input files: every corrupted file is refused with a RecordingError naming the file and the field, a
pickled payload in stat.npy or ops.npy never runs, and legitimate edge cases are still read.

The suite2p cases corrupt a copy of real suite2p output (suite2p 1.1.0 and 0.14.6, see the fixtures' README); the
NWB cases corrupt the file the project's NWB writer makes of that real session.
"""

import io
import logging
import os
import pickle
import shlex
import shutil
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest

from neuroai.bci import schemas
from neuroai.bci.recordings.data_config import SUITE2P_FILES
from neuroai.bci.recordings.errors import RecordingError
from neuroai.bci.recordings.importer import import_mouse
from neuroai.bci.recordings.nwb_read import read_session_nwb
from neuroai.bci.recordings.nwb_write import write_session_nwb
from neuroai.bci.recordings.session import mouse_tables
from neuroai.bci.recordings.suite2p import read_session_suite2p
from neuroai.common.seeding import rng
from neuroai.common.tables import write_table
from neuroai.mentalsim import schemas as mentalsim_schemas
from neuroai.mentalsim.pong import sample_conditions
from neuroai.mentalsim.recordings import RecordingError as PongRecordingError
from neuroai.mentalsim.recordings import read_conditions, read_neural
from tests.workflow import ROOT

# Real suite2p output lives in the workspace's shared/ folder beside the checkout (CI lays it there too).
FIXTURES = Path(os.environ.get("NEUROAI_FIXTURES", ROOT.parent / "shared" / "fixtures")) / "suite2p"
SERIES = "processing/ophys/Fluorescence/target_somas"
SEGMENTATION = "processing/ophys/ImageSegmentation/PlaneSegmentation"
ANGLE = "processing/behavior/BehavioralTimeSeries/grating_angle"


def copy_session(mouse: str, to: Path) -> dict:
    """A copy of one real session: the suite2p plane folder (the files the reader uses), events and pairing."""
    if not FIXTURES.is_dir():
        if os.environ.get("CI") == "true":  # CI always has shared/: a missing folder must not pass as skips
            pytest.fail(f"real suite2p output not found in {FIXTURES}")
        pytest.skip(f"real suite2p output not found in {FIXTURES} (set NEUROAI_FIXTURES)")
    day = FIXTURES / mouse / "day01"
    (to / "plane0").mkdir(parents=True)
    for name in SUITE2P_FILES:
        shutil.copy(day / "suite2p" / "plane0" / name, to / "plane0" / name)
    for name in ("events.csv", "pairing.csv"):
        shutil.copy(day / name, to / name)
    return {"path": to / "plane0", "events": to / "events.csv", "pairing": to / "pairing.csv"}


def read_suite2p(session: dict) -> dict[str, pd.DataFrame]:
    """What the import job makes of one session."""
    return mouse_tables([(1, read_session_suite2p(session["path"], session["events"], session["pairing"]))])


def read_nwb(path: Path) -> dict[str, pd.DataFrame]:
    return mouse_tables([(1, read_session_nwb(path))])


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> dict[str, pd.DataFrame]:
    return read_suite2p(copy_session("m1", tmp_path_factory.mktemp("baseline")))


@pytest.fixture
def session(tmp_path) -> dict:
    return copy_session("m1", tmp_path)


@pytest.fixture(scope="module")
def nwb_file(baseline, tmp_path_factory) -> Path:
    """The real m1 session written by the project's NWB writer."""
    path = tmp_path_factory.mktemp("nwb") / "session.nwb"
    write_session_nwb(baseline, 0, path, "m1", "control")
    return path


def assert_same(tables: dict, expected: dict) -> None:
    for name in schemas.RECORDING_TABLES:
        got, want = tables[name], expected[name]
        if name == "traces":  # F - c * Fneu in another float width may differ in the last bit
            np.testing.assert_allclose(got["fluorescence"], want["fluorescence"], rtol=1e-6)
            got, want = got.drop(columns="fluorescence"), want.drop(columns="fluorescence")
        pd.testing.assert_frame_equal(got, want, check_exact=True)


def assert_refused(read, source: Path, field: str, words: str) -> None:
    with pytest.raises(RecordingError) as err:
        read()
    assert err.value.source == str(source) and err.value.field == field, str(err.value)
    assert words in err.value.problem, str(err.value)
    assert str(source) in str(err.value) and f"'{field}'" in str(err.value)


# --- edits of a session copy ---------------------------------------------------------------------------------------

def plane(name: str, change):
    """Replace plane0/`name` with `change(array)`, saved as a plain (unpickled) array."""
    def edit(s):
        path = s["path"] / name
        np.save(path, change(np.load(path)))
    return edit


def pickled(name: str, value):
    """Replace plane0/`name` with a pickled object array holding `value`."""
    return lambda s: np.save(s["path"] / name, np.array(value, dtype=object), allow_pickle=True)


def boxed(value) -> np.ndarray:
    """`value` as a 0-d object array, the way suite2p saves its ops dict."""
    array = np.empty((), dtype=object)
    array[()] = value
    return array


def ops(change):
    """Replace the ops dict with `change(ops)` (the fixture's own pickle is trusted)."""
    def edit(s):
        path = s["path"] / "ops.npy"
        np.save(path, boxed(change(np.load(path, allow_pickle=True).item())), allow_pickle=True)
    return edit


def extraction(**values):
    return ops(lambda o: {**o, "extraction": {**o["extraction"], **values}})


def raw(name: str, change):
    """Replace the bytes of `name` (a plane0 file, or a key of the session) with `change(bytes)`."""
    def edit(s):
        path = s[name] if name in s else s["path"] / name
        path.write_bytes(change(path.read_bytes()))
    return edit


def cell(key: str, column: str, value, event: str | None = None):
    """Set `column` of the first row (of the first `event` row in the event log) of table `key` to `value`."""
    def edit(s):
        table = pd.read_csv(s[key])
        row = table.index[table["event"] == event][0] if event else 0
        table[column] = table[column].astype(object)
        table.loc[row, column] = value
        table.to_csv(s[key], index=False)
    return edit


def table(key: str, change):
    def edit(s):
        change(pd.read_csv(s[key])).to_csv(s[key], index=False)
    return edit


def renamed(key: str, suffix: str, parquet: bool):
    """Table `key` moved to a file with `suffix`, written as Parquet or CSV whatever the name says."""
    def edit(s):
        data, s[key] = pd.read_csv(s[key]), s[key].with_suffix(suffix)
        data.to_parquet(s[key]) if parquet else data.to_csv(s[key], index=False)
    return edit


def npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def huge_header() -> bytes:
    """A .npy header promising 10**12 float32 values, and a little data."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": "<f4", "fortran_order": False, "shape": (10**6, 10**6)})
    return buffer.getvalue() + bytes(4000)


def half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def other_folder(name: str):
    """plane0/`name` from the session of another day (other ROI count)."""
    return lambda s: shutil.copy(FIXTURES / "m1" / "day03" / "suite2p" / "plane0" / name, s["path"] / name)


F, FNEU, ISCELL, OPS, STAT = (f"plane0/{name}" for name in ("F.npy", "Fneu.npy", "iscell.npy", "ops.npy", "stat.npy"))
SUITE2P_CASES = [
    # F.npy / Fneu.npy
    pytest.param(plane("F.npy", lambda f: f + 1j), F, "<array>", "got dtype complex64", id="F-complex"),
    pytest.param(plane("F.npy", lambda f: f.astype(str)), F, "<array>", "got dtype <U", id="F-strings"),
    pytest.param(plane("F.npy", lambda f: f > 0), F, "<array>", "got dtype bool", id="F-bool"),
    pytest.param(pickled("F.npy", [[1.0, 2.0]]), F, "<array>", "holds pickled objects", id="F-pickled"),
    pytest.param(plane("F.npy", lambda f: f[:, :0]), F, "<array>", "at least one of each", id="F-0-frames"),
    pytest.param(plane("F.npy", lambda f: f[:0]), F, "<array>", "at least one of each", id="F-0-rois"),
    pytest.param(plane("F.npy", lambda f: f[0]), F, "<array>", "ROIs x frames", id="F-1d"),
    pytest.param(plane("F.npy", lambda f: f[..., None]), F, "<array>", "ROIs x frames", id="F-3d"),
    pytest.param(plane("F.npy", lambda f: np.where(f > f.max() * 0.99, np.inf, f)), F, "<array>", "NaN or inf",
                 id="F-inf"),
    pytest.param(raw("F.npy", half), F, "<file>", "truncated: the header promises 408000 bytes", id="F-truncated"),
    pytest.param(raw("F.npy", lambda b: huge_header()), F, "<file>", "the header promises 4000000000000 bytes",
                 id="F-header-claims-terabytes"),
    pytest.param(raw("F.npy", lambda b: b""), F, "<file>", "not a readable .npy", id="F-empty"),
    pytest.param(raw("F.npy", lambda b: b"ROI,frame,F\n0,0,1.5\n"), F, "<file>", "magic string", id="F-text"),
    pytest.param(raw("F.npy", lambda b: npz(F=np.ones((2, 2)))), F, "<file>", "magic string", id="F-npz-archive"),
    pytest.param(plane("Fneu.npy", lambda f: f.astype(np.complex64)), FNEU, "<array>", "complex64",
                 id="Fneu-complex"),
    pytest.param(plane("Fneu.npy", lambda f: f[:-1]), FNEU, "<array>", "unequal lengths", id="Fneu-fewer-rois"),
    # iscell.npy, stat.npy
    pytest.param(plane("iscell.npy", lambda c: c[:, :0]), ISCELL, "<array>", "shape (34, 0)", id="iscell-n-by-0"),
    pytest.param(plane("iscell.npy", lambda c: c[:, 0]), ISCELL, "<array>", "ROIs x (is cell", id="iscell-1d"),
    pytest.param(plane("iscell.npy", lambda c: c * 0.5), ISCELL, "column 0 (is cell)", "expected 0 or 1",
                 id="iscell-half"),
    pytest.param(plane("iscell.npy", lambda c: c.astype("S4")), ISCELL, "<array>", "dtype |S4", id="iscell-bytes"),
    pytest.param(plane("iscell.npy", lambda c: np.where(c == 0, np.nan, c)), ISCELL, "column 0 (is cell)",
                 "NaN or inf", id="iscell-nan"),
    pytest.param(other_folder("iscell.npy"), "plane0", "F.npy rows/iscell.npy rows", "unequal lengths",
                 id="iscell-of-another-day"),
    pytest.param(other_folder("stat.npy"), "plane0", "F.npy rows/stat.npy entries", "unequal lengths",
                 id="stat-of-another-day"),
    pytest.param(raw("stat.npy", lambda b: pickle.dumps([{"ypix": [0]}])), STAT, "<file>", "magic string is not",
                 id="stat-bare-pickle"),
    # ops.npy
    pytest.param(ops(lambda o: {**o, "fs": "15.46"}), OPS, "fs", "one finite real number, got '15.46'",
                 id="ops-fs-string"),
    pytest.param(ops(lambda o: {**o, "fs": -15.46}), OPS, "fs", "positive frame rate", id="ops-fs-negative"),
    pytest.param(ops(lambda o: {**o, "fs": np.nan}), OPS, "fs", "one finite real number", id="ops-fs-nan"),
    pytest.param(ops(lambda o: {**o, "fs": [15.46]}), OPS, "fs", "one finite real number", id="ops-fs-list"),
    pytest.param(ops(lambda o: {k: v for k, v in o.items() if k != "fs"}), OPS, "fs", "missing", id="ops-no-fs"),
    pytest.param(ops(lambda o: {**o, "nframes": 2999}), "plane0", "F.npy columns/ops.npy nframes",
                 "unequal lengths", id="ops-nframes-mismatch"),
    pytest.param(ops(lambda o: {**o, "nframes": "3000"}), OPS, "nframes", "one finite real number",
                 id="ops-nframes-string"),
    pytest.param(extraction(neuropil_coefficient="0.7"), OPS, "extraction.neuropil_coefficient",
                 "one finite real number", id="ops-neucoeff-string"),
    pytest.param(extraction(neuropil_coefficient=1.5), OPS, "extraction.neuropil_coefficient", "in [0, 1]",
                 id="ops-neucoeff-above-1"),
    pytest.param(ops(lambda o: {**o, "neucoeff": 0.8}), OPS, "extraction.neuropil_coefficient/neucoeff",
                 "two different neuropil coefficients", id="ops-neucoeff-1x-and-0x-disagree"),
    pytest.param(lambda s: np.save(s["path"] / "ops.npy", np.arange(3.0)), OPS, "<array>", "pickled settings dict",
                 id="ops-plain-array"),
    pytest.param(pickled("ops.npy", [1, 2]), OPS, "<array>", "pickled settings dict", id="ops-object-vector"),
    pytest.param(ops(lambda o: [o["fs"]]), OPS, "<pickle>", "got list", id="ops-list-not-dict"),
    pytest.param(raw("ops.npy", half), OPS, "<pickle>", "not a safe, readable pickle", id="ops-truncated"),
    pytest.param(ops(lambda o: {**o, "date_proc": pd.Timestamp("2025-01-01")}), OPS, "<pickle>",
                 "refused to load global 'pandas", id="ops-unlisted-global"),
    # pairing table
    pytest.param(cell("pairing", "soma_roi", 20.6), "pairing.csv", "soma_roi", "first 20.6 at index 0",
                 id="pairing-soma-20.6"),
    pytest.param(cell("pairing", "dendrite_roi", 17.5), "pairing.csv", "dendrite_roi", "whole numbers",
                 id="pairing-dendrite-17.5"),
    pytest.param(cell("pairing", "neuron", 1.5), "pairing.csv", "neuron", "whole numbers", id="pairing-neuron-1.5"),
    pytest.param(cell("pairing", "soma_roi", 1e12), "pairing.csv", "soma_roi", "below 2**31", id="pairing-soma-1e12"),
    pytest.param(cell("pairing", "soma_roi", np.inf), "pairing.csv", "soma_roi", "NaN or inf", id="pairing-soma-inf"),
    pytest.param(cell("pairing", "dendrite_roi", -2), "pairing.csv", "dendrite_roi", "ROI index -2",
                 id="pairing-dendrite-minus-2"),
    pytest.param(cell("pairing", "soma_roi", "five"), "pairing.csv", "soma_roi", "expected numbers",
                 id="pairing-soma-text"),
    pytest.param(table("pairing", lambda t: t.assign(soma_roi=t["soma_roi"] > 3)), "pairing.csv", "soma_roi",
                 "got dtype bool", id="pairing-soma-bool"),
    pytest.param(table("pairing", lambda t: t.iloc[:0]), "pairing.csv", "<rows>", "no rows", id="pairing-no-rows"),
    pytest.param(raw("pairing", lambda b: b""), "pairing.csv", "<file>", "EmptyDataError", id="pairing-empty"),
    pytest.param(renamed("pairing", ".parquet", parquet=False), "pairing.parquet", "<file>",
                 "not a readable parquet table", id="pairing-csv-named-parquet"),
    pytest.param(lambda s: pd.read_csv(s["pairing"]).to_parquet(s["pairing"]), "pairing.csv", "<file>",
                 "not a readable csv table", id="pairing-parquet-named-csv"),
    # event log
    pytest.param(cell("events", "value", 1e9, event="angle"), "events.csv", "value (angle rows, deg)",
                 "expected values in [0, 90]", id="events-angle-1e9"),
    pytest.param(cell("events", "value", -15.0, event="angle"), "events.csv", "value (angle rows, deg)",
                 "first -15 at index 2", id="events-angle-negative"),
    pytest.param(cell("events", "value", np.nan, event="angle"), "events.csv", "value (angle rows, deg)",
                 "NaN or inf", id="events-angle-blank"),
    pytest.param(cell("events", "value", "left", event="angle"), "events.csv", "value", "expected numbers",
                 id="events-value-text"),
    pytest.param(cell("events", "time_s", "15 s"), "events.csv", "time_s", "expected numbers", id="events-time-text"),
    pytest.param(cell("events", "time_s", np.inf, event="grating_on"), "events.csv", "time_s", "NaN or inf",
                 id="events-time-inf"),
    pytest.param(cell("events", "time_s", 99.0, event="grating_on"), "events.csv", "time_s", "never decrease",
                 id="events-not-in-time-order"),
    pytest.param(raw("events", lambda b: b"\x00\xff" * 100), "events.csv", "<file>", "not a readable csv",
                 id="events-binary"),
    pytest.param(renamed("events", ".parquet", parquet=False), "events.parquet", "<file>",
                 "Parquet magic bytes not found", id="events-csv-named-parquet"),
    pytest.param(lambda s: (renamed("events", ".parquet", parquet=True)(s), raw("events", half)(s)),
                 "events.parquet", "<file>", "not a readable parquet", id="events-parquet-truncated"),
]


@pytest.mark.parametrize("corrupt, where, field, words", SUITE2P_CASES)
def test_hostile_suite2p_input_is_refused(session, tmp_path, corrupt, where, field, words):
    corrupt(session)
    assert_refused(lambda: read_suite2p(session), tmp_path / where, field, words)


# --- edits of the NWB file -----------------------------------------------------------------------------------------

def h5(change):
    def edit(path):
        with h5py.File(path, "a") as f:
            change(f)
    return edit


def replace(f: h5py.File, key: str, change) -> None:
    """Replace dataset `key` with `change(values)`, keeping its attributes."""
    attrs, values = dict(f[key].attrs), f[key][()]
    del f[key]
    f[key] = change(values)
    f[key].attrs.update(attrs)


def dataset(key: str, change):
    return h5(lambda f: replace(f, key, change))


def every_series(change):
    """`change(f, key)` for the key of every fluorescence series."""
    def edit(f):
        for name in f["processing/ophys/Fluorescence"]:
            change(f, f"processing/ophys/Fluorescence/{name}")
    return h5(edit)


def broken_spec(f):
    """Garbage in place of the file's cached NWB core namespace."""
    version = next(iter(f["specifications/core"]))
    replace(f, f"specifications/core/{version}/namespace", lambda v: "{not json")


def corrupt_chunk(path):
    """The target somas' data stored compressed, with its compressed bytes overwritten."""
    with h5py.File(path, "a") as f:
        values, attrs = f[f"{SERIES}/data"][()], dict(f[f"{SERIES}/data"].attrs)
        del f[f"{SERIES}/data"]
        data = f.create_dataset(f"{SERIES}/data", data=values, compression="gzip", chunks=values.shape)
        data.attrs.update(attrs)
        offset = data.id.get_chunk_info(0).byte_offset
    with path.open("r+b") as file:
        file.seek(offset)
        file.write(bytes(range(64)))


def plain_hdf5(path):
    path.unlink()
    with h5py.File(path, "w") as f:
        f["F"] = np.ones((3, 3))


NWB_CASES = [
    pytest.param(lambda p: p.write_bytes(half(p.read_bytes())), "<file>", "truncated file", id="nwb-truncated"),
    pytest.param(lambda p: p.write_bytes(b""), "<file>", "file signature not found", id="nwb-empty"),
    pytest.param(lambda p: p.write_text("time,F\n0,1\n"), "<file>", "file signature not found", id="nwb-text"),
    pytest.param(plain_hdf5, "<file>", "Missing NWB version", id="nwb-plain-hdf5"),
    pytest.param(h5(lambda f: f.__delitem__("identifier")), "<file>", "missing argument 'identifier'",
                 id="nwb-no-identifier"),
    pytest.param(h5(broken_spec), "<file>", "JSONDecodeError", id="nwb-cached-spec-garbage"),
    pytest.param(corrupt_chunk, "<file>", "OSError: Can't synchronously read data", id="nwb-corrupt-compressed-data"),
    pytest.param(dataset(f"{SERIES}/data", lambda d: d + 1j), "target_somas.data", "complex", id="nwb-F-complex"),
    pytest.param(dataset(f"{SERIES}/data", lambda d: d.astype("S12")), "target_somas.data", "dtype |S12",
                 id="nwb-F-strings"),
    pytest.param(dataset(f"{SERIES}/data", lambda d: d[..., None]), SERIES, "incorrect shape", id="nwb-F-3d"),
    pytest.param(every_series(lambda f, key: f[f"{key}/starting_time"].attrs.__setitem__("rate", -15.46)),
                 "dendrites.rate", "positive frame rate", id="nwb-rate-negative",
                 marks=pytest.mark.filterwarnings("ignore:Rate must not be a negative value")),
    pytest.param(h5(lambda f: f[f"{SERIES}/starting_time"].attrs.__setitem__("rate", "fast")), SERIES,
                 "incorrect type for 'rate'", id="nwb-rate-text"),
    pytest.param(h5(lambda f: f[f"{SERIES}/starting_time"].__setitem__((), np.nan)), "target_somas.starting_time",
                 "one finite real number", id="nwb-starting-time-nan"),
    pytest.param(dataset(f"{SERIES}/rois", lambda r: r + 0.6), "target_somas.rois", "whole numbers",
                 id="nwb-roi-region-fractional"),
    pytest.param(dataset(f"{SERIES}/rois", lambda r: r + 100), "target_somas.rois", "expected values in [0, 14]",
                 id="nwb-roi-region-outside", marks=pytest.mark.filterwarnings("ignore:DynamicTableRegion values")),
    pytest.param(dataset(f"{SEGMENTATION}/neuron", lambda n: n + 0.6), "PlaneSegmentation.neuron", "whole numbers",
                 id="nwb-neuron-20.6"),
    pytest.param(h5(lambda f: f[f"{ANGLE}/data"].__setitem__(3, 1e9)), "grating_angle.data",
                 "expected values in [0, 90]", id="nwb-angle-1e9"),
    pytest.param(dataset(f"{ANGLE}/data", lambda a: a.astype("S8")), "grating_angle.data", "dtype |S8",
                 id="nwb-angle-strings"),
    pytest.param(dataset(f"{ANGLE}/data", lambda a: a[:, None]), "grating_angle.data", "one angle per frame",
                 id="nwb-angle-2d"),
    pytest.param(dataset("general/optophysiology/ImagingPlane/imaging_rate", lambda r: -r),
                 "ImagingPlane.imaging_rate", "positive frame rate", id="nwb-imaging-rate-negative"),
    pytest.param(dataset("intervals/trials/grating_onset_time", lambda t: t.astype("S12")),
                 "trials.grating_onset_time", "dtype object", id="nwb-trial-times-strings"),
    pytest.param(every_series(lambda f, key: replace(f, f"{key}/data", lambda d: d[:0])), "dendrites.data",
                 "no frames", id="nwb-0-frames"),
]


@pytest.mark.parametrize("corrupt, field, words", NWB_CASES)
def test_hostile_nwb_file_is_refused(nwb_file, tmp_path, corrupt, field, words):
    path = tmp_path / nwb_file.name
    shutil.copy(nwb_file, path)
    corrupt(path)
    assert_refused(lambda: read_nwb(path), path, field, words)


# --- legitimate edge cases: read, and read as they should be ---------------------------------------------------------

def numpy1_pickle(s):
    """ops.npy as numpy 1.x wrote it: pickle protocol 3 (globals named in text lines), numpy.core module names."""
    path = s["path"] / "ops.npy"
    ops = np.load(path, allow_pickle=True)
    data = pickle.dumps(ops, protocol=3)
    assert b"numpy._core.multiarray\n" in data
    with path.open("wb") as file:
        np.lib.format.write_array_header_1_0(file, np.lib.format.header_data_from_array_1_0(ops))
        file.write(data.replace(b"numpy._core.multiarray\n", b"numpy.core.multiarray\n"))


def without_1x_coefficient(o: dict) -> dict:
    return {**o, "extraction": {k: v for k, v in o["extraction"].items() if k != "neuropil_coefficient"}}


def simultaneous_events(t: pd.DataFrame) -> pd.DataFrame:
    first = t.index[t["event"] == "angle"][0]
    t.loc[first, "time_s"] = t.loc[first - 1, "time_s"]  # the first angle step shown with the grating
    return t


def same_trials(tables, baseline):
    pd.testing.assert_frame_equal(tables["trials"], baseline["trials"])


def angles_span_0_to_90(tables, baseline):
    assert_same(tables, baseline)
    assert tables["frames"]["angle_deg"].min() == 0 and tables["frames"]["angle_deg"].max() == 90


def rate_is_fs(tables, baseline):
    same_trials(tables, baseline)
    np.testing.assert_allclose(tables["sessions"]["frame_rate_hz"], 15.46)


ACCEPTED_SUITE2P = [
    pytest.param(lambda s: None, angles_span_0_to_90, id="accept-angles-at-both-ends-of-0-90"),
    pytest.param(plane("F.npy", lambda f: f.astype(np.float64)), assert_same, id="accept-F-float64"),
    pytest.param(plane("iscell.npy", lambda c: c.astype(bool)), assert_same, id="accept-iscell-bool"),
    pytest.param(plane("iscell.npy", lambda c: c[:, :1]), assert_same, id="accept-iscell-one-column"),
    pytest.param(table("pairing", lambda t: t.astype({"soma_roi": float, "dendrite_roi": float, "neuron": float})),
                 assert_same, id="accept-pairing-indices-written-20.0"),
    pytest.param(table("pairing", lambda t: t.assign(dendrite_roi=t["dendrite_roi"].where(t["dendrite_roi"] >= 0))),
                 assert_same, id="accept-pairing-blank-dendrite-for-none"),
    pytest.param(renamed("pairing", ".parquet", parquet=True), assert_same, id="accept-pairing-parquet"),
    pytest.param(renamed("events", ".parquet", parquet=True), assert_same, id="accept-events-parquet"),
    pytest.param(table("events", simultaneous_events), same_trials, id="accept-events-at-the-same-time"),
    pytest.param(numpy1_pickle, assert_same, id="accept-ops-pickled-by-numpy-1.x"),
    pytest.param(ops(lambda o: {**without_1x_coefficient(o), "neucoeff": 0.7}), assert_same,
                 id="accept-ops-0.x-neucoeff-key"),
    pytest.param(ops(lambda o: {**o, "neucoeff": 0.7}), assert_same, id="accept-ops-both-keys-agreeing"),
    pytest.param(ops(lambda o: {**o, "tags": {"gcamp", "m1"}, "phase": 1 + 2j, "when": pd.Timestamp(0).to_pydatetime()}),
                 assert_same, id="accept-ops-with-set-complex-datetime"),
    pytest.param(ops(lambda o: {**o, "fs": np.float32(o["fs"]), "nframes": np.int64(o["nframes"])}),
                 rate_is_fs, id="accept-ops-numpy-scalars"),
]


@pytest.mark.parametrize("edit, check", ACCEPTED_SUITE2P)
def test_legitimate_suite2p_input_is_read(session, baseline, edit, check):
    edit(session)
    check(read_suite2p(session), baseline)


ACCEPTED_NWB = [
    pytest.param(lambda f: None, id="accept-nwb-unchanged"),
    pytest.param(lambda f: replace(f, "general/optophysiology/ImagingPlane/imaging_rate", lambda r: np.nan),
                 id="accept-nwb-imaging-rate-nan-undeclared"),
    pytest.param(lambda f: replace(f, f"{SEGMENTATION}/neuron", lambda n: n.astype(float)),
                 id="accept-nwb-neuron-written-20.0"),
    pytest.param(lambda f: replace(f, f"{SERIES}/data", lambda d: d.astype(np.float64)), id="accept-nwb-F-float64"),
]


@pytest.mark.parametrize("edit", ACCEPTED_NWB)
def test_legitimate_nwb_file_is_read(nwb_file, baseline, tmp_path, edit):
    path = tmp_path / nwb_file.name
    shutil.copy(nwb_file, path)
    h5(edit)(path)
    assert_same(read_nwb(path), baseline)


def test_suite2p_1x_neuropil_coefficient_is_applied(session):
    extraction(neuropil_coefficient=0.5)(session)
    rec = read_session_suite2p(session["path"], session["events"], session["pairing"])
    f, fneu = np.load(session["path"] / "F.npy"), np.load(session["path"] / "Fneu.npy")
    somas = pd.read_csv(session["pairing"])["soma_roi"].to_numpy()
    columns = np.flatnonzero(rec.rois["compartment"].to_numpy() == "soma")
    np.testing.assert_allclose(rec.fluorescence[:, columns], (f[somas] - 0.5 * fneu[somas]).T, rtol=1e-6)


def test_missing_neuropil_coefficient_falls_back_to_the_default_with_a_warning(session, baseline, caplog):
    ops(without_1x_coefficient)(session)
    with caplog.at_level(logging.WARNING, logger="neuroai.bci.recordings.suite2p"):
        assert_same(read_suite2p(session), baseline)  # the fixture's coefficient is the default, 0.7
    assert "no neuropil coefficient" in caplog.text and "suite2p's default 0.7" in caplog.text


def test_suite2p_0_14_session_is_read(tmp_path):
    s = copy_session("m2", tmp_path)
    rec = read_session_suite2p(s["path"], s["events"], s["pairing"], expected_rate_hz=15.46)
    pairing = pd.read_csv(s["pairing"])
    assert len(rec.rois) == len(pairing) + (pairing["dendrite_roi"] >= 0).sum()
    f, fneu = np.load(s["path"] / "F.npy"), np.load(s["path"] / "Fneu.npy")
    np.testing.assert_allclose(rec.fluorescence[:, 0], f[pairing["soma_roi"][0]] - 0.7 * fneu[pairing["soma_roi"][0]],
                               rtol=1e-6)


# --- pickled payloads ------------------------------------------------------------------------------------------------

class Payload:
    """Unpickling this calls `call(*args)`."""

    def __init__(self, call, *args):
        self.call, self.args = call, args

    def __reduce__(self):
        return self.call, self.args


PAYLOADS = {"exec": lambda marker: Payload(exec, f"open({str(marker)!r}, 'w').close()"),
            "os.system": lambda marker: Payload(os.system, f"touch {shlex.quote(str(marker))}")}
GLOBALS = {"exec": "builtins.exec", "os.system": f"{os.system.__module__}.system"}


def armed(path: Path, marker: Path) -> None:
    """Check that the planted payload is live: an ordinary np.load runs it (then remove its marker)."""
    np.load(path, allow_pickle=True)
    assert marker.exists()
    marker.unlink()


@pytest.mark.parametrize("kind", PAYLOADS)
def test_payload_in_stat_is_never_unpickled(session, baseline, tmp_path, kind):
    marker, path = tmp_path / "pwned", session["path"] / "stat.npy"
    stat = np.empty(len(np.load(session["path"] / "F.npy")), dtype=object)
    stat[:] = [PAYLOADS[kind](marker)] * len(stat)
    np.save(path, stat, allow_pickle=True)
    armed(path, marker)
    assert_same(read_suite2p(session), baseline)
    assert not marker.exists()


@pytest.mark.parametrize("kind", PAYLOADS)
def test_payload_in_ops_is_refused_and_never_runs(session, tmp_path, kind):
    marker, path = tmp_path / "pwned", session["path"] / "ops.npy"
    ops(lambda o: {**o, "extraction": {**o["extraction"], "hook": [PAYLOADS[kind](marker)]}})(session)
    armed(path, marker)
    outputs = {name: tmp_path / "out" / f"{name}.parquet" for name in schemas.RECORDING_TABLES}
    entry = {"day": 1, **{key: str(value) for key, value in session.items()}}
    assert_refused(lambda: import_mouse("suite2p", [entry], outputs), path, "<pickle>",
                   f"refused to load global '{GLOBALS[kind]}'")
    assert not marker.exists() and not any(p.exists() for p in outputs.values())


# --- Mental-Pong reference recordings ------------------------------------------------------------------------------

@pytest.fixture
def pong(default_config) -> tuple[pd.DataFrame, dict]:
    task = dict(default_config["mentalsim"]["task"])
    return sample_conditions(rng(5, "hostile"), task, 12, 4), task


def parquet(change=lambda c: c):
    return lambda c, path: write_table(change(c.copy()), path, mentalsim_schemas.CONDITION_PARAMETERS)


def first(column: str, value):
    def change(c):
        c.loc[0, column] = value
        return c
    return parquet(change)


MENTALSIM_CASES = [
    pytest.param(lambda c, path: c.to_csv(path, index=False), "not a readable Parquet file",
                 id="pong-csv-named-parquet"),
    pytest.param(lambda c, path: path.write_bytes(b""), "not a readable Parquet file", id="pong-empty"),
    pytest.param(lambda c, path: (parquet()(c, path), path.write_bytes(half(path.read_bytes()))),
                 "not a readable Parquet file", id="pong-truncated"),
    pytest.param(first("x0", -3.0), "column 'x0'", id="pong-x0-outside-the-arena"),
    pytest.param(first("y0", 31.9), "column 'y0': condition(s) [0] not in [0.64, 31.36]", id="pong-y0-in-the-wall"),
    pytest.param(first("heading", 1e9), "column 'heading'", id="pong-heading-1e9-rad"),
    pytest.param(parquet(lambda c: c.assign(speed=-c["speed"], heading=c["heading"] + np.pi)), "column 'heading'",
                 id="pong-heading-beyond-pi"),
    pytest.param(first("speed", 0.0), "column 'speed': condition(s) [0] not > 0", id="pong-speed-0"),
]


@pytest.mark.parametrize("write, words", MENTALSIM_CASES)
def test_hostile_pong_conditions_are_refused(pong, tmp_path, write, words):
    conditions, task = pong
    path = tmp_path / "conditions.parquet"
    write(conditions[list(mentalsim_schemas.CONDITION_PARAMETERS.names)], path)
    with pytest.raises(PongRecordingError) as err:
        read_conditions(path, task)
    assert str(err.value).startswith(f"{path}: ") and words in str(err.value), str(err.value)


def test_pong_neural_csv_named_parquet_is_refused(pong, tmp_path):
    conditions, _ = pong
    path = tmp_path / "neural.parquet"
    path.write_text("unit,condition,step,rate,rate_half1,rate_half2\n0,0,0,1.0,1.0,1.0\n")
    with pytest.raises(PongRecordingError, match="not a readable Parquet file") as err:
        read_neural(path, conditions)
    assert str(err.value).startswith(f"{path}: ")
