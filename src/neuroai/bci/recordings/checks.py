"""Content checks shared by the readers (a pyarrow schema fixes the types; these fix the values)."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable

import numpy as np

from neuroai.bci.recordings.errors import RecordingError

RATE_RTOL = 1e-3  # two frame rates agree when within 0.1 %
REAL_KINDS = "iuf"  # numpy dtype kinds of real numbers; not bool, complex, text, bytes, object or dates
INDEX_LIMIT = 2**31  # indices and ids are int32 in the canonical tables


def real(values: object, source: object, field: str, kinds: str = REAL_KINDS) -> np.ndarray:
    """`values` as an array of real numbers (dtype kind in `kinds`), or an error naming the dtype it has."""
    array = np.asarray(values)
    if array.dtype.kind not in kinds:
        raise RecordingError(source, field, f"expected real numbers, got dtype {array.dtype}")
    return array


def finite(values: object, source: object, field: str) -> np.ndarray:
    """`values` as an array of real numbers, or an error giving the count and first position of NaN / inf."""
    values = real(values, source, field)
    bad = ~np.isfinite(values)
    if bad.any():
        first = np.unravel_index(np.argmax(bad), bad.shape)
        raise RecordingError(source, field, f"{int(bad.sum())} NaN or inf value(s), first at index "
                                            f"{tuple(int(i) for i in first)}; expected finite numbers")
    return values


def _first_bad(values: np.ndarray, bad: np.ndarray) -> str:
    i = int(np.argmax(bad.ravel()))
    return f"{int(bad.sum())} value(s) are not, first {values.ravel()[i]:g} at index {i}"


def whole(values: object, source: object, field: str) -> np.ndarray:
    """`values` as int64 when all are whole numbers below INDEX_LIMIT (20.0 passes, 20.6 does not)."""
    values = finite(values, source, field)
    bad = (values != np.round(values)) | (np.abs(values) >= INDEX_LIMIT)
    if bad.any():
        raise RecordingError(source, field, f"expected whole numbers (indices or ids) below 2**31; "
                                            f"{_first_bad(values, bad)}")
    return values.astype(np.int64)


def within(values: object, low: float, high: float, source: object, field: str) -> np.ndarray:
    """`values` as finite real numbers in [low, high], or an error naming the first outside."""
    values = finite(values, source, field)
    bad = (values < low) | (values > high)
    if bad.any():
        raise RecordingError(source, field, f"expected values in [{low:g}, {high:g}]; {_first_bad(values, bad)}")
    return values


def number(value: object, source: object, field: str) -> float:
    """`value` as a float when it is one finite real number (not text, a bool, None or an array)."""
    array = np.asarray(value)
    if array.shape != () or array.dtype.kind not in REAL_KINDS or not np.isfinite(array):
        raise RecordingError(source, field, f"expected one finite real number, got {reprlib.repr(value)}")
    return float(array)


def positive_rate(value: object, source: object, field: str) -> float:
    """`value` as a frame rate: one finite number > 0 (Hz)."""
    rate = number(value, source, field)
    if rate <= 0:
        raise RecordingError(source, field, f"expected a positive frame rate (Hz), got {rate:g}")
    return rate


def increasing(values: np.ndarray, source: object, field: str, strict: bool = True) -> np.ndarray:
    """`values` unchanged, or an error at the first place they fail to increase (strictly, or at all)."""
    values = finite(values, source, field)
    steps = np.diff(values)
    bad = steps <= 0 if strict else steps < 0
    if bad.any():
        i = int(np.argmax(bad))
        rule = "increase strictly" if strict else "never decrease (rows in time order)"
        raise RecordingError(source, field, f"times must {rule}, but entry {i + 1} ({float(values[i + 1]):g}) "
                                            f"follows {float(values[i]):g}")
    return values


def allowed(values: Iterable[str], choices: Iterable[str], source: object, field: str) -> None:
    """Error naming the unknown labels (e.g. an unknown BCI role)."""
    unknown = sorted(set(map(str, values)) - set(choices))
    if unknown:
        raise RecordingError(source, field, f"unknown value(s) {unknown}; expected one of {sorted(choices)}")


def same_length(lengths: dict[str, int], source: object) -> int:
    """The common length of several arrays, or an error listing each length."""
    if len(set(lengths.values())) > 1:
        raise RecordingError(source, "/".join(lengths), f"unequal lengths {lengths}; expected them equal")
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
