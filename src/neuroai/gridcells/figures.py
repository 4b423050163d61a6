"""Figures of the grid-cell study. The plotting functions return a Figure; `FIGURES`, the study's figure registry,
maps each figure name to a function of the figure job's data that returns (figure, caption), the caption stating
the result as measured."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from neuroai.gridcells.gridscore import autocorrelogram
from neuroai.gridcells.ideal_codes import best_place_and_grid, weighted_objective


def example_maps(maps: np.ndarray, units: pd.DataFrame, n_examples: int) -> plt.Figure:
    """Rate maps (top row) and autocorrelograms (bottom row) of the highest-scoring active units."""
    ranked = units[units["active"]].sort_values("grid_score", ascending=False).head(n_examples)
    n = max(len(ranked), 1)
    fig, axes = plt.subplots(2, n, figsize=(1.6 * n, 3.6), squeeze=False)
    acorrs = autocorrelogram(maps[ranked["unit"].to_numpy()]) if len(ranked) else []
    for i, (_, row) in enumerate(ranked.iterrows()):
        axes[0, i].imshow(maps[int(row["unit"])].T, origin="lower", cmap="viridis")
        axes[0, i].set_title(f"unit {int(row['unit'])}\nscore {row['grid_score']:.2f}", fontsize="small")
        axes[1, i].imshow(acorrs[i].T, origin="lower", cmap="RdBu_r", vmin=-1, vmax=1)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    axes[0, 0].set_ylabel("rate map")
    axes[1, 0].set_ylabel("autocorr.")
    return fig


def score_distributions(units: pd.DataFrame, null: pd.DataFrame) -> plt.Figure:
    """Grid-score distribution of each condition's active units against its pooled shuffle null."""
    conditions = list(dict.fromkeys(units["condition"]))
    fig, axes = plt.subplots(1, len(conditions), figsize=(3.2 * len(conditions), 3), sharey=True, squeeze=False)
    bins = np.linspace(-1.5, 2.0, 36)
    for ax, condition in zip(axes[0], conditions):
        u = units[(units["condition"] == condition) & units["active"]]
        n = null[(null["condition"] == condition) & null["grid_score"].notna()]
        ax.hist(n["grid_score"], bins=bins, density=True, color="0.7", label="shuffle null")
        ax.hist(u["grid_score"], bins=bins, density=True, histtype="step", lw=2, label="units")
        threshold = units.loc[units["condition"] == condition, "null_threshold"].iloc[0]
        if np.isfinite(threshold):
            ax.axvline(threshold, color="k", ls="--", lw=1, label="null 95th pct.")
        ax.set_title(f"{condition}\n{len(u)} active units", fontsize="small")
        ax.set_xlabel("grid score")
    axes[0, 0].set_ylabel("density")
    axes[0, -1].legend(fontsize="x-small", frameon=False)
    return fig


def spacing_modules(units: pd.DataFrame, modules: pd.DataFrame, condition: str) -> plt.Figure:
    """One condition's periodic units: Fourier spacing histogram with the module means, spacing vs orientation, and
    each module's lattice phases."""
    mine = units[(units["condition"] == condition) & units["is_periodic"]]
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.2), gridspec_kw={"wspace": 0.4})
    axes[0].hist(mine["fourier_spacing_m"], bins=20, color="0.6")
    for _, m in modules[modules["condition"] == condition].iterrows():
        axes[0].axvline(m["mean_spacing_m"], color=f"C{int(m['module'])}", ls="--", lw=1)
        axes[0].text(m["mean_spacing_m"], axes[0].get_ylim()[1], f" M{int(m['module']) + 1}", va="top",
                     fontsize="small")
    axes[0].set(xlabel="Fourier spacing (m)", ylabel="periodic units",
                title=f"{condition}: {len(mine)} periodic units")
    colours = [f"C{m}" if m >= 0 else "0.6" for m in mine["module"]]
    axes[1].scatter(mine["fourier_spacing_m"], mine["fourier_orientation_deg"], c=colours, s=14)
    axes[1].set(xlabel="Fourier spacing (m)", ylabel="orientation (deg)", ylim=(0, 60), title="units by module")
    axes[2].scatter(mine["phase_1"], mine["phase_2"], c=colours, s=14)
    axes[2].set(xlabel="phase 1", ylabel="phase 2", xlim=(0, 1), ylim=(0, 1), aspect="equal",
                title="lattice phases")
    for ax in axes:
        ax.title.set_fontsize("small")
    return fig


def topology_distance(topology: pd.DataFrame, distances: pd.DataFrame, reference: str) -> plt.Figure:
    """Left: neural vs spatial distance per condition. Right: the reference's largest module, longest persistent
    bar per homology dimension against the shuffled points' longest, with the Betti numbers counted."""
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), gridspec_kw={"wspace": 0.35})
    sns.lineplot(data=distances, x="spatial_m", y="neural_distance", hue="condition", ax=axes[0])
    axes[0].set(xlabel="spatial distance (m)", ylabel="population-vector distance", yscale="log")  # ReLU codes
    # have no unit norm and lie orders of magnitude above the rest
    axes[0].legend(fontsize="x-small", frameon=False)
    mine = topology[topology["condition"] == reference]
    if len(mine):
        row, x = mine.iloc[0], np.arange(3)
        axes[1].bar(x - 0.2, [row[f"longest_{d}"] for d in x], 0.4, label="longest finite bar")
        axes[1].bar(x + 0.2, [row[f"null_longest_{d}"] for d in x], 0.4, color="0.7", label="shuffled points")
        axes[1].set_xticks(x, [f"H{d}: Betti {int(row[f'betti_{d}'])}" for d in x])
        axes[1].set_title(f"'{reference}' module M{int(row['module']) + 1} ({int(row['n_units'])} units)",
                          fontsize="small")
        axes[1].legend(fontsize="x-small", frameon=False)
    else:
        axes[1].text(0.5, 0.5, "no module large enough", ha="center", va="center", transform=axes[1].transAxes)
    axes[1].set_ylabel("lifetime")
    return fig


def ablation_bars(fractions: pd.DataFrame) -> plt.Figure:
    """Fraction of grid cells per condition (Wilson 95 % CI) against the chance fraction."""
    fig, ax = plt.subplots(figsize=(1.2 * len(fractions) + 1.5, 3))
    x = np.arange(len(fractions))
    err = np.vstack([fractions["fraction_grid"] - fractions["ci_low"], fractions["ci_high"] - fractions["fraction_grid"]])
    ax.bar(x, fractions["fraction_grid"], yerr=err, color=sns.color_palette(n_colors=len(fractions)), capsize=3)
    ax.axhline(fractions["chance_fraction"].iloc[0], color="k", ls="--", lw=1, label="chance (null)")
    ax.set_xticks(x, fractions["condition"], rotation=30, ha="right")
    ax.set_ylabel("fraction of grid cells")
    ax.legend(fontsize="x-small", frameon=False)
    return fig


def training_curves(curves: pd.DataFrame, reference: str, best_codes: pd.DataFrame,
                    training: Mapping[str, Any]) -> plt.Figure:
    """Separation and invariance losses over training per condition (terms switched off are still measured), and the
    reference condition's weighted objective against the best hand-built place and multi-module grid codes."""
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.2), gridspec_kw={"wspace": 0.45})
    for ax, term in zip(axes, ("separation", "invariance")):
        sns.lineplot(data=curves, x="step", y=term, hue="condition", ax=ax, legend=term == "invariance")
        ax.set_title(f"{term} loss", fontsize="small")
        ax.set(ylabel="loss", yscale="log")  # log: an un-normalised ablation starts orders of magnitude higher
    if axes[1].get_legend():
        axes[1].legend(fontsize="x-small", frameon=False)
    mine = curves[curves["condition"] == reference]
    axes[2].plot(mine["step"], weighted_objective(mine["separation"], mine["invariance"], mine["capacity"], training), color="k",
                 label=f"trained '{reference}'")
    place, grid = best_place_and_grid(best_codes)
    for label, row, colour in (("place code", place, "tab:orange"), ("grid code, >= 2 modules", grid, "tab:green")):
        axes[2].axhline(row["objective"], ls="--", color=colour, label=f"best {label}")
    axes[2].set(title="objective vs hand-built codes", xlabel="step", ylabel="separation + invariance + capacity")
    axes[2].title.set_fontsize("small")
    axes[2].legend(fontsize="x-small", frameon=False)
    return fig


def _reference(data: Mapping[str, Any]) -> str:
    return data["reference"]


def _seed0(table: pd.DataFrame, condition: str) -> pd.DataFrame:
    """Rows of one condition's first network (seed 0), the one whose rate maps the figure job reads."""
    return table[(table["condition"] == condition) & (table["seed"] == 0)]


def _example_maps(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    ref, units = _reference(data), data["units"]
    row = data["fractions"].set_index("condition").loc[ref]
    fig = example_maps(data["maps"], _seed0(units, ref), data["evaluation"]["example_units"])
    return fig, (f"Highest-scoring units of '{ref}' (seed 0): rate maps (top) and autocorrelograms (bottom). "
                 f"{row['n_grid']}/{row['n_units']} units of its {row['n_seeds']} seed(s) beat the shuffle null's "
                 f"{data['evaluation']['null_percentile']:g}th percentile.")


def _score_distributions(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    return score_distributions(data["units"], data["null"]), (
        "Grid scores of active units per condition (lines) vs the shuffled-rate-map null (grey); dashed: null "
        f"{data['evaluation']['null_percentile']:g}th percentile.")


def _spacing_modules(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    ref = _reference(data)
    mine = _seed0(data["modules"], ref)
    ratios = ", ".join(f"{r.period_ratio:.2f} [{r.ratio_ci_low:.2f}, {r.ratio_ci_high:.2f}]"
                       for r in mine.itertuples() if np.isfinite(r.period_ratio))
    note = (f"{len(mine)} modules, period ratios {ratios}" if len(mine) >= 2 else
            f"{len(mine)} module: the paper's multiple modules are NOT reproduced")
    return (spacing_modules(_seed0(data["units"], ref), mine, ref),
            f"Periodic units of '{ref}', seed 0 (Fourier peak above the shuffle null): Fourier spacing with module means "
            f"(dashed), spacing vs lattice orientation, and lattice phases, coloured by module ({note}).")


def _topology_distance(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    ref = _reference(data)
    mine = _seed0(data["topology"], ref)
    verdict = (f"no module of '{ref}' is large enough for the torus test" if mine.empty else
               f"Betti numbers {tuple(int(mine.iloc[0][f'betti_{d}']) for d in range(3))} "
               f"({'a torus' if mine.iloc[0]['is_torus'] else 'NOT a torus'}; a torus gives (1, 2, 1))")
    return (topology_distance(mine, data["distances"], ref),
            "Left: mean distance between population vectors against the spatial distance of their positions (mean "
            f"and 95 % CI over seeds). Right: persistent homology of the largest module of '{ref}', seed 0: {verdict}.")


def _ablation(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    fractions = data["fractions"]
    return ablation_bars(fractions), (
        "Fraction of grid cells per condition (Wilson 95% CI); dashed: fraction expected by chance. "
        + "; ".join(f"{r.condition}: {r.fraction_grid:.0%}" for r in fractions.itertuples()))


def _training_curves(data: Mapping[str, Any]) -> tuple[plt.Figure, str]:
    ref = _reference(data)
    return training_curves(data["curves"], ref, data["best_codes"], data["training"]), (
        "Self-supervised losses during training (terms switched off in an ablation are still measured, not "
        f"optimised; log scale). Right: separation + invariance objective of '{ref}' against the best hand-built "
        "place and multi-module grid codes scored by the same losses (no training).")


FIGURES = {
    "example_maps": _example_maps,
    "score_distributions": _score_distributions,
    "spacing_modules": _spacing_modules,
    "topology_distance": _topology_distance,
    "ablation": _ablation,
    "training_curves": _training_curves,
}
