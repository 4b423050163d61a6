"""Dendritic residual: the part of each dendrite's dF/F not predicted by its own soma and the surrounding network.

For every neuron, dendrite ~ soma + top network principal components, fitted by ridge regression whose penalty is
chosen per neuron by contiguous-block cross-validation; the residual is the out-of-fold prediction error, so
nothing the model was fitted on leaks into it. Every neuron has its own design matrix (its own soma column), which
sklearn would fit one neuron at a time; the normal equations are instead solved for all neurons and penalties at
once with batched numpy linear algebra, from Gram matrices built out of the shared network block.
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


def _moments(soma: np.ndarray, pcs: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per neuron, X'X (neurons x p x p) and X'y (neurons x p) of the design X = [own soma, shared PCs].

    The PC block is common to every neuron, so the Gram matrices are assembled from a few matrix products instead of
    materialising a neurons x time x predictors design.
    """
    n, k = soma.shape[0], pcs.shape[0]
    soma_pcs = soma @ pcs.T                                                    # neurons x k
    gram = np.empty((n, 1 + k, 1 + k))
    gram[:, 0, 0] = np.einsum("nt,nt->n", soma, soma)
    gram[:, 0, 1:], gram[:, 1:, 0] = soma_pcs, soma_pcs
    gram[:, 1:, 1:] = pcs @ pcs.T
    cross = np.concatenate([np.einsum("nt,nt->n", soma, y)[:, None], y @ pcs.T], axis=1)
    return gram, cross


def dendritic_residuals(dendrite: np.ndarray, soma: np.ndarray, network_pcs: np.ndarray, folds: int,
                        alphas: list[float]) -> ResidualFit:
    """Cross-validated ridge residual of each dendrite (neurons x time) given its soma and the network PCs."""
    n, t = dendrite.shape
    y, s, pcs = zscore(dendrite), zscore(soma), zscore(network_pcs.T)          # pcs: k x time
    penalties = np.asarray(alphas)[:, None, None, None] * np.eye(1 + pcs.shape[0])
    gram_all, cross_all = _moments(s, pcs, y)
    edges = (np.arange(folds + 1) * t + folds - 1) // folds                   # contiguous blocks of frames
    predictions = np.empty((len(alphas), n, t))
    for start, stop in zip(edges[:-1], edges[1:]):  # a handful of folds; neurons, penalties, frames batched inside
        held = slice(start, stop)
        gram_held, cross_held = _moments(s[:, held], pcs[:, held], y[:, held])
        lhs = (gram_all - gram_held)[None] + penalties
        rhs = np.broadcast_to((cross_all - cross_held)[..., None], lhs.shape[:-1] + (1,))
        weights = np.linalg.solve(lhs, rhs)[..., 0]                            # alphas x neurons x p
        predictions[:, :, held] = weights[..., :1] * s[None, :, held] + weights[..., 1:] @ pcs[:, held]
    errors = ((predictions - y[None]) ** 2).sum(axis=2)                        # alphas x neurons
    best = errors.argmin(axis=0)
    chosen = predictions[best, np.arange(n)]
    cv_r2 = 1.0 - errors[best, np.arange(n)] / np.maximum((y**2).sum(axis=1), 1e-12)
    return ResidualFit(residual=y - chosen, alpha=np.asarray(alphas)[best], cv_r2=cv_r2)
