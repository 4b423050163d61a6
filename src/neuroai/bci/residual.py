"""Dendritic residual: the part of each dendrite's dF/F not predicted by its own soma and the surrounding network.

For every neuron, dendrite ~ soma + top network principal components, fitted by ridge regression whose penalty is
chosen per neuron by contiguous-block cross-validation; the residual is the out-of-fold prediction error, so
nothing the model was fitted on leaks into it. Every neuron has its own design matrix (its own soma column), which
sklearn would fit one neuron at a time; the normal equations are instead solved for all neurons and penalties at
once with batched numpy linear algebra.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ResidualFit:
    residual: np.ndarray   # neurons x time, in units of each dendrite's s.d.
    alpha: np.ndarray      # chosen ridge penalty per neuron
    cv_r2: np.ndarray      # cross-validated R^2 of the dendrite prediction per neuron


def zscore(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Zero mean, unit s.d. along `axis` (constant rows become zeros)."""
    centred = x - x.mean(axis=axis, keepdims=True)
    sd = centred.std(axis=axis, keepdims=True)
    return np.divide(centred, sd, out=np.zeros_like(centred), where=sd > 0)


def network_components(network: np.ndarray, k: int) -> np.ndarray:
    """Top `k` principal-component time courses (time x k) of network activity (neurons x time)."""
    if k == 0:
        return np.zeros((network.shape[1], 0))
    z = zscore(network)
    _, vectors = np.linalg.eigh(z @ z.T)          # neurons x neurons: far cheaper than an SVD over time
    return z.T @ vectors[:, ::-1][:, :k]


def dendritic_residuals(dendrite: np.ndarray, soma: np.ndarray, network_pcs: np.ndarray, folds: int,
                        alphas: list[float]) -> ResidualFit:
    """Cross-validated ridge residual of each dendrite (neurons x time) given its soma and the network PCs."""
    n, t = dendrite.shape
    y = zscore(dendrite)
    shared = np.broadcast_to(zscore(network_pcs.T).T, (n, t, network_pcs.shape[1]))
    x = np.concatenate([zscore(soma)[:, :, None], shared], axis=2)           # neurons x time x predictors
    eye = np.eye(x.shape[2])
    fold_of = (np.arange(t) * folds) // t
    xt = x.transpose(0, 2, 1)
    gram_all, cross_all = xt @ x, (xt @ y[:, :, None])[..., 0]
    predictions = np.empty((len(alphas), n, t))
    for fold in range(folds):  # a handful of folds; neurons, penalties and frames are batched inside
        held = fold_of == fold
        xf = x[:, held]
        xft = xf.transpose(0, 2, 1)
        gram = gram_all - xft @ xf
        cross = cross_all - (xft @ y[:, held, None])[..., 0]
        lhs = gram[None] + np.asarray(alphas)[:, None, None, None] * eye
        weights = np.linalg.solve(lhs, np.broadcast_to(cross, (len(alphas),) + cross.shape)[..., None])[..., 0]
        predictions[:, :, held] = (xf[None] @ weights[..., None])[..., 0]
    errors = ((predictions - y[None]) ** 2).sum(axis=2)                        # alphas x neurons
    best = errors.argmin(axis=0)
    chosen = predictions[best, np.arange(n)]
    cv_r2 = 1.0 - errors[best, np.arange(n)] / np.maximum((y**2).sum(axis=1), 1e-12)
    return ResidualFit(residual=y - chosen, alpha=np.asarray(alphas)[best], cv_r2=cv_r2)
