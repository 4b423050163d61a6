import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from neuroai.bci import decoder
from neuroai.bci.processes import ou


def test_calibration_sets_a_threshold_half_of_baseline_windows_reach():
    g = np.random.default_rng(0)
    signal = decoder.smooth(ou(g.standard_normal((20_000, 1)), 0.065, 1.0, np.zeros(1))[:, 0], 3)
    cal = decoder.calibrate(signal, 433, 2000, g)
    maxima = sliding_window_view(signal, 433)[::50].max(axis=1)
    assert abs((maxima >= cal.threshold).mean() - 0.5) < 0.1
    assert cal.floor == signal.min() and cal.floor < cal.threshold


def test_later_days_keep_the_day1_z_score():
    g = np.random.default_rng(1)
    day1 = g.standard_normal(5000)
    cal1 = decoder.calibrate(day1, 400, 500, g)
    day2 = 2.0 * g.standard_normal(5000) + 1.0       # wider and shifted baseline
    cal2 = decoder.calibrate(day2, 400, 500, g, day1_z=cal1.z_score)
    centre, spread = decoder.mirrored_spread(day2)
    assert np.isclose((cal2.threshold - centre) / spread, cal1.z_score)


def test_angle_is_binned_in_15_degree_steps_and_reaches_90_at_threshold():
    cal = decoder.Calibration(floor=0.0, threshold=1.0, z_score=1.0)
    angle = decoder.grating_angle(np.array([-1, 0.0, 0.2, 0.5, 0.99, 1.0, 3.0]), cal, 6)
    assert angle.tolist() == [0, 0, 15, 45, 75, 90, 90]


def test_control_signal_is_p_plus_minus_p_minus_and_smoothing_is_causal():
    dff = np.array([[1.0, 3.0, 0.0, 2.0]])
    assert decoder.control_signal(dff, np.array([1, 1, -1, -1])).tolist() == [1.0]
    x = np.array([0.0, 0, 0, 3, 0, 0])
    smoothed = decoder.smooth(x, 3, history=np.array([3.0, 0.0]))
    assert smoothed.tolist() == [1.0, 0.0, 0.0, 1.0, 1.0, 1.0]
