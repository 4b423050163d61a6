"""Grid-cell claims are decided by the statistics tables: each verdict flips with the numbers behind it."""

import pandas as pd

from neuroai.gridcells.claims import evaluate


def _tables(p_chance, p_ablation, n_modules):
    fractions = pd.DataFrame([{"condition": "full", "n_units": 64, "n_grid": 20, "fraction_grid": 20 / 64,
                               "chance_fraction": 0.05, "p_vs_chance": p_chance}])
    contrasts = pd.DataFrame([{"condition": "no_separation", "fraction_reference": 0.31, "fraction_condition": 0.02,
                               "p_fraction_bh": p_ablation}])
    modules = pd.DataFrame({"condition": "full", "module": range(n_modules), "n_units": 5,
                            "mean_spacing_m": [0.3 * 1.5 ** m for m in range(n_modules)],
                            "period_ratio": [float("nan")] + [1.5] * (n_modules - 1)})
    return fractions, contrasts, modules


def test_every_claim_holds_when_the_statistics_support_it():
    claims = evaluate(*_tables(1e-6, 1e-4, 2), reference="full").set_index("key")
    assert list(claims.index) == ["grid_cells_above_null", "ablation_no_separation", "multiple_modules"]
    assert claims["holds"].all()
    assert "period ratios 1.50" in claims.loc["multiple_modules", "statistic"]


def test_every_claim_fails_when_the_statistics_do_not():
    claims = evaluate(*_tables(0.4, 0.3, 1), reference="full").set_index("key")
    assert not claims["holds"].any()
    assert claims.loc["grid_cells_above_null", "statistic"] == "20/64 = 31.2%, p = 0.400"


def test_an_ablation_cannot_lose_grid_cells_the_full_model_never_had():
    claims = evaluate(*_tables(0.3, 1e-4, 1), reference="full").set_index("key")
    assert not claims.loc["ablation_no_separation", "holds"]
    assert "no grid cells above chance" in claims.loc["ablation_no_separation", "statistic"]
