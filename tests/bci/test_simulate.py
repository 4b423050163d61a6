import copy

import numpy as np
import pytest

from neuroai.bci.recording import recording_tables
from neuroai.bci.simulate import MouseSimulator, simulate_mouse
from neuroai.common.seeding import rng


def _learned_weights(bci, condition, seed=0):
    sim = MouseSimulator(bci, condition, rng(seed, "test", condition))
    start = sim.circuit.w_task.copy()
    day1 = None
    for _ in range(bci["sessions"]):
        _, _, cal = sim.session(day1)
        day1 = cal.z_score if day1 is None else day1
    return sim.circuit, sim.circuit.w_task - start


def test_same_seed_gives_identical_recordings(small_bci):
    a = recording_tables(simulate_mouse(small_bci, "control", rng(1, "x")), 15.46)
    b = recording_tables(simulate_mouse(small_bci, "control", rng(1, "x")), 15.46)
    assert np.array_equal(a["traces"]["fluorescence"], b["traces"]["fluorescence"])
    assert a["trials"].equals(b["trials"])


def test_groups_are_equal_sized_from_the_configured_sizes(small_bci):
    for seed in range(5):
        roles = MouseSimulator(small_bci, "control", rng(seed, "groups")).circuit.roles
        assert (roles > 0).sum() == (roles < 0).sum() and (roles > 0).sum() in small_bci["group_sizes"]


def test_vectorized_teaching_pushes_p_plus_up_and_p_minus_down(small_bci):
    bci = copy.deepcopy(small_bci)
    bci["sessions"] = 3
    circuit, change = _learned_weights(bci, "control")
    assert change[circuit.roles > 0].sum() > 0 > change[circuit.roles < 0].sum()
    assert np.all(change[circuit.roles == 0] == 0)       # no teaching signal, no plasticity


def test_dendrite_inhibition_scales_learning_down(small_bci):
    bci = copy.deepcopy(small_bci)
    bci["inhibition_strength"] = 0.9
    _, control = _learned_weights(bci, "control")
    _, inhibited = _learned_weights(bci, "dendrite_inhibition")
    assert np.abs(inhibited).sum() < 0.3 * np.abs(control).sum()


def test_scalar_broadcast_changes_every_neuron(small_bci):
    circuit, change = _learned_weights(small_bci, "scalar_broadcast")
    assert np.all(np.abs(change).sum(axis=1) > 0)


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
