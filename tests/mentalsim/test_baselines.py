"""Baselines and model recovery on known populations: on a population tuned to the true ball state the oracle beats
the no-simulation heuristics, which beat noise; a population generated from one system's states is best predicted by
a noisy copy of that system, not by another."""

import numpy as np
import pandas as pd

from neuroai.common.seeding import rng
from neuroai.mentalsim.baselines import BASELINES, baseline_states
from neuroai.mentalsim.decoding import predictivity_sums, state_matrix
from neuroai.mentalsim.pong import sample_conditions, trajectories
from neuroai.mentalsim.recovery import recovery_features, recovery_population
from neuroai.mentalsim.stats import unit_predictivity
from neuroai.mentalsim.synthetic_population import latent_features, population, simulate_population

EVALUATION = {"folds": 4, "ridge_alphas": [0.1, 10.0, 1000.0]}
REF = {"n_units": 40, "n_trials": 20, "baseline_hz": 2.0, "peak_hz": 30.0, "selectivity_density": 0.6,
       "nonlinear_mixing": 0.8, "min_reliability": 0.5}
RECOVERY = {"components": 4, "nuisance_weight": 1.0, "transient_tau_s": 0.2}


def _stimuli(task, n=40):
    conditions = sample_conditions(rng(5, "baselines"), task, n, n // 3)
    return conditions, trajectories(conditions, task)


def _median_predictivity(system, states, latents, neural):
    sums = predictivity_sums(system, states, latents, neural, EVALUATION, epochs=("occluded",))
    (_, scores), = unit_predictivity(sums, np.ones((1, int(latents["condition"].max()) + 1))).values()
    return float(np.nanmedian(scores[0]))


def test_baselines_are_ordered_oracle_heuristics_random_on_a_ball_state_population(task):
    conditions, latents = _stimuli(task)
    neural, _ = simulate_population(latents, conditions, np.random.default_rng(1), REF, task["step_s"])
    score = {name: _median_predictivity(name, baseline_states(name, latents, conditions, np.random.default_rng(2),
                                                                8), latents, neural) for name in BASELINES}
    assert score["oracle"] > score["straight_line"] > score["random"]
    assert score["oracle"] > score["last_visible"] > score["random"]
    assert score["oracle"] > 0.8 and abs(score["random"]) < 0.3


def test_heuristics_hold_or_extend_the_last_visible_state(task):
    conditions, latents = _stimuli(task, n=6)
    held = baseline_states("last_visible", latents, conditions, None, 0)
    line = baseline_states("straight_line", latents, conditions, None, 0)
    c = conditions.iloc[0]
    rows = latents.index[latents["condition"] == c["condition"]]
    last = rows[int(c["t_occ"]) - 1]
    after = rows[-1]
    elapsed = latents.loc[after, "step"] - latents.loc[last, "step"]
    np.testing.assert_allclose(held["state"][after][:2], latents.loc[last, ["x", "y"]].to_numpy(float), rtol=1e-6)
    expected = latents.loc[last, ["x", "y"]].to_numpy(float) + elapsed * latents.loc[last, ["vx", "vy"]].to_numpy(float)
    np.testing.assert_allclose(line["state"][after][:2], expected, rtol=1e-5)
    visible = rows[: int(c["t_occ"])]
    np.testing.assert_allclose(np.stack(held["state"][visible])[:, :2], latents.loc[visible, ["x", "y"]].to_numpy(float), rtol=1e-6)


def test_recovery_ranks_the_generating_system_first(task):
    conditions, latents = _stimuli(task)
    generator = np.random.default_rng(3)
    source = generator.normal(size=(len(latents), 12))  # a system with its own states
    other = generator.normal(size=(len(latents), 12))
    neural = recovery_population(source, latents, conditions, np.random.default_rng(4), REF, RECOVERY,
                                 task["step_s"])

    def states(values):
        return pd.DataFrame({"system": "s", "condition": latents["condition"], "step": latents["step"],
                             "state": list(values.astype(np.float32))})
    held_out_seed = source + generator.normal(scale=0.5 * source.std(0), size=source.shape)
    same = _median_predictivity("s", states(held_out_seed), latents, neural)
    different = _median_predictivity("s", states(other), latents, neural)
    assert same > different + 0.2


def test_recovery_features_have_unit_variance_components_and_nuisance(task):
    conditions, latents = _stimuli(task, n=10)
    values = np.random.default_rng(0).normal(size=(len(latents), 6))
    features = recovery_features(values, latents, conditions, RECOVERY, task["step_s"])
    assert features.shape == (len(latents), 6)
    np.testing.assert_allclose(features.std(0), 1.0, rtol=1e-6)
    states = pd.DataFrame({"condition": latents["condition"], "step": latents["step"], "state": list(values)})
    np.testing.assert_array_equal(state_matrix(states, latents), values)


def _partial_predictivity(states, latents, conditions, neural):
    oracle = baseline_states("oracle", latents, conditions, None, 0)
    sums = predictivity_sums("s", states, latents, neural, EVALUATION, epochs=("occluded_partial",), controls=oracle)
    (_, scores), = unit_predictivity(sums, np.ones((1, int(latents["condition"].max()) + 1))).values()
    return float(np.nanmedian(scores[0]))


def test_partial_predictivity_finds_only_what_lies_beyond_the_ball(task):
    conditions, latents = _stimuli(task)
    ball = latent_features(latents, conditions)
    hidden = np.random.default_rng(6).normal(size=(len(latents), 3))  # a signal the ball state does not carry
    with_hidden, _ = population(np.column_stack([ball, hidden]), latents, np.random.default_rng(7), REF,
                                task["step_s"])
    ball_only, _ = population(ball, latents, np.random.default_rng(7), REF, task["step_s"])

    def states(values):
        return pd.DataFrame({"system": "s", "condition": latents["condition"], "step": latents["step"],
                             "state": list(values.astype(np.float32))})
    oracle = baseline_states("oracle", latents, conditions, None, 0)
    carrier = states(np.column_stack([ball, hidden]))
    assert _partial_predictivity(carrier, latents, conditions, with_hidden) > 0.5  # planted: recovered
    assert abs(_partial_predictivity(carrier, latents, conditions, ball_only)) < 0.2  # none planted: none found
    assert abs(_partial_predictivity(oracle, latents, conditions, with_hidden)) < 0.2  # the ball adds nothing
