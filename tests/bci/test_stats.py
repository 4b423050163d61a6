import numpy as np
import pandas as pd
import pytest

from neuroai.bci import stats


def _behaviour(slopes, mice=6, days=10, seed=0, slope_sd=0.0):
    g = np.random.default_rng(seed)
    rows = []
    for condition, slope in slopes.items():
        for m in range(mice):
            offset = g.normal(0.5, 0.05)
            mouse_slope = g.normal(slope, slope_sd) if slope_sd else slope
            for d in range(1, days + 1):
                rows.append({"condition": condition, "mouse": f"mouse{m:02d}", "day": d,
                             "hit_rate": offset + mouse_slope * d + g.normal(0, 0.05)})
    return pd.DataFrame(rows)


def test_learning_slopes_recover_known_slopes_and_contrasts():
    b = _behaviour({"control": 0.04, "dendrite_inhibition": 0.0})
    slopes = stats.learning_slopes(b).set_index("condition")
    assert slopes.loc["control", "ci_low"] < 0.04 < slopes.loc["control", "ci_high"]
    assert slopes.loc["control", "p_value"] < 1e-3 and slopes.loc["dendrite_inhibition", "p_value"] > 0.01
    contrast = stats.slope_contrasts(b).iloc[0]
    assert contrast["condition"] == "dendrite_inhibition" and contrast["estimate"] < 0 and contrast["p_value"] < 1e-3


def test_role_contrast_detects_opposite_residuals():
    g = np.random.default_rng(1)
    rows = [{"condition": "control", "mouse": f"m{m}", "neuron": n, "role": role, "session": s,
             "residual_reward": sign * 0.3 + g.normal(0, 0.3), "residual_error": g.normal(),
             "residual_error_decrease": g.normal(), "residual_error_increase": g.normal()}
            for m in range(5) for n, (role, sign) in enumerate([("P+", 1), ("P-", -1)] * 4) for s in range(6)]
    df = pd.DataFrame(rows)
    by_role = stats.residual_by_role(df).query("measure == 'reward'").set_index("role")
    assert by_role.loc["P+", "estimate"] > 0 > by_role.loc["P-", "estimate"]
    contrast = stats.role_contrasts(df).set_index("measure")
    assert contrast.loc["reward", "estimate"] > 0.4 and contrast.loc["reward", "p_value"] < 1e-3
    assert contrast.loc["error", "p_value"] > 0.001


def _role_signed(condition: str, size: float, seed: int) -> pd.DataFrame:
    g = np.random.default_rng(seed)
    return pd.DataFrame([{"condition": condition, "mouse": f"m{m}", "neuron": n, "role": role, "session": s,
                          "residual_reward": sign * size + g.normal(0, 0.3), "residual_error": g.normal(),
                          "residual_error_decrease": g.normal(), "residual_error_increase": g.normal()}
                         for m in range(5) for n, (role, sign) in enumerate([("P+", 1), ("P-", -1)] * 4)
                         for s in range(6)])


def test_role_contrast_vs_null_finds_only_what_exceeds_the_null():
    null = "no_teaching"
    biased = pd.concat([_role_signed("control", 0.3, 1), _role_signed(null, 0.1, 2)])
    table = stats.role_contrasts_vs_null(biased, null).set_index("measure")
    assert table.loc["reward", "estimate"] == pytest.approx(0.4, abs=0.1) and table.loc["reward", "p_value"] < 1e-3
    same = stats.role_contrasts_vs_null(pd.concat([_role_signed("control", 0.3, 3), _role_signed(null, 0.3, 4)]),
                                        null).set_index("measure")
    assert same.loc["reward", "p_value"] > 0.01
    assert set(table["condition"]) == {"control"} and (table["reference"] == null).all()
    assert stats.role_contrasts_vs_null(_role_signed("control", 0.3, 1), null).empty


def test_singular_random_effects_fall_back_to_clustered_ols():
    b = _behaviour({"control": 0.02}, mice=3, days=3)
    b["hit_rate"] = 0.1 * b["day"] + b["mouse"].map({"mouse00": 0.0, "mouse01": 0.0, "mouse02": 0.0})
    b["hit_rate"] += np.random.default_rng(0).normal(0, 1e-3, len(b))
    row = stats.learning_slopes(b).iloc[0]
    assert np.isfinite(row["se"]) and abs(row["estimate"] - 0.1) < 0.01
    assert not row["converged"] and row["random_effects"] == "none: OLS, s.e. clustered by mouse"


def _two_mice_different_slopes():
    b = _behaviour({"control": 0.04}, mice=2)
    return b.assign(hit_rate=b["hit_rate"] + (b["mouse"] == "mouse01") * 0.05 * b["day"])


@pytest.mark.parametrize("behaviour, fallback", [
    # one mouse: no between-mouse variance to estimate (statsmodels: Hessian not positive definite)
    (_behaviour({"control": 0.04}, mice=1), "none: OLS, data from a single mouse"),
    # two mice: a random slope from two slopes fails (optimiser or Hessian); a random intercept can be estimated
    (_two_mice_different_slopes(), "mouse intercept"),
])
def test_failed_requested_model_is_reported_as_not_converged(behaviour, fallback):
    row = stats.learning_slopes(behaviour).iloc[0]
    assert not row["converged"] and row["random_effects"] == fallback
    assert np.isfinite(row["estimate"]) and np.isfinite(row["se"]) and row["se"] > 0


def test_well_posed_mixed_model_converges_and_recovers_the_slope():
    b = _behaviour({"control": 0.04}, mice=10, slope_sd=0.01)
    row = stats.learning_slopes(b).iloc[0]
    assert row["converged"] and row["random_effects"] == "mouse intercept + mouse slope"
    assert row["ci_low"] < 0.04 < row["ci_high"] and row["p_value"] < 1e-6
