"""Task-trained reference networks: the two objectives supervise what they say, training is deterministic and
learns, and the simulating network tracks the hidden ball better than the endpoint-only one."""

import numpy as np
import pytest
import torch

from neuroai.common.seeding import rng
from neuroai.mentalsim.decoding import out_of_fold
from neuroai.mentalsim.pong import condition_steps, sample_conditions, trajectories
from neuroai.mentalsim.task_rnn import objective_loss, task_batch, task_rnn_states, train_task_rnn

SPEC = {"units": 12, "input_components": 20, "steps": 40, "batch": 8, "learning_rate": 0.003, "threads": 1}


def test_endpoint_objective_ignores_the_ball_position_and_simulate_does_not(task):
    conditions = sample_conditions(rng(1, "task_rnn"), task, 6, 2)
    data = task_batch(conditions, task)
    targets = torch.as_tensor(data["targets"])
    real = torch.as_tensor(data["real"], dtype=torch.float32)
    after = torch.as_tensor(data["after_occlusion"], dtype=torch.float32)
    wrong_position = targets.clone()
    wrong_position[..., :2] += 1.0
    assert objective_loss(wrong_position, targets, real, after, "endpoint") == 0
    assert objective_loss(wrong_position, targets, real, after, "simulate") == pytest.approx(2.0)
    wrong_endpoint = targets.clone()
    wrong_endpoint[..., 2] += 0.5
    for objective in ("endpoint", "simulate"):
        assert objective_loss(wrong_endpoint, targets, real, after, objective) == pytest.approx(0.25)
    # the interception target is supervised only from occluder onset, and only real steps count
    t_occ, t_end = int(conditions["t_occ"].iloc[0]), int(conditions["t_end"].iloc[0])
    assert not data["after_occlusion"][0, :t_occ].any() and data["after_occlusion"][0, t_occ:t_end].all()
    assert not data["after_occlusion"][0, t_end:].any()
    assert data["real"].sum() == conditions["t_end"].sum()


def test_training_is_deterministic_and_lowers_the_loss(task):
    conditions = sample_conditions(rng(2, "task_rnn"), task, 16, 5)
    net, reduction, curve = train_task_rnn(conditions, task, SPEC, "simulate", 7)
    again, _, _ = train_task_rnn(conditions, task, SPEC, "simulate", 7)
    states = task_rnn_states(net, reduction, conditions, task)
    assert states.shape == (16, conditions["t_end"].max(), SPEC["units"])
    assert torch.equal(states, task_rnn_states(again, reduction, conditions, task))
    assert curve["loss"].tail(10).mean() < 0.5 * curve["loss"].head(5).mean()


@pytest.mark.slow
def test_the_simulating_network_tracks_the_hidden_ball_better(task):
    """Paper-size objectives (1000 steps): occluded x is decoded better from the simulating network's states."""
    train = sample_conditions(rng(3, "task_rnn_train"), task, 300, 100)
    evaluation = sample_conditions(rng(3, "task_rnn_eval"), task, 40, 13)
    latents = trajectories(evaluation, task)
    occluded = latents["occluded"].to_numpy()
    c_idx, steps = condition_steps(evaluation["t_end"].to_numpy())
    decoding = {}
    for objective in ("simulate", "endpoint"):
        spec = SPEC | {"units": 20, "input_components": 50, "steps": 1000, "batch": 32}
        net, reduction, _ = train_task_rnn(train, task, spec, objective, 5)
        states = task_rnn_states(net, reduction, evaluation, task).numpy()[c_idx, steps][occluded]
        x = latents["x"].to_numpy()[occluded]
        predicted = out_of_fold(states, x[:, None], latents["condition"].to_numpy()[occluded], 5, [0.1, 1.0, 10.0])
        decoding[objective] = np.corrcoef(predicted[:, 0], x)[0, 1]
    assert decoding["simulate"] > 0.85 and decoding["simulate"] > decoding["endpoint"] + 0.1
