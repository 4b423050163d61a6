"""The network decoder (Fig. 2) finds a planted link between the network's preceding activity and a dendrite's
amplification, and none when the residual's sign is unrelated to the network."""

import numpy as np
import pandas as pd

from neuroai.bci.network_decoding import preceding_activity, session_network_decoding

FR, FRAMES, NEURONS = 15.0, 9000, 20


def _session(seed: int, coupling: float) -> tuple[pd.DataFrame, np.ndarray]:
    """Somatic rates loading on a slow context; events of neuron 0 whose residual sign follows the context over the
    preceding 2 s with weight `coupling` (0: unrelated)."""
    g = np.random.default_rng(seed)
    context = np.convolve(g.standard_normal(FRAMES), np.ones(30) / np.sqrt(30), mode="same")
    rate = np.maximum(0.0, 1.0 + np.outer(g.normal(0, 1, NEURONS), context)
                      + g.normal(0, 1.0, (NEURONS, FRAMES)))
    frames = np.sort(g.choice(np.arange(60, FRAMES), 240, replace=False))
    before = preceding_activity(context[None, :], frames, 30)[:, 0]
    residual = coupling * before / before.std() + g.standard_normal(len(frames))
    events = pd.DataFrame({"neuron": 0, "frame": frames, "dendrite_lag_s": 0.0, "sd_residual": residual})
    return events, rate


def test_preceding_activity_is_the_mean_over_the_window_before_each_frame():
    rate = np.arange(20.0)[None, :].repeat(2, axis=0)
    out = preceding_activity(rate, np.array([5, 1, 0]), 3)
    assert out.shape == (3, 2)
    np.testing.assert_allclose(out[:, 0], [3.0, 0.0, 0.0])   # frames 2-4; frame 0 only; none


def test_a_planted_network_link_is_decoded_and_none_is_not():
    """20 shuffles here, so that a p below 0.05 is possible."""
    planted = [session_network_decoding(*_session(s, 1.0), np.array([0]), FR, np.random.default_rng(s),
                                        n_shuffles=20).iloc[0]
               for s in range(3)]
    assert all(r["accuracy"] > 0.65 and r["p_value"] < 0.05 for r in planted)
    null = [session_network_decoding(*_session(s, 0.0), np.array([0]), FR, np.random.default_rng(s),
                                        n_shuffles=20).iloc[0]
            for s in range(10, 20)]
    assert abs(np.mean([r["accuracy"] for r in null]) - 0.5) < 0.05
    assert sum(r["p_value"] < 0.05 for r in null) <= 2
    assert all(abs(r["shuffle_mean"] - 0.5) < 0.05 for r in planted + null)
    assert planted[0]["n_features"] == NEURONS - 1          # the neuron's own soma is not a feature


def test_a_neuron_without_enough_events_is_not_decoded():
    events, rate = _session(0, 1.0)
    row = session_network_decoding(events.iloc[:3], rate, np.array([0, 1]), FR, np.random.default_rng(0))
    assert row["accuracy"].isna().all() and list(row["neuron"]) == [0, 1]


def test_decoder_confidence_tracks_the_residual_only_where_a_link_was_planted():
    planted = session_network_decoding(*_session(1, 1.0), np.array([0]), FR, np.random.default_rng(1)).iloc[0]
    null = session_network_decoding(*_session(11, 0.0), np.array([0]), FR, np.random.default_rng(11)).iloc[0]
    assert planted["confidence_r"] > 0.3 and planted["confidence_p"] < 1e-3
    assert abs(null["confidence_r"]) < 0.2
