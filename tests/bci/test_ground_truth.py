"""The simulated mice's ground truth: the written teaching tables rebuild exactly the input the simulator sent to
each dendrite, and the recovery table finds a residual that follows it and none that does not."""

import numpy as np
import pandas as pd

from neuroai.bci.analysis import _pairs, teaching_matrix
from neuroai.bci.ground_truth import teaching_recovery
from neuroai.bci.recording import as_frames, recording_tables
from neuroai.bci.simulate import MouseSimulator, simulate_mouse
from neuroai.common.seeding import rng


def test_the_teaching_tables_rebuild_the_input_each_dendrite_received(small_bci, monkeypatch):
    sent = []
    original = MouseSimulator._dendrites

    def spy(self, seg, teaching, t0):
        sent.append(teaching.copy())
        return original(self, seg, teaching, t0)

    monkeypatch.setattr(MouseSimulator, "_dendrites", spy)
    tables = as_frames(recording_tables(simulate_mouse(small_bci, "control", rng(0, "truth")), 15.46))
    per_session = 1 + small_bci["trials_per_session"]                 # the baseline, then every trial
    neurons = _pairs(tables["rois"])["neuron"].to_numpy()
    for session in range(small_bci["sessions"]):
        received = np.concatenate(sent[session * per_session:(session + 1) * per_session]).T
        rebuilt = teaching_matrix(*(tables[t][tables[t]["session"] == session]
                                    for t in ("teaching_drive", "teaching_weights", "frames")), neurons)
        assert received.shape == rebuilt.shape and np.abs(received).max() > 0
        np.testing.assert_allclose(rebuilt, received[neurons], rtol=1e-6, atol=1e-6)   # float32 tables


def test_the_planted_null_receives_no_teaching(small_bci):
    tables = recording_tables(simulate_mouse(small_bci, "no_teaching", rng(0, "truth")), 15.46)
    assert not np.any(tables["teaching_drive"]["drive"]) and not np.any(tables["teaching_weights"]["weight"])


def _tables(seed: int, follows: float, mice: int = 6) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events and neuron-sessions whose residual = follows x received teaching + noise, P+ receiving positive and
    P- negative teaching in error-decrease epochs (and the reverse in increase epochs)."""
    g = np.random.default_rng(seed)
    events, neurons = [], []
    for m in range(mice):
        for role, sign in (("P+", 1.0), ("P-", -1.0)):
            for epoch, direction in (("decrease", 1.0), ("increase", -1.0)):
                teaching = sign * direction * g.gamma(2.0, 0.05, 400)
                events.append(pd.DataFrame({
                    "condition": "control", "mouse": f"m{m}", "role": role, "error_epoch": epoch,
                    "teaching": teaching, "sd_residual": follows * teaching / 0.07 + g.normal(0, 1, 400),
                    "curved_sd_residual": g.normal(0, 1, 400)}))
            neurons.append(pd.DataFrame({
                "condition": "control", "mouse": f"m{m}", "role": role,
                **{f"teaching_error_{e}": sign * d * 0.1 for e, d in (("decrease", 1), ("increase", -1))},
                **{f"residual_error_{e}": follows * sign * d * 0.1 + g.normal(0, 0.02, 4)
                   for e, d in (("decrease", 1), ("increase", -1))},
                **{f"teaching_r_error_{e}": follows * 0.3 + g.normal(0, 0.05, 4) for e in ("decrease", "increase")}}))
    return pd.concat(neurons, ignore_index=True), pd.concat(events, ignore_index=True)


def test_a_residual_that_follows_the_teaching_is_recovered_and_one_that_does_not_is_not():
    table = teaching_recovery(*_tables(0, follows=0.3)).set_index(["method", "role", "epoch"]).sort_index()
    line = table.loc["SD residual, line (paper)"]
    assert (line["p_value"] < 0.01).all() and (line["estimate"] > 0.1).all()
    assert (np.sign(line["residual"]) == np.sign(line["teaching"])).all()
    curved = table.loc["SD residual, log-log cubic"]                 # planted nothing in this column
    assert (curved["estimate"].abs() < 0.05).all()
    assert (table.loc["regression residual", "p_value"] < 0.01).all()
    found = [teaching_recovery(*_tables(seed, follows=0.0)).query("method == 'SD residual, line (paper)'")
             for seed in range(10)]
    assert sum((t["p_value"] < 0.05).sum() for t in found) <= 6       # of 40 tests at alpha 0.05


def test_a_recording_has_no_ground_truth_and_no_recovery_rows():
    neurons, events = _tables(0, follows=0.3)
    teaching = [c for c in neurons if c.startswith("teaching_")]
    assert teaching_recovery(neurons.assign(**{c: np.nan for c in teaching}),
                             events.assign(teaching=np.nan)).empty
