"""Parameter sweeps: expansion, validation, and incremental reruns through Snakemake."""

import copy
import re

import pytest
import yaml

from neuroai.bci import schemas
from neuroai.bci.sweeps import point_config, point_name, points, values
from neuroai.common.config import ConfigError
from neuroai.common.tables import read_table
from tests.workflow import ROOT, check_config, run_snakemake

TINY = str(ROOT / "tests" / "bci" / "tiny_config.yaml")
SMALL = {"mice_per_condition": 2, "sessions": 2, "trials_per_session": 6, "n_neurons": 24,
         "task": {"baseline_s": 60}, "analysis": {"residual_pcs": 4}}


def _sweep(strengths):
    return {"sweeps": [{"name": "dose", "conditions": ["dendrite_inhibition"],
                        "parameters": {"inhibition_strength": strengths}, "overrides": SMALL}]}


def test_grid_is_the_cartesian_product_with_stable_readable_names():
    sweep = {"parameters": {"inhibition_strength": [0.2, 0.9], "plasticity.learning_rate": {"start": 1e-4,
                                                                                              "stop": 3e-4, "num": 3}}}
    grid = points(sweep)
    assert len(grid) == 6 and values(sweep["parameters"]["plasticity.learning_rate"]) == [1e-4, 2e-4, 3e-4]
    assert point_name(grid[0]) == "inhibition_strength~0.2_plasticity.learning_rate~0.0001"


def test_point_config_applies_overrides_then_point_values(default_config):
    sweep = {"conditions": ["control"], "parameters": {"group_sizes": [8]}, "overrides": {"sessions": 5}}
    bci = point_config(default_config["bci"], sweep, {"group_sizes": 8})
    assert bci["group_sizes"] == [8] and bci["sessions"] == 5 and bci["conditions"] == ["control"]
    assert default_config["bci"]["sessions"] == 14          # defaults untouched


@pytest.mark.parametrize("sweep, expected", [
    ({"parameters": {"inhibition_strenght": [0.5]}}, r"sweeps\[0\].*unknown BCI parameter 'inhibition_strenght'"),
    ({"parameters": {"inhibition_strength": []}}, r"'sweeps\[0\]\.parameters\.inhibition_strength'"),
    ({"parameters": {"inhibition_strength": [0.5, 1.5]}}, r"sweeps\[0\].*inhibition_strength~1\.5.*maximum"),
    ({"parameters": {"group_sizes": [40]}}, r"sweeps\[0\].*group_sizes~40.*bci\.n_neurons"),
    ({"parameters": {}}, r"'sweeps\[0\]\.parameters'"),
])
def test_bad_sweep_entries_are_rejected_by_name(default_config, sweep, expected):
    config = copy.deepcopy(default_config)
    config["sweeps"] = [{"name": "bad", "conditions": ["control"], **sweep}]
    with pytest.raises(ConfigError, match=expected):
        check_config(config)


def _planned_points(workdir, configs):
    dry = run_snakemake(workdir, "--configfile", TINY, *configs, "-n", "bci_sweeps").stdout
    jobs = re.findall(r"rule (\w+):", dry)
    planned = re.findall(r"wildcards: sweep=dose, point=(\S+)", dry)
    return jobs, planned


def test_sweep_runs_and_adding_a_value_reruns_only_the_new_point(tmp_path):
    three, four = tmp_path / "three.yaml", tmp_path / "four.yaml"
    three.write_text(yaml.safe_dump(_sweep([0.0, 0.5, 0.9])))
    four.write_text(yaml.safe_dump(_sweep([0.0, 0.5, 0.9, 0.7])))
    run_snakemake(tmp_path, "--configfile", TINY, str(three), "--cores", "2", "bci_sweeps")
    summary = read_table(tmp_path / "results/bci/sweeps/dose/summary.parquet", schemas.SWEEP_POINT)
    assert sorted(summary["x_value"]) == [0.0, 0.5, 0.9]
    assert (tmp_path / "results/bci/sweeps/dose/summary.png").stat().st_size > 10_000
    jobs, planned = _planned_points(tmp_path, [str(four)])
    assert [p for p in planned if "~" in p] == ["inhibition_strength~0.7"]
    assert sorted(jobs) == ["bci_sweep_point", "bci_sweep_summary", "bci_sweeps"]
    decoder = tmp_path / "decoder.yaml"  # an analysis setting no sweep point reads
    decoder.write_text("bci: {analysis: {decoder_c: 2.0}}\n")
    assert _planned_points(tmp_path, [str(three), str(decoder)]) == ([], [])


def test_snakemake_rejects_a_bad_sweep_before_running(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(_sweep([0.5, 2.0])))
    run = run_snakemake(tmp_path, "--configfile", TINY, str(bad), "-n", check=False)
    assert run.returncode != 0 and "inhibition_strength~2.0" in run.stdout + run.stderr
