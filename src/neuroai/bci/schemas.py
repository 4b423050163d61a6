"""Canonical per-mouse recording tables. Every data source (synthetic, NWB, suite2p) writes exactly these,
and the analysis reads nothing else, so simulated and real recordings go through the same code."""

import pyarrow as pa

ROLES = ("P+", "P-", "P0")
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

# One row per trial. Frames are session frame indices; task_end is exclusive.
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
