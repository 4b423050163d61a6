"""Explicit pyarrow schemas of every grid-cell table."""

from __future__ import annotations

import pyarrow as pa

STUDY = "gridcells"
TITLE = "Study 2: self-supervised learning yields multi-modular grid cells (Schaeffer et al., NeurIPS 2023)"

TRAIN_SEQUENCES = pa.schema([("sequence", pa.int32()), ("step", pa.int32()), ("dx", pa.float32()),
                             ("dy", pa.float32())])
EVAL_WALKS = pa.schema([("walk", pa.int32()), ("step", pa.int32()), ("dx", pa.float32()), ("dy", pa.float32()),
                        ("x", pa.float32()), ("y", pa.float32())])
TRAINING_CURVE = pa.schema([("condition", pa.string()), ("seed", pa.int32()), ("step", pa.int32()), ("separation", pa.float64()),
                            ("invariance", pa.float64()), ("capacity", pa.float64()), ("conformal", pa.float64()),
                            ("total", pa.float64())])
UNITS = pa.schema([("condition", pa.string()), ("seed", pa.int32()), ("unit", pa.int32()), ("active", pa.bool_()),
                   ("grid_score", pa.float64()), ("null_threshold", pa.float64()), ("is_grid", pa.bool_()),
                   ("spacing_m", pa.float64()), ("orientation_deg", pa.float64()),
                   ("fourier_spacing_m", pa.float64()), ("fourier_orientation_deg", pa.float64()),
                   ("spectral_peak", pa.float64()), ("spectral_threshold", pa.float64()), ("is_periodic", pa.bool_()),
                   ("mean_activity", pa.float64()), ("module", pa.int32()), ("phase_1", pa.float64()),
                   ("phase_2", pa.float64())])
NULL_SCORES = pa.schema([("condition", pa.string()), ("seed", pa.int32()), ("unit", pa.int32()), ("shuffle", pa.int32()),
                         ("grid_score", pa.float64()), ("spectral_peak", pa.float64())])
TOPOLOGY = pa.schema([("condition", pa.string()), ("seed", pa.int32()), ("module", pa.int32()), ("n_units", pa.int32()),
                      *((f"{k}_{d}", pa.int32() if k == "betti" else pa.float64())
                        for k in ("betti", "longest", "null_longest") for d in range(3)),
                      ("is_torus", pa.bool_())])
DISTANCES = pa.schema([("condition", pa.string()), ("seed", pa.int32()), ("spatial_m", pa.float64()), ("neural_distance", pa.float64()),
                       ("n_pairs", pa.int64())])
RATE_MAPS = pa.schema([("condition", pa.string()), ("unit", pa.int32()), ("x_bin", pa.int16()),
                       ("y_bin", pa.int16()), ("rate", pa.float32())])
FRACTIONS = pa.schema([("condition", pa.string()), ("n_seeds", pa.int32()), ("n_units", pa.int32()), ("n_active", pa.int32()),
                       ("n_grid", pa.int32()), ("fraction_grid", pa.float64()), ("ci_low", pa.float64()),
                       ("ci_high", pa.float64()), ("chance_fraction", pa.float64()), ("p_vs_chance", pa.float64()),
                       ("median_grid_score", pa.float64()), ("null_threshold", pa.float64())])
SEED_FRACTIONS = pa.schema([("condition", pa.string()), ("seed", pa.int32()), ("n_units", pa.int32()),
                            ("n_grid", pa.int32()), ("fraction_grid", pa.float64()),
                            ("median_grid_score", pa.float64()), ("n_periodic", pa.int32()),
                            ("p_vs_chance", pa.float64())])
CONTRASTS = pa.schema([("reference", pa.string()), ("condition", pa.string()), ("fraction_reference", pa.float64()),
                       ("fraction_condition", pa.float64()), ("p_fraction", pa.float64()),
                       ("p_fraction_bh", pa.float64()), ("median_score_reference", pa.float64()),
                       ("median_score_condition", pa.float64()), ("p_scores", pa.float64()),
                       ("p_scores_bh", pa.float64())])
MODULES = pa.schema([("condition", pa.string()), ("seed", pa.int32()), ("module", pa.int32()), ("n_units", pa.int32()),
                     ("mean_spacing_m", pa.float64()), ("orientation_deg", pa.float64()),
                     ("phase_resultant", pa.float64()), ("period_ratio", pa.float64()),
                     ("ratio_ci_low", pa.float64()), ("ratio_ci_high", pa.float64())])
REFERENCE_CODES = pa.schema([("code", pa.string()), ("n_modules", pa.int32()), ("scale_m", pa.float64()),
                             ("width_fraction", pa.float64()), ("separation", pa.float64()),
                             ("invariance", pa.float64()), ("capacity", pa.float64()),
                             ("objective", pa.float64()), ("objective_no_capacity", pa.float64())])

# ---- names of every output, for the rules and tests ----
FIGURE_NAMES = ("example_maps", "score_distributions", "spacing_modules", "topology_distance", "ablation",
                "training_curves")
