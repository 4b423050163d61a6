"""Grid cells emerge from the self-supervised losses alone.

The run trains the default network (32-unit Norm-ReLU RNN with the exponential recurrence, i.i.d. uniform steps, permutation batches)
for fewer steps than the default config and evaluates it on RatInABox walks three times the training length, so it
also checks that path integration generalises to smooth trajectories.
"""

import copy

import numpy as np

from neuroai.gridcells.evaluate import evaluate_condition
from neuroai.common.torch_state import deterministic_torch
from neuroai.gridcells.train import encode, train
from neuroai.gridcells.trajectories import evaluation_walks, training_velocities

FULL = {"separation": True, "invariance": True, "capacity": True, "conformal": True, "norm_relu": True}


def grid_fraction(config, terms, n_units, steps, seed=0):
    gc = copy.deepcopy(config["gridcells"])
    gc["model"]["n_units"] = n_units
    gc["training"]["steps"] = steps
    deterministic_torch(1)
    seqs = training_velocities(gc["trajectory"], 2000, gc["model"]["seq_len"], np.random.default_rng(0))
    model, _ = train(seqs, gc["model"], terms, gc["training"], seed=seed)
    disp, pos = evaluation_walks(gc["trajectory"], 400, gc["trajectory"]["eval_steps"], np.random.default_rng(1))
    ev = {**gc["evaluation"], "n_bins": 30, "n_shuffles": 10}
    units = evaluate_condition(pos, encode(model, disp), ev, gc["trajectory"]["box_size_m"],
                               np.random.default_rng(2), seed=0)["units"]
    return units["is_grid"].mean(), units["grid_score"].median()


def test_the_default_network_learns_grid_cells_that_generalise_to_smooth_walks(default_config):
    # The default 9000 steps (about 5 CPU minutes). Measured 2026-12-07 with this seed: 24/32 grid cells, median
    # score 0.82; after 6000 steps only 9/32, so fewer steps would test the seed's luck, not emergence. The bound
    # asks for ten times the shuffle null's 5 % chance fraction.
    steps = default_config["gridcells"]["training"]["steps"]
    fraction, median_score = grid_fraction(default_config, FULL, n_units=32, steps=steps, seed=1)
    assert fraction >= 0.5 and median_score > 0.5
