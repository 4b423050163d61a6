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


def recovered(recovery: pd.DataFrame, model: str, min_ranked_first: float) -> tuple[bool, str]:
    """Whether the metric recovers `model` from a population generated from its own states, and the evidence."""
    row = recovery[(recovery["generator"] == model) & (recovery["candidate"] == model)]
    if row.empty:
        return False, f"no recovery population of `{model}`"
    share = float(row["ranked_first"].iloc[0])
    return share >= min_ranked_first, f"`{model}` recovered from its own states on {share:.0%} of resamples " \
                                      f"(needed {min_ranked_first:.0%})"


def standing_text(standing: pd.DataFrame, model: str) -> str:
    """`model`'s place between the random and oracle baselines and against the heuristics (occluded epoch)."""
    frame = standing[(standing["system"] == model) & (standing["metric"] == "predictivity_occluded")]
    parts = [f"{r['value']:.2f} [{r['ci_low']:.2f}, {r['ci_high']:.2f}] of the way from random to oracle"
             if r["versus"] == "random_to_oracle" else
             f"{r['value']:+.3f} [{r['ci_low']:+.3f}, {r['ci_high']:+.3f}] vs `{r['versus']}`"
             for _, r in frame.iterrows()]
    return "; ".join(parts)


def _latent_future_best(tables: Mapping[str, pd.DataFrame], ms: Mapping[str, Any]) -> dict:
    frame = tables["contrasts"][tables["contrasts"]["metric"] == "predictivity_occluded"]
    row = {"key": "latent_future_best",
           "claim": "Latent future prediction (dynamically pretrained encoder) best predicts the reference population",
           "test": "median noise-corrected predictivity while the ball is hidden: the best model is a latent future "
                   "predictor on a time-contrastive encoder and beats every other model (paired bootstrap over "
                   "conditions and seeds, Holm); testable only where the metric recovers that class from a "
                   "population generated from its own states"}
    if frame.empty:
        return {**row, "statistic": "not testable: fewer than two models", "holds": False}
    best = frame["best"].iloc[0]
    tied = frame.loc[frame["p_holm"] >= ALPHA, "other"].tolist()
    statistic = f"best `{best}` {_cell(_estimate(tables['estimates'], best, 'predictivity_occluded'))}"
    statistic += "; not separated from " + ", ".join(f"`{m}`" for m in tied) if tied else "; beats all others"
    statistic += f" ({standing_text(tables['standing'], best)})" if len(tables["standing"]) else ""
    paper_like = paper_like_models(ms)
    checks = [recovered(tables["recovery"], m, ms["min_ranked_first"]) for m in paper_like]
    if not any(ok for ok, _ in checks):
        evidence = "; ".join(text for _, text in checks) or "no latent future model on a time-contrastive encoder"
        return {**row, "statistic": f"not testable: {evidence}. Measured: {statistic}", "holds": False}
    return {**row, "statistic": statistic, "holds": best in paper_like and not tied}


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


def task_reference_leader(task_reference: pd.DataFrame, generator: str) -> pd.Series | None:
    """The model class ranked first most often on `generator`'s task-trained population (None if not run)."""
    frame = task_reference[(task_reference["generator"] == generator) & task_reference["ranked_first"].notna()]
    return None if frame.empty else frame.sort_values(["ranked_first", "predictivity"]).iloc[-1]


def task_reference_holds(task_reference: pd.DataFrame, paper_like: list[str], threshold: float) -> bool:
    """Whether a model of the paper's kind ranks first on the `simulate` network's population on >= threshold."""
    frame = task_reference[(task_reference["generator"] == "simulate") & task_reference["candidate"].isin(paper_like)]
    return bool((frame["ranked_first"] >= threshold).any())


def _latent_future_best_task_rnn(task_reference: pd.DataFrame, ms: Mapping[str, Any]) -> dict:
    threshold = ms["task_min_ranked_first"]
    row = {"key": "latent_future_best_task_rnn",
           "claim": "Latent future prediction (dynamically pretrained encoder) best predicts a network trained to "
                    "simulate the hidden ball",
           "test": "occluded-epoch predictivity of the population generated from the `simulate` task-trained "
                   "network: a latent future predictor on a time-contrastive encoder ranks first among the model "
                   f"classes on >= {threshold:.0%} of bootstrap resamples over conditions and seeds"}
    top = task_reference_leader(task_reference, "simulate")
    if top is None:
        return {**row, "statistic": "not testable: no `simulate` task-trained network in this run", "holds": False}
    frame = task_reference[task_reference["generator"] == "simulate"].set_index("candidate")
    paper_like = [m for m in paper_like_models(ms) if m in frame.index]
    statistic = f"first most often: `{top['candidate']}` ({top['ranked_first']:.0%}, needed {threshold:.0%}; " \
                f"predictivity {top['predictivity']:.3f} [{top['ci_low']:.3f}, {top['ci_high']:.3f}])"
    statistic += "".join(f"; `{m}` first on {frame.loc[m, 'ranked_first']:.0%}" for m in paper_like
                         if m != top["candidate"])
    endpoint = task_reference_leader(task_reference, "endpoint")
    statistic += f"; on the `endpoint` network first most often: `{endpoint['candidate']}` " \
                 f"({endpoint['ranked_first']:.0%})" if endpoint is not None else ""
    return {**row, "statistic": statistic, "holds": task_reference_holds(task_reference, paper_like, threshold)}


def evaluate(tables: Mapping[str, pd.DataFrame], ms: Mapping[str, Any]) -> pd.DataFrame:
    """One row per claim: key, claim, test, statistic (on this run), holds; `tables` are the stats tables by name."""
    rows = [_latent_future_best(tables, ms), _dynamics_matter(tables["contrasts"], ms),
            _decoding_approaches(tables["estimates"], ms), _latent_future_best_task_rnn(tables["task_reference"], ms)]
    return pd.DataFrame(rows, columns=COLUMNS)
