"""The paper's main claims, each checked on this run's Mental-Pong statistics tables (never written by hand)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

ALPHA = 0.05
COLUMNS = ["key", "claim", "test", "statistic", "holds"]


def paper_like_models(ms: Mapping[str, Any]) -> list[str]:
    """Models of the paper's winning kind: latent future prediction on a time-contrastive (dynamic) encoder."""
    return [name for name, spec in ms["models"].items() if spec["class"] == "latent_future"
            and ms["encoders"][spec["encoder"]]["objective"] == "time_contrastive"]


def _estimate(estimates: pd.DataFrame, system: str, metric: str) -> pd.Series:
    return estimates[(estimates["system"] == system) & (estimates["metric"] == metric)].iloc[0]


def _cell(row: pd.Series) -> str:
    return f"{row['estimate']:.3f} [{row['ci_low']:.3f}, {row['ci_high']:.3f}]"


def _latent_future_best(estimates: pd.DataFrame, contrasts: pd.DataFrame, ms: Mapping[str, Any]) -> dict:
    frame = contrasts[contrasts["metric"] == "predictivity_occluded"]
    row = {"key": "latent_future_best",
           "claim": "Latent future prediction (dynamically pretrained encoder) best predicts the reference population",
           "test": "median noise-corrected predictivity while the ball is hidden: the best model is a latent future "
                   "predictor on a time-contrastive encoder and beats every other model (paired bootstrap over "
                   "conditions, Holm)"}
    if frame.empty:
        return {**row, "statistic": "not testable: fewer than two models", "holds": False}
    best = frame["best"].iloc[0]
    tied = frame.loc[frame["p_holm"] >= ALPHA, "other"].tolist()
    statistic = f"best `{best}` {_cell(_estimate(estimates, best, 'predictivity_occluded'))}"
    statistic += "; not separated from " + ", ".join(f"`{m}`" for m in tied) if tied else "; beats all others"
    return {**row, "statistic": statistic, "holds": best in paper_like_models(ms) and not tied}


def _dynamics_matter(contrasts: pd.DataFrame, ms: Mapping[str, Any]) -> dict:
    frame = contrasts[contrasts["metric"] == "predictivity_occluded"]
    static = [m for m, spec in ms["models"].items() if spec["class"] == "no_dynamics"]
    row = {"key": "dynamics_beat_no_dynamics",
           "claim": "Simulating the hidden ball's future predicts the population better than no dynamics",
           "test": "predictivity while hidden: best model minus the no-dynamics control > 0 (paired bootstrap, Holm)"}
    hits = frame[frame["other"].isin(static)]
    if hits.empty:
        return {**row, "statistic": "not testable: no no-dynamics control, or it is the best model", "holds": False}
    c = hits.iloc[0]
    return {**row, "statistic": f"`{c['best']}` - `{c['other']}` = {c['difference']:+.3f} "
                                f"[{c['ci_low']:+.3f}, {c['ci_high']:+.3f}], Holm p = {c['p_holm']:.3g}",
            "holds": bool(c["difference"] > 0 and c["p_holm"] < ALPHA)}


def _decoding_approaches(estimates: pd.DataFrame, ms: Mapping[str, Any]) -> dict:
    frame = estimates[estimates["metric"] == "occluded_position_r"].set_index("system")
    models = [m for m in ms["models"] if m in frame.index]
    row = {"key": "decoding_approaches_neurons",
           "claim": "The best model approaches the neurons' decoding of the occluded ball",
           "test": "decoding r of the hidden ball position: best model's 95 % CI reaches the reference population's"}
    if "reference" not in frame.index or not models:
        return {**row, "statistic": "not testable: no reference decoding", "holds": False}
    best = frame.loc[models, "estimate"].idxmax()
    ref = frame.loc["reference"]
    return {**row, "statistic": f"`{best}` {_cell(frame.loc[best])} vs reference {_cell(ref)}",
            "holds": bool(frame.loc[best, "ci_high"] >= ref["ci_low"])}


def evaluate(estimates: pd.DataFrame, contrasts: pd.DataFrame, ms: Mapping[str, Any]) -> pd.DataFrame:
    """One row per claim: key, claim, test, statistic (on this run), holds."""
    rows = [_latent_future_best(estimates, contrasts, ms), _dynamics_matter(contrasts, ms),
            _decoding_approaches(estimates, ms)]
    return pd.DataFrame(rows, columns=COLUMNS)
