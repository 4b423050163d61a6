"""The BCI study's figures. Each function returns (figure, caption); captions report whether the claim the figure
illustrates holds on this run, from the same claims table as the summary."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from neuroai.bci.claims import evaluate
from neuroai.bci.paper_tests import ACTIVITY_GROUPS, LATE_DAYS, day1_normalised

ROLE_ORDER = ["P+", "P-", "P0"]
BOOTSTRAP_SEED = 0  # seaborn bootstraps its confidence bands: fixed, so the same tables give the same figure
SEEDED_CI = {"errorbar": ("ci", 95), "seed": BOOTSTRAP_SEED}
Tables = Mapping[str, pd.DataFrame]


def _verdict(tables: Tables, claim: str) -> str:
    row = evaluate(tables).loc[claim]
    return f"Claim '{row['claim']}': {'holds' if row['holds'] else 'does NOT hold'} ({row['statistic']})."


def learning_curves(tables: Tables) -> tuple[plt.Figure, str]:
    """Hit rate and time to target across days, mean +/- 95 % CI over mice, per condition."""
    b = tables["behaviour"]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
    sns.lineplot(
        b,
        x="day",
        y="hit_rate",
        hue="condition",
        **SEEDED_CI,
        marker="o",
        ax=axes[0],
    )
    axes[0].axhline(0.5, color="grey", ls="--", lw=1)
    axes[0].set(ylabel="accuracy (hit rate)", ylim=(0, 1.02))
    sns.lineplot(
        b,
        x="day",
        y="time_to_target_s",
        hue="condition",
        **SEEDED_CI,
        marker="o",
        ax=axes[1],
        legend=False,
    )
    axes[1].set(ylabel="time to target (s)")
    caption = (
        "Learning curves: accuracy and median time to target per daily session (mean and 95 % CI over "
        "simulated mice; dashed: the 50 % accuracy the day-1 calibration aims for). "
        + _verdict(tables, "control_learns")
    )
    return fig, caption


def somatic_change(tables: Tables) -> tuple[plt.Figure, str]:
    """Change of somatic dF/F from early to late sessions, by role and condition (mixed-model estimates)."""
    s = tables["somatic_change"]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    _estimates(ax, s, x="condition", hue="role", hue_order=ROLE_ORDER)
    ax.axhline(0, color="grey", lw=1)
    ax.set(ylabel="somatic dF/F change\n(late - early)", xlabel="")
    caption = (
        "Somatic activity change by causal role (late minus early sessions; mixed-model estimate and 95 % "
        "CI, mouse random effect). P+ must raise and P- lower their activity to turn the grating."
    )
    return fig, caption


def residual_peri_event(tables: Tables) -> tuple[plt.Figure, str]:
    """Dendritic residual around reward (target reached) and error (time-out) by role, each condition a row."""
    p = tables["peri_event"].query("phase != 'late'")
    conditions = list(dict.fromkeys(p["condition"]))
    fig, axes = plt.subplots(
        len(conditions), 2, figsize=(9, 2.8 * len(conditions)), sharex=True, sharey=True, squeeze=False
    )
    for row, condition in enumerate(conditions):
        for col, event in enumerate(["reward", "error"]):
            ax = axes[row, col]
            sub = p[(p["condition"] == condition) & (p["event"] == event)].dropna(subset=["residual"])
            sns.lineplot(
                sub,
                x="lag_s",
                y="residual",
                hue="role",
                hue_order=ROLE_ORDER,
                **SEEDED_CI,
                ax=ax,
                legend=row == 0 and col == 0,
            )
            ax.axvline(0, color="grey", lw=1)
            ax.axhline(0, color="grey", lw=0.5)
            ax.set(
                title=f"{condition}: {event}",
                xlabel="time from outcome (s)",
                ylabel="dendritic residual (s.d.)",
            )
    caption = (
        "Dendritic residual (dendrite dF/F not predicted by its soma and the network's principal components, "
        "cross-validated ridge) aligned to the outcome, early and middle sessions, mean and 95 % CI over "
        "neurons. " + _verdict(tables, "reward_sign_by_role")
    )
    return fig, caption


def residual_vs_change(tables: Tables) -> tuple[plt.Figure, str]:
    """Per target neuron: early residual at reward against its later somatic change, by condition."""
    c = tables["neuron_changes"].query("role in ['P+', 'P-']")
    grid = sns.lmplot(
        c,
        x="early_residual_reward",
        y="soma_change",
        hue="role",
        col="condition",
        hue_order=ROLE_ORDER[:2],
        height=3.2,
        scatter_kws={"s": 14},
        ci=95,
        seed=BOOTSTRAP_SEED,
    )
    grid.set_axis_labels("early residual at reward (s.d.)", "later somatic change (dF/F)")
    caption = (
        "Each dot is a P+ or P- neuron: its mean dendritic residual after reward in early sessions against "
        "the change of its somatic dF/F from early to late sessions (lines: least squares per role, 95 % "
        "CI). " + _verdict(tables, "residual_predicts_change")
    )
    return grid.figure, caption


def condition_comparison(tables: Tables) -> tuple[plt.Figure, str]:
    """Learning slope per condition (mixed model) and late-session accuracy per mouse."""
    slopes, b = tables["learning_slopes"], tables["behaviour"]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
    _estimates(axes[0], slopes.assign(role="slope"), x="condition", hue="role", hue_order=["slope"])
    axes[0].axhline(0, color="grey", lw=1)
    axes[0].set(ylabel="learning slope (accuracy / day)", xlabel="")
    late = b[b["day"] > b["day"].max() - max(1, round(b["day"].max() / 3))]
    per_mouse = late.groupby(["condition", "mouse"], as_index=False)["hit_rate"].mean()
    sns.pointplot(
        per_mouse,
        x="condition",
        y="hit_rate",
        **SEEDED_CI,
        color="black",
        ax=axes[1],
        linestyle="none",
    )
    sns.swarmplot(per_mouse, x="condition", y="hit_rate", alpha=0.5, ax=axes[1])
    axes[1].axhline(0.5, color="grey", ls="--", lw=1)
    axes[1].set(ylabel="late accuracy", xlabel="", ylim=(0, 1.02))
    for ax in axes:
        ax.tick_params(axis="x", rotation=20)
    caption = (
        "Control (vectorized dendritic teaching) vs dendrite inhibition vs scalar broadcast: learning slope "
        "(mixed model, 95 % CI) and late-session accuracy per mouse. "
        + _verdict(tables, "inhibition_disrupts")
        + " "
        + _verdict(tables, "scalar_slower")
    )
    return fig, caption


def sd_error_epochs(tables: Tables) -> tuple[plt.Figure, str]:
    """Paper's SD residual: per-mouse error-epoch separability by role and condition, under each epoch definition,
    and from the paper's line against the curved control fit (Fig. 5c-g, ED Figs 13e and 15b)."""
    sep, by_definition, by_fit = (tables[k] for k in ("sd_separability", "sd_separability_by_definition",
                                                     "sd_separability_by_fit"))
    fig, axes = plt.subplots(1, 3, figsize=(15, 3.6))
    _estimates(axes[0], sep, x="condition", hue="measure", hue_order=["P+", "P-", "P+ minus P-"])
    contrast = by_definition[by_definition["measure"] == "P+ minus P-"]
    _estimates(axes[1], contrast, x="condition", hue="definition", hue_order=list(dict.fromkeys(
        contrast["definition"])))
    fitted = by_fit[by_fit["measure"] == "P+ minus P-"]
    _estimates(axes[2], fitted, x="condition", hue="fit", hue_order=list(dict.fromkeys(fitted["fit"])))
    titles = ["primary epoch definition", "P+ minus P-, by epoch definition", "P+ minus P-, by fit"]
    for ax, title in zip(axes, titles, strict=True):
        ax.axhline(0, color="grey", lw=1)
        ax.tick_params(axis="x", rotation=20)
        ax.set(xlabel="", ylabel="SD residual, decrease\nminus increase epochs (s.d.)", title=title)
    caption = (
        "Fig. 5c-g / ED Fig. 13e (and 15b under NDNF activation): the paper's SD residual of coincident events in 2 s "
        "error-decrease minus error-increase epochs, one value per mouse, mean and t-based 95 % CI over mice "
        "(paper, control: P+ +0.08, P- -0.15, P+ minus P- +0.23, 6/6 mice). Middle: the same contrast under each "
        "epoch definition (robustness). Right: residuals from the paper's line and from a cubic in log magnitudes "
        "(a control for curvature of the dendrite-soma relation, which the line turns into a role-signed residual; "
        "compare no_teaching, where nothing was planted). " + _verdict(tables, "sd_error_sign_by_role") + " "
        + _verdict(tables, "ndnf_abolishes_error_signal")
    )
    return fig, caption


def outcome_decoding(tables: Tables) -> tuple[plt.Figure, str]:
    """Decoder accuracy minus label-shuffle chance per condition: outcome decoders from SD-residual vectors
    (Fig. 4) and the network decoder of amplification (Fig. 2)."""
    network = tables["network_decoding_vs_chance"].assign(decoder="network (Fig. 2)")
    both = pd.concat([tables["decoding_vs_chance"], network], ignore_index=True)
    fig, ax = plt.subplots(figsize=(8, 3.6))
    _estimates(ax, both, x="condition", hue="decoder", hue_order=list(dict.fromkeys(both["decoder"])))
    ax.axhline(0, color="grey", lw=1)
    ax.tick_params(axis="x", rotation=20)
    ax.set(xlabel="", ylabel="balanced accuracy\nminus shuffle chance")
    caption = (
        "Fig. 4d-l and Fig. 2d-j: linear-SVM decoding, per mouse accuracy minus its label-shuffle chance, mean and "
        "95 % CI over mice. reward: SD-residual vectors after target vs time-out (paper 63 %); pre_outcome: before "
        "target vs before trial end (57 %); network: the other somas' preceding 2 s predict a target neuron's "
        "amplification vs attenuation (61 % in the ~20 % of neurons significant; here every target neuron-session). "
        + " ".join(_verdict(tables, c) for c in ("sd_reward_decoding", "sd_outcome_decoding",
                                                  "network_predicts_residual", "ndnf_abolishes_reward_decoding"))
    )
    return fig, caption


def outcome_windows(tables: Tables) -> tuple[plt.Figure, str]:
    """SD residual by role before target reach and after it, rewarded trials (ED Fig. 11)."""
    w = tables["role_by_outcome_window"]
    w = w[w["window"].isin(["anticipation", "consumption"])]
    conditions = list(dict.fromkeys(w["condition"]))
    fig, axes = plt.subplots(1, len(conditions), figsize=(3.2 * len(conditions), 3.4), sharey=True, squeeze=False)
    for k, (ax, condition) in enumerate(zip(axes[0], conditions, strict=True)):
        _estimates(ax, w[w["condition"] == condition], x="window", hue="measure",
                   hue_order=["P+", "P-", "P+ minus P-"])
        ax.axhline(0, color="grey", lw=1)
        ax.set(title=condition, xlabel="", ylabel="SD residual (s.d.)")
        if k and ax.get_legend():
            ax.get_legend().remove()       # one legend for the row
    caption = (
        "ED Fig. 11: the paper's SD residual of rewarded trials in the 2 s before target reach (anticipation) and the "
        "2 s after it (consumption), by role, one value per mouse, mean and 95 % CI over mice (paper: before reach "
        "P+ +0.09, P- -0.11; after reward no P+/P- difference). " + _verdict(tables, "sd_anticipation_role_specific")
    )
    return fig, caption


def activity_vs_day1(tables: Tables) -> tuple[plt.Figure, str]:
    """Somatic event rate of the last days normalised to day 1 by group and condition, and control P0 neurons'
    normalised rate against their day-1 rate (ED Fig. 4c-e)."""
    ratios = tables["activity_vs_day1"]
    ratios = ratios[ratios["measure"].str.endswith("late / day 1")].assign(
        group=lambda t: t["measure"].str.removesuffix(" late / day 1"))
    neurons = day1_normalised(tables["event_rates"])
    control = neurons[(neurons["condition"] == "control") & (neurons["normalised"] > 0)]
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    _estimates(axes[0], ratios, x="condition", hue="group", hue_order=list(ACTIVITY_GROUPS))
    axes[0].axhline(1, color="grey", lw=1)
    axes[0].tick_params(axis="x", rotation=20)
    axes[0].set(xlabel="", ylabel=f"event rate, last {LATE_DAYS} days\n/ day 1")
    sns.scatterplot(control, x="day1_rate_hz", y="normalised", hue="role", hue_order=ROLE_ORDER, s=14,
                    ax=axes[1])
    axes[1].set(xscale="log", yscale="log", xlabel="day-1 somatic event rate (Hz)", ylabel="last days / day 1",
                title="control")
    axes[1].axhline(1, color="grey", lw=1)
    caption = (
        f"ED Fig. 4: somatic event rate (OASIS events) of the last {LATE_DAYS} days divided by day 1, per neuron, "
        "mean per mouse, then mean and 95 % CI over mice (paper, days 10-14: P+ 0.85, P- 0.60, P0 matched to the "
        "targets on day-1 rate 0.71). Right: control P0 (and target) neurons; a negative trend is expected from "
        "regression to the mean alone, since the day-1 rate is both abscissa and denominator. "
        + _verdict(tables, "sparsification")
    )
    return fig, caption


def _estimates(ax: plt.Axes, table: pd.DataFrame, x: str, hue: str, hue_order: list[str]) -> None:
    """Point estimates with CI bars, dodged by `hue`."""
    xs = list(dict.fromkeys(table[x]))
    hues = [h for h in hue_order if h in set(table[hue])]
    width = 0.7 / max(len(hues), 1)
    palette = sns.color_palette(n_colors=len(hues))
    for k, h in enumerate(hues):
        sub = table[table[hue] == h].set_index(x).reindex(xs)
        pos = np.arange(len(xs)) - 0.35 + width * (k + 0.5)
        err = np.vstack([sub["estimate"] - sub["ci_low"], sub["ci_high"] - sub["estimate"]])
        ax.errorbar(pos, sub["estimate"], yerr=err, fmt="o", color=palette[k], label=h, capsize=3)
    ax.set_xticks(np.arange(len(xs)), xs)
    if len(hues) > 1:
        ax.legend(title=hue, frameon=False)


FIGURES = {
    "learning_curves": learning_curves,
    "somatic_change": somatic_change,
    "residual_peri_event": residual_peri_event,
    "residual_vs_change": residual_vs_change,
    "condition_comparison": condition_comparison,
    "sd_error_epochs": sd_error_epochs,
    "outcome_decoding": outcome_decoding,
    "outcome_windows": outcome_windows,
    "activity_vs_day1": activity_vs_day1,
}
