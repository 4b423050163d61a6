"""Velocity sequences for training and random-walk trajectories for evaluation.

Training follows the paper: i.i.d. uniform steps by default, RatInABox walk segments on request. Evaluation walks
always come from RatInABox (George et al., eLife 2024), so a network trained on i.i.d. steps must generalise to smooth
trajectories in a box, as in the paper.

RatInABox's Agent follows its motion model (Ornstein-Uhlenbeck rotational velocity and Rayleigh-distributed speed,
with wall repulsion and thigmotaxis). It draws from NumPy's global random state, so each call seeds that state from
the study's keyed SeedSequence and restores it afterwards: the same keys give the same trajectories.
The network only ever sees velocities (displacement per step); positions are kept for evaluation only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import numpy as np


@contextmanager
def _seeded_global_numpy(seed_rng: np.random.Generator) -> Iterator[None]:
    state = np.random.get_state()
    np.random.seed(int(seed_rng.integers(2**32)))
    try:
        yield
    finally:
        np.random.set_state(state)


def _agent(params: Mapping[str, Any]):  # -> ratinabox.Agent.Agent
    import ratinabox
    from ratinabox.Agent import Agent
    from ratinabox.Environment import Environment

    ratinabox.verbose = False
    env = Environment(params={"scale": float(params["box_size_m"]), "aspect": 1.0, "dimensionality": "2D"})
    return Agent(env, params={
        "dt": float(params["dt_s"]),
        "speed_mean": float(params["speed_mean_m_s"]),
        "speed_std": float(params["speed_std_m_s"]),
        "speed_coherence_time": float(params["speed_coherence_time_s"]),
        "rotational_velocity_std": np.deg2rad(float(params["rotational_velocity_std_deg_s"])),
        "rotational_velocity_coherence_time": float(params["rotational_velocity_coherence_time_s"]),
        "thigmotaxis": float(params["thigmotaxis"]),
        "save_history": False,
    })


def _walk(agent, n_steps: int) -> np.ndarray:
    """Positions after each of n_steps agent updates (RatInABox moves one agent one step per call)."""
    pos = np.empty((n_steps, 2))
    for i in range(n_steps):
        agent.update()
        pos[i] = agent.pos
    return pos


def uniform_velocities(n_sequences: int, seq_len: int, max_step: float, seed_rng: np.random.Generator) -> np.ndarray:
    """The paper's training data (Schaeffer et al. 2023, Fig. 3d): i.i.d. displacements, each axis uniform in
    [-max_step, max_step]; returns (n_sequences, seq_len, 2)."""
    return seed_rng.uniform(-max_step, max_step, size=(n_sequences, seq_len, 2)).astype(np.float32)


def training_velocities(params: Mapping[str, Any], n_sequences: int, seq_len: int,
                        seed_rng: np.random.Generator) -> np.ndarray:
    """Training displacement sequences (n_sequences, seq_len, 2): the paper's i.i.d. uniform steps
    (`train_source: uniform`) or segments cut from one long RatInABox walk (`train_source: ratinabox`)."""
    if params["train_source"] == "uniform":
        return uniform_velocities(n_sequences, seq_len, float(params["uniform_max_step_m"]), seed_rng)
    return _ratinabox_segments(params, n_sequences, seq_len, seed_rng)


def _ratinabox_segments(params: Mapping[str, Any], n_sequences: int, seq_len: int,
                        seed_rng: np.random.Generator) -> np.ndarray:
    """Displacement sequences (n_sequences, seq_len, 2) cut from one long RatInABox walk."""
    with _seeded_global_numpy(seed_rng):
        agent = _agent(params)
        start = np.array(agent.pos)
        pos = _walk(agent, n_sequences * seq_len)
    disp = np.diff(np.vstack([start, pos]), axis=0)
    return disp.reshape(n_sequences, seq_len, 2).astype(np.float32)


def evaluation_walks(params: Mapping[str, Any], n_walks: int, seq_len: int,
                     seed_rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Walks that all start at the box centre: displacements and positions, each (n_walks, seq_len, 2).

    Starting every walk at the centre maps the network's learned start state to one known place, so rate maps can be
    binned by true position.
    """
    half = float(params["box_size_m"]) / 2
    with _seeded_global_numpy(seed_rng):
        agent = _agent(params)
        pos = np.empty((n_walks, seq_len, 2))
        for w in range(n_walks):
            agent.pos = np.array([half, half])
            heading = 2 * np.pi * np.random.rand()  # a fresh random heading, so walks do not share a start
            agent.velocity = agent.speed_mean * np.array([np.cos(heading), np.sin(heading)])
            pos[w] = _walk(agent, seq_len)
    disp = np.diff(np.concatenate([np.full((n_walks, 1, 2), half), pos], axis=1), axis=1)
    return disp.astype(np.float32), pos.astype(np.float32)
