"""Malformed configs are rejected before anything runs, with the offending field named."""

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from neuroai.common.config import ConfigError, get_field, set_field
from tests.workflow import check_config

ROOT = Path(__file__).resolve().parents[1]


def _set(config, dotted, value):
    """Set a field, or delete it when `value` is KeyError."""
    if value is KeyError:
        parent, _, last = dotted.rpartition(".")
        del get_field(config, parent)[last]
    else:
        set_field(config, dotted, value)


def test_default_config_is_valid(default_config):
    check_config(default_config)


@pytest.mark.parametrize("field, value, expected", [
    ("bci.sessions", "ten", r"'bci\.sessions'.*not of type 'integer'"),
    ("bci.inhibition_strength", 1.5, r"'bci\.inhibition_strength'.*maximum"),
    ("bci.conditions", ["control", "optogenetics"], r"'bci\.conditions\[1\]'.*optogenetics"),
    ("bci.n_neuron", 80, r"'bci\.n_neuron': unknown key; did you mean 'n_neurons'"),
    ("bci.task", KeyError, r"'bci'.*'task' is a required property"),
    ("bci.analysis.ridge_alphas", [], r"'bci\.analysis\.ridge_alphas'"),
    ("bci.n_neurons", 10, r"'bci\.n_neurons'.*two groups"),
    ("bci.analysis.peri_window_s", [1.0, 2.0], r"'bci\.analysis\.peri_window_s'"),
    ("bci.calibration.late_sessions", 15, r"'bci\.calibration\.late_sessions'.*more than bci\.sessions"),
    ("bci.calibration.learning_rates", [0.001, 0.001], r"'bci\.calibration\.learning_rates'.*non-unique"),
    ("data.source", "csv", r"'data\.source'.*'csv'"),
    ("seed", -3, r"'seed'"),
])
def test_malformed_config_names_the_field(default_config, field, value, expected):
    config = copy.deepcopy(default_config)
    _set(config, field, value)
    with pytest.raises(ConfigError, match=expected):
        check_config(config)


def test_snakemake_refuses_a_bad_config_before_planning(tmp_path):
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump({"bci": {"inhibition_strength": 2}}))
    run = subprocess.run([str(Path(sys.executable).parent / "snakemake"), "-s", str(ROOT / "Snakefile"),
                          "--directory", str(tmp_path), "--configfile", str(tmp_path / "bad.yaml"), "-n"],
                         capture_output=True, text=True)
    assert run.returncode != 0
    assert "bci.inhibition_strength" in run.stdout + run.stderr
    assert not (tmp_path / "results").exists()
