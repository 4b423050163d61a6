"""Content checks shared by the readers (a pyarrow schema fixes the types; these fix the values)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from neuroai.bci.recordings.errors import RecordingError

RATE_RTOL = 1e-3  # two frame rates agree when within 0.1 %


def finite(values: np.ndarray, source: object, field: str) -> np.ndarray:
    """`values` unchanged, or an error giving the count and first position of NaN / inf entries."""
    bad = ~np.isfinite(values)
    if bad.any():
        first = np.unravel_index(np.argmax(bad), bad.shape)
        raise RecordingError(source, field, f"{int(bad.sum())} NaN or inf value(s), first at index "
                                            f"{tuple(int(i) for i in first)}; expected finite numbers")
    return values


def increasing(values: np.ndarray, source: object, field: str) -> np.ndarray:
    """`values` unchanged, or an error at the first place they fail to increase strictly."""
    finite(values, source, field)
    steps = np.diff(values)
    if (steps <= 0).any():
        i = int(np.argmax(steps <= 0))
        raise RecordingError(source, field, f"timestamps must increase strictly, but entry {i + 1} "
                                            f"({float(values[i + 1]):g}) follows {float(values[i]):g}")
    return values


def allowed(values: Iterable[str], choices: Iterable[str], source: object, field: str) -> None:
    """Error naming the unknown labels (e.g. an unknown BCI role)."""
    unknown = sorted(set(map(str, values)) - set(choices))
    if unknown:
        raise RecordingError(source, field, f"unknown value(s) {unknown}; expected one of {sorted(choices)}")


def same_length(lengths: dict[str, int], source: object) -> int:
    """The common length of several arrays, or an error listing each length."""
    if len(set(lengths.values())) > 1:
        raise RecordingError(source, "/".join(lengths), f"unequal lengths {lengths}; expected one frame count")
    return next(iter(lengths.values()))


def same_rate(rate: float, expected: float, source: object, field: str, expected_from: str) -> None:
    """Error when `rate` and `expected` (Hz) differ by more than RATE_RTOL."""
    if not np.isclose(rate, expected, rtol=RATE_RTOL, atol=0):
        raise RecordingError(source, field, f"frame-rate mismatch: {rate:g} Hz, but {expected_from} says "
                                            f"{expected:g} Hz")


def rate_from_timestamps(timestamps: np.ndarray, source: object, field: str) -> float:
    """Frame rate of strictly increasing timestamps; an error when their spacing is irregular (> 10 %)."""
    increasing(timestamps, source, field)
    if len(timestamps) < 2:
        raise RecordingError(source, field, "need at least two timestamps to know the frame rate")
    steps = np.diff(timestamps)
    period = float(np.median(steps))
    if np.abs(steps - period).max() > 0.1 * period:
        raise RecordingError(source, field, f"irregular frame spacing ({steps.min():g} to {steps.max():g} s); "
                                            "expected one constant frame period (within 10 %)")
    return 1.0 / period
