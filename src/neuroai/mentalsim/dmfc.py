"""Convert the public DMFC release (Rajalingham, Sohn & Jazayeri 2025; Zenodo 10.5281/zenodo.13952210, CC BY-NC-ND)
into the reference-recording format of `recordings.py`, without running code from the files.

The release is pickled. `safe_load` is a restricted unpickler: it rebuilds numpy arrays, plain containers and the
handful of pandas classes a DataFrame is made of, and refuses every other global, naming it. (Written here because
no well-kept library reads this layout; pandas.read_pickle would execute whatever the file asks for.)

Layout, as documented by the release's README and third-party readers (not checked on the real files here):

* neural file (`all_hand_dmfc_dataset_50ms.pkl`): a dict with `neural_responses_reliable`,
  `neural_responses_reliable_sh1`, `neural_responses_reliable_sh2` (each {epoch: (units, 79, 100)} in 50-ms bins,
  NaN after each condition ends) and `masks` ({epoch: {"start_end_pad0": (79, 100) bins from trial start to end}});
* metadata (`valid_meta_sample_full.pkl`): a DataFrame with `meta_index`, start position `x0_mwk`, `y0_mwk`
  (degrees, screen centred at 0, 20 degrees wide), velocity `dx_rnn`, `dy_rnn` (degrees per 41-ms step) and the
  epoch ends `t_occ`, `t_f` (steps). The 79 conditions are `PONG_BASIC_META_IDX`, in that order.

Geometry: the generator's 32-unit frame maps onto the 20-degree screen as x_deg = 10 (x - 16) / 16. Rates are
resampled from 50-ms bins to the generator's 41-ms steps by linear interpolation at step centres, aligned to each
condition's first in-trial bin. The converter checks its own unit assumptions: the occluder entry and trial end that
the generator computes from the mapped start and velocity must match the metadata's `t_occ` and `t_f`.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroai.common.tables import write_table
from neuroai.mentalsim import schemas
from neuroai.mentalsim.pong import describe
from neuroai.mentalsim.recordings import RecordingError

# The 79 evaluation conditions of the release, in its order (jazlab/MentalPong code/utils/phys_utils.py).
PONG_BASIC_META_IDX = (
    29337, 55062, 58244, 59920, 68220, 72780, 77046, 77944, 90751, 93053, 99902, 105802, 118879, 122957, 126479,
    158705, 159613, 163248, 167848, 179553, 182748, 183171, 184642, 187617, 197632, 199564, 204372, 204678, 206128,
    217817, 218791, 226533, 232533, 241919, 242380, 244437, 245662, 248856, 251629, 258471, 269179, 270569, 273073,
    273515, 287936, 297652, 301600, 320246, 325813, 328386, 330797, 332165, 340684, 351612, 356164, 356765, 370777,
    377134, 379400, 381514, 388571, 394672, 396358, 400995, 401673, 406460, 413189, 413513, 420020, 428615, 435203,
    448412, 454477, 456038, 460651, 463174, 464785, 465431, 469268,
)
BIN_S = 0.050
SCREEN_DEGREES = 20.0
TRIAL_MASK = "start_end_pad0"
META_COLUMNS = ("meta_index", "x0_mwk", "y0_mwk", "dx_rnn", "dy_rnn", "t_occ", "t_f")

# Globals a pickle of numpy arrays, dicts and pandas DataFrames needs (numpy 1.x and 2.x, pandas 1.x and 2.x names).
ALLOWED_GLOBALS = {
    ("numpy", "ndarray"), ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
    ("numpy.core.numeric", "_frombuffer"), ("numpy._core.numeric", "_frombuffer"),
    ("collections", "OrderedDict"), ("builtins", "slice"),
    ("pandas.core.frame", "DataFrame"), ("pandas.core.series", "Series"),
    ("pandas.core.internals.managers", "BlockManager"), ("pandas.core.internals.managers", "SingleBlockManager"),
    ("pandas._libs.internals", "_unpickle_block"), ("pandas.core.internals.blocks", "new_block"),
    ("pandas.core.internals.blocks", "Block"), ("pandas.core.internals.blocks", "NumpyBlock"),
    ("pandas.core.internals.blocks", "ObjectBlock"), ("pandas.core.internals.blocks", "FloatBlock"),
    ("pandas.core.internals.blocks", "IntBlock"),
    ("pandas.core.indexes.base", "_new_Index"), ("pandas.core.indexes.base", "Index"),
    ("pandas.core.indexes.range", "RangeIndex"),
}
RENAMED_GLOBALS = {  # pandas 1.x index classes, gone in pandas 2: their data rebuild as a plain Index
    ("pandas.core.indexes.numeric", name): ("pandas.core.indexes.base", "Index")
    for name in ("Int64Index", "Float64Index", "UInt64Index", "NumericIndex")
}


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        module, name = RENAMED_GLOBALS.get((module, name), (module, name))
        if (module, name) not in ALLOWED_GLOBALS:
            raise pickle.UnpicklingError(f"refused global {module}.{name}: only numpy arrays, plain containers and "
                                         "pandas DataFrames are read")
        return super().find_class(module, name)


def safe_load(path: str | os.PathLike) -> Any:
    """Unpickle `path` allowing only ALLOWED_GLOBALS; RecordingError naming the file otherwise."""
    try:
        with open(path, "rb") as handle:
            return _RestrictedUnpickler(handle).load()
    except FileNotFoundError as err:
        raise RecordingError(f"{path}: file not found") from err
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, KeyError,
            IndexError, MemoryError) as err:
        raise RecordingError(f"{path}: not a DMFC release file this converter can read safely ({err})") from err


def frame_units(degrees: np.ndarray, task: Mapping[str, Any]) -> np.ndarray:
    """Screen degrees (centred at 0) to the generator's frame units (origin at the lower-left corner)."""
    size = task["frame_units"]
    return size / 2 + np.asarray(degrees, dtype=np.float64) * size / SCREEN_DEGREES


def _field(mapping: Any, path: str, key: str) -> Any:
    if not isinstance(mapping, Mapping) or key not in mapping:
        raise RecordingError(f"{path}: missing key {key!r}")
    return mapping[key]


def release_conditions(meta: Any, meta_path: str, task: Mapping[str, Any]) -> pd.DataFrame:
    """CONDITION_PARAMETERS of the 79 conditions, checked against the metadata's own epoch ends."""
    if not isinstance(meta, pd.DataFrame):
        raise RecordingError(f"{meta_path}: expected a DataFrame of condition metadata, found {type(meta).__name__}")
    missing = [c for c in META_COLUMNS if c not in meta.columns]
    if missing:
        raise RecordingError(f"{meta_path}: missing column(s) {missing}")
    if meta["meta_index"].duplicated().any():
        raise RecordingError(f"{meta_path}: column 'meta_index' repeats ids, e.g. "
                             f"{meta.loc[meta['meta_index'].duplicated(), 'meta_index'].iloc[0]}")
    by_index = meta.set_index("meta_index")
    absent = [i for i in PONG_BASIC_META_IDX if i not in by_index.index]
    if absent:
        raise RecordingError(f"{meta_path}: column 'meta_index' lacks {len(absent)} of the 79 conditions, e.g. "
                             f"{absent[:5]}")
    rows = by_index.loc[list(PONG_BASIC_META_IDX)]
    scale = task["frame_units"] / SCREEN_DEGREES
    vx, vy = rows["dx_rnn"].to_numpy(float) * scale, rows["dy_rnn"].to_numpy(float) * scale
    params = pd.DataFrame({"condition": np.arange(len(rows), dtype=np.int32),
                           "x0": frame_units(rows["x0_mwk"], task), "y0": frame_units(rows["y0_mwk"], task),
                           "heading": np.arctan2(vy, vx), "speed": np.hypot(vx, vy)})
    described = describe(params["x0"], params["y0"], params["heading"], params["speed"], task)
    for ours, theirs in (("t_occ", "t_occ"), ("t_end", "t_f")):
        off = np.abs(described[ours].to_numpy() - rows[theirs].to_numpy()) > 1
        if off.any():
            raise RecordingError(f"{meta_path}: column '{theirs}' disagrees (by more than one step) with the step the "
                                 f"generator computes from x0_mwk/dx_rnn for {int(off.sum())} condition(s), e.g. "
                                 f"meta_index {rows.index[off][0]}; check the geometry and velocity units")
    return params


def release_neural(raw: Any, neural_path: str, conditions: pd.DataFrame, task: Mapping[str, Any],
                   epoch: str = "occ") -> pd.DataFrame:
    """NEURAL rows: every reliable unit's rate and split halves at every generator step of every condition."""
    arrays = []
    for key in ("neural_responses_reliable", "neural_responses_reliable_sh1", "neural_responses_reliable_sh2"):
        arrays.append(np.asarray(_field(_field(raw, neural_path, key), neural_path, epoch), dtype=np.float64))
    mask = np.asarray(_field(_field(_field(raw, neural_path, "masks"), neural_path, epoch), neural_path, TRIAL_MASK),
                      dtype=bool)
    n_cond = len(conditions)
    if any(a.ndim != 3 or a.shape != arrays[0].shape or a.shape[1] != n_cond for a in arrays) \
            or mask.shape != arrays[0].shape[1:]:
        raise RecordingError(f"{neural_path}: expected responses (units, {n_cond}, bins) and a {TRIAL_MASK} mask "
                             f"({n_cond}, bins); found {[a.shape for a in arrays]} and {mask.shape}")
    stacked = np.stack(arrays)  # (3, units, C, bins)
    if not np.isfinite(stacked[:, :, mask]).all():
        raise RecordingError(f"{neural_path}: non-finite response inside a trial ({TRIAL_MASK})")
    t_end = describe(conditions["x0"], conditions["y0"], conditions["heading"], conditions["speed"],
                     task)["t_end"].to_numpy()
    start = mask.argmax(axis=1)  # first in-trial bin of each condition
    last = mask.shape[1] - 1 - mask[:, ::-1].argmax(axis=1)
    needed = np.ceil(t_end * task["step_s"] / BIN_S).astype(int)  # bins the generator's trial spans
    covered = mask.sum(axis=1)
    short = (covered < needed) | (covered != last - start + 1)  # empty, too short, or with holes
    if short.any():
        c = int(np.flatnonzero(short)[0])
        raise RecordingError(f"{neural_path}: {TRIAL_MASK} mask of {int(short.sum())} condition(s) is not one run of "
                             f"at least the trial's {needed[c]} bins, e.g. condition {c} ({covered[c]} bins)")
    # Vectorised linear interpolation at each step centre, in bins from the condition's first in-trial bin.
    c_idx = np.repeat(np.arange(n_cond), t_end)
    steps = np.arange(t_end.sum()) - np.repeat(np.cumsum(t_end) - t_end, t_end)
    position = start[c_idx] + np.clip((steps + 0.5) * task["step_s"] / BIN_S - 0.5, 0, None)
    position = np.minimum(position, last[c_idx])
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, last[c_idx])
    weight = position - low
    values = stacked[:, :, c_idx, low] * (1 - weight) + stacked[:, :, c_idx, high] * weight  # (3, units, samples)
    n_units, n_samples = values.shape[1], len(c_idx)
    return pd.DataFrame({
        "unit": np.repeat(np.arange(n_units), n_samples).astype(np.int32),
        "condition": np.tile(c_idx, n_units).astype(np.int32),
        "step": np.tile(steps, n_units).astype(np.int32),
        "rate": values[0].ravel(), "rate_half1": values[1].ravel(), "rate_half2": values[2].ravel()})


def convert_release(neural_path: str, meta_path: str, out_dir: str | os.PathLike, task: Mapping[str, Any],
                    epoch: str = "occ") -> tuple[str, str]:
    """Write `conditions.parquet` and `neural.parquet` (the reference-recording format) into `out_dir`; returns their
    paths. Nothing is written unless both convert."""
    conditions = release_conditions(safe_load(meta_path), str(meta_path), task)
    neural = release_neural(safe_load(neural_path), str(neural_path), conditions, task, epoch)
    os.makedirs(out_dir, exist_ok=True)
    paths = (os.path.join(out_dir, "conditions.parquet"), os.path.join(out_dir, "neural.parquet"))
    write_table(conditions, paths[0], schemas.CONDITION_PARAMETERS)
    try:
        write_table(neural, paths[1], schemas.NEURAL)
    except BaseException:
        os.remove(paths[0])
        raise
    return paths


def main(argv: list[str] | None = None) -> None:
    """`python -m neuroai.mentalsim.dmfc NEURAL_PKL META_PKL OUT_DIR [--config config.yaml] [--epoch occ]`."""
    import argparse

    import yaml

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("neural", help="all_hand_dmfc_dataset_50ms.pkl from the release")
    parser.add_argument("meta", help="valid_meta_sample_full.pkl from the release")
    parser.add_argument("out_dir", help="folder for conditions.parquet and neural.parquet")
    parser.add_argument("--config", default="config.yaml", help="config whose mentalsim.task holds the geometry")
    parser.add_argument("--epoch", default="occ", help="stimulus condition of the release to convert (occ or vis)")
    args = parser.parse_args(argv)
    with open(args.config) as handle:
        task = (yaml.safe_load(handle) or {}).get("mentalsim", {}).get("task")
    if not task:
        parser.error(f"{args.config} has no mentalsim.task section; pass the project's full config.yaml")
    for path in convert_release(args.neural, args.meta, args.out_dir, task, args.epoch):
        print(path)


if __name__ == "__main__":
    main()
