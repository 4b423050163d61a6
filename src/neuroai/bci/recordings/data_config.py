"""The `data:` config section without reading any recording (cheap enough for every dry run): which files each
mouse's import reads, and the cross-field rules the JSON schema cannot express."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
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


def _check_session_list(data: Mapping[str, Any], conditions: Sequence[str]) -> None:
    """Sessions only with imported data, each of a configured condition and with its own day."""
    if data["source"] == "synthetic":
        if data["sessions"]:
            raise ConfigError(f"config field 'data.sessions': {len(data['sessions'])} sessions are listed, but "
                              "data.source is synthetic, which simulates every mouse and would ignore them; set "
                              "data.source to nwb or suite2p, or remove the sessions")
        return
    seen: dict[tuple[str, str, int], int] = {}
    for i, entry in enumerate(data["sessions"]):
        if entry["condition"] not in conditions:
            raise ConfigError(f"config field 'data.sessions[{i}].condition': '{entry['condition']}' is not one of "
                              f"bci.conditions ({', '.join(conditions)}); the study's contrasts compare those")
        key = (entry["condition"], entry["mouse"], entry["day"])
        if key in seen:
            raise ConfigError(f"config field 'data.sessions[{i}].day': mouse {key[1]} ({key[0]}) already has day "
                              f"{key[2]} (data.sessions[{seen[key]}])")
        seen[key] = i


def _check_files(data: Mapping[str, Any]) -> None:
    """Every listed file exists; each recording and event log belongs to one session only (a pairing table may be
    shared by the sessions of a mouse whose ROIs are tracked across days)."""
    owner: dict[str, str] = {}
    for i, entry in enumerate(data["sessions"]):
        for name in ("path", "events", "pairing"):
            if name not in entry:
                continue
            field, path = f"data.sessions[{i}].{name}", Path(entry[name])
            if not path.exists():
                raise ConfigError(f"config field '{field}': {entry[name]} does not exist")
            key = os.path.normcase(str(path.resolve()))
            if name == "pairing":
                continue
            if key in owner:
                raise ConfigError(f"config field '{field}': {entry[name]} is already {owner[key]}; each session "
                                  "needs its own recording")
            owner[key] = field


def check_data_config(data: Mapping[str, Any], conditions: Sequence[str]) -> None:
    """Cross-field rules of `data:` the JSON schema cannot express; ConfigError names the field. A mouse is
    identified by (condition, mouse), as in the output paths; `conditions` are the configured bci.conditions."""
    _check_session_list(data, conditions)
    if data["source"] != "synthetic":
        _check_files(data)
