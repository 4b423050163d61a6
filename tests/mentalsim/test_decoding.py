"""Decoding read-outs: a system that encodes the hidden ball linearly decodes it; a random one does not."""

import numpy as np
import pandas as pd

from neuroai.common.seeding import rng
from neuroai.mentalsim.decoding import decode
from neuroai.mentalsim.pong import sample_conditions, trajectories

EVALUATION = {"folds": 4, "ridge_alphas": [0.01, 1.0, 100.0]}


def states_from(latents, values):
    return pd.DataFrame({"system": "s", "condition": latents["condition"], "step": latents["step"],
                         "state": list(values.astype(np.float32))})


def test_linear_encoding_of_the_ball_is_decoded_and_noise_is_not(task):
    conditions = sample_conditions(rng(8, "c"), task, 40, 14)
    latents = trajectories(conditions, task)
    final = conditions.set_index("condition")["final_y"].reindex(latents["condition"]).to_numpy()
    generator = np.random.default_rng(0)
    mixing = generator.normal(size=(3, 10))
    encoded = np.column_stack([latents["x"], latents["y"], final]) @ mixing
    good = decode("s", states_from(latents, encoded), latents, conditions, EVALUATION)
    bad = decode("s", states_from(latents, generator.normal(size=(len(latents), 10))), latents, conditions,
                 EVALUATION)
    for target in ("occluded_x", "occluded_y", "interception"):
        g, b = good[good["target"] == target], bad[bad["target"] == target]
        assert np.corrcoef(g["true"], g["predicted"])[0, 1] > 0.99
        assert abs(np.corrcoef(b["true"], b["predicted"])[0, 1]) < 0.5
    assert set(good.loc[good["target"] == "occluded_x", "step"]) <= set(latents.loc[latents["occluded"], "step"])
