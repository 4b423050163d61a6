"""Tiny end-to-end grid-cell run through Snakemake in a temporary directory (CI)."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from neuroai.common.config import ConfigError, validate
from neuroai.common.ledger import CLAIMS
from neuroai.common.tables import read_table
from neuroai.gridcells import schemas

ROOT = Path(__file__).resolve().parents[2]
TINY = Path(__file__).with_name("tiny_config.yaml")
SNAKEMAKE = Path(sys.executable).with_name("snakemake")


def run_snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [str(SNAKEMAKE), *args, "-s", str(ROOT / "Snakefile"), "--directory", str(workdir),
           "--configfile", str(TINY), "--cores", "2", "--quiet", "rules"]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def test_tiny_workflow_builds_every_output(tmp_path):
    done = run_snakemake(tmp_path, "gridcells")
    assert done.returncode == 0, done.stderr[-3000:]
    out = tmp_path / "results" / "gridcells"
    for name in ("example_maps", "score_distributions", "spacing_modules", "ablation", "training_curves"):
        for ext in ("pdf", "png"):
            assert (out / "figures" / f"{name}.{ext}").stat().st_size > 1000
    conditions = list(yaml.safe_load((ROOT / "config.yaml").read_text())["gridcells"]["conditions"])
    fractions = read_table(out / "stats" / "grid_fractions.parquet", schemas.FRACTIONS)
    assert fractions["condition"].tolist() == conditions
    assert (fractions["n_units"] == 16).all()
    assert ((fractions["fraction_grid"] >= 0) & (fractions["fraction_grid"] <= 1)).all()
    summary = (out / "stats" / "summary.md").read_text()
    assert "## Verdicts" in summary and "Self-supervised path integration yields grid cells" in summary
    claims = read_table(out / "stats" / "claims.parquet", CLAIMS)
    assert list(claims["key"]) == ["grid_cells_above_null"] + [f"ablation_{c}" for c in conditions[1:]] + [
        "multiple_modules", "grid_codes_minimise_losses"]
    assert "Grid cells per condition" in (out / "stats" / "key_statistics.html").read_text()
    codes = read_table(out / "tables" / "reference_codes.parquet", schemas.REFERENCE_CODES)
    assert set(codes["code"]) == {"place", "grid"} and codes["objective"].between(0, 2).all()
    assert "## Hand-built codes scored by the same losses" in summary
    for condition in conditions:
        assert (tmp_path / "benchmarks" / "gridcells" / "train" / f"{condition}.tsv").exists()
        assert (tmp_path / "logs" / "gridcells" / "evaluate" / f"{condition}.log").exists()


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
        validate(config)
