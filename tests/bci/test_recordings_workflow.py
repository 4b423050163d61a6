"""The `data:` config section for real recordings, and the import rule run by Snakemake in a scratch directory:
NWB files in, the same canonical tables out; a bad file fails the job, names the file, and leaves no output."""

import copy
import shutil

import h5py
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import yaml

from neuroai.bci import schemas
from neuroai.bci.recording import read_recording, recording_tables
from neuroai.bci.recordings.data_config import check_data_config
from neuroai.bci.recordings.nwb_write import write_mouse_nwb
from neuroai.bci.simulate import simulate_mouse
from neuroai.common.config import ConfigError
from neuroai.common.seeding import rng
from tests.workflow import ROOT, check_config, run_snakemake

SESSION = {"condition": "control", "mouse": "m1", "day": 1, "path": "sub-m1_ses-day01.nwb"}
CONDITIONS = ["control", "dendrite_inhibition", "scalar_broadcast"]


def with_data(config: dict, data: dict) -> dict:
    config = copy.deepcopy(config)
    config["data"] = data
    return config


@pytest.mark.parametrize("data, expected", [
    ({"source": "nwb"}, r"'data'.*'sessions' is a required property"),
    ({"source": "nwb", "sessions": []}, r"'data\.sessions'.*non-empty"),
    ({"source": "suite2p", "sessions": [SESSION]}, r"'data\.sessions\[0\]'.*'events' is a required property"),
    ({"source": "nwb", "sessions": [{**SESSION, "mouse": "m 1"}]}, r"'data\.sessions\[0\]\.mouse'"),
    ({"source": "nwb", "sessions": [{**SESSION, "day": "one"}]}, r"'data\.sessions\[0\]\.day'"),
    ({"source": "nwb", "sessions": [{**SESSION, "frame_rate_hz": 0}]}, r"'data\.sessions\[0\]\.frame_rate_hz'"),
    ({"source": "suite2p", "sessions": [{**SESSION, "events": "e.txt", "pairing": "p.csv"}]},
     r"'data\.sessions\[0\]\.events'"),
])
def test_schema_rejects_bad_session_lists(default_config, data, expected):
    with pytest.raises(ConfigError, match=expected):
        check_config(with_data(default_config, data))


def test_cross_field_rules_name_the_session(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / SESSION["path"]).touch()
    (tmp_path / "other.nwb").touch()
    # same mouse name, other condition: another mouse (with its own file)
    other = {**SESSION, "condition": "dendrite_inhibition", "path": "other.nwb"}
    check_data_config({"source": "nwb", "sessions": [SESSION, other]}, CONDITIONS)
    with pytest.raises(ConfigError, match=r"'data\.sessions\[2\]\.day'.*already has day 1 \(data\.sessions\[0\]\)"):
        check_data_config({"source": "nwb", "sessions": [SESSION, other, SESSION]}, CONDITIONS)
    with pytest.raises(ConfigError, match=r"'data\.sessions\[1\]\.path'.*does not exist"):
        check_data_config({"source": "nwb", "sessions": [SESSION, {**SESSION, "day": 2, "path": "nope.nwb"}]},
                          CONDITIONS)
    with pytest.raises(ConfigError, match=r"'data\.sessions\[1\]\.path'.*is already data\.sessions\[0\]\.path"):
        check_data_config({"source": "nwb", "sessions": [SESSION, {**SESSION, "day": 2}]}, CONDITIONS)
    with pytest.raises(ConfigError, match=r"'data\.sessions\[1\]\.condition'.*not one of bci\.conditions"):
        check_data_config({"source": "nwb", "sessions": [SESSION, other]}, ["control"])


@pytest.fixture(scope="module")
def recorded(default_config, tmp_path_factory):
    """A scratch workflow directory holding one small mouse as NWB files, and its canonical tables."""
    bci = copy.deepcopy(default_config["bci"])
    bci.update(sessions=2, trials_per_session=4, n_neurons=20)
    bci["task"]["baseline_s"] = 40.0
    tables = recording_tables(simulate_mouse(bci, "control", rng(8, "import-test")), bci["frame_rate_hz"])
    tables = {name: pa.Table.from_pandas(pd.DataFrame(tables[name])[schema.names], schema=schema,
                                         preserve_index=False) for name, schema in schemas.RECORDING_TABLES.items()}
    workdir = tmp_path_factory.mktemp("bci_import")
    paths = write_mouse_nwb({k: t.to_pandas() for k, t in tables.items()}, workdir / "data" / "m1", "m1", "control")
    sessions = [{"condition": "control", "mouse": "m1", "day": day, "path": str(p.relative_to(workdir))}
                for day, p in zip([1, 2], paths)]
    (workdir / "nwb.yaml").write_text(yaml.safe_dump({"data": {"source": "nwb", "sessions": sessions}}))
    return workdir, tables, paths


def test_import_rule_writes_the_canonical_tables(recorded):
    workdir, tables, _ = recorded
    targets = [f"results/bci/recordings/control/m1/{name}.parquet" for name in schemas.RECORDING_TABLES]
    run_snakemake(workdir, "--configfile", str(workdir / "nwb.yaml"), "--cores", "1", *targets)
    imported = read_recording(workdir / "results/bci/recordings/control/m1")
    for name, table in tables.items():
        assert pa.Table.from_pandas(imported[name], schema=schemas.RECORDING_TABLES[name],
                                    preserve_index=False).equals(table), name
    assert (workdir / "logs/bci/import/control/m1.log").exists()
    assert (workdir / "benchmarks/bci/import/control/m1.tsv").exists()


def test_bad_file_fails_the_job_and_leaves_no_output(recorded, tmp_path):
    workdir, _, paths = recorded
    bad = paths[1].with_name("bad.nwb")
    bad.write_bytes(paths[1].read_bytes())
    with h5py.File(bad, "a") as f:
        f["processing/ophys/Fluorescence/dendrites/data"][4, 0] = np.nan
    config = yaml.safe_load((workdir / "nwb.yaml").read_text())
    config["data"]["sessions"][1]["path"] = str(bad.relative_to(workdir))
    config["data"]["sessions"] = [{**s, "mouse": "m2"} for s in config["data"]["sessions"]]
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(config))
    run = run_snakemake(workdir, "--configfile", str(tmp_path / "bad.yaml"), "--cores", "1",
                        "results/bci/recordings/control/m2/rois.parquet", check=False)
    assert run.returncode != 0
    log = (workdir / "logs/bci/import/control/m2.log").read_text()
    assert "bad.nwb: field 'Fluorescence.data'" in log and "NaN or inf" in log
    assert not (workdir / "results/bci/recordings/control/m2").exists() or \
        list((workdir / "results/bci/recordings/control/m2").iterdir()) == []


@pytest.mark.slow
def test_tiny_study_through_nwb_gives_the_same_statistics(tmp_path):
    """synthetic -> NWB -> import -> analysis equals synthetic -> analysis, table for table, but for the simulated
    mice's ground truth (teaching tables and columns), which no recording has."""
    tiny = ROOT / "tests" / "bci" / "tiny_config.yaml"
    synthetic, imported = tmp_path / "synthetic", tmp_path / "imported"
    run_snakemake(synthetic, "--configfile", str(tiny), "--cores", "2", "bci", "bci_nwb")
    shutil.copytree(synthetic / "results/bci/nwb", imported / "results/bci/nwb")
    sessions = [entry for listing in sorted((imported / "results/bci/nwb").glob("*/*/sessions.yaml"))
                for entry in yaml.safe_load(listing.read_text())]
    config = yaml.safe_load(tiny.read_text())
    config["data"] = {"source": "nwb", "sessions": sessions}
    (tmp_path / "nwb.yaml").write_text(yaml.safe_dump(config))
    run_snakemake(imported, "--configfile", str(tmp_path / "nwb.yaml"), "--cores", "2", "bci")
    compared = 0
    for table in sorted((synthetic / "results/bci").glob("[!n]*/**/*.parquet")):
        if "calibration" in table.relative_to(synthetic).parts:   # fitted for simulated mice only; an import has none
            continue
        if table.stem in schemas.GROUND_TRUTH_TABLE_NAMES:
            continue
        twin = imported / table.relative_to(synthetic)
        left, right = pd.read_parquet(table), pd.read_parquet(twin)
        if table.stem == "teaching_recovery":
            assert len(left) > 0 and right.empty
            continue
        truth = [c for c in left.columns if c.startswith("teaching")]
        assert right[truth].isna().all().all()
        pd.testing.assert_frame_equal(left.drop(columns=truth), right.drop(columns=truth), check_exact=True)
        compared += 1
    assert compared > 70  # recordings, analysis, collected tables and statistics of 3 x 3 mice
    summary = "results/bci/stats/summary.md"
    assert (synthetic / summary).read_text() == (imported / summary).read_text()
