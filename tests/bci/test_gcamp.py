import numpy as np

from neuroai.bci import gcamp


def test_single_spike_decays_with_the_indicator_time_constant():
    dt, tau = 1 / 15.46, 0.4
    spikes = np.zeros((40, 1))
    spikes[5] = 1
    ca = gcamp.calcium(spikes, dt, tau, np.zeros(1))[:, 0]
    assert ca[:5].max() == 0 and ca[5] == 1
    fitted_tau = -dt / np.log(ca[6] / ca[5])
    assert abs(fitted_tau - tau) < 1e-9


def test_calcium_continues_from_the_previous_segment():
    dt, tau = 0.1, 0.5
    spikes = np.random.default_rng(0).poisson(0.3, size=(50, 3)).astype(float)
    whole = gcamp.calcium(spikes, dt, tau, np.zeros(3))
    first = gcamp.calcium(spikes[:20], dt, tau, np.zeros(3))
    second = gcamp.calcium(spikes[20:], dt, tau, first[-1])
    assert np.allclose(np.vstack([first, second]), whole)


def test_fluorescence_scales_with_f0_bleaches_and_has_proportional_noise():
    n = 200_000
    ca = np.zeros((n, 2))
    noise = np.random.default_rng(1).standard_normal((n, 2))
    f0 = np.array([50.0, 200.0])
    f = gcamp.fluorescence(ca, f0, np.zeros(n), 0.4, 0.1, 1e9, noise)
    assert np.allclose(f.mean(axis=0), f0, rtol=1e-2)
    assert np.allclose(f.std(axis=0) / f0, 0.1, rtol=2e-2)
    bleached = gcamp.fluorescence(np.ones((1, 1)), np.array([100.0]), np.array([100.0]), 0.5, 0.0, 100.0,
                                  np.zeros((1, 1)))
    assert np.isclose(bleached[0, 0], 100.0 * np.exp(-1) * 1.5)
