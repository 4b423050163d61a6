"""The paper's own per-animal tests on its SD residual and decoders (Francioni et al. 2026, ED Fig. 13e and Fig. 4):
one value per mouse, then a one-sample t-test over mice (the paper's paired t-test over its N = 6 mice)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from neuroai.bci.schemas import EPOCH_COLUMNS, PRIMARY_EPOCH_DEFINITION
from neuroai.bci.sd_residual import fit_model_aic

TARGET_ROLES = ("P+", "P-")
EPOCHS = ("decrease", "increase")
# ED Fig. 11: rewarded trials' 2 s before target reach (anticipation) and 2 s after it (consumption)
OUTCOME_WINDOWS = {"anticipation": "pre_reach", "consumption": "reward"}


def over_mice(values: pd.Series, **columns) -> dict:
    """Mean over mice with its t-based 95 % CI and the one-sample t-test against 0 (NaN with fewer than 2 mice)."""
    x = values.dropna().to_numpy(float)
    n = len(x)
    if n < 2:
        est, se, lo, hi, p = (x.mean() if n else np.nan), np.nan, np.nan, np.nan, np.nan
    else:
        est, se = x.mean(), x.std(ddof=1) / np.sqrt(n)
        lo, hi = sps.t.interval(0.95, n - 1, loc=est, scale=se) if se > 0 else (est, est)
        p = sps.ttest_1samp(x, 0.0).pvalue if se > 0 else np.nan
    return {**columns, "estimate": est, "se": se, "ci_low": lo, "ci_high": hi, "p_value": p, "n_mice": n,
            "n_positive": int((x > 0).sum())}


# residual column per fit: the paper's line, and the curved control (neuroai.bci.sd_residual.curved_sd_residuals)
FIT_COLUMNS = {"line (paper)": "sd_residual", "log-log cubic": "curved_sd_residual"}


def _separability_per_mouse(sd_events: pd.DataFrame, column: str, value: str = "sd_residual"
                            ) -> dict[str, pd.Series]:
    """Measure -> each (condition, mouse)'s SD residual (`value`) in error-decrease minus error-increase epochs
    (labelled by `column`), for P+, P- and P+ minus P-. A mouse enters a measure only when both of its epochs hold
    events of the roles involved."""
    events = sd_events[sd_events[column].isin(EPOCHS) & sd_events["role"].isin(TARGET_ROLES)]
    cells = events.pivot_table(index=["condition", "mouse"], columns=["role", column], values=value,
                               aggfunc="mean")
    cells = cells.reindex(columns=pd.MultiIndex.from_product([TARGET_ROLES, EPOCHS]))
    per_role = {role: cells[(role, "decrease")] - cells[(role, "increase")] for role in TARGET_ROLES}
    return {"P+": per_role["P+"], "P-": per_role["P-"], "P+ minus P-": per_role["P+"] - per_role["P-"]}


def sd_separability(sd_events: pd.DataFrame, column: str = EPOCH_COLUMNS[PRIMARY_EPOCH_DEFINITION],
                    value: str = "sd_residual") -> pd.DataFrame:
    """Per condition: the mean over mice of each mouse's error-epoch separability, for P+, P- and P+ minus P-
    (ED Fig. 13e: +0.08, -0.15 and +0.23, 6/6 mice), t-test against 0."""
    measures = _separability_per_mouse(sd_events, column, value)
    rows = [over_mice(values.xs(condition, level="condition"), condition=condition, measure=measure)
            for condition in dict.fromkeys(sd_events["condition"]) for measure, values in measures.items()
            if condition in values.index.get_level_values("condition")]
    return pd.DataFrame(rows, columns=["condition", "measure", "estimate", "se", "ci_low", "ci_high", "p_value",
                                       "n_mice", "n_positive"])


VS_REFERENCE_COLUMNS = ["condition", "reference", "measure", "estimate", "se", "ci_low", "ci_high", "p_value",
                        "n_mice", "n_positive", "n_mice_reference"]


def _vs_reference(measures: dict[str, pd.Series], reference: str) -> pd.DataFrame:
    """Per condition and measure (per-mouse values indexed by condition, mouse): the condition's mice minus the
    reference condition's (the planted null, or control), Welch two-sample t-test over mice. Empty without the
    reference."""
    present = next(iter(measures.values())).index.get_level_values("condition") if measures else []
    if reference not in present:
        return pd.DataFrame(columns=VS_REFERENCE_COLUMNS)
    rows = []
    for condition in dict.fromkeys(c for c in present if c != reference):
        for measure, values in measures.items():
            x = values.xs(condition, level="condition").dropna()
            y = values.xs(reference, level="condition").dropna()
            if len(x) < 2 or len(y) < 2:
                continue
            welch = sps.ttest_ind(x, y, equal_var=False)
            est, se = float(x.mean() - y.mean()), float(np.sqrt(x.var(ddof=1) / len(x) + y.var(ddof=1) / len(y)))
            lo, hi = welch.confidence_interval(0.95) if se > 0 else (est, est)
            rows.append({"condition": condition, "reference": reference, "measure": measure, "estimate": est,
                         "se": se, "ci_low": lo, "ci_high": hi, "p_value": welch.pvalue if se > 0 else np.nan,
                         "n_mice": len(x), "n_positive": int((x > y.mean()).sum()), "n_mice_reference": len(y)})
    return pd.DataFrame(rows, columns=VS_REFERENCE_COLUMNS)


def sd_separability_vs_null(sd_events: pd.DataFrame, null: str) -> pd.DataFrame:
    """Per condition: its mice's separability minus the planted null condition's mice (primary epoch definition),
    Welch two-sample t-test over mice. Empty without the null."""
    return _vs_reference(_separability_per_mouse(sd_events, EPOCH_COLUMNS[PRIMARY_EPOCH_DEFINITION]), null)


def sd_separability_by_definition(sd_events: pd.DataFrame) -> pd.DataFrame:
    """`sd_separability` under every error-epoch definition, the paper's first (robustness of the headline test to
    how an epoch's direction is read)."""
    return pd.concat([sd_separability(sd_events, column).assign(definition=definition)
                      for definition, column in EPOCH_COLUMNS.items()], ignore_index=True)


def sd_separability_by_fit(sd_events: pd.DataFrame) -> pd.DataFrame:
    """`sd_separability` (primary epoch definition) of the residual from the paper's line and from the curved
    control fit, every condition, the planted null's included."""
    return pd.concat([sd_separability(sd_events, value=column).assign(fit=fit)
                      for fit, column in FIT_COLUMNS.items()], ignore_index=True)


def _outcome_windows_per_mouse(sd_events: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
    """(window, measure) -> each (condition, mouse)'s mean SD residual of rewarded trials' anticipation and
    consumption windows for P+, P- and P+ minus P-, and anticipation minus consumption of the contrast."""
    events = sd_events[sd_events["window"].isin(OUTCOME_WINDOWS.values()) & sd_events["role"].isin(TARGET_ROLES)]
    cells = events.pivot_table(index=["condition", "mouse"], columns=["window", "role"], values="sd_residual",
                               aggfunc="mean")
    cells = cells.reindex(columns=pd.MultiIndex.from_product([list(OUTCOME_WINDOWS.values()), TARGET_ROLES]))
    contrast = {name: cells[(w, "P+")] - cells[(w, "P-")] for name, w in OUTCOME_WINDOWS.items()}
    measures = {(name, role): cells[(w, role)] for name, w in OUTCOME_WINDOWS.items() for role in TARGET_ROLES}
    measures |= {(name, "P+ minus P-"): c for name, c in contrast.items()}
    measures[("anticipation minus consumption", "P+ minus P-")] = contrast["anticipation"] - contrast["consumption"]
    return measures


def role_by_outcome_window(sd_events: pd.DataFrame) -> pd.DataFrame:
    """Per condition: each mouse's mean SD residual of P+, P- and P+ minus P- in rewarded trials' anticipation
    (2 s before target reach) and consumption (2 s after) windows, and anticipation minus consumption of the
    P+ minus P- contrast; t-test over mice (ED Fig. 11: before reach P+ +0.09, P- -0.11, P+ vs P- p = 5.6e-4;
    after reward no P+/P- difference, p = 0.5)."""
    measures = _outcome_windows_per_mouse(sd_events)
    present = next(iter(measures.values())).index.get_level_values("condition")
    rows = [over_mice(values.xs(condition, level="condition"), condition=condition, window=window, measure=measure)
            for condition in dict.fromkeys(present) for (window, measure), values in measures.items()]
    return pd.DataFrame(rows, columns=["condition", "window", "measure", "estimate", "se", "ci_low", "ci_high",
                                       "p_value", "n_mice", "n_positive"])


def role_by_outcome_window_vs_null(sd_events: pd.DataFrame, null: str) -> pd.DataFrame:
    """The anticipation and consumption P+ minus P- contrasts of each condition minus the planted null's (Welch
    t-test over mice); `window` names the window. Empty without the null."""
    measures = _outcome_windows_per_mouse(sd_events)
    parts = [_vs_reference({"P+ minus P-": measures[(w, "P+ minus P-")]}, null).assign(window=w)
             for w in OUTCOME_WINDOWS]
    return pd.concat(parts, ignore_index=True)[["condition", "reference", "window", *VS_REFERENCE_COLUMNS[2:]]]


def decoding_vs_chance(svm_decoding: pd.DataFrame) -> pd.DataFrame:
    """Per condition and decoder: each mouse's mean accuracy minus its label-shuffle mean over decodable sessions
    (Fig. 4: reward 63 %, pre-outcome 57 %, chance 50 %; NDNF activation brings both to chance)."""
    decoded = svm_decoding.dropna(subset=["accuracy", "shuffle_mean"])
    rows = []
    for condition, decoder in dict.fromkeys(zip(svm_decoding["condition"], svm_decoding["decoder"])):
        used = decoded[(decoded["condition"] == condition) & (decoded["decoder"] == decoder)]
        per_mouse = used.groupby("mouse")[["accuracy", "shuffle_mean"]].mean()
        rows.append(over_mice(per_mouse["accuracy"] - per_mouse["shuffle_mean"], condition=condition,
                               decoder=decoder, mean_accuracy=per_mouse["accuracy"].mean(),
                               mean_shuffle=per_mouse["shuffle_mean"].mean(), n_sessions=len(used)))
    return pd.DataFrame(rows, columns=["condition", "decoder", "estimate", "se", "ci_low", "ci_high", "p_value",
                                       "n_mice", "n_positive", "mean_accuracy", "mean_shuffle", "n_sessions"])


def network_decoding_vs_chance(network_decoding: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Per condition: each mouse's mean network-decoder accuracy minus its shuffle mean over its decoded target
    neuron-sessions, t-test over mice; beside it the fraction of neuron-sessions whose decoder confidence correlates
    with the residual at p < `alpha` (the paper's criterion) and those sessions' mean accuracy (Fig. 2, ED Fig. 6e:
    ~20 % significant, 61 % vs 51 % shuffle; selected for significance, so biased upward)."""
    table = decoding_vs_chance(network_decoding.assign(decoder="network")).drop(columns="decoder").rename(
        columns={"n_sessions": "n_neuron_sessions"})
    decoded = network_decoding.dropna(subset=["accuracy", "shuffle_mean"])
    significant = decoded["confidence_p"] < alpha
    by_condition = decoded.assign(significant=significant).groupby("condition", sort=False)
    table["fraction_significant"] = table["condition"].map(by_condition["significant"].mean())
    table["mean_accuracy_significant"] = table["condition"].map(
        decoded[significant].groupby("condition")["accuracy"].mean())
    return table


def sd_fit_aic(sd_events: pd.DataFrame) -> pd.DataFrame:
    """Per condition and alternative model (exponential, logarithmic): AIC minus the linear fit's, per
    neuron-session line of dendritic on somatic event magnitude, averaged per mouse, t-test over mice; beside it
    the fraction of neuron-sessions whose lowest AIC is the line's (ED Fig. 5: +13.8 and +12.1, n = 543 neurons)."""
    keys = ["condition", "mouse", "session", "neuron"]
    codes = sd_events.groupby(keys, sort=False).ngroup().to_numpy()     # numbered in order of first appearance
    groups = sd_events[keys].drop_duplicates().reset_index(drop=True)
    aic = fit_model_aic(codes, sd_events["soma_magnitude"].to_numpy(), sd_events["dendrite_magnitude"].to_numpy(),
                        len(groups))
    per_group = groups.assign(**aic).dropna(subset=list(aic))
    per_group["linear_best"] = per_group[list(aic)].idxmin(axis=1) == "linear"
    rows = []
    for condition, cells in per_group.groupby("condition", sort=False):
        for model in ("exponential", "logarithmic"):
            delta = cells[model] - cells["linear"]
            rows.append(over_mice(delta.groupby(cells["mouse"]).mean(), condition=condition, model=model,
                                   mean_delta_aic=float(delta.mean()), n_neuron_sessions=len(cells),
                                   fraction_linear_best=float(cells["linear_best"].mean())))
    return pd.DataFrame(rows, columns=["condition", "model", "estimate", "se", "ci_low", "ci_high", "p_value",
                                       "n_mice", "n_positive", "mean_delta_aic", "n_neuron_sessions",
                                       "fraction_linear_best"])


def event_rate_contrasts(event_rates: pd.DataFrame, reference: str = "control") -> pd.DataFrame:
    """Per condition: its mice's mean somatic and dendritic event rate minus the reference condition's mice, Welch
    t-test over mice (Fig. 3i: NDNF activation reduced the transient frequency). Empty without the reference."""
    per_mouse = event_rates.groupby(["condition", "mouse"], sort=False)[
        ["soma_event_rate_hz", "dendrite_event_rate_hz"]].mean()
    return _vs_reference({"dendrite event rate (Hz)": per_mouse["dendrite_event_rate_hz"],
                          "soma event rate (Hz)": per_mouse["soma_event_rate_hz"]}, reference)


ACTIVITY_GROUPS = ("P+", "P-", "P0", "P0 matched")
LATE_DAYS = 5   # ED Fig. 4e: days 10-14 of 14
ACTIVITY_CONTRASTS = (("P+", "P-"), ("P+", "P0 matched"), ("P-", "P0 matched"))


def day1_normalised(event_rates: pd.DataFrame, late_days: int = LATE_DAYS) -> pd.DataFrame:
    """One row per neuron with a day-1 somatic event: its day-1 rate and the mean rate of its mouse's last
    `late_days` sessions after day 1 divided by it (columns condition, mouse, neuron, role, day1_rate_hz, normalised)."""
    days = event_rates.groupby(["condition", "mouse"])["day"].transform
    first, late = event_rates["day"] == days("min"), event_rates["day"] > days("max") - late_days
    keys = ["condition", "mouse", "neuron", "role"]
    day1 = event_rates[first].groupby(keys)["soma_event_rate_hz"].mean().rename("day1_rate_hz")
    later = event_rates[late & ~first].groupby(keys)["soma_event_rate_hz"].mean()
    both = pd.concat([day1, later.rename("late_rate_hz")], axis=1, join="inner")
    both = both[both["day1_rate_hz"] > 0]
    return both.assign(normalised=both["late_rate_hz"] / both["day1_rate_hz"]).reset_index()


def _matched_p0(neurons: pd.DataFrame) -> pd.DataFrame:
    """For every P+ and P- neuron, the P0 neuron of its mouse nearest in day-1 rate (with replacement), labelled
    'P0 matched' (ED Fig. 4d: P0 matched to the targets on day-1 activity)."""
    picks = []
    for _, mouse in neurons.groupby(["condition", "mouse"], sort=False):   # a handful of mice; vectorised inside
        p0, targets = mouse[mouse["role"] == "P0"], mouse[mouse["role"].isin(TARGET_ROLES)]
        if p0.empty or targets.empty:
            continue
        gap = np.abs(targets["day1_rate_hz"].to_numpy()[:, None] - p0["day1_rate_hz"].to_numpy()[None, :])
        picks.append(p0.iloc[gap.argmin(axis=1)].assign(role="P0 matched"))
    return pd.concat(picks, ignore_index=True) if picks else neurons.iloc[:0]


def activity_vs_day1(event_rates: pd.DataFrame, late_days: int = LATE_DAYS) -> pd.DataFrame:
    """ED Fig. 4 ("learning by sparsification"), per condition: each mouse's mean somatic event rate of its last
    `late_days` sessions normalised to day 1, per neuron then averaged per mouse, for P+, P-, all P0 and P0 matched
    to the targets on day-1 rate (estimate: the ratio, p against 1; paper, days 10-14: P+ 0.85, P- 0.60, matched P0
    0.71); the paired differences between groups (p against 0; paper: P+ vs P- p = 3.3e-6); and the P0 neurons'
    Spearman correlation of day-1 rate with the normalised rate (ED Fig. 4c: the most active were downregulated
    most; regression to the mean biases this correlation negative, since a noisy day-1 rate is both the abscissa and
    the denominator). t-tests over mice. Empty with fewer than two sessions per mouse."""
    neurons = day1_normalised(event_rates, late_days)
    groups = pd.concat([neurons, _matched_p0(neurons)], ignore_index=True)
    per_mouse = groups.groupby(["condition", "mouse", "role"], sort=False)["normalised"].mean().unstack("role")
    per_mouse = per_mouse.reindex(columns=list(ACTIVITY_GROUPS))
    p0 = neurons[neurons["role"] == "P0"]
    rho = p0.groupby(["condition", "mouse"], sort=False)[["day1_rate_hz", "normalised"]].corr(
        method="spearman").xs("day1_rate_hz", level=-1)["normalised"] if len(p0) else pd.Series(dtype=float)
    rows = []
    for condition in dict.fromkeys(c for c in event_rates["condition"] if c in set(neurons["condition"])):
        mice = per_mouse.xs(condition, level="condition")
        for group in ACTIVITY_GROUPS:
            row = over_mice(mice[group] - 1.0, condition=condition, measure=f"{group} late / day 1")
            rows.append(row | {k: row[k] + 1.0 for k in ("estimate", "ci_low", "ci_high")})
        rows += [over_mice(mice[a] - mice[b], condition=condition, measure=f"{a} minus {b}")
                 for a, b in ACTIVITY_CONTRASTS]
        if condition in rho.index.get_level_values("condition"):
            rows.append(over_mice(rho.xs(condition, level="condition"), condition=condition,
                                   measure="P0 day-1 rate vs change (Spearman)"))
    return pd.DataFrame(rows, columns=["condition", "measure", "estimate", "se", "ci_low", "ci_high", "p_value",
                                       "n_mice", "n_positive"])
