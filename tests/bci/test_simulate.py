import copy

import numpy as np
import pytest

from neuroai.bci.recording import recording_tables
from neuroai.bci.simulate import MouseSimulator, simulate_mouse
from neuroai.common.seeding import rng


def _learned_weights(bci, condition, seed=0, feedback=None):
    """Run every session of one mouse; `feedback` fixes the top-down weights (feedback_tau_trials made huge)."""
    sim = MouseSimulator(bci, condition, rng(seed, "test", condition))
    if feedback is not None:
        sim.state.feedback = feedback(sim.circuit).astype(float)
        sim.plast = {**sim.plast, "feedback_tau_trials": 1e12}
    start = sim.circuit.w_task.copy()
    day1 = None
    for _ in range(bci["sessions"]):
        *_, cal = sim.session(day1)
        day1 = cal.z_score if day1 is None else day1
    return sim, sim.circuit.w_task - start


def _longer(bci, sessions=3, trials=12):
    bci = copy.deepcopy(bci)
    bci.update(sessions=sessions, trials_per_session=trials)
    return bci


def test_same_seed_gives_identical_recordings(small_bci):
    a = recording_tables(simulate_mouse(small_bci, "control", rng(1, "x")), 15.46)
    b = recording_tables(simulate_mouse(small_bci, "control", rng(1, "x")), 15.46)
    assert np.array_equal(a["traces"]["fluorescence"], b["traces"]["fluorescence"])
    assert a["trials"].equals(b["trials"])


def test_groups_are_equal_sized_from_the_configured_sizes(small_bci):
    for seed in range(5):
        roles = MouseSimulator(small_bci, "control", rng(seed, "groups")).circuit.roles
        assert (roles > 0).sum() == (roles < 0).sum() and (roles > 0).sum() in small_bci["group_sizes"]


def test_role_signed_teaching_gives_role_signed_weight_change(small_bci):
    """The dendritic-event rule turns role-signed top-down input into role-signed weight change, and the opposite
    teaching sign into the opposite change (one update over 2,000 task frames; the closed loop is not involved)."""
    def differential(sign):
        sim = MouseSimulator(small_bci, "control", rng(0, "rule"))
        sim.session(None)                                  # learned feedback and weights of a first day
        seg = sim._draw(2000, task_on=True, t0=0.0)
        teaching = np.broadcast_to(sign * sim.circuit.roles.astype(float), (2000, sim.circuit.n))
        own, _, _ = sim._dendrites(seg, teaching, t0=0.0)
        start = sim.circuit.w_task.copy()
        sim._learn(seg, own)
        change = (sim.circuit.w_task - start).mean(axis=1)
        return change[sim.circuit.roles > 0].mean() - change[sim.circuit.roles < 0].mean()
    assert differential(+1) > 0 > differential(-1)


def test_plasticity_threshold_is_the_resting_rate_of_the_dendrites_own_events(small_bci):
    """The set point the events are compared with equals the mean rate of the dendrite's own events without teaching
    (a long simulated stretch)."""
    control = MouseSimulator(small_bci, "control", rng(0, "rest"))
    seg = control._draw(200_000, task_on=False, t0=0.0)   # 3.6 h: 40,000 frames still miss by up to 4 %
    simulated = control._events_per_frame(seg.dendrite_own).mean(axis=0)
    np.testing.assert_allclose(control.threshold, simulated, rtol=0.03)


def test_learned_feedback_signs_follow_each_targets_role(small_bci):
    """Feedback weights start at zero and are learned from corr(rate, angle): P+ positive, P- negative."""
    signs = []
    for seed in range(3):
        sim, _ = _learned_weights(_longer(small_bci), "control", seed)
        targets = sim.circuit.roles != 0
        signs.append(np.sign(sim.state.feedback[targets]) == sim.circuit.roles[targets])
    assert np.mean(np.concatenate(signs)) > 0.6


def test_scalar_broadcast_keeps_one_feedback_sign_and_changes_every_neuron(small_bci):
    sim, change = _learned_weights(small_bci, "scalar_broadcast")
    assert np.all(sim.state.feedback == 1.0)
    assert np.all(np.abs(change).sum(axis=1) > 0)


def test_no_teaching_before_the_grating_moves(small_bci):
    """The progress term is zero while the grating sits at its onset angle, whatever that angle is."""
    sim = MouseSimulator(small_bci, "control", rng(0, "onset"))
    sim.state.feedback = np.ones(sim.circuit.n)
    angle = np.full(100, 45.0)
    angle[60:] = 60.0
    drive, weights = sim._teaching(angle, slice(0, 100), slice(100, 100), outcome=0.5)
    teaching = drive[:, None] * weights[None, :]
    window = round(small_bci["task"]["error_window_s"] * small_bci["frame_rate_hz"])
    assert np.all(teaching[:60] == 0) and np.all(teaching[60:60 + window] > 0) and np.all(teaching[60 + window:] == 0)


def test_ndnf_inhibition_lowers_dendritic_events_and_learning(small_bci):
    """NDNF activation lowers the dendrites' resting event rate and calcium; learning shrinks as a consequence
    (the plasticity rule has no inhibition term)."""
    bci = _longer(small_bci)
    control, inhibited = (MouseSimulator(bci, c, rng(0, "ndnf")) for c in ("control", "dendrite_inhibition"))
    assert inhibited.threshold.mean() < 0.5 * control.threshold.mean()
    sizes = [np.abs(_learned_weights(bci, c, seed, feedback=lambda circuit: circuit.roles)[1]).sum()
             for seed in range(2) for c in ("control", "dendrite_inhibition")]
    assert sizes[1] + sizes[3] < 0.5 * (sizes[0] + sizes[2])


def test_trials_are_consistent_with_the_task_timing(small_bci):
    tables = recording_tables(simulate_mouse(small_bci, "control", rng(2, "timing")), 15.46)
    trials, frames = tables["trials"], tables["frames"]
    limit = round(small_bci["task"]["trial_s"] * 15.46)
    assert np.all(trials["task_end_frame"] - trials["start_frame"] <= limit)
    hits = trials[trials["outcome"] == "hit"]
    assert np.all(hits["outcome_frame"] == hits["task_end_frame"] - 1)
    assert np.all(trials.loc[trials["outcome"] == "miss", "reward_frame"] == -1)
    for s, session in trials.groupby("session"):
        angle = frames["angle_deg"][frames["session"] == s]
        assert np.all(angle[hits.loc[hits["session"] == s, "outcome_frame"]] == 90)
        assert np.all(session["start_frame"].to_numpy()[1:] >= session["end_frame"].to_numpy()[:-1])


def test_unknown_condition_is_rejected(small_bci):
    with pytest.raises(ValueError, match="unknown BCI condition 'optogenetics'"):
        MouseSimulator(small_bci, "optogenetics", rng(0))


def test_the_planted_null_sends_the_dendrites_no_teaching_input(small_bci):
    sim = MouseSimulator(small_bci, "no_teaching", rng(0, "null"))
    sim.state.feedback = sim.circuit.roles.astype(float)
    angle = np.linspace(0.0, 90.0, 100)
    drive, weights = sim._teaching(angle, slice(0, 80), slice(80, 100), outcome=1.0)
    assert not drive.any() and not weights.any()
