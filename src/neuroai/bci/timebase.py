"""Seconds to imaging frames at the configured frame rate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def frames(bci: Mapping[str, Any], seconds: float) -> int:
    """Number of imaging frames in `seconds` at the configured frame rate (at least 1)."""
    return max(1, int(round(seconds * bci["frame_rate_hz"])))
