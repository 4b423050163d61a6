"""Job-level import: the config's session list for one mouse -> its canonical recording tables, all or nothing;
and the export of simulated mice as NWB."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from neuroai.bci.recording import read_recording, write_recording
from neuroai.bci.recordings.nwb_read import read_session_nwb
from neuroai.bci.recordings.nwb_write import write_mouse_nwb
from neuroai.bci.recordings.session import SessionRecording, mouse_tables
from neuroai.bci.recordings.suite2p import read_session_suite2p

log = logging.getLogger(__name__)


def read_session(source: str, entry: Mapping[str, Any]) -> SessionRecording:
    """Read one `data.sessions` entry with the reader of `source` (nwb | suite2p)."""
    rate = entry.get("frame_rate_hz")
    if source == "nwb":
        return read_session_nwb(entry["path"], rate)
    return read_session_suite2p(entry["path"], entry["events"], entry["pairing"], rate)


def import_mouse(source: str, entries: Sequence[Mapping[str, Any]], outputs: Mapping[str, str | os.PathLike]) -> None:
    """Read and check every session of one mouse, then write its canonical tables; a bad file writes nothing."""
    tables = mouse_tables([(int(e["day"]), read_session(source, e)) for e in entries])
    log.info("read %d %s session(s): %d ROIs, %d trials", len(entries), source, len(tables["rois"]),
             len(tables["trials"]))
    write_recording(tables, outputs)


def export_mouse_nwb(recording: str | os.PathLike, directory: str | os.PathLike, condition: str, mouse: str) -> None:
    """Write a mouse's canonical tables as one NWB file per session into `directory`, with `sessions.yaml`: the
    `data.sessions` entries that import them again. The folder appears only once complete."""
    final = Path(directory)
    tmp = final.with_name(f".{final.name}.tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tables = read_recording(recording)
        paths = write_mouse_nwb(tables, tmp, mouse, condition)
        entries = [{"condition": condition, "mouse": mouse, "day": int(day), "path": str(final / p.name)}
                   for day, p in zip(tables["sessions"].sort_values("session")["day"], paths)]
        (tmp / "sessions.yaml").write_text(yaml.safe_dump(entries, sort_keys=False))
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
        log.info("wrote %d NWB file(s) to %s", len(paths), final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
