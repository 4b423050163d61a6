"""The exponential recurrence integrates large steps: zero velocity leaves the code still, and splitting steps into
sub-steps barely moves it (the first-order gated form, by contrast, drifts)."""

import pytest
import torch

from neuroai.gridcells.model import PathIntegrator


def _network(recurrence, seed=1):
    return PathIntegrator(32, True, torch.Generator().manual_seed(seed), recurrence, velocity_gain=4.0)


def _velocities(batch=100, steps=20):
    return (torch.rand(batch, steps, 2, generator=torch.Generator().manual_seed(0)) - 0.5) * 0.3


def _sub_step_drift(model, k):
    v = _velocities()
    with torch.no_grad():
        whole = model(v)
        split = model((v / k).repeat_interleave(k, dim=1))[:, k - 1::k]
    return float((split - whole).norm(dim=-1).mean())


@pytest.mark.parametrize("recurrence", ["exponential", "velocity_gated"])
def test_zero_velocity_leaves_a_fresh_code_still(recurrence):
    model = _network(recurrence)
    with torch.no_grad():
        codes = model(torch.zeros(4, 10, 2))
    torch.testing.assert_close(codes, model.initial_state(4)[:, None].expand_as(codes), atol=1e-5, rtol=0)


def test_zero_velocity_leaves_the_exponential_code_still_whatever_its_weights():
    model = _network("exponential")
    with torch.no_grad():
        model.generators.mul_(10.0)
        codes = model(torch.zeros(4, 10, 2))
    torch.testing.assert_close(codes, model.initial_state(4)[:, None].expand_as(codes), atol=1e-5, rtol=0)


@pytest.mark.parametrize("k", [2, 4, 8])
def test_sub_steps_barely_move_the_exponential_code(k):
    exponential, gated = _sub_step_drift(_network("exponential"), k), _sub_step_drift(_network("velocity_gated"), k)
    assert exponential < 0.12  # codes are unit vectors: distances run from 0 to sqrt(2)
    assert exponential < gated / 3


def test_shared_steps_give_the_same_codes_as_separate_batches():
    v = _velocities(batch=6)
    permuted = torch.cat([v, v[:, torch.randperm(v.shape[1], generator=torch.Generator().manual_seed(2))]])
    model = _network("exponential")
    with torch.no_grad():
        together = model(permuted)
        apart = torch.cat([model(permuted[:6]), model(permuted[6:])])
    torch.testing.assert_close(together, apart)


def test_matrix_exp_matches_torch_and_its_gradient():
    from neuroai.gridcells.model import matrix_exp

    gen = torch.Generator().manual_seed(3)
    x = (torch.randn(6, 16, 16, generator=gen, dtype=torch.float64) * torch.tensor([0.01, 0.1, 0.5, 1, 3, 8],
                                                                                    dtype=torch.float64)[:, None, None])
    torch.testing.assert_close(matrix_exp(x), torch.linalg.matrix_exp(x), rtol=1e-9, atol=1e-9)
    x.requires_grad_(True)
    weights = torch.randn(6, 16, 16, generator=gen, dtype=torch.float64)
    (mine,) = torch.autograd.grad((matrix_exp(x) * weights).sum(), x)
    (theirs,) = torch.autograd.grad((torch.linalg.matrix_exp(x) * weights).sum(), x)
    torch.testing.assert_close(mine, theirs, rtol=1e-7, atol=1e-7)
