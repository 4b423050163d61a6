"""Tiny end-to-end Mental-Pong run through Snakemake in a temporary directory (CI), and config checks."""

import copy
from pathlib import Path

import numpy as np
import pytest
import yaml

from neuroai.common.config import ConfigError
from neuroai.common.ledger import CLAIMS
from neuroai.common.tables import read_table
from neuroai.mentalsim import schemas
from neuroai.mentalsim.baselines import BASELINES
from neuroai.mentalsim.params import check_mentalsim_config
from tests.workflow import ROOT, check_config, digests, planned_jobs, run_snakemake

TINY = Path(__file__).with_name("tiny_config.yaml")


# One worker runs this module, so its tiny run (a module fixture) is built once, not once per xdist worker.
pytestmark = pytest.mark.xdist_group("mentalsim_tiny")

@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("mentalsim_tiny")
    run_snakemake(workdir, "--configfile", str(TINY), "--cores", "2", "--quiet", "rules", "--", "mentalsim")
    return workdir


def test_tiny_workflow_builds_every_output(tiny_run, tmp_path):
    out = tiny_run / "results" / "mentalsim"
    for name in schemas.FIGURE_NAMES:
        for ext in ("pdf", "png"):
            assert (out / "figures" / f"{name}.{ext}").stat().st_size > 1000
    models = list(yaml.safe_load((ROOT / "config.yaml").read_text())["mentalsim"]["models"])
    estimates = read_table(out / "stats" / "estimates.parquet", schemas.ESTIMATES)
    predictivity = estimates[estimates["metric"] == "predictivity_occluded"]
    assert sorted(predictivity["system"]) == sorted(models + list(BASELINES))
    assert (predictivity.set_index("system").loc[models, "n_seeds"] == 2).all()
    recovery = read_table(out / "stats" / "recovery.parquet", schemas.RECOVERY)
    assert set(recovery["generator"]) == set(models) and set(recovery["candidate"]) == set(models)
    np.testing.assert_allclose(recovery.groupby("generator")["ranked_first"].sum(), 1.0)
    decoded = estimates[estimates["metric"] == "occluded_position_r"].set_index("system")
    assert "reference" in decoded.index
    assert (decoded["ci_low"] <= decoded["estimate"]).all() and (decoded["estimate"] <= decoded["ci_high"]).all()
    summary = (out / "stats" / "summary.md").read_text()
    assert "## Against the paper" in summary and "synthetic" in summary
    claims = read_table(out / "stats" / "claims.parquet", CLAIMS)
    assert list(claims["key"]) == ["latent_future_best", "dynamics_beat_no_dynamics", "decoding_approaches_neurons",
                                   "latent_future_best_task_rnn"]
    task_reference = read_table(out / "stats" / "task_reference.parquet", schemas.TASK_REFERENCE)
    assert set(task_reference["generator"]) == {"simulate", "endpoint"}
    assert set(task_reference["candidate"]) == set(models + list(BASELINES))
    np.testing.assert_allclose(task_reference.groupby("generator")["ranked_first"].sum(), 1.0)  # models only
    partial = estimates[estimates["metric"] == "predictivity_occluded_partial"]
    assert sorted(partial["system"]) == sorted(models + list(BASELINES))
    assert "Contrasts against the best model" in (out / "stats" / "key_statistics.html").read_text()
    for model in models:
        assert (tiny_run / "benchmarks" / "mentalsim" / "model" / model / "seed1.tsv").exists()
        assert (tiny_run / "logs" / "mentalsim" / "evaluate" / model / "seed1.log").exists()
    # Same config, fresh directory, one core: bit-identical stimuli, reference and trained-model states.
    again = tmp_path / "again"
    target = "results/mentalsim/models/latent_future/seed1/states.parquet"
    run_snakemake(again, "--configfile", str(TINY), "--cores", "1", "--quiet", "rules", "--", target,
                  "results/mentalsim/reference/neural.parquet")
    second = digests(again / "results")
    assert len(second) >= 5 and all(digests(tiny_run / "results")[k] == v for k, v in second.items())


def test_an_evaluation_setting_or_a_new_model_retrains_no_existing_model(tiny_run, tmp_path):
    bootstrap = tmp_path / "bootstrap.yaml"
    bootstrap.write_text("mentalsim: {evaluation: {n_bootstrap: 60}}\n")
    jobs = {j.split("[")[0] for j in planned_jobs(tiny_run, "mentalsim", "--configfile", str(TINY), str(bootstrap))}
    assert jobs == {"mentalsim_stats", "mentalsim_figures", "mentalsim"}
    style = tmp_path / "style.yaml"
    style.write_text("figures: {font_scale: 1.5}\n")
    assert planned_jobs(tiny_run, "mentalsim", "--configfile", str(TINY), str(style)) == [
        "mentalsim_figures", "mentalsim"]
    extra = tmp_path / "model.yaml"
    extra.write_text("mentalsim: {models: {latent_future_again: {class: latent_future, encoder: time_contrastive}}}\n")
    trained = [j for j in planned_jobs(tiny_run, "mentalsim", "--configfile", str(TINY), str(extra))
               if j.startswith(("mentalsim_model", "mentalsim_encoder", "mentalsim_stimuli", "mentalsim_reference["))]
    assert sorted(trained) == [f"mentalsim_model[model=latent_future_again, replicate={r}]" for r in range(2)]


@pytest.mark.parametrize("section, field, value, message", [
    ("task", "pixels", 30, "mentalsim.task.pixels"),
    ("conditions", "n_bounce", 500, "mentalsim.conditions.n_bounce"),
    ("models", "broken", {"class": "latent_future", "encoder": "missing"}, "mentalsim.models.broken.encoder"),
])
def test_bad_config_names_the_field(default_config, section, field, value, message):
    config = copy.deepcopy(default_config)
    config["mentalsim"][section][field] = value
    with pytest.raises(ConfigError, match=message.replace(".", r"\.")):
        check_config(config)
        check_mentalsim_config(config["mentalsim"])


def test_schema_rejects_an_unknown_model_class(default_config):
    config = copy.deepcopy(default_config)
    config["mentalsim"]["models"]["odd"] = {"class": "magic"}
    with pytest.raises(ConfigError, match=r"mentalsim\.models\.odd\.class"):
        check_config(config)


@pytest.mark.slow
def test_default_config_builds_the_study(tmp_path):
    """Full-size run of the default config (about 11 minutes on 2 cores, 3 training seeds)."""
    run_snakemake(tmp_path, "--cores", "2", "--quiet", "rules", "--", "mentalsim")
    out = tmp_path / "results" / "mentalsim"
    estimates = read_table(out / "stats" / "estimates.parquet", schemas.ESTIMATES)
    assert (estimates["n_conditions"] == 79).all()
    reference = estimates.set_index(["system", "metric"]).loc[("reference", "occluded_position_r"), "estimate"]
    assert reference > 0.5  # the synthetic population tracks the hidden ball
    assert "## Against the paper" in (out / "stats" / "summary.md").read_text()


def test_a_labs_recording_files_are_inputs_of_the_jobs_that_read_them(tmp_path):
    conditions, neural = tmp_path / "conditions.parquet", tmp_path / "neural.parquet"
    lab = tmp_path / "lab.yaml"
    lab.write_text(yaml.safe_dump({"mentalsim": {"reference": {
        "source": "file", "conditions_path": str(conditions), "neural_path": str(neural)}}}))
    missing = run_snakemake(tmp_path, "--configfile", str(TINY), str(lab), "-n", "mentalsim", check=False)
    assert missing.returncode != 0 and str(conditions) in missing.stdout + missing.stderr
    conditions.touch()
    neural.touch()
    dry = run_snakemake(tmp_path, "--configfile", str(TINY), str(lab), "-n", "--",
                        "results/mentalsim/reference/neural.parquet").stdout
    assert f"input: {conditions}" in dry and str(neural) in dry
