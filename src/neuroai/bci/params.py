"""Cross-field rules of the `bci:` config section that the JSON schema cannot express, and the cost of simulating
it (checked against `limits.bci_neuron_frames`, and per sweep point against `limits.sweep_neuron_frames`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neuroai.bci.timebase import frames
from neuroai.common.config import ConfigError, Cost, product_cost


def check_bci_config(bci: Mapping[str, Any]) -> None:
    """Raise ConfigError naming the field when values are individually valid but jointly impossible."""
    largest_groups = 2 * max(bci["group_sizes"])
    if largest_groups >= bci["n_neurons"]:
        raise ConfigError(
            f"config field 'bci.n_neurons': {bci['n_neurons']} neurons cannot hold two groups of "
            f"{max(bci['group_sizes'])} (bci.group_sizes) plus a surrounding network; use at least "
            f"{largest_groups + bci['analysis']['residual_pcs'] + 1}")
    lo, hi = bci["analysis"]["peri_window_s"]
    if not lo < 0 < hi:
        raise ConfigError(f"config field 'bci.analysis.peri_window_s': expected [before<0, after>0], got {[lo, hi]}")
    if bci["analysis"]["outcome_window_s"] > bci["task"]["post_s"]:
        raise ConfigError("config field 'bci.analysis.outcome_window_s': must not exceed bci.task.post_s "
                          f"({bci['task']['post_s']} s), the time between outcome and next trial")
    if bci["analysis"]["residual_pcs"] >= bci["n_neurons"] - 2 * max(bci["group_sizes"]):
        raise ConfigError("config field 'bci.analysis.residual_pcs': must be smaller than the number of "
                          "network (P0) neurons")
    if frames(bci, bci["task"]["baseline_s"]) < frames(bci, bci["task"]["trial_s"]):
        raise ConfigError(f"config field 'bci.task.baseline_s': {bci['task']['baseline_s']} s is shorter than "
                          f"bci.task.trial_s ({bci['task']['trial_s']} s); the decoder is calibrated on "
                          "trial-length windows of the baseline")


def check_calibration(bci: Mapping[str, Any]) -> None:
    """The calibration runs on the main `bci:` section (not a sweep point's): its late sessions must exist."""
    if bci["calibration"]["late_sessions"] > bci["sessions"]:
        raise ConfigError(f"config field 'bci.calibration.late_sessions': {bci['calibration']['late_sessions']} is "
                          f"more than bci.sessions ({bci['sessions']})")


def session_frames(bci: Mapping[str, Any]) -> int:
    """Most imaging frames of one session: the baseline, then every trial run to its time limit."""
    task = bci["task"]
    trial = sum(frames(bci, task[k]) for k in ("grey_s", "trial_s", "post_s"))
    return frames(bci, task["baseline_s"]) + bci["trials_per_session"] * trial


def simulation_cost(bci: Mapping[str, Any], limit: str = "bci_neuron_frames", label: str = "bci") -> Cost:
    """Neuron-frames simulated for every condition, mouse and session of `bci` (`label` names the section)."""
    return product_cost(limit, "neuron-frames simulated", [
        (f"len({label}.conditions)", len(bci["conditions"])),
        (f"{label}.mice_per_condition", bci["mice_per_condition"]),
        (f"{label}.sessions", bci["sessions"]),
        (f"{label}.n_neurons", bci["n_neurons"]),
        (f"frames per session (({label}.task.baseline_s + {label}.trials_per_session x ({label}.task.grey_s + "
         f"{label}.task.trial_s + {label}.task.post_s)) x {label}.frame_rate_hz)", session_frames(bci)),
    ])
