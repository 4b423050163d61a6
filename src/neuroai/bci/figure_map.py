"""The figure map: every main panel group of Francioni et al. (2026) Figs 1-5 and the key Extended Data, the paper's
number, this workflow's output and this run's statistic and verdict, filled from the claims ledger of the run
(`../shared/papers/francioni2026.md`, section 5, is the source of the panels and numbers)."""

from __future__ import annotations

import pandas as pd

from neuroai.common.ledger import html_page

# panel, what it shows, the paper's number, the project's output, the claims that test it (empty: no claim)
PANELS = (
    ("Fig. 1g, ED2", "accuracy over 14 days", "> 0.75 late; 3.1 rewards/min",
     "figures/learning_curves, stats/learning_slopes", ("control_learns",)),
    ("Fig. 1h,i", "P+ / P- / P0 somatic activity, late vs early", "P+ kept (0.85), P- down (0.60)",
     "figures/somatic_change, stats/somatic_change", ()),
    ("ED4", "event rate of days 10-14 / day 1 by role (sparsification)", "P+ 0.85, P- 0.60, matched P0 0.71",
     "stats/activity_vs_day1, figures/activity_vs_day1", ("sparsification",)),
    ("Fig. 2b,c, ED5", "coincident events, linear fit best by AIC", "+13.8 (exp), +12.1 (log) vs linear",
     "tables/sd_events, stats/sd_fit_aic", ("sd_linear_fit_best",)),
    ("Fig. 2d-j, ED6-8", "network activity predicts amplified vs attenuated", "61 % in the ~20 % significant",
     "tables/network_decoding, stats/network_decoding_vs_chance, figures/outcome_decoding",
     ("network_predicts_residual",)),
    ("Fig. 3h-j", "NDNF activation: fewer dendritic events", "reduced transient frequency",
     "tables/event_rates, stats/event_rate_contrasts", ("ndnf_fewer_dendritic_events",)),
    ("Fig. 4d,e", "SD-residual vectors decode reward vs time-out", "63 %",
     "tables/svm_decoding, stats/decoding_vs_chance, figures/outcome_decoding", ("sd_reward_decoding",)),
    ("Fig. 4f,g", "decode success vs failure before the outcome", "57 %", "same", ("sd_outcome_decoding",)),
    ("Fig. 4i-l", "NDNF activation abolishes decoding", "to chance", "same", ("ndnf_abolishes_reward_decoding",)),
    ("ED11", "role-specific before the target, not after reward", "P+ +0.09, P- -0.11 before; p = 0.5 after",
     "stats/role_by_outcome_window, figures/outcome_windows", ("sd_anticipation_role_specific",)),
    ("Fig. 5c-e, ED13e", "error-epoch SD residual by role", "P+ +0.08, P- -0.15, 6/6 mice",
     "stats/sd_separability(_vs_null), figures/sd_error_epochs", ("sd_error_sign_by_role",)),
    ("ED13", "robustness to the epoch definition", "-", "stats/sd_separability_by_definition, "
     "figures/sd_error_epochs", ()),
    ("Fig. 5f,g, ED15b", "NDNF activation abolishes the vectorized signal", "P+ 0.06 vs P- 0.02, p = 0.58",
     "stats/sd_separability", ("ndnf_abolishes_error_signal",)),
    ("Fig. 5h, ED15", "learning disrupted under NDNF activation", "late accuracy 0.56 vs 0.71",
     "figures/condition_comparison, stats/slope_contrasts", ("inhibition_disrupts",)),
    ("regression residual", "the project's second residual method: reward and error epochs by role",
     "(paper's method is the SD residual)", "stats/residual_by_role, stats/role_contrasts(_vs_null), "
     "figures/residual_peri_event", ("reward_sign_by_role", "error_decrease_sign", "error_increase_sign")),
    ("abstract", "dendritic signals predict later activity change", "exact analysis not described",
     "figures/residual_vs_change, stats/residual_predicts_change", ("residual_predicts_change",)),
    ("ground truth", "simulation only: the teaching input each dendrite received, and how each residual follows it",
     "-", "stats/teaching_recovery", ()),
    ("comparator", "scalar broadcast teaches more slowly (not in the paper)", "-", "stats/slope_contrasts",
     ("scalar_slower",)),
)
COLUMNS = ["panel", "shows", "paper", "output", "this run", "holds"]


def figure_map(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per panel; `claims`: the study's evaluated claims indexed by key. 'holds' is yes only when every
    claim of the panel holds, '-' for a panel no claim tests."""
    rows = []
    for panel, shows, paper, output, keys in PANELS:
        tested = claims.loc[list(keys)]
        run = "; ".join(f"{k}: {s}" for k, s in tested["statistic"].items()) if keys else "-"
        holds = ("yes" if tested["holds"].all() else "no") if keys else "-"
        rows.append(dict(zip(COLUMNS, [panel, shows, paper, output, run, holds], strict=True)))
    return pd.DataFrame(rows, columns=COLUMNS)


def figure_map_html(table: pd.DataFrame, title: str) -> str:
    """The figure map as a report page."""
    held = (table["holds"] == "yes").sum(), (table["holds"] != "-").sum()
    return html_page(f"{title}: figure map", f"{held[0]} of {held[1]} tested panel groups hold on this run. Paths "
                     "are under results/bci/; every statistic is this run's.", [("Panels", table)])
