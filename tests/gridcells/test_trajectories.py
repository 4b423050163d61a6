import numpy as np

from neuroai.gridcells.trajectories import evaluation_walks, training_velocities


def test_evaluation_walks_start_at_the_centre_stay_in_the_box_and_integrate(default_config):
    traj = default_config["gridcells"]["trajectory"]
    disp, pos = evaluation_walks(traj, 20, 15, np.random.default_rng(0))
    half = traj["box_size_m"] / 2
    assert disp.shape == pos.shape == (20, 15, 2)
    assert ((pos >= 0) & (pos <= traj["box_size_m"])).all()
    assert np.allclose(half + np.cumsum(disp, axis=1), pos, atol=1e-4)  # positions = start + summed velocities
    assert np.std(pos[:, -1], axis=0).min() > 0.02  # walks go different ways


def test_ratinabox_training_velocities_are_seeded_and_match_the_motion_model(default_config):
    traj = {**default_config["gridcells"]["trajectory"], "train_source": "ratinabox"}
    a = training_velocities(traj, 30, 10, np.random.default_rng(1))
    b = training_velocities(traj, 30, 10, np.random.default_rng(1))
    c = training_velocities(traj, 30, 10, np.random.default_rng(2))
    assert a.shape == (30, 10, 2) and np.array_equal(a, b) and not np.array_equal(a, c)
    mean_speed = np.linalg.norm(a, axis=-1).mean() / traj["dt_s"]
    assert 0.3 * traj["speed_mean_m_s"] < mean_speed < 2.0 * traj["speed_mean_m_s"]
    state = np.random.get_state()[1][:5].copy()
    training_velocities(traj, 2, 5, np.random.default_rng(3))
    assert np.array_equal(np.random.get_state()[1][:5], state)  # NumPy's global state is restored


def test_uniform_training_velocities_are_the_papers_iid_steps(default_config):
    traj = {**default_config["gridcells"]["trajectory"], "train_source": "uniform", "uniform_max_step_m": 0.15}
    a = training_velocities(traj, 2000, 20, np.random.default_rng(1))
    assert a.shape == (2000, 20, 2) and a.dtype == np.float32
    assert np.array_equal(a, training_velocities(traj, 2000, 20, np.random.default_rng(1)))
    assert np.abs(a).max() <= 0.15 and np.abs(a).max() > 0.149
    np.testing.assert_allclose(a.reshape(-1, 2).mean(axis=0), 0.0, atol=0.003)
    np.testing.assert_allclose(a.reshape(-1, 2).std(axis=0), 0.15 / np.sqrt(3), rtol=0.02)  # uniform's sd
    lagged = np.corrcoef(a[:, :-1, 0].ravel(), a[:, 1:, 0].ravel())[0, 1]
    assert abs(lagged) < 0.02  # independent over time, unlike a RatInABox walk
