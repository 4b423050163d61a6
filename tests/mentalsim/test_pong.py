"""Generator physics: closed-form bounces against a brute-force simulation, speed, limits, and occlusion."""

import numpy as np
import pandas as pd
import pytest

from neuroai.common.seeding import rng
from neuroai.mentalsim.pong import describe, is_valid, sample_conditions, trajectories
from neuroai.mentalsim.render import render_pong


def brute_force(x0, y0, vx, vy, steps, low, high, substeps=1000):
    """Independent reference: tiny Euler steps with explicit specular reflection (a loop, on purpose)."""
    x, y, path = x0, y0, []
    for _ in range(steps):
        path.append((x, y, vy))
        for _ in range(substeps):
            x, y = x + vx / substeps, y + vy / substeps
            if y > high:
                y, vy = 2 * high - y, -vy
            elif y < low:
                y, vy = 2 * low - y, -vy
    return np.array(path)


@pytest.fixture
def conditions(task):
    return sample_conditions(rng(3, "test"), task, 30, 12)


def test_conditions_obey_the_task_rules(conditions, task):
    assert len(conditions) == 30 and (conditions["n_bounce"] > 0).sum() == 12
    assert is_valid(conditions, task).all()
    lo, hi = task["start_x_range"]
    assert conditions["x0"].between(lo * task["frame_units"], hi * task["frame_units"]).all()
    assert np.abs(conditions["heading"]).max() <= task["heading_span_pi"] * np.pi + 1e-12
    again = sample_conditions(rng(3, "test"), task, 30, 12)
    pd.testing.assert_frame_equal(conditions, again)


def test_closed_form_bounces_match_brute_force(conditions, task):
    r, size = task["ball_radius"], task["frame_units"]
    latents = trajectories(conditions, task)
    for _, cond in conditions[conditions["n_bounce"] > 0].head(4).iterrows():
        ref = brute_force(cond["x0"], cond["y0"], cond["vx"], cond["vy"], int(cond["t_end"]), r, size - r)
        got = latents[latents["condition"] == cond["condition"]]
        np.testing.assert_allclose(got["y"], ref[:, 1], atol=1e-6)
        np.testing.assert_allclose(got["vy"], ref[:, 2])


def test_bounces_conserve_speed_and_stay_in_the_box(conditions, task):
    latents = trajectories(conditions, task)
    speed = conditions.set_index("condition")["speed"].reindex(latents["condition"]).to_numpy()
    np.testing.assert_allclose(np.hypot(latents["vx"], latents["vy"]), speed)
    r = task["ball_radius"]
    assert latents["y"].between(r, task["frame_units"] - r).all()
    # Bouncing conditions reverse vertical velocity exactly once, never change horizontal velocity.
    flips = latents.groupby("condition")["vy"].apply(lambda v: int((np.diff(np.sign(v)) != 0).sum()))
    n_bounce_by_end = latents.groupby("condition")["bounces"].max()
    assert (flips == n_bounce_by_end).all()
    assert (latents.groupby("condition")["vx"].nunique() == 1).all()


def test_interception_point_is_where_the_path_meets_the_paddle_line(task):
    # Straight up-right path from (16, 16) at 45 degrees: hits the top wall, reflects, reaches x = 32.
    d = describe([16.0], [16.0], [np.pi / 4], [1.0], task).iloc[0]
    r, size = task["ball_radius"], task["frame_units"]
    free_y = 16.0 + 16.0  # vy * t with vx = vy and 16 units to go
    assert d["n_bounce"] == 1
    assert d["final_y"] == pytest.approx(2 * (size - r) - free_y)


def test_occlusion_hides_the_ball(conditions, task):
    latents = trajectories(conditions, task)
    x, y = latents["x"].to_numpy(), latents["y"].to_numpy()
    occluded = render_pong(x, y, task, occluded=True)
    visible = render_pong(x, y, task, occluded=False)
    behind = (np.arange(task["pixels"]) + 0.5) * task["frame_units"] / task["pixels"] >= task["occluder_start"]
    grey = round(task["occluder_intensity"] * 255)
    assert (occluded[:, :, behind] == grey).all()  # nothing shows through the occluder
    deep = (latents["x"] >= task["occluder_start"] + 4 * task["ball_radius"]).to_numpy()
    assert deep.any() and (occluded[deep][:, :, ~behind] == 0).all()  # and no trace of the ball elsewhere
    assert visible[deep].max(axis=(1, 2)).min() > 100  # the unoccluded twin does show it
    early = ~latents["occluded"].to_numpy()
    np.testing.assert_array_equal(occluded[early][:, :, ~behind], visible[early][:, :, ~behind])
