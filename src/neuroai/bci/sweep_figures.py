"""Summary figure of a sweep: a curve per condition along one parameter, or heatmaps for two parameters."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

MEASURES = {"slope": "learning slope (accuracy / day)", "reward_contrast": "P+ minus P- residual at reward"}


def sweep_figure(table: pd.DataFrame) -> tuple[plt.Figure, str]:
    """Learning slope and residual sign contrast (95 % CIs) against the swept parameter(s), by condition."""
    x = table["x_param"].iloc[0]
    if table["y_param"].notna().any():
        return _heatmaps(table, x, table["y_param"].iloc[0])
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
    for ax, (measure, label) in zip(axes, MEASURES.items()):
        for k, (condition, df) in enumerate(table.sort_values("x_value").groupby("condition", sort=False)):
            err = np.vstack([df[measure] - df[f"{measure}_ci_low"], df[f"{measure}_ci_high"] - df[measure]])
            ax.errorbar(df["x_value"], df[measure], yerr=err, marker="o", capsize=3, label=condition,
                        color=sns.color_palette()[k])
        ax.axhline(0, color="grey", lw=1)
        ax.set(xlabel=x, ylabel=label)
    axes[0].legend(frameon=False)
    caption = (f"Sweep '{table['sweep'].iloc[0]}' over {x}: learning slope (mixed model) and P+ minus P- dendritic "
               "residual after reward (mixed model), 95 % CIs, per condition; each point simulated independently.")
    return fig, caption


def _heatmaps(table: pd.DataFrame, x: str, y: str) -> tuple[plt.Figure, str]:
    conditions = list(dict.fromkeys(table["condition"]))
    fig, axes = plt.subplots(1, len(conditions), figsize=(4.5 * len(conditions), 3.8), squeeze=False)
    for ax, condition in zip(axes[0], conditions):
        grid = table[table["condition"] == condition].pivot(index="y_value", columns="x_value", values="slope")
        sns.heatmap(grid, annot=True, fmt=".2g", cmap="vlag", center=0, ax=ax, cbar_kws={"label": "learning slope"})
        ax.set(title=condition, xlabel=x, ylabel=y)
        ax.invert_yaxis()
    caption = f"Sweep '{table['sweep'].iloc[0]}': learning slope (mixed model) over {x} x {y}, per condition."
    return fig, caption
