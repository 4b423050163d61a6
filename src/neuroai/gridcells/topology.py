"""Is a module's population activity a torus? Persistent homology of its population vectors (ripser).

The population vectors of one grid module over positions should lie on a 2-torus (Gardner et al., Nature 2022):
Betti numbers 1, 2, 1 in dimensions 0, 1, 2. The vectors are reduced to their leading principal components and
subsampled by ripser's greedy (farthest-point) permutation. A bar counts as persistent when its lifetime exceeds the
longest bar of the same dimension in the same points with each component shuffled independently across points (which
keeps every component's distribution and destroys their joint structure), and is at least RELATIVE_LIFETIME of the
longest bar of its dimension. The shuffle alone let through the short loops that a code sampled on a 5 cm grid
leaves between its long ones (hand-built modules gave 3-8 one-dimensional bars above it, two of them 2-4x longer).
"""

from __future__ import annotations

import numpy as np
from ripser import ripser
from sklearn.decomposition import PCA

TORUS = (1, 2, 1)
RELATIVE_LIFETIME = 0.5


def _lifetimes(points: np.ndarray, n_points: int) -> list[np.ndarray]:
    diagrams = ripser(points, maxdim=2, n_perm=min(n_points, len(points)))["dgms"]
    return [np.diff(d, axis=1).ravel() for d in diagrams]


def betti_numbers(activity: np.ndarray, n_components: int, n_points: int,
                  rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Betti numbers (dimensions 0-2) of population vectors activity (samples, units; rows with NaN dropped), each bar's persistence judged
    against a shuffled copy. Returns the Betti numbers, the longest finite lifetime per dimension and the shuffle's
    longest lifetime per dimension."""
    activity = np.asarray(activity, dtype=float)
    activity = activity[np.isfinite(activity).all(axis=1)]  # e.g. rate-map bins that some unit never visited
    points = PCA(n_components=min(n_components, activity.shape[1]), svd_solver="full").fit_transform(activity)
    shuffled = np.column_stack([rng.permutation(c) for c in points.T])  # one permutation per component: few columns
    real, null = _lifetimes(points, n_points), _lifetimes(shuffled, n_points)
    finite_max = [float(np.max(lt[np.isfinite(lt)], initial=0.0)) for lt in real]
    null_max = np.array([float(np.max(lt[np.isfinite(lt)], initial=0.0)) for lt in null])
    betti = np.array([int(np.sum((lt > thr) & (lt >= RELATIVE_LIFETIME * top)))  # the infinite H0 bar always counts
                      for lt, thr, top in zip(real, null_max, finite_max)])
    return betti, np.array(finite_max), null_max
