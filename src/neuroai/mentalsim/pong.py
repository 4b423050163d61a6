"""Mental-Pong ball physics and the fixed condition set, re-implemented from the task's described rules.

Rules (Rajalingham et al. 2022 generator as summarised for Nayebi et al., NeurIPS 2023): a ball starts in the left
half of a square frame, moves at constant velocity to the right, reflects specularly off the top and bottom walls
(centre confined to [r, size - r]), and becomes invisible once its centre passes the occluder edge; the trial ends
when it reaches the paddle line (the right edge). Visible and occluded epochs must each last a bounded number of
steps and trajectories may bounce at most `max_bounces` times.

Reflections are computed in closed form (a triangle-wave fold of the free path), so whole condition sets are
simulated at once without a loop over time steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def fold(free: np.ndarray, low: float, high: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reflect free-flight coordinates into [low, high].

    Returns (position, direction sign (+1 unchanged, -1 reversed), number of wall bounces so far).
    """
    span = high - low
    u = free - low
    m = np.mod(u, 2 * span)
    position = low + np.where(m <= span, m, 2 * span - m)
    sign = np.where(m <= span, 1.0, -1.0)
    bounces = np.abs(np.floor(u / span)).astype(np.int64)
    return position, sign, bounces


def epoch_steps(x0: np.ndarray, vx: np.ndarray, task: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """First step with the ball behind the occluder, and first step at the paddle line (trial length)."""
    t_occ = np.ceil((task["occluder_start"] - x0) / vx).astype(np.int64)
    t_end = np.ceil((task["frame_units"] - x0) / vx).astype(np.int64)
    return t_occ, t_end


def describe(x0, y0, heading, speed, task: Mapping[str, Any]) -> pd.DataFrame:
    """Derived quantities of each (x0, y0, heading, speed): velocity, epoch steps, bounces, interception point."""
    x0, y0, heading, speed = (np.asarray(a, dtype=np.float64) for a in (x0, y0, heading, speed))
    vx, vy = speed * np.cos(heading), speed * np.sin(heading)
    t_occ, t_end = epoch_steps(x0, vx, task)
    t_final = (task["frame_units"] - x0) / vx  # continuous time of reaching the paddle line
    r = task["ball_radius"]
    final_y, _, n_bounce = fold(y0 + vy * t_final, r, task["frame_units"] - r)
    return pd.DataFrame({"x0": x0, "y0": y0, "heading": heading, "speed": speed, "vx": vx, "vy": vy,
                         "t_occ": t_occ, "t_end": t_end, "n_bounce": n_bounce, "final_y": final_y})


def is_valid(described: pd.DataFrame, task: Mapping[str, Any]) -> np.ndarray:
    """The task's constraints: epoch lengths within bounds and at most `max_bounces` bounces."""
    visible = described["t_occ"].to_numpy()
    occluded = (described["t_end"] - described["t_occ"]).to_numpy()
    (v_lo, v_hi), (o_lo, o_hi) = task["visible_steps"], task["occluded_steps"]
    return ((described["vx"].to_numpy() > 0) & (visible >= v_lo) & (visible <= v_hi)
            & (occluded >= o_lo) & (occluded <= o_hi) & (described["n_bounce"].to_numpy() <= task["max_bounces"]))


def candidate_grid(rng: np.random.Generator, n: int, task: Mapping[str, Any]) -> pd.DataFrame:
    """`n` random draws from the generator's parameter grid (start fractions, headings, speed bins)."""
    step = task["grid_step"]
    xs = np.arange(*task["start_x_range"], step) * task["frame_units"]
    ys = np.arange(*task["start_y_range"], step) * task["frame_units"]
    span = task["heading_span_pi"] * np.pi
    headings = np.linspace(-span, span, task["heading_values"])
    speeds = np.asarray(task["speeds"], dtype=np.float64)
    pick = [rng.integers(len(a), size=n) for a in (xs, ys, headings, speeds)]
    return describe(xs[pick[0]], ys[pick[1]], headings[pick[2]], speeds[pick[3]], task)


def sample_conditions(rng: np.random.Generator, task: Mapping[str, Any], n_conditions: int,
                      n_bounce: int) -> pd.DataFrame:
    """A fixed condition set: `n_bounce` valid trajectories that bounce and the rest that do not."""
    pool = candidate_grid(rng, 200 * n_conditions, task)
    pool = pool[is_valid(pool, task)].drop_duplicates(subset=["x0", "y0", "heading", "speed"])
    bouncing, straight = pool[pool["n_bounce"] > 0], pool[pool["n_bounce"] == 0]
    if len(bouncing) < n_bounce or len(straight) < n_conditions - n_bounce:
        raise ValueError(f"mentalsim.conditions: only {len(bouncing)} bouncing and {len(straight)} straight valid "
                         f"trajectories found for n={n_conditions}, n_bounce={n_bounce}; relax the task limits")
    chosen = pd.concat([bouncing.iloc[:n_bounce], straight.iloc[: n_conditions - n_bounce]])
    chosen = chosen.sample(frac=1.0, random_state=rng.integers(2**31)).reset_index(drop=True)
    chosen.insert(0, "condition", np.arange(n_conditions, dtype=np.int32))
    return chosen


def condition_steps(t_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(condition index, step) of every frame when condition i lasts t_end[i] steps, conditions in order."""
    cond_index = np.repeat(np.arange(len(t_end)), t_end)
    starts = np.cumsum(t_end) - t_end
    return cond_index, np.arange(int(np.sum(t_end))) - starts[cond_index]


def trajectories(conditions: pd.DataFrame, task: Mapping[str, Any]) -> pd.DataFrame:
    """Latent state of every condition at every step 0..t_end-1: position, velocity, bounces, occlusion."""
    t_end = conditions["t_end"].to_numpy()
    cond_index, step = condition_steps(t_end)
    c = conditions.iloc[cond_index]
    r = task["ball_radius"]
    y, sign, bounces = fold(c["y0"].to_numpy() + c["vy"].to_numpy() * step, r, task["frame_units"] - r)
    x = c["x0"].to_numpy() + c["vx"].to_numpy() * step
    return pd.DataFrame({"condition": c["condition"].to_numpy().astype(np.int32), "step": step.astype(np.int32),
                         "x": x, "y": y, "vx": c["vx"].to_numpy(), "vy": c["vy"].to_numpy() * sign,
                         "bounces": bounces.astype(np.int32), "occluded": x >= task["occluder_start"]})
