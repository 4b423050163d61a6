"""A key given twice in a config file is refused with the file and both lines, before any job is planned."""

import pytest
import yaml

from neuroai.common.config import ConfigError
from neuroai.common.strict_yaml import load_unique
from tests.workflow import ROOT, run_snakemake


def test_duplicate_keys_are_refused_with_file_and_lines(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("bci:\n  sessions: 3\n  task: {baseline_s: 60}\n  sessions: 4\n")
    with pytest.raises(ConfigError, match=r"mine\.yaml:4: key 'sessions' is given twice.*first on line 2"):
        load_unique(path)


def test_anchors_merges_and_the_default_config_load_as_yaml_does(tmp_path):
    path = tmp_path / "merge.yaml"
    path.write_text("a: &x {b: 1, c: 2}\nd:\n  <<: *x\n  c: 3\nsame: {b: 1}\nother: {b: 1}\n")
    assert load_unique(path) == yaml.safe_load(path.read_text())
    assert load_unique(ROOT / "config.yaml") == yaml.safe_load((ROOT / "config.yaml").read_text())


def test_snakemake_refuses_a_config_file_with_a_duplicate_key(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("seed: 1\nseed: 2\n")
    run = run_snakemake(tmp_path, "--configfile", str(bad), "-n", check=False)
    assert run.returncode != 0 and "bad.yaml:2: key 'seed' is given twice" in run.stdout + run.stderr
    assert not (tmp_path / "results").exists()
