"""Mental-Pong figures: stimulus examples, per-model bars with CIs, and predictivity vs decoding. `FIGURES`, the
study's figure registry, maps each figure name to a function of the figure job's data that returns (figure,
caption)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from neuroai.mentalsim.baselines import BASELINES
from neuroai.mentalsim.claims import task_reference_holds, task_reference_leader


def stimulus_examples(videos: np.ndarray, conditions: pd.DataFrame, latents: pd.DataFrame, task: Mapping[str, Any],
                      n_examples: int = 4) -> plt.Figure:
    """Frames of a few conditions (bouncing first) and their full hidden path."""
    picks = conditions.sort_values(["n_bounce", "condition"], ascending=[False, True]).head(n_examples)
    starts = np.concatenate([[0], np.cumsum(conditions["t_end"].to_numpy())[:-1]])
    fig, axes = plt.subplots(len(picks), 7, figsize=(12, 1.9 * len(picks)), squeeze=False)
    size = task["frame_units"]
    for row, (_, cond) in zip(axes, picks.iterrows(), strict=True):
        t_occ, t_end = int(cond["t_occ"]), int(cond["t_end"])
        steps = [0, t_occ // 2, t_occ - 1, t_occ, (t_occ + t_end) // 2, t_end - 1]
        for ax, step in zip(row[:6], steps, strict=True):
            ax.imshow(videos[starts[int(cond["condition"])] + step], cmap="gray", vmin=0, vmax=255, origin="lower")
            ax.set_title(f"step {step}" + (" (occl.)" if step >= t_occ else ""), fontsize="small")
            ax.set_xticks([])
            ax.set_yticks([])
        path = latents[latents["condition"] == cond["condition"]]
        ax = row[6]
        ax.axvspan(task["occluder_start"], size, color="0.8")
        vis = path[~path["occluded"]]
        occ = path[path["occluded"]]
        ax.plot(vis["x"], vis["y"], "-", color="C0", label="visible")
        ax.plot(occ["x"], occ["y"], "--", color="C3", label="occluded")
        ax.plot([size], [cond["final_y"]], "o", color="C3")
        ax.set(xlim=(0, size), ylim=(0, size), aspect="equal", xticks=[], yticks=[])
        ax.set_title(f"cond {int(cond['condition'])}, {int(cond['n_bounce'])} bounce", fontsize="small")
    axes[0, 6].legend(fontsize="x-small", loc="lower left")
    return fig


def _bars(ax, frame: pd.DataFrame, order: list[str], ylabel: str) -> None:
    frame = frame.set_index("system").reindex(order).dropna(subset=["estimate"])
    err = np.vstack([frame["estimate"] - frame["ci_low"], frame["ci_high"] - frame["estimate"]])
    colours = ["0.6" if s == "reference" or s in BASELINES else f"C{i}" for i, s in enumerate(frame.index)]
    bars = ax.bar(np.arange(len(frame)), frame["estimate"], yerr=err, color=colours, capsize=3)
    for bar, system in zip(bars, frame.index, strict=True):
        bar.set_hatch("//" if system in BASELINES else None)
    ax.set_xticks(np.arange(len(frame)), frame.index, rotation=35, ha="right")
    ax.set_ylabel(ylabel)
    ax.axhline(0, color="k", lw=0.5)


def metric_bars(estimates: pd.DataFrame, metrics: Mapping[str, str], order: list[str]) -> plt.Figure:
    """One panel of per-system bars (bootstrap CIs) for each metric."""
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 3.6), squeeze=False)
    for ax, (metric, label) in zip(axes[0], metrics.items(), strict=True):
        _bars(ax, estimates[estimates["metric"] == metric], order, label)
    return fig


def predictivity_vs_decoding(estimates: pd.DataFrame, models: Mapping[str, Any]) -> plt.Figure:
    wide = {m: estimates[estimates["metric"] == m].set_index("system")
            for m in ("occluded_position_r", "predictivity_occluded")}
    fig, ax = plt.subplots(figsize=(4.8, 4.2))
    for i, name in enumerate(models):
        x, y = wide["occluded_position_r"].loc[name], wide["predictivity_occluded"].loc[name]
        ax.errorbar(x["estimate"], y["estimate"], xerr=[[x["estimate"] - x["ci_low"]], [x["ci_high"] - x["estimate"]]],
                    yerr=[[y["estimate"] - y["ci_low"]], [y["ci_high"] - y["estimate"]]], fmt="o", color=f"C{i}",
                    capsize=3, label=f"{name} ({models[name]['class']})")
    for name in BASELINES:
        if name in wide["occluded_position_r"].index and name in wide["predictivity_occluded"].index:
            x, y = wide["occluded_position_r"].loc[name, "estimate"], wide["predictivity_occluded"].loc[name, "estimate"]
            ax.plot(x, y, "s", color="0.5")
            ax.annotate(name, (x, y), fontsize="x-small", xytext=(3, 3), textcoords="offset points")
    ax.set(xlabel="occluded ball position decoding (r)", ylabel="neural predictivity, occluded (median r)")
    ax.legend(fontsize="x-small")
    return fig


def recovery_matrix(recovery: pd.DataFrame) -> plt.Figure:
    """Heatmap: rows the class a population was generated from, columns the candidates, cells the fraction of
    bootstrap resamples on which the candidate ranks first."""
    share = recovery.pivot(index="generator", columns="candidate", values="ranked_first")
    share = share.reindex(columns=share.index.intersection(share.columns).tolist()
                          + share.columns.difference(share.index).tolist())
    fig, ax = plt.subplots(figsize=(1.1 * share.shape[1] + 2.5, 0.8 * share.shape[0] + 1.8))
    image = ax.imshow(share.to_numpy(), vmin=0, vmax=1, cmap="Greys")
    for (i, j), value in np.ndenumerate(share.to_numpy()):
        ax.text(j, i, f"{value:.2f}", ha="center", va="center", color="w" if value > 0.5 else "k", fontsize="small")
    ax.set_xticks(np.arange(share.shape[1]), share.columns, rotation=35, ha="right")
    ax.set_yticks(np.arange(share.shape[0]), share.index)
    ax.set(xlabel="candidate class (held-out seeds)", ylabel="population generated from")
    fig.colorbar(image, ax=ax, label="fraction ranked first")
    return fig


def task_reference_bars(task_reference: pd.DataFrame, models: list[str]) -> plt.Figure:
    """One panel per task-trained network: every model's and baseline's predictivity of its population."""
    generators = sorted(task_reference["generator"].unique())
    fig, axes = plt.subplots(1, len(generators), figsize=(4.6 * len(generators), 3.6), squeeze=False, sharey=True)
    for ax, generator in zip(axes[0], generators, strict=True):
        frame = task_reference[task_reference["generator"] == generator].rename(
            columns={"candidate": "system", "predictivity": "estimate"})
        _bars(ax, frame, models + list(BASELINES), "predictivity, occluded (median r)")
        ax.set_title(f"network trained to: {generator}")
        ax.set_ylabel(ax.get_ylabel() if ax is axes[0, 0] else "")
    return fig


def _stimulus_examples(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    return (stimulus_examples(data["videos"], data["conditions"], data["latents"], data["task"]),
            "Mental-Pong stimuli: low-resolution frames (grey occluder hides the ball) and the hidden path to the "
            "interception point.")


def _predictivity_bars(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    metrics = {"predictivity_occluded": "predictivity, occluded (median r)",
               "predictivity_whole_trial": "predictivity, whole trial (median r)",
               "predictivity_occluded_partial": "partial predictivity, beyond linear ball state",
               "consistency": "error-pattern consistency (r)"}
    return (metric_bars(data["estimates"], metrics, list(data["models"]) + list(BASELINES)),
            "Noise-corrected neural predictivity (occluded epoch, whole trial, and partial: what a system predicts "
            "beyond a linear read-out of the true ball state) and error-pattern "
            "consistency per model (mean over training seeds; "
            "bootstrap CIs over conditions and seeds), beside the baselines scored the same way (hatched grey: "
            "oracle ball state, last visible state held, straight-line extrapolation, random features).")


def _decoding_bars(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    metrics = {"occluded_position_r": "occluded position decoding (r)",
               "interception_r": "interception point decoding (r)"}
    return (metric_bars(data["estimates"], metrics, list(data["models"]) + list(BASELINES) + ["reference"]),
            "Cross-validated linear decoding of the hidden ball from each model, the baselines (hatched) and the "
            "reference population.")


def _predictivity_vs_decoding(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    return (predictivity_vs_decoding(data["estimates"], data["models"]),
            "Each model's neural predictivity against how well its states encode the hidden ball; bars are "
            "bootstrap CIs over conditions and seeds; grey squares are the baselines.")


def _model_recovery(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    return (recovery_matrix(data["recovery"]),
            "Model recovery: for populations generated from each class's own states (seed 0), the fraction of "
            "bootstrap resamples on which each candidate class (held-out seeds) has the best occluded-epoch "
            "predictivity. A dark diagonal means the metric can tell the classes apart.")


def _task_reference(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    table, threshold = data["task_reference"], data["task_min_ranked_first"]
    leaders = {g: task_reference_leader(table, g) for g in sorted(table["generator"].unique())}
    ranks = "; ".join(f"on `{g}` `{top['candidate']}` ranks first among the models on {top['ranked_first']:.0%} "
                      "of resamples" for g, top in leaders.items() if top is not None)
    holds = task_reference_holds(table, data["paper_like"], threshold)
    return (task_reference_bars(table, list(data["models"])),
            "Second reference family: populations generated from the hidden states of recurrent networks trained on "
            "Mental-Pong itself, one to report the ball's position at every step and the interception point "
            "(`simulate`), one to report only the interception point (`endpoint`). Occluded-epoch predictivity of "
            "each model (mean over training seeds) and baseline (hatched), bootstrap CIs over conditions and seeds. "
            f"{ranks[:1].upper() + ranks[1:]}. The claim that the paper's class ranks first on the simulating network (on "
            f">= {threshold:.0%}) {'holds' if holds else 'does not hold'}.")


FIGURES = {
    "stimulus_examples": _stimulus_examples,
    "predictivity_bars": _predictivity_bars,
    "decoding_bars": _decoding_bars,
    "predictivity_vs_decoding": _predictivity_vs_decoding,
    "model_recovery": _model_recovery,
    "task_reference": _task_reference,
}
