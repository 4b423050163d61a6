import numpy as np
import pandas as pd

from neuroai.bci import stats


def _behaviour(slopes, mice=6, days=10, seed=0):
    g = np.random.default_rng(seed)
    rows = []
    for condition, slope in slopes.items():
        for m in range(mice):
            offset = g.normal(0.5, 0.05)
            for d in range(1, days + 1):
                rows.append({"condition": condition, "mouse": f"mouse{m:02d}", "day": d,
                             "hit_rate": offset + slope * d + g.normal(0, 0.05)})
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


def test_singular_random_effects_fall_back_to_clustered_ols():
    b = _behaviour({"control": 0.02}, mice=3, days=3)
    b["hit_rate"] = 0.1 * b["day"] + b["mouse"].map({"mouse00": 0.0, "mouse01": 0.0, "mouse02": 0.0})
    b["hit_rate"] += np.random.default_rng(0).normal(0, 1e-3, len(b))
    row = stats.learning_slopes(b).iloc[0]
    assert np.isfinite(row["se"]) and abs(row["estimate"] - 0.1) < 0.01
