"""Mechanism check (not a timing): where does the planted null's role-signed dendritic signal come from?

Simulates `no_teaching` mice (no instructive input at all) under model variants that each remove one candidate
source, and prints, per variant, the mean over mice of (P+ minus P-) of the residual in error-decrease minus
error-increase epochs for the regression residual, the paper's SD residual (line) and the curved-fit control:
    default            the config's model
    quiet_imaging      fluorescence noise 0.005 instead of imaging.noise_sd (a nearly noise-free soma regressor)
    no_coupling        network.dendrite_coupling = 0 (the dendrite no longer drives its soma)
    copy_dendrite      dendrite-specific events nearly off and quiet imaging: the dendrite is a scaled copy of
                       its soma's back-propagated spikes
    no_backprop        network.backprop = 0 (the dendrite does not see somatic spikes)
Usage: .venv/bin/python bench/bci_null_sources.py [--mice 6] [--sessions 14] [--variants default,quiet_imaging]
"""

from __future__ import annotations

import argparse
import copy
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from neuroai.bci.analysis import ERROR_EPOCH_S, _pairs, analyse_session, by_session, session_matrix
from neuroai.bci.design import mouse_stream, simulation_params
from neuroai.bci.dff import delta_f_over_f
from neuroai.bci.events import error_epochs
from neuroai.bci.recording import as_frames, recording_tables
from neuroai.bci.sd_residual import session_sd_events
from neuroai.bci.simulate import simulate_mouse

CONFIG = Path(__file__).resolve().parents[1] / "config.yaml"
VARIANTS = {
    "default": {},
    "quiet_imaging": {"imaging.noise_sd": 0.005},
    "no_coupling": {"network.dendrite_coupling": 0.0},
    "copy_dendrite": {"network.dendrite_rate_hz": 1e-4, "imaging.noise_sd": 0.005},
    "no_backprop": {"network.backprop": 0.0},
}
LEARNING_RATE = 3e-4     # the calibration's choice on the default run of 2026-12-07


def _variant(bci: dict, name: str, sessions: int) -> dict:
    bci = copy.deepcopy(bci)
    bci["sessions"] = sessions
    bci["plasticity"]["learning_rate"] = LEARNING_RATE
    for dotted, value in VARIANTS[name].items():
        section, key = dotted.split(".")
        bci[section][key] = value
    return bci


def _mouse(args: tuple) -> list[dict]:
    """Per session and target role: decrease minus increase of each residual (one no_teaching mouse)."""
    bci, variant, mouse = args
    sim = simulation_params(bci)
    rec = as_frames(recording_tables(simulate_mouse(sim, "no_teaching", mouse_stream(1, "no_teaching", mouse, sim)),
                                     bci["frame_rate_hz"]))
    cfg, pairs = bci["analysis"], _pairs(rec["rois"])
    n_rois = int(rec["rois"]["roi"].max()) + 1
    traces, frames, trials = (by_session(rec[t]) for t in ("traces", "frames", "trials"))
    rows = []
    for s in rec["sessions"].itertuples():
        dff = delta_f_over_f(session_matrix(traces[s.session], n_rois, s.n_frames), s.frame_rate_hz,
                             cfg["dff_window_s"], cfg["dff_percentile"])
        angle = frames[s.session].sort_values("frame")["angle_deg"].to_numpy(float)
        events, _, _ = session_sd_events(dff[pairs["soma_roi"]], dff[pairs["dendrite_roi"]], s.frame_rate_hz,
                                         coincidence_s=cfg["coincidence_window_s"], decay_s=cfg["event_decay_s"],
                                         s_min_sn=cfg["event_threshold_sn"], smoothing_s=cfg["event_smoothing_s"],
                                         min_events=cfg["sd_min_events"])
        labels, names = error_epochs(trials[s.session], angle, int(round(ERROR_EPOCH_S * s.frame_rate_hz)))
        at = labels[events["frame"].to_numpy()]
        events["epoch"] = np.where(at < 0, "", names[np.maximum(at, 0)] if len(names) else "")
        events["role"] = pairs["role"].to_numpy()[events["neuron"].to_numpy()]
        summary, _ = analyse_session(dff, rec["rois"], angle, trials[s.session], s.frame_rate_hz, cfg)
        for role in ("P+", "P-"):
            mine = events[events["role"] == role]
            sep = {c: mine.loc[mine["epoch"] == "decrease", c].mean() - mine.loc[mine["epoch"] == "increase", c].mean()
                   for c in ("sd_residual", "curved_sd_residual")}
            neurons = summary[summary["role"] == role]
            rows.append({"variant": variant, "mouse": mouse, "session": s.session, "role": role,
                         "regression": (neurons["residual_error_decrease"] - neurons["residual_error_increase"]).mean(),
                         "SD line": sep["sd_residual"], "SD curved": sep["curved_sd_residual"]})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mice", type=int, default=6)
    parser.add_argument("--sessions", type=int, default=14)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    bci = yaml.safe_load(CONFIG.read_text())["bci"]
    jobs = [(_variant(bci, v, args.sessions), v, m) for v in args.variants.split(",") for m in range(args.mice)]
    with ProcessPoolExecutor(args.cores) as pool:
        rows = pd.DataFrame([r for part in pool.map(_mouse, jobs) for r in part])
    per_mouse = rows.groupby(["variant", "mouse", "role"], sort=False)[["regression", "SD line", "SD curved"]].mean()
    contrast = per_mouse.xs("P+", level="role") - per_mouse.xs("P-", level="role")
    table = contrast.groupby("variant", sort=False).agg(["mean", "std", lambda x: int((x > 0).sum())])
    table.columns = [f"{method} {stat if stat != '<lambda_0>' else 'mice > 0'}" for method, stat in table.columns]
    print(f"no_teaching, {args.mice} mice x {args.sessions} sessions: P+ minus P-, decrease minus increase epochs")
    print(table.round(3).to_string())


if __name__ == "__main__":
    main()
