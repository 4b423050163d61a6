"""Bootstrap statistics: a system that tracks the truth wins, with a CI that excludes the noisy one."""

import numpy as np
import pandas as pd

from neuroai.mentalsim.stats import summarise

EVALUATION = {"n_bootstrap": 200, "ci_level": 0.95}
MODELS = {"good": {"class": "latent_future"}, "noisy": {"class": "pixel_future"}}


def decoding_table(rng, n_cond=30, steps=5):
    """Decoding rows for a near-perfect system, a noisy one, and a reference with two noisy halves."""
    cond = np.repeat(np.arange(n_cond), steps)
    true = {"occluded_x": rng.uniform(24, 32, cond.size), "occluded_y": rng.uniform(0, 32, cond.size)}
    final = rng.uniform(0, 32, n_cond)
    ref_error = rng.normal(scale=2.0, size=n_cond)  # the reference's own error pattern
    noise = {"good": 0.3, "noisy": 6.0, "reference": 0.5, "reference_half1": 0.5, "reference_half2": 0.5}
    rows = []
    for system, sd in noise.items():
        for target, values in true.items():
            rows.append(pd.DataFrame({"system": system, "target": target, "condition": cond, "step": 0,
                                      "true": values, "predicted": values + rng.normal(scale=sd, size=values.size)}))
        follows = ref_error if system != "noisy" else 0.0
        rows.append(pd.DataFrame({"system": system, "target": "interception", "condition": np.arange(n_cond),
                                  "step": 0, "true": final,
                                  "predicted": final + follows + rng.normal(scale=sd, size=n_cond)}))
    return pd.concat(rows, ignore_index=True)


def predictivity_sums(rng, systems=("good", "noisy"), n_cond=30, units=4):
    rows = []
    for system in systems:
        for unit in range(units):
            sums = rng.uniform(1, 2, size=(n_cond, 15))
            frame = pd.DataFrame(sums, columns=[f"{p}_{s}" for p in ("pred_y", "pred1_pred2", "y1_y2")
                                                for s in ("a", "b", "ab", "aa", "bb")])
            frame.insert(0, "n", 5.0)
            rows.append(frame.assign(system=system, epoch="occluded", unit=unit, condition=np.arange(n_cond)))
    return pd.concat(rows, ignore_index=True)


def test_the_accurate_system_wins_decoding_and_consistency():
    rng = np.random.default_rng(0)
    estimates, contrasts, units = summarise(decoding_table(rng), predictivity_sums(rng), MODELS, EVALUATION,
                                            np.random.default_rng(1))
    est = estimates.set_index(["system", "metric"])
    assert est.loc[("good", "occluded_position_r"), "estimate"] > 0.95
    assert est.loc[("reference", "consistency_ceiling"), "estimate"] > 0.5
    assert est.loc[("good", "consistency"), "ci_low"] > est.loc[("noisy", "consistency"), "ci_high"]
    assert (est["ci_low"] <= est["estimate"] + 1e-12).all() and (est["estimate"] <= est["ci_high"] + 1e-12).all()
    row = contrasts.set_index("metric").loc["occluded_position_rmse"]
    assert row["best"] == "good" and row["difference"] < 0 and row["ci_high"] < 0 and row["p_holm"] < 0.05
    assert set(units["system"]) == {"good", "noisy"} and len(units) == 8
