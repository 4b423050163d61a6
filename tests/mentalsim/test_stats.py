"""Bootstrap statistics: a system that tracks the truth wins, with a CI that excludes the noisy one; seeds are
averaged and resampled; recovery ranks the better candidate first."""

import numpy as np
import pandas as pd

from neuroai.mentalsim.stats import over_replicates, summarise

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
    return pd.concat(rows, ignore_index=True).assign(replicate=0)


def predictivity_sums(rng, systems=("good", "noisy"), n_cond=30, units=4):
    rows = []
    for system in systems:
        for unit in range(units):
            sums = rng.uniform(1, 2, size=(n_cond, 15))
            frame = pd.DataFrame(sums, columns=[f"{p}_{s}" for p in ("pred_y", "pred1_pred2", "y1_y2")
                                                for s in ("a", "b", "ab", "aa", "bb")])
            frame.insert(0, "n", 5.0)
            rows.append(frame.assign(system=system, epoch="occluded", unit=unit, condition=np.arange(n_cond)))
    return pd.concat(rows, ignore_index=True).assign(replicate=0)


def recovery_sums(rng, n_cond=30, generator="good", candidates=(("good", 0.9), ("noisy", 0.3))):
    """Sums for a generated population: candidate `good` correlates strongly with it, `noisy` weakly."""
    rows = []
    x = rng.normal(size=(n_cond, 6))
    for candidate, r in candidates:
        for unit in range(4):
            y1 = x + rng.normal(scale=0.3, size=x.shape)
            y2 = x + rng.normal(scale=0.3, size=x.shape)
            y = (y1 + y2) / 2
            p = r * y + np.sqrt(1 - r ** 2) * rng.normal(size=x.shape)
            cols = {}
            for name, (a, b) in {"pred_y": (p, y), "pred1_pred2": (p, p), "y1_y2": (y1, y2)}.items():
                cols |= {f"{name}_a": a.sum(1), f"{name}_b": b.sum(1), f"{name}_ab": (a * b).sum(1),
                         f"{name}_aa": (a * a).sum(1), f"{name}_bb": (b * b).sum(1)}
            rows.append(pd.DataFrame(cols).assign(generator=generator, system=candidate, replicate=1,
                                                  epoch="occluded", unit=unit, condition=np.arange(n_cond),
                                                  n=6.0))
    return pd.concat(rows, ignore_index=True)


def test_the_accurate_system_wins_decoding_and_consistency():
    rng = np.random.default_rng(0)
    task = recovery_sums(rng, generator="simulate", candidates=(("good", 0.9), ("noisy", 0.3), ("oracle", 0.99)))
    tables = summarise(decoding_table(rng), predictivity_sums(rng), recovery_sums(rng), task, MODELS, EVALUATION,
                       np.random.default_rng(1))
    estimates, contrasts, units = tables["estimates"], tables["contrasts"], tables["unit_predictivity"]
    est = estimates.set_index(["system", "metric"])
    assert est.loc[("good", "occluded_position_r"), "estimate"] > 0.95
    assert est.loc[("reference", "consistency_ceiling"), "estimate"] > 0.5
    assert est.loc[("good", "consistency"), "ci_low"] > est.loc[("noisy", "consistency"), "ci_high"]
    assert (est["ci_low"] <= est["estimate"] + 1e-12).all() and (est["estimate"] <= est["ci_high"] + 1e-12).all()
    row = contrasts.set_index("metric").loc["occluded_position_rmse"]
    assert row["best"] == "good" and row["difference"] < 0 and row["ci_high"] < 0 and row["p_holm"] < 0.05
    assert set(units["system"]) == {"good", "noisy"} and len(units) == 8
    recovery = tables["recovery"].set_index("candidate")
    assert recovery.loc["good", "ranked_first"] > 0.95 and recovery.loc["noisy", "ranked_first"] < 0.05
    assert recovery.loc["good", "predictivity"] > recovery.loc["noisy", "predictivity"]
    ranked = tables["task_reference"].set_index("candidate")  # the oracle scores best but ranks among no models
    assert ranked.loc["oracle", "predictivity"] > ranked.loc["good", "predictivity"]
    assert np.isnan(ranked.loc["oracle", "ranked_first"]) and ranked.loc["good", "ranked_first"] > 0.95


def test_two_equal_candidates_split_the_recovery():
    rng = np.random.default_rng(3)
    sums = recovery_sums(rng)
    twin = sums[sums["system"] == "good"].assign(system="twin")
    twin[twin.columns[:15]] = recovery_sums(np.random.default_rng(4)).query("system == 'good'")[twin.columns[:15]]
    tables = summarise(decoding_table(rng), predictivity_sums(rng), pd.concat([sums[sums["system"] == "good"], twin]),
                       recovery_sums(rng), MODELS, EVALUATION, np.random.default_rng(1))
    share = tables["recovery"].set_index("candidate")["ranked_first"]
    assert 0.1 < share["good"] < 0.9 and abs(share.sum() - 1) < 1e-9


def test_seeds_are_averaged_and_resampled_together():
    per_seed = {0: np.array([1.0, 1.0, 1.0]), 1: np.array([3.0, 3.0, 3.0])}
    uniform = np.array([[0.1, 0.2], [0.9, 0.6]])  # resample 1 picks seeds (0, 0); resample 2 picks (1, 1)
    np.testing.assert_allclose(over_replicates(per_seed, uniform), [2.0, 1.0, 3.0])
    np.testing.assert_allclose(over_replicates({0: np.array([5.0, 4.0, 6.0])}, uniform), [5.0, 4.0, 6.0])
