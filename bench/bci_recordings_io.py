"""Benchmark: writing and reading one full-size simulated mouse (default config) as NWB and as suite2p folders.

Prints seconds per step and per session, and the NWB size on disk. Wall times: on a shared machine they are
pessimistic. Usage:
    .venv/bin/python bench/bci_recordings_io.py
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml
from nwbinspector import Importance, inspect_nwbfile

from neuroai.bci.recording import recording_tables
from neuroai.bci.recordings.nwb_read import read_session_nwb
from neuroai.bci.recordings.nwb_write import write_mouse_nwb
from neuroai.bci.recordings.session import mouse_tables
from neuroai.bci.recordings.suite2p import read_session_suite2p
from neuroai.bci.recordings.suite2p_write import write_session_suite2p
from neuroai.bci.simulate import simulate_mouse
from neuroai.common.seeding import rng

ROOT = Path(__file__).resolve().parents[1]


def timed(step: str, times: dict, fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    times[step] = time.perf_counter() - start
    return out


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    bci = yaml.safe_load((ROOT / "config.yaml").read_text())["bci"]
    times: dict[str, float] = {}
    sim = timed("simulate (reference)", times, simulate_mouse, bci, "control", rng(1, "bench-io"))
    tables = {k: pd.DataFrame(v) for k, v in recording_tables(sim, bci["frame_rate_hz"]).items()}
    days = tables["sessions"]["day"].tolist()
    with tempfile.TemporaryDirectory() as tmp:
        paths = timed("NWB write", times, write_mouse_nwb, tables, Path(tmp) / "nwb", "m1", "control")
        timed("NWB read + check", times, lambda: mouse_tables([(d, read_session_nwb(p)) for d, p in zip(days, paths)]))
        timed("nwbinspector, one file", times, lambda: list(inspect_nwbfile(paths[0],
                                                                            importance_threshold=Importance.CRITICAL)))
        size_mb = sum(p.stat().st_size for p in paths) / 1e6
        entries = timed("suite2p write", times, lambda: [write_session_suite2p(tables, s, Path(tmp) / f"s2p{s}")
                                                         for s in tables["sessions"]["session"]])
        timed("suite2p read + check", times, lambda: mouse_tables(
            [(d, read_session_suite2p(e["path"], e["events"], e["pairing"])) for d, e in zip(days, entries)]))
    n = len(days)
    print(f"one mouse: {n} sessions, {len(tables['rois'])} ROIs, {len(tables['traces']):,} fluorescence samples, "
          f"NWB {size_mb:.1f} MB")
    print(pd.DataFrame({"seconds": times, "per_session_s": {k: v / n for k, v in times.items()}}).round(2)
          .to_markdown())


if __name__ == "__main__":
    main()
