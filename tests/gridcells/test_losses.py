import numpy as np
import pytest
import torch

from neuroai.gridcells.losses import (capacity_loss, conformal_loss, invariance_loss, pairwise_distances,
                                      sampled_pair_losses, separation_loss)
from neuroai.gridcells.model import PathIntegrator, norm_relu
from neuroai.gridcells.train import batch_losses, permuted_batch, train

TRAINING = {"steps": 60, "walks_per_batch": 3, "permutations": 4, "learning_rate": 0.01, "sigma_x": 0.15,
            "sigma_g": 0.5, "sigma_inv": 0.03, "lambda_separation": 1.0, "lambda_invariance": 1.0,
            "lambda_capacity": 0.5, "lambda_conformal": 1.0, "separation_pairs": 0, "log_every": 1, "threads": 1}
MODEL = {"recurrence": "velocity_gated", "velocity_gain": 4.0}
FULL = {"separation": True, "invariance": True, "capacity": True, "conformal": True, "norm_relu": True}


@pytest.fixture
def sequences():
    rng = np.random.default_rng(3)
    angles = np.cumsum(rng.normal(0, 0.5, size=(50, 10)), axis=1)
    return (0.05 * np.stack([np.cos(angles), np.sin(angles)], axis=-1)).astype(np.float32)


def test_separation_is_high_for_identical_codes_and_low_for_orthogonal_ones():
    x = torch.tensor([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    same = torch.ones(3, 4) / 2
    orthogonal = torch.eye(3, 4)
    assert separation_loss(*pairwise_distances(x, same), 0.1, 0.5) == pytest.approx(1.0)
    assert separation_loss(*pairwise_distances(x, orthogonal), 0.1, 0.5) < 0.02


def test_separation_ignores_nearby_pairs_and_invariance_only_counts_them():
    x = torch.tensor([[0.0, 0.0], [0.001, 0.0], [5.0, 0.0]])
    codes = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])  # nearby pair differs, distant pair matches
    dx, dg = pairwise_distances(x, codes)
    assert separation_loss(dx, dg, 0.1, 0.5) > 0.4
    assert invariance_loss(dx, dg, 0.01) == pytest.approx(2.0, rel=1e-3)
    codes_ok = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    dx, dg = pairwise_distances(x, codes_ok)
    assert invariance_loss(dx, dg, 0.01) == pytest.approx(0.0, abs=1e-6)
    assert separation_loss(dx, dg, 0.1, 0.5) < 0.02


def test_norm_relu_codes_are_non_negative_unit_vectors():
    g = norm_relu(torch.randn(100, 16))
    assert (g >= 0).all()
    assert torch.allclose(g.norm(dim=-1), torch.ones(100), atol=1e-4)


def test_permuted_batch_shares_start_and_end(sequences):
    batch = permuted_batch(torch.as_tensor(sequences), 3, 4, torch.Generator().manual_seed(0))
    ends = batch.sum(dim=1).reshape(3, 4, 2)
    assert batch.shape == (12, 10, 2)
    assert torch.allclose(ends, ends[:, :1].expand_as(ends), atol=1e-6)
    assert not torch.equal(batch[0], batch[1])


def test_losses_decrease_on_a_short_run(sequences):
    _, curve = train(sequences, {**MODEL, "n_units": 16}, FULL, TRAINING, seed=1)
    early, late = curve["total"].iloc[:10].mean(), curve["total"].iloc[-10:].mean()
    assert late < 0.8 * early


def test_training_is_deterministic(sequences):
    m1, c1 = train(sequences, {**MODEL, "n_units": 8}, FULL, {**TRAINING, "steps": 5}, seed=7)
    m2, c2 = train(sequences, {**MODEL, "n_units": 8}, FULL, {**TRAINING, "steps": 5}, seed=7)
    m3, _ = train(sequences, {**MODEL, "n_units": 8}, FULL, {**TRAINING, "steps": 5}, seed=8)
    assert c1.equals(c2)
    assert all(torch.equal(a, b) for a, b in zip(m1.state_dict().values(), m2.state_dict().values()))
    assert not torch.equal(m1.gates, m3.gates)


def test_ablations_switch_terms_and_normalisation(sequences):
    relu = {**FULL, "capacity": False, "norm_relu": False}
    model, curve = train(sequences, {**MODEL, "n_units": 8}, relu, {**TRAINING, "steps": 2}, seed=2)
    assert not model.normalise
    assert {"separation", "invariance", "capacity", "conformal", "total"} <= set(curve.columns)
    no_sep = {**FULL, "separation": False}
    m, c = train(sequences, {**MODEL, "n_units": 8}, no_sep, {**TRAINING, "steps": 1}, seed=2)
    assert m.normalise
    losses = batch_losses(m, permuted_batch(torch.as_tensor(sequences), 2, 2, torch.Generator()), TRAINING,
                          torch.Generator())
    assert set(losses) == {"separation", "invariance", "capacity", "conformal"}
    first = c.iloc[0]
    assert first["total"] == pytest.approx(first["invariance"] + 0.5 * first["capacity"] + first["conformal"])
    no_cap_no_conf = {**FULL, "capacity": False, "conformal": False}
    _, c = train(sequences, {**MODEL, "n_units": 8}, no_cap_no_conf, {**TRAINING, "steps": 1}, seed=2)
    assert c["total"].iloc[0] == pytest.approx(c["separation"].iloc[0] + c["invariance"].iloc[0])
    with pytest.raises(ValueError, match="separation or the invariance"):
        train(sequences, {**MODEL, "n_units": 8}, {**FULL, "separation": False, "invariance": False}, TRAINING, seed=2)


def test_capacity_loss_is_lowest_for_a_dense_code_and_zero_for_none():
    dense = torch.full((6, 4), 0.5)                   # every unit active everywhere: mean code of length 1
    sparse = torch.eye(6, 4)[[0, 1, 2, 3, 0, 1]]      # one unit active per point (a place code)
    assert capacity_loss(dense) == pytest.approx(-1.0)
    assert capacity_loss(dense) < capacity_loss(sparse) < 0.0
    assert capacity_loss(torch.zeros(6, 4)) == 0.0


@pytest.mark.parametrize("recurrence", ["velocity_gated", "additive"])
def test_model_output_shape_and_start_state(recurrence):
    model = PathIntegrator(12, normalise=True, generator=torch.Generator().manual_seed(0), recurrence=recurrence)
    out = model(torch.zeros(5, 7, 2))
    assert out.shape == (5, 7, 12)
    assert torch.allclose(out[:, 0], out[0, 0].expand(5, -1))  # every walk starts from the same learned state


def test_velocity_gated_network_stands_still_without_movement_and_moves_with_it():
    model = PathIntegrator(12, normalise=True, generator=torch.Generator().manual_seed(0), velocity_gain=2.0)
    still = model(torch.zeros(1, 4, 2))[0]
    assert torch.allclose(still, model.initial_state(1).expand(4, -1), atol=1e-6)  # W(0) = identity at the start
    moving = model(torch.full((1, 4, 2), 0.1))[0]
    assert (moving - still).norm(dim=-1).min() > 1e-3
    with pytest.raises(ValueError, match="model.recurrence"):
        PathIntegrator(4, True, torch.Generator(), recurrence="lstm")


def test_conformal_loss_is_zero_for_constant_speed_in_code_space_and_scale_free():
    start = torch.zeros(1, 3)
    steps = torch.tensor([[[1.0, 0.0], [0.0, 2.0], [3.0, 0.0]]])
    codes = torch.tensor([[[2.0, 0.0, 0.0], [2.0, 4.0, 0.0], [2.0, 4.0, 6.0]]])  # |dg| = 2 |v| at every step
    assert conformal_loss(codes, start, steps) == pytest.approx(0.0, abs=1e-10)
    uneven = codes.clone()
    uneven[0, 2, 2] = 1.0
    assert conformal_loss(uneven, start, steps) > 0.1
    assert conformal_loss(10 * uneven, start, steps) == pytest.approx(float(conformal_loss(uneven, start, steps)))


def test_pipeline_tables_are_identical_for_the_same_config(default_config, tmp_path):
    import copy

    from neuroai.common.jobs import Job
    from neuroai.gridcells.jobs import evaluate_network, train_network, trajectories

    gc = copy.deepcopy(default_config["gridcells"])
    gc["trajectory"].update(train_sequences=12, eval_walks=30, eval_steps=6)
    gc["model"].update(n_units=8, seq_len=6)
    gc["training"].update(steps=3, walks_per_batch=2, permutations=2)
    gc["evaluation"].update(n_bins=8, min_visits=1, n_shuffles=2, min_shift_samples=10)
    seed, terms, full = default_config["seed"], gc["conditions"]["full"], {"condition": "full", "replicate": "0"}
    outputs = []
    for run in ("a", "b"):
        d = tmp_path / run
        files = {name: str(d / f"{name}.parquet") for name in ("train", "eval", "curve", "units", "null", "maps",
                                                              "topology", "distances")}
        trajectories(Job({"seed": seed, "trajectory": gc["trajectory"], "seq_len": gc["model"]["seq_len"]}, {},
                         files, {}))
        train_network(Job({"seed": seed, "terms": terms, "model": gc["model"], "training": gc["training"]},
                          files, {"model": str(d / "model.pt"), **files}, full))
        evaluate_network(Job({"seed": seed, "model": gc["model"], "terms": terms, "threads": 1,
                              "evaluation": gc["evaluation"], "box_size_m": gc["trajectory"]["box_size_m"]},
                             {**files, "model": str(d / "model.pt")}, files, full))
        outputs.append([(d / f"{name}.parquet").read_bytes() for name in files])
    assert outputs[0] == outputs[1]


def test_sampled_pairs_estimate_separation_without_bias_and_invariance_exactly():
    gen = torch.Generator().manual_seed(0)
    steps = 0.15 * (2 * torch.rand(1, 30, 2, generator=gen) - 1)
    positions = torch.cumsum(permuted_batch(steps, 1, 16, gen), dim=1).reshape(-1, 2)
    codes = torch.nn.functional.normalize(torch.rand(len(positions), 8, generator=gen), dim=1)
    dx, dg = pairwise_distances(positions, codes)
    exact_sep, exact_inv = separation_loss(dx, dg, 0.05, 0.4), invariance_loss(dx, dg, 0.05)
    draws = torch.stack([torch.stack(sampled_pair_losses(positions, codes, 0.05, 0.4, 0.05, 500, gen))
                         for _ in range(200)])
    assert float(draws[:, 0].mean()) == pytest.approx(float(exact_sep), rel=0.01)
    assert float(draws[:, 0].std()) > 0  # it is an estimate ...
    torch.testing.assert_close(draws[:, 1], exact_inv.expand(200))  # ... and invariance is exact


def test_sampled_pairs_carry_gradients_to_the_codes():
    gen = torch.Generator().manual_seed(1)
    positions = torch.rand(50, 2, generator=gen)
    codes = torch.rand(50, 4, generator=gen, requires_grad=True)
    separation, invariance = sampled_pair_losses(positions, codes, 0.05, 0.4, 0.1, 100, gen)
    (separation + invariance).backward()
    assert codes.grad.abs().sum() > 0
