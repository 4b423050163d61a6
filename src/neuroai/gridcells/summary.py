"""Readable summary.md of the grid-cell statistics, stating plainly which of the paper's claims hold here."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from neuroai.common.atomic import atomic_path


def _fmt_p(p: float) -> str:
    return "n/a" if not np.isfinite(p) else (f"{p:.1e}" if p < 1e-3 else f"{p:.3f}")


def verdicts(fractions: pd.DataFrame, contrasts: pd.DataFrame, modules: pd.DataFrame, reference: str,
             alpha: float = 0.05) -> list[str]:
    """One sentence per claim of the paper: grids above chance, ablations worse, several modules."""
    ref = fractions[fractions["condition"] == reference].iloc[0]
    above = ref["p_vs_chance"] < alpha
    lines = [f"- Grid cells above chance in `{reference}`: **{'yes' if above else 'NO'}** "
             f"({ref['n_grid']}/{ref['n_units']} units = {ref['fraction_grid']:.1%}, chance "
             f"{ref['chance_fraction']:.0%}, binomial p = {_fmt_p(ref['p_vs_chance'])})."]
    for _, c in contrasts.iterrows():
        worse = c["p_fraction_bh"] < alpha if np.isfinite(c["p_fraction_bh"]) else False
        lines.append(f"- Ablation `{c['condition']}` has fewer grid cells than `{reference}`: "
                     f"**{'yes' if worse else 'NO'}** ({c['fraction_condition']:.1%} vs {c['fraction_reference']:.1%}, "
                     f"BH-corrected p = {_fmt_p(c['p_fraction_bh'])}).")
    n_mod = int((modules["condition"] == reference).sum())
    ratios = modules.loc[(modules["condition"] == reference) & modules["period_ratio"].notna(), "period_ratio"]
    if n_mod >= 2:
        lines.append(f"- Several modules in `{reference}`: **yes**, {n_mod} modules, period ratios "
                     + ", ".join(f"{r:.2f}" for r in ratios) + " (entorhinal data: about 1.4-1.7).")
    else:
        lines.append(f"- Several modules in `{reference}`: **NO**: {n_mod} module(s) found among its grid cells; the "
                     "paper's multi-modular result is not reproduced by this small model.")
    return lines


def write_summary(path: str | os.PathLike, fractions: pd.DataFrame, contrasts: pd.DataFrame,
                  modules: pd.DataFrame, curves: pd.DataFrame, reference: str, null_percentile: float) -> None:
    """Write the Markdown summary: verdicts, then the tables behind them."""
    last = curves.sort_values("step").groupby("condition", sort=False).tail(1)
    first = curves.sort_values("step").groupby("condition", sort=False).head(1)
    text = [
        "# Grid cells from self-supervised path integration (Schaeffer et al., NeurIPS 2023)",
        "",
        f"A unit is a grid cell when its grid score beats the {null_percentile:g}th percentile of its condition's "
        "shuffle null (activity circularly shifted in time against position). Silent units count as non-grid.",
        "",
        "## Verdicts",
        *verdicts(fractions, contrasts, modules, reference),
        "",
        "## Grid cells per condition",
        fractions.to_markdown(index=False, floatfmt=".3g"),
        "",
        f"## Ablations against `{reference}` (one-sided tests, Benjamini-Hochberg across contrasts)",
        contrasts.to_markdown(index=False, floatfmt=".3g") if len(contrasts) else "(no other condition)",
        "",
        "## Modules (Gaussian mixture on log spacing, BIC)",
        modules.to_markdown(index=False, floatfmt=".3g") if len(modules) else "(no grid cells, so no modules)",
        "",
        "## Training (first and last logged step)",
        pd.concat([first, last]).sort_values(["condition", "step"]).to_markdown(index=False, floatfmt=".4g"),
        "",
    ]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(text))
