"""Readable summary.md of the grid-cell statistics, stating plainly which of the paper's claims hold here."""

from __future__ import annotations

import os

import pandas as pd

from neuroai.common.atomic import atomic_path


def verdicts(claims: pd.DataFrame) -> list[str]:
    """One sentence per claim of the paper, with the statistic that decides it."""
    lines = [f"- {c.claim}: **{'yes' if c.holds else 'NO'}** ({c.statistic})." for c in claims.itertuples()]
    if not claims.set_index("key").loc["multiple_modules", "holds"]:
        lines.append("- The paper's multi-modular result is not reproduced by this small model.")
    return lines


def write_summary(path: str | os.PathLike, claims: pd.DataFrame, fractions: pd.DataFrame, seeds: pd.DataFrame,
                  contrasts: pd.DataFrame,
                  modules: pd.DataFrame, topology: pd.DataFrame, curves: pd.DataFrame, best_codes: pd.DataFrame,
                  reference: str, null_percentile: float) -> None:
    """Write the Markdown summary: verdicts, then the tables behind them."""
    last = curves.sort_values("step").groupby(["condition", "seed"], sort=False).tail(1)
    first = curves.sort_values("step").groupby(["condition", "seed"], sort=False).head(1)
    text = [
        "# Grid cells from self-supervised path integration (Schaeffer et al., NeurIPS 2023)",
        "",
        f"A unit is a grid cell when its grid score beats the {null_percentile:g}th percentile of its condition's "
        "shuffle null (activity circularly shifted in time against position). Silent units count as non-grid.",
        "",
        "## Verdicts",
        *verdicts(claims),
        "",
        "## Grid cells per condition (units of all seeds pooled)",
        fractions.to_markdown(index=False, floatfmt=".3g"),
        "",
        "## Grid cells per seed",
        seeds.to_markdown(index=False, floatfmt=".3g"),
        "",
        f"## Ablations against `{reference}` (one-sided tests, Benjamini-Hochberg across contrasts)",
        contrasts.to_markdown(index=False, floatfmt=".3g") if len(contrasts) else "(no other condition)",
        "",
        "## Modules",
        "Units whose Fourier peak beats the shuffle null are clustered by Fourier spacing (Gaussian mixture on log "
        "spacing, BIC). Period ratios carry bootstrap 95 % CIs over units, conditional on the module labels (Fourier "
        "spacings lie on a 4 % grid, so a tight module's CI can be narrow); `phase_resultant` is near 0 when the "
        "module's phases tile its lattice cell.",
        "",
        modules.to_markdown(index=False, floatfmt=".3g") if len(modules) else "(no periodic units, so no modules)",
        "",
        "## Torus test of each network's largest module (persistent homology; a torus has Betti numbers 1, 2, 1)",
        topology.to_markdown(index=False, floatfmt=".3g") if len(topology) else "(no module large enough)",
        "",
        "## Hand-built codes scored by the same losses (no training; best per kind and module count)",
        "`objective` is lambda_separation * separation + lambda_invariance * invariance + lambda_capacity * capacity, "
        "the full condition's training loss without its conformal term (compare it with the last training step "
        "below); `objective_no_capacity` leaves the capacity term out, as the `no_capacity` ablation does.",
        "",
        best_codes.to_markdown(index=False, floatfmt=".4g"),
        "",
        "## Training (first and last logged step)",
        pd.concat([first, last]).sort_values(["condition", "seed", "step"]).to_markdown(index=False, floatfmt=".4g"),
        "",
    ]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(text))
