"""Canonical per-mouse recording tables. Every data source (synthetic, NWB, suite2p) writes exactly these,
and the analysis reads nothing else, so simulated and real recordings go through the same code."""

import pyarrow as pa

STUDY = "bci"
TITLE = "Study 1: vectorized instructive signals in cortical dendrites (Francioni et al., Nature 2026)"

ROLES = ("P+", "P-", "P0")
# The planted null of the dendritic analyses: simulated with no top-down instructive input (neuroai.bci.simulate).
NULL_CONDITION = "no_teaching"
COMPARTMENTS = ("soma", "dendrite")
OUTCOMES = ("hit", "miss")

# One row per imaged ROI. Each neuron has a soma ROI and (optionally) a dendrite ROI.
ROIS = pa.schema([
    ("roi", pa.int32()),
    ("neuron", pa.int32()),
    ("compartment", pa.string()),   # soma | dendrite
    ("role", pa.string()),          # P+ | P- | P0 (fixed for all sessions of a mouse)
])

# Raw fluorescence, long format sorted by (session, roi, frame): one ROI's trace is contiguous.
TRACES = pa.schema([
    ("session", pa.int16()),
    ("roi", pa.int32()),
    ("frame", pa.int32()),
    ("fluorescence", pa.float32()),
])

# One row per session: day index and imaging frame rate.
SESSIONS = pa.schema([
    ("session", pa.int16()),
    ("day", pa.int16()),
    ("frame_rate_hz", pa.float64()),
    ("n_frames", pa.int32()),
])

# Behaviour per imaging frame: the grating angle shown (deg; 90 = target) and the trial it belongs to (-1: none).
FRAMES = pa.schema([
    ("session", pa.int16()),
    ("frame", pa.int32()),
    ("trial", pa.int32()),
    ("angle_deg", pa.float32()),
])

# One row per trial. Frames are session frame indices: start = grating onset (after the grey screen), task_end is
# exclusive, end = end of the outcome period.
# outcome_frame: target reached (hit) or time-out start (miss); reward_frame: -1 on misses.
TRIALS = pa.schema([
    ("session", pa.int16()),
    ("trial", pa.int32()),
    ("start_frame", pa.int32()),
    ("task_end_frame", pa.int32()),
    ("outcome", pa.string()),       # hit | miss
    ("outcome_frame", pa.int32()),
    ("reward_frame", pa.int32()),
    ("end_frame", pa.int32()),
])

RECORDING_TABLES = {"rois": ROIS, "sessions": SESSIONS, "traces": TRACES, "frames": FRAMES, "trials": TRIALS}

# Ground truth of a simulated mouse (none for imported recordings): the top-down teaching input each dendrite
# received, neuron i's input at a frame = drive(frame) x weight(trial of the frame, i) (0 outside trials).
GROUND_TRUTH_TABLES = {
    "teaching_drive": pa.schema([("session", pa.int16()), ("frame", pa.int32()), ("drive", pa.float32())]),
    "teaching_weights": pa.schema([("session", pa.int16()), ("trial", pa.int32()), ("neuron", pa.int32()),
                                   ("weight", pa.float32())]),
}

# ---- analysis tables (one per mouse, then concatenated over mice and conditions) ----
_SUBJECT = [("condition", pa.string()), ("mouse", pa.string())]

BEHAVIOUR = pa.schema(_SUBJECT + [
    ("session", pa.int16()), ("day", pa.int16()), ("n_trials", pa.int32()), ("hit_rate", pa.float64()),
    ("time_to_target_s", pa.float64()), ("rewards_per_min", pa.float64()),
])

# Per neuron and session: somatic activity and the dendritic residual in each analysis window.
NEURON_SESSIONS = pa.schema(_SUBJECT + [
    ("session", pa.int16()), ("day", pa.int16()), ("neuron", pa.int32()), ("role", pa.string()),
    ("soma_dff", pa.float64()),                  # mean somatic dF/F during the task periods
    ("residual_reward", pa.float64()),           # mean residual in the window after target reached (hits)
    ("residual_error", pa.float64()),            # mean residual in the window after time-out (misses)
    ("residual_error_decrease", pa.float64()),   # mean residual over 2 s epochs of error decrease
    ("residual_error_increase", pa.float64()),   # ... and of error increase
    ("residual_cv_r2", pa.float64()),            # cross-validated R^2 of dendrite ~ soma + network
    # ground truth (simulated mice; NaN for recordings): mean teaching input the dendrite received over the 2 s
    # error-decrease / -increase epochs, and the correlation of the residual with it across those epochs
    ("teaching_error_decrease", pa.float64()),
    ("teaching_error_increase", pa.float64()),
    ("teaching_r_error_decrease", pa.float64()),
    ("teaching_r_error_increase", pa.float64()),
])

# Trial-aligned mean residual per neuron, by learning phase (early/middle/late sessions) and event.
PERI_EVENT = pa.schema(_SUBJECT + [
    ("neuron", pa.int32()), ("role", pa.string()), ("phase", pa.string()), ("event", pa.string()),
    ("lag_s", pa.float64()), ("residual", pa.float64()), ("n_events", pa.int32()),
])

# How a 2 s error epoch's direction is read off the displayed angle (neuroai.bci.events.error_epochs); the first is
# the paper's Methods and the one the analysis uses, the others are reported beside it (robustness).
EPOCH_DEFINITIONS = ("binned_mean", "endpoints", "slope")
PRIMARY_EPOCH_DEFINITION = EPOCH_DEFINITIONS[0]
EPOCH_COLUMNS = {d: "error_epoch" if d == PRIMARY_EPOCH_DEFINITION else f"error_epoch_{d}" for d in EPOCH_DEFINITIONS}

# The paper's SD residual (neuroai.bci.sd_residual): one row per coincident soma-dendrite event of a neuron whose
# per-session line of dendritic on somatic event magnitude could be fitted.
SD_EVENTS = pa.schema(_SUBJECT + [
    ("session", pa.int16()), ("day", pa.int16()), ("phase", pa.string()), ("neuron", pa.int32()),
    ("role", pa.string()),
    ("trial", pa.int32()),                       # trial whose frames [start_frame, end_frame) hold it; -1: none
    ("frame", pa.int32()),                       # session frame of the somatic peak
    ("window", pa.string()),                     # reward | timeout | pre_reach | pre_end | "" (2 s decoder windows)
    # decrease | increase | flat | "" (outside an epoch, or unlabelled), one column per epoch definition
    *[(column, pa.string()) for column in EPOCH_COLUMNS.values()],
    ("soma_magnitude", pa.float64()),            # height x width of the inferred-spike-rate peak
    ("dendrite_magnitude", pa.float64()),
    ("dendrite_lag_s", pa.float64()),            # dendritic minus somatic peak time
    ("fit_slope", pa.float64()),                 # the neuron-session line dendrite = intercept + slope x soma
    ("fit_intercept", pa.float64()),
    ("residual", pa.float64()),                  # dendrite minus the line, magnitude units
    ("sd_residual", pa.float64()),               # residual z-scored per neuron and session (>0: amplified)
    # control, not the paper's: residual from a cubic in log magnitudes, z-scored likewise (NaN: too few events)
    ("curved_sd_residual", pa.float64()),
    ("teaching", pa.float64()),                  # ground truth: teaching input at the somatic peak (NaN: recording)
])

# Outcome decoding from the population vector of SD residuals (neuroai.bci.svm_decoding), per session and decoder:
# reward = 2 s after target reach (hits) vs 2 s of timeout (misses); pre_outcome = 2 s before reach vs before end.
SVM_DECODING = pa.schema(_SUBJECT + [
    ("session", pa.int16()), ("day", pa.int16()), ("phase", pa.string()), ("decoder", pa.string()),
    ("accuracy", pa.float64()),                  # balanced accuracy, grouped stratified k-fold (NaN: too few trials)
    ("shuffle_mean", pa.float64()),              # the same pipeline on label-shuffled trials
    ("shuffle_p95", pa.float64()),
    ("p_value", pa.float64()),                   # one-sided permutation p
    ("n_hit_windows", pa.int32()), ("n_miss_windows", pa.int32()),
    ("n_folds", pa.int32()), ("n_shuffles", pa.int32()), ("n_neurons", pa.int32()),
])

# Fig. 2: per target neuron and session, a linear SVM predicts each coincident event's amplification (SD residual
# > 0) vs attenuation from the other neurons' inferred somatic rates over the 2 s before it
# (neuroai.bci.network_decoding).
NETWORK_DECODING = pa.schema(_SUBJECT + [
    ("session", pa.int16()), ("day", pa.int16()), ("phase", pa.string()), ("neuron", pa.int32()),
    ("role", pa.string()),
    ("accuracy", pa.float64()),                  # balanced accuracy, folds of whole time blocks (NaN: too few events)
    ("shuffle_mean", pa.float64()), ("shuffle_p95", pa.float64()),
    ("p_value", pa.float64()),                   # one-sided permutation p
    ("confidence_r", pa.float64()),              # Pearson r of out-of-fold hyperplane distance with the SD residual
    ("confidence_p", pa.float64()),              # its p: the paper's per-neuron significance
    ("n_amplified", pa.int32()), ("n_attenuated", pa.int32()),
    ("n_folds", pa.int32()), ("n_shuffles", pa.int32()), ("n_features", pa.int32()),
])

# Fig. 3i: per neuron and session, the rate of all OASIS events (coincident or not) of its soma and its dendrite.
EVENT_RATES = pa.schema(_SUBJECT + [
    ("session", pa.int16()), ("day", pa.int16()), ("phase", pa.string()), ("neuron", pa.int32()),
    ("role", pa.string()), ("soma_event_rate_hz", pa.float64()), ("dendrite_event_rate_hz", pa.float64()),
])

ANALYSIS_TABLES = {"behaviour": BEHAVIOUR, "neuron_sessions": NEURON_SESSIONS, "peri_event": PERI_EVENT,
                   "sd_events": SD_EVENTS, "svm_decoding": SVM_DECODING, "network_decoding": NETWORK_DECODING,
                   "event_rates": EVENT_RATES}

# ---- statistics tables ----
_ESTIMATE = [("term", pa.string()), ("estimate", pa.float64()), ("se", pa.float64()), ("ci_low", pa.float64()),
             ("ci_high", pa.float64()), ("p_value", pa.float64())]
_FIT = [("converged", pa.bool_()), ("random_effects", pa.string())]
_CONDITION = [("condition", pa.string())]

_OVER_MICE = [("estimate", pa.float64()), ("se", pa.float64()), ("ci_low", pa.float64()), ("ci_high", pa.float64()),
              ("p_value", pa.float64()), ("n_mice", pa.int32()), ("n_positive", pa.int32())]

STATS_TABLES = {
    "learning_slopes": pa.schema(_CONDITION + _ESTIMATE + [("n_mice", pa.int32()), ("n_sessions", pa.int32())]
                                 + _FIT),
    "slope_contrasts": pa.schema(_CONDITION + [("reference", pa.string())] + _ESTIMATE + _FIT),
    "residual_by_role": pa.schema(_CONDITION + [("measure", pa.string()), ("role", pa.string())] + _ESTIMATE
                                  + [("n_neuron_sessions", pa.int32())] + _FIT),
    "role_contrasts": pa.schema(_CONDITION + [("measure", pa.string())] + _ESTIMATE
                                + [("t_test_t", pa.float64()), ("t_test_p", pa.float64())] + _FIT),
    # each condition's P+ minus P- contrast minus the planted null's (role x condition term); empty without the null
    "role_contrasts_vs_null": pa.schema(_CONDITION + [("reference", pa.string()), ("measure", pa.string())]
                                        + _ESTIMATE + _FIT),
    "residual_predicts_change": pa.schema(_CONDITION + _ESTIMATE + [("n_neurons", pa.int32()),
                                          ("pearson_r", pa.float64()), ("pearson_p", pa.float64())] + _FIT),
    "somatic_change": pa.schema(_CONDITION + [("role", pa.string())] + _ESTIMATE + [("n_neurons", pa.int32())]
                                + _FIT),
    # the paper's own per-animal tests (neuroai.bci.paper_tests): one value per mouse, t-test over mice
    "sd_separability": pa.schema(_CONDITION + [("measure", pa.string())] + _OVER_MICE),
    # sd_separability from the paper's line and from the curved fit (a control for curvature of the relation)
    "sd_separability_by_fit": pa.schema([("fit", pa.string())] + _CONDITION + [("measure", pa.string())]
                                        + _OVER_MICE),
    "sd_separability_by_definition": pa.schema([("definition", pa.string())] + _CONDITION
                                               + [("measure", pa.string())] + _OVER_MICE),
    # each condition's per-mouse separability minus the planted null's (Welch t-test over mice; n_positive: mice
    # above the null's mean)
    "sd_separability_vs_null": pa.schema(_CONDITION + [("reference", pa.string()), ("measure", pa.string())]
                                         + _OVER_MICE + [("n_mice_reference", pa.int32())]),
    # ED Fig. 11: SD residual by role in rewarded trials' anticipation (pre_reach) and consumption (reward) windows
    "role_by_outcome_window": pa.schema(_CONDITION + [("window", pa.string()), ("measure", pa.string())]
                                        + _OVER_MICE),
    # ED Fig. 5: AIC of exponential and logarithmic fits minus the line's, per neuron-session, averaged per mouse
    "sd_fit_aic": pa.schema(_CONDITION + [("model", pa.string())] + _OVER_MICE + [
        ("mean_delta_aic", pa.float64()),            # over neuron-sessions
        ("n_neuron_sessions", pa.int32()),
        ("fraction_linear_best", pa.float64()),      # neuron-sessions whose lowest AIC is the line's
    ]),
    # Fig. 3i: each condition's per-mouse mean event rate (soma, dendrite) minus control's (Welch t-test over mice)
    "event_rate_contrasts": pa.schema(_CONDITION + [("reference", pa.string()), ("measure", pa.string())]
                                      + _OVER_MICE + [("n_mice_reference", pa.int32())]),
    # Fig. 2: network decoder accuracy minus shuffle, per mouse over its target neuron-sessions
    "network_decoding_vs_chance": pa.schema(_CONDITION + _OVER_MICE + [
        ("mean_accuracy", pa.float64()), ("mean_shuffle", pa.float64()), ("n_neuron_sessions", pa.int32()),
        ("fraction_significant", pa.float64()),       # neuron-sessions whose confidence-residual r has p < 0.05
        ("mean_accuracy_significant", pa.float64()),  # their mean accuracy (selected: biased upward)
    ]),
    # the same windows' P+ minus P- contrast minus the planted null's (Welch t-test over mice); empty without it
    "role_by_outcome_window_vs_null": pa.schema(_CONDITION + [("reference", pa.string()), ("window", pa.string()),
                                                ("measure", pa.string())] + _OVER_MICE
                                                + [("n_mice_reference", pa.int32())]),
    # ED Fig. 4: somatic event rate of the last 5 days / day 1 per group (estimate: the ratio, p against 1), group
    # differences, and P0's day-1 rate vs normalised rate (Spearman)
    "activity_vs_day1": pa.schema(_CONDITION + [("measure", pa.string())] + _OVER_MICE),
    # simulated mice only (empty for recordings): teaching input received vs residual, by method, role and epoch;
    # estimate: per-mouse correlation of residual with received teaching (neuroai.bci.ground_truth)
    "teaching_recovery": pa.schema(_CONDITION + [("method", pa.string()), ("role", pa.string()),
                                                 ("epoch", pa.string()), ("teaching", pa.float64()),
                                                 ("residual", pa.float64())] + _OVER_MICE),
    "decoding_vs_chance": pa.schema(_CONDITION + [("decoder", pa.string())] + _OVER_MICE
                                    + [("mean_accuracy", pa.float64()), ("mean_shuffle", pa.float64()),
                                       ("n_sessions", pa.int32())]),
}

# Per neuron: early residual at reward and later somatic change (data behind the residual-vs-change figure).
NEURON_CHANGES = pa.schema(_SUBJECT + [
    ("neuron", pa.int32()), ("role", pa.string()), ("early_residual_reward", pa.float64()),
    ("early_soma_dff", pa.float64()), ("soma_change", pa.float64()),
])

# One calibration grid value's control mice (neuroai.bci.calibrate, rule bci_calibration_run): hit fraction per
# mouse and session.
CALIBRATION_RUNS = pa.schema([
    ("learning_rate", pa.float64()), ("mouse", pa.int32()), ("session", pa.int32()), ("accuracy", pa.float64()),
])

# The learning-rate fit (neuroai.bci.calibrate, rule bci_calibrate): one row per grid value.
CALIBRATION = pa.schema([
    ("learning_rate", pa.float64()), ("n_mice", pa.int32()), ("day1_accuracy", pa.float64()),
    ("late_accuracy", pa.float64()), ("target_late_accuracy", pa.float64()),
    ("objective", pa.float64()),                 # |late_accuracy - target_late_accuracy|
    ("chosen", pa.bool_()),
])

# One row per sweep point and condition: learning slope and P+ minus P- residual at reward, with 95 % CIs.
SWEEP_POINT = pa.schema([
    ("sweep", pa.string()), ("point", pa.string()), ("parameters", pa.string()),   # parameters: JSON
    ("x_param", pa.string()), ("x_value", pa.float64()), ("y_param", pa.string()), ("y_value", pa.float64()),
    ("condition", pa.string()), ("n_target_neurons", pa.int32()),
    ("slope", pa.float64()), ("slope_ci_low", pa.float64()), ("slope_ci_high", pa.float64()),
    ("slope_p", pa.float64()), ("reward_contrast", pa.float64()), ("reward_contrast_ci_low", pa.float64()),
    ("reward_contrast_ci_high", pa.float64()),
])

# ---- names of every output, for the rules and tests (importable without matplotlib) ----
RECORDING_TABLE_NAMES = tuple(RECORDING_TABLES)
GROUND_TRUTH_TABLE_NAMES = tuple(GROUND_TRUTH_TABLES)
ANALYSIS_TABLE_NAMES = tuple(ANALYSIS_TABLES)
STATS_TABLE_NAMES = tuple(STATS_TABLES)
# What the figures are drawn from: every statistics table (captions state the claims' verdicts) and the per
# neuron-session event rates, not the large per-event paper-method tables, which no figure draws yet.
FIGURE_TABLES = ("behaviour", "neuron_sessions", "peri_event", "event_rates", *STATS_TABLE_NAMES)
FIGURE_NAMES = ("learning_curves", "somatic_change", "residual_peri_event", "residual_vs_change",
                "condition_comparison", "sd_error_epochs", "outcome_decoding", "outcome_windows", "activity_vs_day1")
