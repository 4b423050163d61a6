"""Mental-Pong figures: stimulus examples, per-model bars with CIs, and predictivity vs decoding. `FIGURES`, the
study's figure registry, maps each figure name to a function of the figure job's data that returns (figure,
caption)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd



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
    colours = ["0.6" if s == "reference" else f"C{i}" for i, s in enumerate(frame.index)]
    ax.bar(np.arange(len(frame)), frame["estimate"], yerr=err, color=colours, capsize=3)
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
    ax.set(xlabel="occluded ball position decoding (r)", ylabel="neural predictivity, occluded (median r)")
    ax.legend(fontsize="x-small")
    return fig


def _stimulus_examples(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    return (stimulus_examples(data["videos"], data["conditions"], data["latents"], data["task"]),
            "Mental-Pong stimuli: low-resolution frames (grey occluder hides the ball) and the hidden path to the "
            "interception point.")


def _predictivity_bars(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    metrics = {"predictivity_occluded": "predictivity, occluded (median r)",
               "predictivity_whole_trial": "predictivity, whole trial (median r)",
               "consistency": "error-pattern consistency (r)"}
    return (metric_bars(data["estimates"], metrics, list(data["models"])),
            "Noise-corrected neural predictivity and error-pattern consistency per model (bootstrap CIs).")


def _decoding_bars(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    metrics = {"occluded_position_r": "occluded position decoding (r)",
               "interception_r": "interception point decoding (r)"}
    return (metric_bars(data["estimates"], metrics, list(data["models"]) + ["reference"]),
            "Cross-validated linear decoding of the hidden ball from each model and the reference population.")


def _predictivity_vs_decoding(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    return (predictivity_vs_decoding(data["estimates"], data["models"]),
            "Each model's neural predictivity against how well its states encode the hidden ball; bars are "
            "bootstrap CIs over conditions.")


FIGURES = {
    "stimulus_examples": _stimulus_examples,
    "predictivity_bars": _predictivity_bars,
    "decoding_bars": _decoding_bars,
    "predictivity_vs_decoding": _predictivity_vs_decoding,
}
