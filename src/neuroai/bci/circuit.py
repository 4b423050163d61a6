"""One simulated mouse's imaged circuit: layer-5 neurons with a soma and an apical dendrite each.

Soma drive = bias + feed-forward inputs (shared inputs, plus task-context inputs during the BCI task) through W
+ shared network fluctuations (latent factors) + coupling from its own dendrite + noise.
Apical dendrite = back-propagated somatic activity + top-down context + noise + the instructive (teaching) signal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

ROLE_SIGN = {"P+": 1, "P-": -1, "P0": 0}


@dataclass
class Circuit:
    """Fixed anatomy of one mouse plus its plastic task weights (`w_task`, updated in place by learning)."""

    roles: np.ndarray          # (N,) +1 for P+, -1 for P-, 0 for the surrounding network (P0)
    bias: np.ndarray           # (N,)
    base_rate_hz: np.ndarray   # (N,) somatic rate at zero drive
    w_shared: np.ndarray       # (N, shared inputs)
    w_task: np.ndarray         # (N, task inputs), plastic
    latent: np.ndarray         # (N, latents) loadings of shared network fluctuations
    context: np.ndarray        # (N, context) loadings of top-down context on the dendrites
    teach_gain: np.ndarray     # (N,) each neuron's gain for the instructive signal
    f0: np.ndarray             # (2N,) resting fluorescence: somas then dendrites

    @property
    def n(self) -> int:
        return len(self.roles)


def role_names(roles: np.ndarray) -> np.ndarray:
    """'P+', 'P-' or 'P0' for each role sign."""
    return np.select([roles > 0, roles < 0], ["P+", "P-"], "P0")


def build_circuit(bci: Mapping[str, Any], rng: np.random.Generator) -> Circuit:
    """Draw one mouse: intermingled P+ and P- groups of equal size chosen at random among N neurons."""
    net, n = bci["network"], bci["n_neurons"]
    group = int(rng.choice(bci["group_sizes"]))
    chosen = rng.permutation(n)[: 2 * group]
    roles = np.zeros(n, dtype=np.int8)
    roles[chosen[:group]], roles[chosen[group:]] = 1, -1

    def weights(cols: int, scale: float) -> np.ndarray:
        return rng.normal(0.0, scale / np.sqrt(max(cols, 1)), size=(n, cols))

    return Circuit(
        roles=roles,
        bias=rng.normal(-0.5, 0.3, size=n),
        base_rate_hz=net["baseline_rate_hz"] * rng.lognormal(0.0, 0.3, size=n),
        w_shared=weights(net["n_shared_inputs"], net["weight_scale"]),
        w_task=weights(net["n_task_inputs"], net["task_weight_scale"]),
        latent=weights(net["n_latents"], net["latent_scale"]),
        context=weights(net["n_context"], net["context_scale"]),
        teach_gain=rng.lognormal(0.0, net["teaching_gain_sd"], size=n),
        f0=rng.uniform(60.0, 140.0, size=2 * n),
    )
