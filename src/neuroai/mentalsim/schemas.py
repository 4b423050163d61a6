"""Explicit pyarrow schemas of every Mental-Pong table."""

import pyarrow as pa

STUDY = "mentalsim"
TITLE = "Study 3: mental simulation in Mental-Pong (Nayebi et al., NeurIPS 2023)"

I32, F64, F32, STR = pa.int32(), pa.float64(), pa.float32(), pa.string()

# The task's free parameters of a condition: what a lab supplies with real recordings.
CONDITION_PARAMETERS = pa.schema([("condition", I32), ("x0", F64), ("y0", F64), ("heading", F64), ("speed", F64)])

CONDITIONS = pa.schema([
    ("condition", I32), ("x0", F64), ("y0", F64), ("heading", F64), ("speed", F64), ("vx", F64), ("vy", F64),
    ("t_occ", I32), ("t_end", I32), ("n_bounce", I32), ("final_y", F64),
])

# Ground-truth latent state per condition and step, kept apart from the video.
LATENTS = pa.schema([
    ("condition", I32), ("step", I32), ("x", F64), ("y", F64), ("vx", F64), ("vy", F64), ("bounces", I32),
    ("occluded", pa.bool_()),
])

# Reference population: trial-averaged rate and the two split-half averages (spikes/s) per unit, condition, step.
NEURAL = pa.schema([
    ("unit", I32), ("condition", I32), ("step", I32), ("rate", F64), ("rate_half1", F64), ("rate_half2", F64),
])

UNITS = pa.schema([("unit", I32), ("split_half_r", F64), ("reliability", F64), ("kept", pa.bool_())])

# A system's internal state (model layer or population vector) at each condition and step.
STATES = pa.schema([("system", STR), ("condition", I32), ("step", I32), ("state", pa.list_(F32))])

TRAINING_CURVE = pa.schema([("stage", STR), ("step", I32), ("loss", F64)])

# Out-of-fold linear read-outs of the hidden ball: occluded x and y per step, interception y per condition.
# `replicate` is the training seed (0 for baselines and the reference population).
DECODING = pa.schema([
    ("system", STR), ("replicate", I32), ("target", STR), ("condition", I32), ("step", I32), ("true", F64), ("predicted", F64),
])

# Per unit and condition, sums from which (noise-corrected) correlations are rebuilt under any condition resample.
PAIR_SUMS = [f"{pair}_{s}" for pair in ("pred_y", "pred1_pred2", "y1_y2") for s in ("a", "b", "ab", "aa", "bb")]
PREDICTIVITY_SUMS = pa.schema([("system", STR), ("replicate", I32), ("epoch", STR), ("unit", I32), ("condition", I32), ("n", F64)]
                              + [(name, F64) for name in PAIR_SUMS])

# Model recovery: the same sums, scored against a population generated from the `generator` class's own states.
RECOVERY_SUMS = pa.schema([("generator", STR)] + list(PREDICTIVITY_SUMS))

# Mean over training seeds; CIs from resampling conditions and seeds.
ESTIMATES = pa.schema([
    ("system", STR), ("metric", STR), ("estimate", F64), ("ci_low", F64), ("ci_high", F64), ("n_conditions", I32),
    ("n_seeds", I32),
])

CONTRASTS = pa.schema([
    ("metric", STR), ("best", STR), ("other", STR), ("difference", F64), ("ci_low", F64), ("ci_high", F64),
    ("p_bootstrap", F64), ("p_holm", F64),
])

UNIT_PREDICTIVITY = pa.schema([("system", STR), ("replicate", I32), ("epoch", STR), ("unit", I32),
                               ("predictivity", F64)])

# Each model against the baselines: `versus` random_to_oracle (fraction of the way from the random to the oracle
# baseline's score) or a heuristic's name (model minus heuristic).
STANDING = pa.schema([("system", STR), ("metric", STR), ("versus", STR), ("value", F64), ("ci_low", F64),
                      ("ci_high", F64)])

# Confusion matrix of model recovery: occluded-epoch predictivity of each candidate class (held-out seeds) on a
# population generated from `generator`'s states, and the fraction of bootstrap resamples it ranks first.
RECOVERY = pa.schema([("generator", STR), ("candidate", STR), ("predictivity", F64), ("ci_low", F64),
                      ("ci_high", F64), ("ranked_first", F64)])

# ---- names of every output, for the rules and tests ----
# Every model (all seeds) and baseline on the population of each task-trained network (`generator`: its objective);
# `ranked_first` counts the model classes only (NaN for baselines).
TASK_REFERENCE = RECOVERY

STATS_TABLES = {"estimates": ESTIMATES, "contrasts": CONTRASTS, "unit_predictivity": UNIT_PREDICTIVITY,
                "standing": STANDING, "recovery": RECOVERY, "task_reference": TASK_REFERENCE}
STATS_TABLE_NAMES = tuple(STATS_TABLES)
FIGURE_NAMES = ("stimulus_examples", "predictivity_bars", "decoding_bars", "predictivity_vs_decoding",
                "model_recovery", "task_reference")
