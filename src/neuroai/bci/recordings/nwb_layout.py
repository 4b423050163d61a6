"""Names shared by the NWB writer and reader: where each part of a BCI session lives in the file (DANDI layout)."""

OPHYS_MODULE = "ophys"                  # processing module with ImageSegmentation and Fluorescence
FLUORESCENCE = "Fluorescence"           # raw fluorescence: one RoiResponseSeries per ROI group
BEHAVIOR_MODULE = "behavior"
ANGLE_SERIES = "grating_angle"          # TimeSeries (deg), one sample per imaging frame
ROI_COLUMNS = ("neuron", "compartment", "role")  # PlaneSegmentation columns that pair somas and dendrites

# ROI response series the writer makes (the reader accepts any names): target somas, dendrites, network somas.
SERIES_GROUPS = {
    "target_somas": ("soma", ("P+", "P-"), "somas of the BCI target neurons (P+ and P-)"),
    "network_somas": ("soma", ("P0",), "somas of the surrounding network neurons (P0)"),
    "dendrites": ("dendrite", ("P+", "P-", "P0"), "apical dendrites paired with the somas (column 'neuron')"),
}

# Extra trials-table columns (seconds); start_time / stop_time are NWB's own.
TRIAL_EXTRA_COLUMNS = {
    "grating_onset_time": "grating shown after the grey screen (s)",
    "task_end_time": "end of the task period, exclusive (s)",
    "outcome": "hit (target reached) or miss (time-out)",
    "outcome_time": "target reached (hit) or time-out start (miss) (s)",
    "reward_time": "reward delivery (s); NaN on misses",
}


def nwb_name(mouse: str, day: int) -> str:
    """DANDI-style file name of one session."""
    return f"sub-{mouse}_ses-day{day:02d}_behavior+ophys.nwb"
