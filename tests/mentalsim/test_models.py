"""Model classes: deterministic training, and the rollout protocol (future predictors never see occluded frames)."""

import numpy as np
import pytest
import torch

from neuroai.common.seeding import rng
from neuroai.mentalsim.pong import sample_conditions, trajectories
from neuroai.mentalsim.pretraining_set import pretraining_clips
from neuroai.mentalsim.render import render_pong
from neuroai.mentalsim.rollout import held_latent_states, latent_states, pad_videos, pixel_states
from neuroai.mentalsim.training import pretrain_encoder, train_latent_dynamics, train_pixel_model

ARCH = {"latent_dim": 8, "hidden": 12}
TRAINING = {"steps": 3, "batch_clips": 4, "learning_rate": 1e-3, "threads": 1}
CORPUS = {"n_clips": 16, "clip_steps": 6, "max_balls": 2, "speed_range": [0.25, 1.0], "radius_range": [0.5, 1.2],
          "backdrop_probability": 0.5}


@pytest.fixture
def data(task):
    clips = pretraining_clips(rng(1, "clips"), CORPUS, task)
    conditions = sample_conditions(rng(1, "cond"), task, 6, 2)
    latents = trajectories(conditions, task)
    video = render_pong(latents["x"].to_numpy(), latents["y"].to_numpy(), task, occluded=True)
    frames = torch.as_tensor(pad_videos(video, conditions), dtype=torch.float32) / 255
    return clips, frames, torch.as_tensor(conditions["t_occ"].to_numpy())


def scrambled_after_occlusion(frames, t_occ):
    """The same videos with every frame from the occluder onwards replaced by noise."""
    late = torch.arange(frames.shape[1])[None, :] >= t_occ[:, None]
    noise = torch.rand(frames.shape, generator=torch.Generator().manual_seed(0))
    return torch.where(late[..., None, None], noise, frames)


def test_pretraining_corpus_has_no_occluder_hiding_balls(task):
    clips = pretraining_clips(rng(1, "clips"), CORPUS, task)
    assert clips.shape == (16, 6, task["pixels"], task["pixels"]) and clips.dtype == np.uint8
    # A backdrop is drawn behind balls: every frame's brightest pixel is at least the backdrop or a ball.
    assert (clips.reshape(16, 6, -1).max(-1) > 0).all()


@pytest.mark.parametrize("future", [True, False])
def test_pixel_models_train_deterministically(data, task, future):
    clips = data[0]
    first, curve = train_pixel_model(clips, ARCH, TRAINING, task["pixels"], future, seed=4)
    second, _ = train_pixel_model(clips, ARCH, TRAINING, task["pixels"], future, seed=4)
    assert len(curve) == TRAINING["steps"] and np.isfinite(curve["loss"]).all()
    for a, b in zip(first.state_dict().values(), second.state_dict().values(), strict=True):
        assert torch.equal(a, b)


def test_future_predictors_ignore_occluded_frames_but_end_to_end_sees_them(data, task):
    clips, frames, t_occ = data
    scrambled = scrambled_after_occlusion(frames, t_occ)
    pixel, _ = train_pixel_model(clips, ARCH, TRAINING, task["pixels"], True, seed=1)
    assert torch.equal(pixel_states(pixel, frames, t_occ), pixel_states(pixel, scrambled, t_occ))
    encoder, _ = pretrain_encoder(clips, {"objective": "time_contrastive", "temperature": 0.1, "max_offset": 2,
                                          "min_negative_offset": 3},
                                  ARCH, TRAINING, task["pixels"], seed=2)
    dynamics, _ = train_latent_dynamics(clips, encoder, ARCH, TRAINING, seed=3)
    assert torch.equal(latent_states(encoder, dynamics, frames, t_occ),
                       latent_states(encoder, dynamics, scrambled, t_occ))
    held = held_latent_states(encoder, frames, t_occ)
    assert torch.equal(held, held_latent_states(encoder, scrambled, t_occ))
    assert torch.equal(held[0, -1], held[0, int(t_occ[0]) - 1])  # the last visible latent, carried on
    e2e, _ = train_pixel_model(clips, ARCH, TRAINING, task["pixels"], False, seed=1)
    assert not torch.equal(pixel_states(e2e, frames, t_occ), pixel_states(e2e, scrambled, t_occ))
    # Before occlusion every model sees the same frames, so states there agree.
    early = int(t_occ.min())
    assert torch.equal(pixel_states(e2e, frames, t_occ)[:, :early], pixel_states(e2e, scrambled, t_occ)[:, :early])


def test_autoencoder_encoder_trains(data, task):
    encoder, curve = pretrain_encoder(data[0], {"objective": "autoencoder"}, ARCH, TRAINING, task["pixels"], seed=5)
    assert curve["stage"].iloc[0] == "encoder:autoencoder" and np.isfinite(curve["loss"]).all()


def test_latent_dynamics_work_on_standardised_latents(data, task):
    clips = data[0]
    encoder, _ = pretrain_encoder(clips, {"objective": "autoencoder"}, ARCH, TRAINING, task["pixels"], seed=6)
    dynamics, _ = train_latent_dynamics(clips, encoder, ARCH, TRAINING, seed=7)
    with torch.no_grad():
        z = dynamics.standardise(encoder(torch.as_tensor(clips, dtype=torch.float32) / 255)).reshape(-1, 8)
    np.testing.assert_allclose(z.mean(0).numpy(), 0, atol=1e-4)
    np.testing.assert_allclose(z.std(0).numpy(), 1, atol=1e-3)
