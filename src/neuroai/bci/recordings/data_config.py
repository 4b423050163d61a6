"""The `data:` config section without reading any recording (cheap enough for every dry run): which files each
mouse's import reads, and the cross-field rules the JSON schema cannot express."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from neuroai.common.config import ConfigError

SUITE2P_FILES = ("F.npy", "Fneu.npy", "iscell.npy", "stat.npy", "ops.npy")


def session_files(source: str, entry: Mapping[str, Any]) -> list[str]:
    """Every file one session entry reads (the import job's inputs)."""
    if source == "nwb":
        return [entry["path"]]
    return [str(Path(entry["path"]) / name) for name in SUITE2P_FILES] + [entry["events"], entry["pairing"]]


def mouse_sessions(data: Mapping[str, Any], condition: str, mouse: str) -> list[Mapping[str, Any]]:
    """The `data.sessions` entries of one mouse."""
    return [s for s in data["sessions"] if s["condition"] == condition and s["mouse"] == mouse]


def mouse_files(data: Mapping[str, Any], condition: str, mouse: str) -> list[str]:
    """Every file the import of one mouse reads."""
    return [f for s in mouse_sessions(data, condition, mouse) for f in session_files(data["source"], s)]


def check_data_config(data: Mapping[str, Any]) -> None:
    """Cross-field rules of `data:` the JSON schema cannot express; ConfigError names the field. A mouse is
    identified by (condition, mouse), as in the output paths."""
    if data["source"] == "synthetic":
        return
    seen: dict[tuple[str, str, int], int] = {}
    for i, entry in enumerate(data["sessions"]):
        field = f"data.sessions[{i}]"
        key = (entry["condition"], entry["mouse"], entry["day"])
        if key in seen:
            raise ConfigError(f"config field '{field}.day': mouse {key[1]} ({key[0]}) already has day {key[2]} "
                              f"(data.sessions[{seen[key]}])")
        seen[key] = i
        for name in ("path", "events", "pairing"):
            if name in entry and not Path(entry[name]).exists():
                raise ConfigError(f"config field '{field}.{name}': {entry[name]} does not exist")
