"""Tiny end-to-end grid-cell run through Snakemake in a temporary directory (CI)."""

from pathlib import Path

import pytest
import yaml

from neuroai.common.config import ConfigError
from neuroai.common.ledger import CLAIMS
from neuroai.common.tables import read_table
from neuroai.gridcells import schemas
from neuroai.gridcells.claims import DROPPED_TERM
from tests.workflow import ROOT, check_config, planned_jobs, run_snakemake

TINY = str(Path(__file__).with_name("tiny_config.yaml"))


# One worker runs this module, so its tiny run (a module fixture) is built once, not once per xdist worker.
pytestmark = pytest.mark.xdist_group("gridcells_tiny")

@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("gridcells_tiny")
    run_snakemake(workdir, "--configfile", TINY, "--cores", "2", "--quiet", "rules", "--", "gridcells")
    return workdir


def test_tiny_workflow_builds_every_output(tiny_run):
    tmp_path = tiny_run
    out = tmp_path / "results" / "gridcells"
    for name in schemas.FIGURE_NAMES:
        for ext in ("pdf", "png"):
            assert (out / "figures" / f"{name}.{ext}").stat().st_size > 1000
    conditions = list(yaml.safe_load((ROOT / "config.yaml").read_text())["gridcells"]["conditions"])
    fractions = read_table(out / "stats" / "grid_fractions.parquet", schemas.FRACTIONS)
    assert fractions["condition"].tolist() == conditions
    assert fractions["n_units"].tolist() == [32] + [16] * (len(conditions) - 1)
    assert ((fractions["fraction_grid"] >= 0) & (fractions["fraction_grid"] <= 1)).all()
    summary = (out / "stats" / "summary.md").read_text()
    assert "## Verdicts" in summary and "Self-supervised path integration yields grid cells" in summary
    claims = read_table(out / "stats" / "claims.parquet", CLAIMS)
    assert list(claims["key"]) == ["grid_cells_above_null"] + [f"ablation_{c}" for c in conditions[1:]
                                                     if c in DROPPED_TERM] + [
        "multiple_modules", "grid_codes_minimise_losses"]
    assert "Grid cells per condition" in (out / "stats" / "key_statistics.html").read_text()
    codes = read_table(out / "tables" / "reference_codes.parquet", schemas.REFERENCE_CODES)
    assert set(codes["code"]) == {"place", "grid"} and codes["objective"].between(-1, 2).all()  # capacity in [-1, 0]
    assert "## Hand-built codes scored by the same losses" in summary
    seeds = read_table(out / "stats" / "seed_fractions.parquet", schemas.SEED_FRACTIONS)
    assert list(zip(seeds["condition"], seeds["seed"])) == [(conditions[0], 0), (conditions[0], 1)] + [
        (c, 0) for c in conditions[1:]]  # tiny_config: 2 seeds of the reference, 1 of each ablation
    assert fractions["n_seeds"].tolist() == [2] + [1] * (len(conditions) - 1)
    for condition, seed in zip(seeds["condition"], seeds["seed"]):
        assert (tmp_path / "benchmarks" / "gridcells" / "train" / condition / f"seed{seed}.tsv").exists()
        assert (tmp_path / "logs" / "gridcells" / "evaluate" / condition / f"seed{seed}.log").exists()


@pytest.mark.parametrize("field, value, message", [
    (("model", "n_units"), 0, "gridcells.model.n_units"),
    (("training", "sigma_x"), -1.0, "gridcells.training.sigma_x"),
    (("conditions", "full"), {"separation": True}, "gridcells.conditions.full"),
])
def test_bad_config_names_the_field(default_config, field, value, message):
    import copy

    config = copy.deepcopy(default_config)
    config["gridcells"][field[0]][field[1]] = value
    with pytest.raises(ConfigError, match=message.replace(".", r"\.")):
        check_config(config)


def test_an_evaluation_setting_a_new_condition_or_a_new_seed_retrains_no_existing_network(tiny_run, tmp_path):
    evaluation = tmp_path / "evaluation.yaml"
    evaluation.write_text("gridcells: {evaluation: {n_shuffles: 4}}\n")
    jobs = {j.split("[")[0] for j in planned_jobs(tiny_run, "gridcells", "--configfile", TINY, str(evaluation))}
    assert jobs == {"gridcells_evaluate", "gridcells_stats", "gridcells_figures", "gridcells"}
    style = tmp_path / "style.yaml"
    style.write_text("figures: {font_scale: 1.5}\n")
    assert planned_jobs(tiny_run, "gridcells", "--configfile", TINY, str(style)) == ["gridcells_figures", "gridcells"]
    conditions = yaml.safe_load((ROOT / "config.yaml").read_text())["gridcells"]["conditions"]
    extra = tmp_path / "condition.yaml"
    extra.write_text(yaml.safe_dump({"gridcells": {"conditions": {**conditions, "full_again": {
        "separation": True, "invariance": True, "capacity": True, "conformal": True, "norm_relu": True}}}}, sort_keys=False))
    trained = [j for j in planned_jobs(tiny_run, "gridcells", "--configfile", TINY, str(extra))
               if j.startswith(("gridcells_train", "gridcells_trajectories", "gridcells_reference_codes"))]
    assert trained == ["gridcells_train[condition=full_again, replicate=0]"]
    more_seeds = tmp_path / "seeds.yaml"
    more_seeds.write_text("gridcells: {seeds: {reference: 3, ablations: 1}}\n")
    trained = [j for j in planned_jobs(tiny_run, "gridcells", "--configfile", TINY, str(more_seeds))
               if j.startswith("gridcells_train")]
    assert trained == [f"gridcells_train[condition={next(iter(conditions))}, replicate=2]"]


def test_the_paper_scale_config_is_accepted_and_plans_every_training_run(tiny_run):
    jobs = planned_jobs(tiny_run, "gridcells", "--configfile", str(ROOT / "configs" / "paper_scale.yaml"))
    config = yaml.safe_load((ROOT / "config.yaml").read_text())["gridcells"]
    runs = config["seeds"]["reference"] + (len(config["conditions"]) - 1) * config["seeds"]["ablations"]
    assert sum(j.startswith("gridcells_train[") for j in jobs) == runs
