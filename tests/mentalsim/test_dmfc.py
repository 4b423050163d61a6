"""The DMFC release converter on a small fixture of the release's layout written here: the conditions and rates come
back in the reference format and pass the project's own validators; the converter's unit assumptions are checked
against the metadata; a pickle that asks for any other global is refused before it can run."""

import os
import pickle

import numpy as np
import pandas as pd
import pytest

from neuroai.common.seeding import rng
from neuroai.mentalsim.dmfc import BIN_S, PONG_BASIC_META_IDX, SCREEN_DEGREES, convert_release, main, safe_load
from neuroai.mentalsim.pong import sample_conditions
from neuroai.mentalsim.recordings import RecordingError, read_conditions, read_neural

N_UNITS, N_BINS, PAD_BINS = 3, 100, 4


def _degrees(values, task):
    return (np.asarray(values) - task["frame_units"] / 2) * SCREEN_DEGREES / task["frame_units"]


def write_release(folder, task, velocity_scale=1.0, short_condition=None, duplicate=False):
    """Metadata (a DataFrame, 79 conditions among decoys, shuffled) and responses shaped like the release: 50-ms bins,
    a few pre-trial bins, NaN after each trial; each unit's rate is linear in time from trial start."""
    conditions = sample_conditions(rng(4, "dmfc_fixture"), task, 79, 27)
    scale = SCREEN_DEGREES / task["frame_units"] * velocity_scale
    meta = pd.DataFrame({"meta_index": np.array(PONG_BASIC_META_IDX), "x0_mwk": _degrees(conditions["x0"], task),
                         "y0_mwk": _degrees(conditions["y0"], task), "dx_rnn": conditions["vx"] * scale,
                         "dy_rnn": conditions["vy"] * scale, "t_occ": conditions["t_occ"],
                         "t_f": conditions["t_end"], "n_bounce_correct": conditions["n_bounce"]})
    decoys = meta.iloc[:5].assign(meta_index=np.arange(5), x0_mwk=0.0)
    meta = pd.concat([meta, decoys] + ([meta.iloc[:1]] if duplicate else [])).sample(frac=1.0, random_state=0)
    t = (np.arange(N_BINS) - PAD_BINS + 0.5) * BIN_S  # bin centres from trial start, seconds
    duration = conditions["t_end"].to_numpy() * task["step_s"]
    mask = (t[None, :] > 0) & (t[None, :] < duration[:, None] + BIN_S)
    if short_condition is not None:  # the recording of one condition stops half-way through its trial
        mask[short_condition, PAD_BINS + int(mask[short_condition].sum()) // 2:] = False
    slopes = np.array([1.0, 2.0, -1.0])
    rates = 5.0 + slopes[:, None, None] * t[None, None, :] + np.zeros((N_UNITS, 79, 1))
    rates = np.where(mask[None], rates, np.nan)
    neural = {"neural_responses_reliable": {"occ": rates}, "neural_responses_reliable_sh1": {"occ": rates + 1},
              "neural_responses_reliable_sh2": {"occ": rates - 1}, "masks": {"occ": {"start_end_pad0": mask}}}
    paths = (folder / "all_hand_dmfc_dataset_50ms.pkl", folder / "valid_meta_sample_full.pkl")
    paths[0].write_bytes(pickle.dumps(neural))
    meta.to_pickle(paths[1])
    return conditions, slopes, paths


def test_the_release_converts_into_the_reference_format(task, tmp_path):
    truth, slopes, (neural_pkl, meta_pkl) = write_release(tmp_path, task)
    conditions_path, neural_path = convert_release(str(neural_pkl), str(meta_pkl), tmp_path / "out", task)
    conditions = read_conditions(conditions_path, task)  # the project's own validators
    np.testing.assert_allclose(conditions[["x0", "y0", "heading", "speed"]],
                               truth[["x0", "y0", "heading", "speed"]], atol=1e-9)
    np.testing.assert_array_equal(conditions["t_end"], truth["t_end"])
    neural = read_neural(neural_path, conditions)
    assert len(neural) == N_UNITS * truth["t_end"].sum()
    # rates linear in time come back exact at each 41-ms step centre (away from the trial's first half-bin)
    seconds = (neural["step"] + 0.5) * task["step_s"]
    inside = seconds > BIN_S / 2
    expected = 5.0 + slopes[neural["unit"]] * seconds
    np.testing.assert_allclose(neural.loc[inside, "rate"], expected[inside], atol=1e-9)
    np.testing.assert_allclose(neural["rate_half1"] - neural["rate"], 1.0)


def test_a_wrong_velocity_unit_is_caught_by_the_metadata_epoch_ends(task, tmp_path):
    _, _, (neural_pkl, meta_pkl) = write_release(tmp_path, task, velocity_scale=1.6)
    with pytest.raises(RecordingError, match="column 't_occ' disagrees"):
        convert_release(str(neural_pkl), str(meta_pkl), tmp_path / "out", task)
    assert not (tmp_path / "out").exists()


def test_a_recording_shorter_than_its_trial_or_a_repeated_condition_is_refused(task, tmp_path):
    _, _, (neural_pkl, meta_pkl) = write_release(tmp_path, task, short_condition=3)
    with pytest.raises(RecordingError, match="start_end_pad0 mask of 1 condition.*condition 3"):
        convert_release(str(neural_pkl), str(meta_pkl), tmp_path / "out", task)
    _, _, (neural_pkl, meta_pkl) = write_release(tmp_path, task, duplicate=True)
    with pytest.raises(RecordingError, match="'meta_index' repeats ids"):
        convert_release(str(neural_pkl), str(meta_pkl), tmp_path / "out", task)


class _Payload:
    def __reduce__(self):
        return os.system, ("touch pwned",)


def test_a_pickle_asking_for_another_global_is_refused_and_never_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "all_hand_dmfc_dataset_50ms.pkl"
    path.write_bytes(pickle.dumps({"neural_responses_reliable": {"occ": _Payload()}}))
    with pytest.raises(RecordingError, match="refused global (posix|os|nt).system"):
        safe_load(path)
    assert not (tmp_path / "pwned").exists()
    with pytest.raises(RecordingError, match="file not found"):
        safe_load(tmp_path / "absent.pkl")


def test_the_command_line_writes_both_files(task, tmp_path, capsys):
    from tests.workflow import ROOT

    _, _, (neural_pkl, meta_pkl) = write_release(tmp_path, task)
    main([str(neural_pkl), str(meta_pkl), str(tmp_path / "out"), "--config", str(ROOT / "config.yaml")])
    printed = capsys.readouterr().out.split()
    assert [os.path.basename(p) for p in printed] == ["conditions.parquet", "neural.parquet"]
    assert all(os.path.getsize(p) > 0 for p in printed)
