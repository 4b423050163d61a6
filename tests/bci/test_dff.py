import numpy as np

from neuroai.bci.dff import delta_f_over_f, running_baseline


def test_running_baseline_follows_slow_bleaching_and_ignores_transients():
    fr, n = 15.46, 15_000
    t = np.arange(n) / fr
    f0 = 100 * np.exp(-t / 2000)
    transients = np.zeros(n)
    transients[::400] = 1.0
    ca = np.convolve(transients, np.exp(-np.arange(30) / 6.0))[:n]
    f = (f0 * (1 + 0.5 * ca))[None, :]
    base = running_baseline(f, fr, 120.0, 10.0)[0]
    # A low percentile of a centred 120 s window on a baseline decaying at 1/2000 s sits up to 60 s / 2000 s = 3 %
    # below the instantaneous F0; on a flat baseline it must be exact.
    assert np.max(np.abs(base - f0) / f0) < 0.03
    flat = running_baseline((100 * (1 + 0.5 * ca))[None, :], fr, 120.0, 10.0)[0]
    assert np.max(np.abs(flat - 100) / 100) < 0.005
    dff = delta_f_over_f(f, fr, 120.0, 10.0)[0]
    assert abs(dff.max() - 0.5 * ca.max()) < 0.05   # the same <= 3 % F0 lag, propagated
    assert np.median(dff) < 0.03


def test_short_trace_and_many_rois_are_handled_at_once():
    f = 100 + np.random.default_rng(0).standard_normal((7, 10))
    assert delta_f_over_f(f, 15.46, 120.0, 10.0).shape == (7, 10)


def test_rowwise_filter_equals_scipys_2d_percentile_filter_exactly():
    from scipy.ndimage import percentile_filter

    from neuroai.bci.dff import _rowwise_percentile_filter

    x = np.random.default_rng(3).standard_normal((7, 90))
    for width in (1, 2, 9, 90):
        assert np.array_equal(_rowwise_percentile_filter(x, 10.0, width),
                              percentile_filter(x, 10.0, size=(1, width), mode="nearest"))
