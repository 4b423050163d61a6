import numpy as np

from neuroai.bci.residual import dendritic_residuals, network_components


def _data(seed=0, n=12, t=3000):
    g = np.random.default_rng(seed)
    network_drive = g.standard_normal((t, 3))
    soma = g.standard_normal((n, t)) + 0.5 * (g.standard_normal((n, 3)) @ network_drive.T)
    network = g.standard_normal((40, 3)) @ network_drive.T + 0.3 * g.standard_normal((40, t))
    hidden = g.standard_normal((n, t))
    loadings = g.standard_normal((n, 3))
    return g, soma, network, hidden, loadings, network_drive


def test_residual_recovers_the_part_neither_soma_nor_network_explains():
    g, soma, network, hidden, loadings, drive = _data()
    dendrite = 0.8 * soma + (loadings @ drive.T) + 0.7 * hidden + 0.1 * g.standard_normal(hidden.shape)
    fit = dendritic_residuals(dendrite, soma, network_components(network, 5), folds=5, alphas=[0.1, 10.0])
    r_hidden = [np.corrcoef(fit.residual[i], hidden[i])[0, 1] for i in range(len(soma))]
    r_soma = [np.corrcoef(fit.residual[i], soma[i])[0, 1] for i in range(len(soma))]
    assert min(r_hidden) > 0.9
    assert max(np.abs(r_soma)) < 0.1
    assert np.all((fit.cv_r2 > 0.5) & (fit.cv_r2 < 1))


def test_cross_validation_does_not_reward_overfitting_noise():
    g, soma, network, *_ = _data(1)
    dendrite = g.standard_normal(soma.shape)          # unrelated to any predictor
    fit = dendritic_residuals(dendrite, soma, network_components(network, 10), folds=5, alphas=[1e-3, 1e3])
    assert np.all(fit.cv_r2 < 0.01)


def test_network_components_capture_shared_variance():
    _, _, network, _, _, drive = _data(2)
    pcs = network_components(network, 3)
    r2 = 1 - np.linalg.lstsq(pcs, drive, rcond=None)[1] / (drive ** 2).sum(axis=0)
    assert np.all(r2 > 0.9)
