"""Grid-cell claims are decided by the statistics tables: each verdict flips with the numbers behind it."""

import pandas as pd

from neuroai.gridcells.claims import evaluate


def _codes(grid_objective, place_objective=0.05):
    return pd.DataFrame({"code": ["place", "grid", "grid"], "n_modules": [1, 1, 2], "scale_m": [0.08, 0.2, 0.3],
                         "objective": [place_objective, 0.01, grid_objective]})


def _tables(p_chance, p_ablation, n_modules, grid_objective=0.03, ratio=1.5):
    fractions = pd.DataFrame([{"condition": "full", "n_seeds": 1, "n_units": 64, "n_grid": 20,
                               "fraction_grid": 20 / 64, "chance_fraction": 0.05, "p_vs_chance": p_chance}])
    seeds = pd.DataFrame([{"condition": "full", "seed": 0, "n_units": 64, "n_grid": 20, "p_vs_chance": p_chance}])
    contrasts = pd.DataFrame([{"condition": "no_separation", "fraction_reference": 0.31, "fraction_condition": 0.02,
                               "p_fraction_bh": p_ablation}])
    modules = pd.DataFrame({"condition": "full", "seed": 0, "module": range(n_modules), "n_units": 5,
                            "mean_spacing_m": [0.3 * ratio ** m for m in range(n_modules)],
                            "period_ratio": [float("nan")] + [ratio] * (n_modules - 1),
                            "ratio_ci_low": [float("nan")] + [ratio - 0.1] * (n_modules - 1),
                            "ratio_ci_high": [float("nan")] + [ratio + 0.1] * (n_modules - 1)})
    return fractions, seeds, contrasts, modules, "full", _codes(grid_objective), 0.2


def test_every_claim_holds_when_the_statistics_support_it():
    claims = evaluate(*_tables(1e-6, 1e-4, 2)).set_index("key")
    assert list(claims.index) == ["grid_cells_above_null", "ablation_no_separation", "multiple_modules",
                                   "grid_codes_minimise_losses"]
    assert claims["holds"].all()
    assert claims.loc["multiple_modules", "statistic"] == "1/1 seeds; seed 0: 2 module(s), ratio 1.50 [1.40, 1.60]"


def test_modules_whose_periods_differ_too_much_or_too_little_are_not_the_paper_s():
    for ratio in (1.25, 1.75, 2.5):  # CIs of +-0.1 reach outside [1.2, 1.8] for the first two
        claims = evaluate(*_tables(1e-6, 1e-4, 3, ratio=ratio)).set_index("key")
        assert not claims.loc["multiple_modules", "holds"]


def test_every_claim_fails_when_the_statistics_do_not():
    claims = evaluate(*_tables(0.4, 0.3, 1, grid_objective=0.06)).set_index("key")
    assert not claims["holds"].any()
    assert claims.loc["grid_cells_above_null", "statistic"] == "20/64 = 31.2%, p = 0.400"


def test_an_ablation_cannot_lose_grid_cells_the_full_model_never_had():
    claims = evaluate(*_tables(0.3, 1e-4, 1)).set_index("key")
    assert not claims.loc["ablation_no_separation", "holds"]
    assert "no grid cells above chance" in claims.loc["ablation_no_separation", "statistic"]


def test_the_normative_claim_compares_multi_module_grids_with_places_and_reports_the_trained_network():
    claims = evaluate(*_tables(0.4, 0.3, 1, grid_objective=0.04)).set_index("key")
    row = claims.loc["grid_codes_minimise_losses"]
    assert row["holds"]  # the single-module grid's 0.01 does not count: the claim is about several modules
    assert row["statistic"] == ("grid (2 modules, finest period 0.3 m) 0.0400 vs place (fields 0.08 m) 0.0500; "
                                "trained `full` ends at 0.2000 (mean over seeds)")


def test_modules_must_appear_in_more_than_half_of_the_seeds():
    fractions, _, contrasts, modules, ref, codes, trained = _tables(1e-6, 1e-4, 2)
    seeds = pd.DataFrame({"condition": "full", "seed": [0, 1, 2], "n_units": 64, "n_grid": [20, 18, 3],
                          "p_vs_chance": [1e-6, 1e-5, 0.6]})
    one = evaluate(fractions, seeds, contrasts, modules, ref, codes, trained).set_index("key")
    assert not one.loc["multiple_modules", "holds"]
    assert one.loc["multiple_modules", "statistic"].startswith("1/3 seeds; seed 0: 2 module(s)")
    assert one.loc["grid_cells_above_null", "statistic"].endswith("per seed 20/64, 18/64, 3/64")
    assert not one.loc["grid_cells_above_null", "holds"]  # pooled units are not enough: every seed must have them
    two = pd.concat([modules, modules.assign(seed=2)])
    assert evaluate(fractions, seeds, contrasts, two, ref, codes, trained).set_index("key").loc[
        "multiple_modules", "holds"]
