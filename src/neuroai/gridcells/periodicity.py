"""Fourier periods, orientations and phases of rate maps, and neural vs spatial distance.

Schaeffer et al. (NeurIPS 2023) read grid periods off each unit's 2-D Fourier spectrum, for all units, and group
units into modules by period. A hexagonal lattice of spacing lambda has its three strongest wave vectors at
|k| = 2 / (sqrt(3) lambda) cycles/m, 60 degrees apart, so the spectral peak gives the lattice spacing and
orientation directly. The spectrum is evaluated on a polar grid of wave vectors (spacings in geometric steps, angles
over half a turn) rather than by FFT, because an FFT of a 40-bin map resolves only a few periods per box; numpy's
matrix products do it for all units at once, which no library offers for NaN-masked maps.
"""

from __future__ import annotations

import numpy as np

N_SPACINGS = 64  # spacings tried, geometric from 3 bins to the box size (steps of about 4 %)
N_ANGLES = 60  # wave-vector directions over [0, 180) degrees (3-degree steps)
HEX_K = 2.0 / np.sqrt(3.0)  # |k| lambda of a hexagonal lattice's first wave vectors


def _centred(maps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maps (units, n, n) with each unit's mean removed and unvisited (NaN) bins set to 0; and the valid-bin mask."""
    valid = np.isfinite(maps)
    mean = np.nanmean(np.where(valid, maps, np.nan).reshape(len(maps), -1), axis=1)
    return np.where(valid, maps - mean[:, None, None], 0.0), valid


def _bin_centres(n_bins: int, box_size: float) -> tuple[np.ndarray, np.ndarray]:
    c = (np.arange(n_bins) + 0.5) * box_size / n_bins
    x, y = np.meshgrid(c, c, indexing="ij")  # maps are indexed [x bin, y bin]
    return x.ravel(), y.ravel()


def fourier_coefficients(maps: np.ndarray, box_size: float, kx: np.ndarray, ky: np.ndarray) -> np.ndarray:
    """Complex coefficients sum_x m(x) exp(-2 pi i k.x) of each centred map at wave vectors (kx, ky) (cycles/m)."""
    centred, _ = _centred(np.asarray(maps, dtype=float))
    x, y = _bin_centres(maps.shape[-1], box_size)
    phase = 2.0 * np.pi * (np.outer(x, kx) + np.outer(y, ky))  # (bins, k)
    flat = centred.reshape(len(maps), -1)
    return flat @ np.cos(phase) - 1j * (flat @ np.sin(phase))


def fourier_geometry(maps: np.ndarray, box_size: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per unit: lattice spacing (m) and lattice orientation (degrees in [0, 60), as `grid_geometry`'s; the wave
    vectors lie 30 degrees from the lattice vectors) at the spectral peak, and the peak's power
    as a fraction n_valid * sum m^2 of the map's (a plane wave gives 0.5, a hexagonal grid about 1/6; used against
    the shuffle null as the unit's periodicity). NaN for flat maps and for peaks at the box size (unresolved)."""
    maps = np.asarray(maps, dtype=float)
    n_bins = maps.shape[-1]
    spacings = np.geomspace(3.0 * box_size / n_bins, box_size, N_SPACINGS)
    angles = np.radians(np.arange(N_ANGLES) * 180.0 / N_ANGLES)
    lam, theta = (a.ravel() for a in np.meshgrid(spacings, angles, indexing="ij"))
    k = HEX_K / lam
    power = np.abs(fourier_coefficients(maps, box_size, k * np.cos(theta), k * np.sin(theta))) ** 2
    centred, valid = _centred(maps)
    energy = valid.reshape(len(maps), -1).sum(1) * (centred.reshape(len(maps), -1) ** 2).sum(1)
    best = np.argmax(power, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = power[np.arange(len(maps)), best] / energy
    # a peak at the longest spacing tried is a broad field, not a resolved period: no spacing, and no periodicity
    flat = ~(energy > 0) | (lam[best] >= spacings[-1])
    spacing = np.where(flat, np.nan, lam[best])
    orientation = np.where(flat, np.nan, (np.degrees(theta[best]) - 30.0) % 60.0)  # lattice, not wave, vectors
    return spacing, orientation, np.where(flat, np.nan, fraction)


def mean_orientation(orientation_deg: np.ndarray) -> float:
    """Circular mean of lattice orientations, which repeat every 60 degrees; in [0, 60)."""
    angle = np.radians(np.asarray(orientation_deg, dtype=float) * 6.0)
    return float(np.degrees(np.angle(np.exp(1j * angle).mean())) / 6.0 % 60.0)


def lattice_phases(maps: np.ndarray, box_size: float, spacing: float, orientation_deg: float) -> np.ndarray:
    """Each unit's phase (units, 2) in [0, 1)^2 along a module's two wave vectors, 30 and 90 degrees from its lattice
    orientation (the Fourier coefficient's angle over 2 pi)."""
    k = HEX_K / spacing
    theta = np.radians(orientation_deg + np.array([30.0, 90.0]))
    coef = fourier_coefficients(maps, box_size, k * np.cos(theta), k * np.sin(theta))
    return (-np.angle(coef) / (2.0 * np.pi)) % 1.0


def phase_resultant(phases: np.ndarray) -> float:
    """Largest mean resultant length over the two phase axes: near 0 when the units' phases tile the lattice cell,
    1 when they all share one phase."""
    if len(phases) == 0:
        return np.nan
    return float(np.abs(np.exp(2j * np.pi * np.asarray(phases)).mean(axis=0)).max())


def neural_vs_spatial_distance(maps: np.ndarray, box_size: float, n_distance_bins: int) -> tuple[np.ndarray, ...]:
    """Mean Euclidean distance between the population vectors (rate-map bins visited by every unit) of all bin pairs,
    binned by the pairs' spatial distance. Returns bin centres (m), mean neural distance and pair counts."""
    maps = np.asarray(maps, dtype=float)
    flat = maps.reshape(len(maps), maps.shape[-1] ** 2)
    visited = np.isfinite(flat).all(axis=0)
    x, y = _bin_centres(maps.shape[-1], box_size)
    pos = np.column_stack([x, y])[visited]
    pop = flat[:, visited].T  # (bins, units)
    sq = (pop * pop).sum(1)
    neural = np.sqrt(np.clip(sq[:, None] + sq[None] - 2.0 * pop @ pop.T, 0.0, None))
    spatial = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
    edges = np.linspace(0.0, box_size * np.sqrt(2.0), n_distance_bins + 1)  # up to the box's diagonal
    upper = np.triu_indices(len(pos), k=1)
    which = np.clip(np.digitize(spatial[upper], edges) - 1, 0, n_distance_bins - 1)
    counts = np.bincount(which, minlength=n_distance_bins)
    sums = np.bincount(which, weights=neural[upper], minlength=n_distance_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (edges[:-1] + edges[1:]) / 2.0, sums / counts, counts
