"""Mental-Pong claims are decided by the stats tables: each verdict flips with them, and the main claim needs the
metric to recover the paper's class from a population generated from that class's own states."""

import pandas as pd

from neuroai.mentalsim.claims import evaluate
from neuroai.mentalsim.schemas import STANDING

MS = {"models": {"latent_future": {"class": "latent_future", "encoder": "tc"},
                 "pixel_future": {"class": "pixel_future"},
                 "no_dynamics": {"class": "no_dynamics", "encoder": "tc"}},
      "encoders": {"tc": {"objective": "time_contrastive"}}, "min_ranked_first": 0.8, "task_min_ranked_first": 0.95}


def _estimates(model_r_high):
    rows = [("latent_future", "predictivity_occluded", 0.6, 0.5, 0.7),
            ("pixel_future", "predictivity_occluded", 0.7, 0.6, 0.8),
            ("latent_future", "occluded_position_r", 0.8, 0.7, model_r_high),
            ("pixel_future", "occluded_position_r", 0.5, 0.4, 0.6),
            ("no_dynamics", "occluded_position_r", 0.3, 0.2, 0.4),
            ("reference", "occluded_position_r", 0.95, 0.93, 0.97)]
    return pd.DataFrame(rows, columns=["system", "metric", "estimate", "ci_low", "ci_high"])


def _contrasts(best, p_pixel, p_static):
    return pd.DataFrame({"metric": "predictivity_occluded", "best": best, "other": ["pixel_future", "no_dynamics"],
                         "difference": [0.1, 0.3], "ci_low": [0.01, 0.2], "ci_high": [0.2, 0.4],
                         "p_bootstrap": [p_pixel, p_static], "p_holm": [p_pixel, p_static]})


def _recovery(share):
    return pd.DataFrame({"generator": "latent_future", "candidate": ["latent_future", "pixel_future"],
                         "predictivity": [0.5, 0.4], "ci_low": [0.4, 0.3], "ci_high": [0.6, 0.5],
                         "ranked_first": [share, 1 - share]})


def _task_reference(simulate_share):
    candidates = ["latent_future", "pixel_future", "oracle"]
    rows = [("simulate", c, 0.5, 0.4, 0.6, r) for c, r in zip(candidates, [simulate_share, 1 - simulate_share,
                                                                          float("nan")])]
    rows += [("endpoint", c, 0.4, 0.3, 0.5, r) for c, r in zip(candidates, [0.2, 0.8, float("nan")])]
    return pd.DataFrame(rows, columns=["generator", "candidate", "predictivity", "ci_low", "ci_high",
                                       "ranked_first"])


def _tables(r_high, contrasts, share=0.9, simulate_share=0.97):
    standing = pd.DataFrame([("latent_future", "predictivity_occluded", "random_to_oracle", 0.4, 0.3, 0.5)],
                            columns=STANDING.names)
    return {"estimates": _estimates(r_high), "contrasts": contrasts, "recovery": _recovery(share),
            "standing": standing, "task_reference": _task_reference(simulate_share)}


def test_claims_hold_when_latent_future_wins_reliably_and_decodes_like_the_neurons():
    claims = evaluate(_tables(0.95, _contrasts("latent_future", 0.01, 0.001)), MS).set_index("key")
    assert claims["holds"].all()
    assert "0.40 [0.30, 0.50] of the way from random to oracle" in claims.loc["latent_future_best", "statistic"]


def test_a_tie_with_the_best_or_a_decoding_gap_breaks_the_claims():
    claims = evaluate(_tables(0.9, _contrasts("latent_future", 0.2, 0.001)), MS).set_index("key")
    assert claims["holds"].tolist() == [False, True, False, True]
    assert "not separated from `pixel_future`" in claims.loc["latent_future_best", "statistic"]


def test_a_winner_of_another_class_does_not_support_the_paper():
    contrasts = _contrasts("pixel_future", 0.01, 0.001).replace({"other": {"pixel_future": "latent_future"}})
    claims = evaluate(_tables(0.95, contrasts), MS).set_index("key")
    assert not claims.loc["latent_future_best", "holds"]


def test_the_main_claim_is_untestable_where_the_metric_cannot_recover_the_class():
    claims = evaluate(_tables(0.95, _contrasts("latent_future", 0.01, 0.001), share=0.6), MS).set_index("key")
    statistic = claims.loc["latent_future_best", "statistic"]
    assert not claims.loc["latent_future_best", "holds"]
    assert statistic.startswith("not testable") and "60%" in statistic and "80%" in statistic


def test_the_task_network_claim_needs_the_paper_class_first_on_the_simulating_network():
    claims = evaluate(_tables(0.95, _contrasts("latent_future", 0.01, 0.001), simulate_share=0.9), MS)
    row = claims.set_index("key").loc["latent_future_best_task_rnn"]
    assert not row["holds"]
    assert "`latent_future` (90%, needed 95%" in row["statistic"] and "`endpoint` network first most often: `pixel_future`" \
        in row["statistic"]
    no_network = _tables(0.95, _contrasts("latent_future", 0.01, 0.001))
    no_network["task_reference"] = no_network["task_reference"].iloc[:0]
    assert evaluate(no_network, MS).set_index("key").loc["latent_future_best_task_rnn", "statistic"].startswith(
        "not testable")
