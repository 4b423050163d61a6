"""Benchmark: the Mental-Pong study from a clean results/ with `snakemake --cores N mentalsim`, plus kernels.

Prints wall time and, from Snakemake's benchmark files, CPU seconds and peak memory per rule (CPU time is far less
sensitive than wall time to other load on the machine), then the hot kernels: milliseconds per training step of
each model class at the default architecture and batch. Usage:
    .venv/bin/python bench/mentalsim_end_to_end.py [--cores 2] [--configfile FILE] [--keep DIR] [--kernels-only]
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import yaml
from study_timing import study_parser, time_clean_run

ROOT = Path(__file__).resolve().parents[1]


def kernels(ms: dict) -> None:
    """Median milliseconds per optimiser step of each trained module on random clips of the default size."""
    import torch

    from neuroai.common.torch_state import deterministic_torch
    from neuroai.mentalsim.training import PixelModel, info_nce
    from neuroai.mentalsim.networks import Decoder, Dynamics, Encoder

    arch, training, px = ms["architecture"], ms["training"], ms["task"]["pixels"]
    gen = deterministic_torch(training["threads"], 0)
    batch = torch.rand(training["batch_clips"], ms["pretraining_set"]["clip_steps"], px, px, generator=gen)
    encoder, decoder = Encoder(px, arch["latent_dim"]), Decoder(px, arch["latent_dim"])
    dynamics = Dynamics(arch["latent_dim"], arch["hidden"])
    pixel = PixelModel(px, arch, future=True)
    latents = torch.randn(training["batch_clips"], ms["pretraining_set"]["clip_steps"], arch["latent_dim"])
    losses = {
        "encoder: time_contrastive": (lambda: info_nce(encoder, batch, gen, 0.1, 2), encoder.parameters()),
        "encoder: autoencoder": (lambda: torch.nn.functional.mse_loss(decoder(encoder(batch)), batch),
                                 list(encoder.parameters()) + list(decoder.parameters())),
        "pixel_future / end_to_end": (lambda: pixel.loss(batch), pixel.parameters()),
        "latent_future dynamics": (lambda: torch.nn.functional.mse_loss(dynamics(latents)[1][:, :-1], latents[:, 1:]),
                                   dynamics.parameters()),
    }
    for name, (loss_fn, params) in losses.items():
        opt = torch.optim.Adam(params, lr=1e-3)
        times = []
        for _ in range(25):
            start = time.perf_counter()
            loss = loss_fn()
            opt.zero_grad()
            loss.backward()
            opt.step()
            times.append(time.perf_counter() - start)
        print(f"{name}: median {np.median(times[5:]) * 1e3:.1f} ms per step "
              f"(batch {training['batch_clips']} clips x {ms['pretraining_set']['clip_steps']} frames of {px}x{px})")


def main() -> None:
    parser = study_parser(__doc__.splitlines()[0])
    parser.add_argument("--kernels-only", action="store_true")
    args = parser.parse_args()
    ms = yaml.safe_load((ROOT / "config.yaml").read_text())["mentalsim"]
    if args.configfile:
        for key, value in yaml.safe_load(Path(args.configfile).read_text()).get("mentalsim", {}).items():
            ms[key].update(value) if isinstance(value, dict) else ms.update({key: value})
    if not args.kernels_only:
        time_clean_run("mentalsim", args.cores, args.configfile, args.keep)
    kernels(ms)


if __name__ == "__main__":
    main()
