import numpy as np
import pytest
import pandas as pd

from neuroai.bci.analysis import by_session, interval_mask
from neuroai.bci.events import error_epochs, peri_event, window_means


def test_peri_event_averages_aligned_windows_and_drops_out_of_bounds_events():
    signal = np.tile(np.arange(100.0), (2, 1))
    mean, n = peri_event(signal, np.array([10, 50, 99]), np.arange(-2, 3))
    assert n == 2 and np.allclose(mean[0], np.arange(-2, 3) + 30)


def test_error_epochs_label_direction_of_rotation_under_each_definition():
    angle = np.array([0, 0, 15, 30, 30, 30, 15, 0, 0, 0, 0, 15, 15], float)
    trials = pd.DataFrame({"start_frame": [0], "task_end_frame": [13]})
    labels, direction = error_epochs(trials, angle, 3, "endpoints")
    assert labels.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, -1]
    assert direction.tolist() == ["decrease", "flat", "increase", "decrease"]
    # the paper's: window mean error (85, 60, 85, 85) against the previous window's; the first has none
    assert error_epochs(trials, angle, 3, "binned_mean")[1].tolist() == ["", "decrease", "increase", "flat"]
    assert error_epochs(trials, angle, 3, "slope")[1].tolist() == ["decrease", "flat", "increase", "decrease"]


def test_binned_mean_epochs_start_afresh_in_every_trial():
    angle = np.r_[np.full(4, 0.0), np.full(4, 60.0), np.full(4, 90.0), np.full(4, 0.0)]
    trials = pd.DataFrame({"start_frame": [0, 8], "task_end_frame": [8, 16]})
    labels, direction = error_epochs(trials, angle, 4)          # default: the paper's definition
    assert direction.tolist() == ["", "decrease", "", "increase"]


def test_unknown_epoch_definition_is_rejected():
    trials = pd.DataFrame({"start_frame": [0], "task_end_frame": [6]})
    with pytest.raises(ValueError, match="unknown error-epoch definition 'median'"):
        error_epochs(trials, np.zeros(6), 3, "median")


def test_window_means_and_interval_mask():
    signal = np.array([[1.0, 2, 3, 4, 5]])
    assert window_means(signal, np.array([0, 0, -1, 1, 1]), 2).tolist() == [[1.5, 4.5]]
    mask = interval_mask(pd.Series([0, 3]), pd.Series([2, 5]), 6)
    assert mask.tolist() == [True, True, False, True, True, False]


def test_by_session_returns_every_sessions_rows_whatever_the_row_order():
    table = pd.DataFrame({"session": [2, 0, 2, 1, 0], "value": [10, 11, 12, 13, 14]})
    split = by_session(table)
    assert sorted(split) == [0, 1, 2]
    assert split[0]["value"].tolist() == [11, 14] and split[2]["value"].tolist() == [10, 12]
    assert by_session(table.sort_values("session", kind="stable"))[2]["value"].tolist() == [10, 12]
    assert by_session(table.iloc[:0]) == {}
