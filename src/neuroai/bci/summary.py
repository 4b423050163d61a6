"""A readable Markdown summary of the BCI statistics: claims first, then the tables they come from."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from neuroai.bci.claims import evaluate
from neuroai.bci.figure_map import figure_map

# Statistics tables behind the claims, with the heading each gets in summaries and the report.
KEY_TABLES = {"learning_slopes": "Learning slope (hit rate per day) by condition",
              "slope_contrasts": "Learning slope difference from control",
              "residual_by_role": "Dendritic residual by role and window (vs 0)",
              "role_contrasts": "P+ minus P- residual (mixed model; paper's t-test beside it)",
              "residual_predicts_change": "Early residual at reward vs later somatic change",
              "somatic_change": "Somatic dF/F change, late minus early sessions",
              "sd_separability": "Paper's SD residual: error-decrease minus error-increase epochs, per mouse",
              "sd_separability_by_definition": "The same under every error-epoch definition (robustness; the "
                                               "paper's binned_mean first)",
              "sd_fit_aic": "AIC of exponential and logarithmic fits minus the line's (ED Fig. 5; > 0: line better)",
              "role_by_outcome_window": "SD residual by role before target reach and after it (ED Fig. 11)",
              "decoding_vs_chance": "Outcome decoding from SD residuals: accuracy minus label-shuffle chance, "
                                    "per mouse",
              "network_decoding_vs_chance": "Network decoding of amplification vs attenuation (Fig. 2), per mouse"}


def _table(df: pd.DataFrame) -> str:
    return df.to_markdown(index=False, floatfmt=".3g") if not df.empty else "_(no rows)_"


def summary_markdown(tables: Mapping[str, pd.DataFrame]) -> str:
    """Summary of a run: which of the paper's claims hold, with the statistics behind each."""
    claims = evaluate(tables)
    held = claims["holds"].sum()
    parts = [
        "# BCI study: dendritic instructive signals (Francioni et al., Nature 2026)",
        "",
        f"{held} of {len(claims)} claims hold on this run. A claim that does not hold is reported as such: the "
        "model and its parameters were not tuned to make any claim hold.",
        "",
        _table(claims.assign(holds=claims["holds"].map({True: "yes", False: "**no**"})).reset_index(drop=True)),
        "",
        "## Figure map: the paper's panels on this run",
        "",
        _table(figure_map(claims)),
    ]
    for name, title in KEY_TABLES.items():
        parts += ["", f"## {title}", "", _table(tables[name])]
    return "\n".join(parts) + "\n"
