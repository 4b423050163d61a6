"""Statistics across conditions: grid fractions against the shuffle null, ablation contrasts, modules."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import binom_test, proportion_confint, proportions_ztest

from neuroai.gridcells.periodicity import mean_orientation, phase_resultant


def _p_vs_chance(n_grid: int, n_units: int, null_percentile: float) -> float:
    """One-sided binomial p of n_grid grid cells among n_units against chance, 1 - null_percentile / 100."""
    return binom_test(n_grid, n_units, 1.0 - null_percentile / 100.0, alternative="larger")


def grid_fractions(units: pd.DataFrame, null_percentile: float) -> pd.DataFrame:
    """Per condition, units of all its seeds pooled: grid-cell fraction (all units in the denominator) with a Wilson
    CI, and a one-sided binomial test against the fraction expected by chance, 1 - null_percentile / 100."""
    chance = 1.0 - null_percentile / 100.0
    rows = []
    for condition, df in units.groupby("condition", sort=False):
        n, k = len(df), int(df["is_grid"].sum())
        lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
        rows.append({"condition": condition, "n_seeds": df["seed"].nunique(), "n_units": n,
                     "n_active": int(df["active"].sum()), "n_grid": k,
                     "fraction_grid": k / n, "ci_low": lo, "ci_high": hi, "chance_fraction": chance,
                     "p_vs_chance": _p_vs_chance(k, n, null_percentile),
                     "median_grid_score": float(np.nanmedian(df["grid_score"])) if df["active"].any() else np.nan,
                     "null_threshold": float(df["null_threshold"].iloc[0])})
    return pd.DataFrame(rows)


def seed_fractions(units: pd.DataFrame, null_percentile: float) -> pd.DataFrame:
    """Per condition and seed: grid cells, their fraction with a one-sided binomial test against chance, the median
    grid score and the periodic units."""
    groups = units.groupby(["condition", "seed"], sort=False)
    out = pd.DataFrame({"n_units": groups.size(), "n_grid": groups["is_grid"].sum(),
                        "fraction_grid": groups["is_grid"].mean(),
                        "median_grid_score": groups["grid_score"].median(),
                        "n_periodic": groups["is_periodic"].sum()}).reset_index()
    out["p_vs_chance"] = [_p_vs_chance(k, n, null_percentile) for k, n in zip(out["n_grid"], out["n_units"])]
    return out


def ablation_contrasts(units: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Reference condition vs each other one: two-proportion z-test on grid fractions and a Mann-Whitney U test on
    the grid scores of active units, with Benjamini-Hochberg correction over the contrasts."""
    ref = units[units["condition"] == reference]
    rows = []
    for condition, df in units.groupby("condition", sort=False):
        if condition == reference:
            continue
        counts = np.array([ref["is_grid"].sum(), df["is_grid"].sum()])
        nobs = np.array([len(ref), len(df)])
        _, p_frac = proportions_ztest(counts, nobs, alternative="larger") if counts.sum() > 0 else (np.nan, 1.0)
        a, b = ref["grid_score"].dropna(), df["grid_score"].dropna()
        p_mw = stats.mannwhitneyu(a, b, alternative="greater").pvalue if len(a) and len(b) else np.nan
        rows.append({"reference": reference, "condition": condition,
                     "fraction_reference": counts[0] / nobs[0], "fraction_condition": counts[1] / nobs[1],
                     "p_fraction": float(p_frac), "median_score_reference": float(np.median(a)) if len(a) else np.nan,
                     "median_score_condition": float(np.median(b)) if len(b) else np.nan, "p_scores": float(p_mw)})
    out = pd.DataFrame(rows)
    for col in ("p_fraction", "p_scores"):
        if len(out):
            valid = out[col].notna()
            out[f"{col}_bh"] = np.nan
            if valid.any():
                out.loc[valid, f"{col}_bh"] = multipletests(out.loc[valid, col], method="fdr_bh")[1]
    return out


def module_table(units: pd.DataFrame, n_bootstrap: int, rng: np.random.Generator) -> pd.DataFrame:
    """Per condition, seed and module (the units' `module` labels): size, mean Fourier spacing, orientation, phase
    resultant, and the period ratio to the next smaller module with a bootstrap 95 % CI (units resampled within
    each module)."""
    rows = []
    for (condition, seed), df in units[units["module"] >= 0].groupby(["condition", "seed"], sort=False):
        groups = [g for _, g in df.groupby("module")]
        spacings = [g["fourier_spacing_m"].to_numpy() for g in groups]
        boot = np.stack([rng.choice(s, size=(n_bootstrap, len(s))).mean(axis=1) for s in spacings])  # (modules, B)
        for m, g in enumerate(groups):
            ratio, low, high = np.nan, np.nan, np.nan
            if m:
                ratio = spacings[m].mean() / spacings[m - 1].mean()
                low, high = np.percentile(boot[m] / boot[m - 1], [2.5, 97.5])
            rows.append({"condition": condition, "seed": seed, "module": m, "n_units": len(g),
                         "mean_spacing_m": float(spacings[m].mean()),
                         "orientation_deg": mean_orientation(g["fourier_orientation_deg"]),
                         "phase_resultant": phase_resultant(g[["phase_1", "phase_2"]].to_numpy()),
                         "period_ratio": float(ratio), "ratio_ci_low": float(low), "ratio_ci_high": float(high)})
    return pd.DataFrame(rows, columns=["condition", "seed", "module", "n_units", "mean_spacing_m", "orientation_deg",
                                       "phase_resultant", "period_ratio", "ratio_ci_low", "ratio_ci_high"])
