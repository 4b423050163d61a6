"""Benchmark: the grid-cell study from a clean results/ with `snakemake --cores N gridcells`, plus kernels.

Prints wall time and, from Snakemake's benchmark files, CPU seconds and peak memory per rule (CPU time is far less
sensitive than wall time to other load on the machine), then the speed of the hot kernels: one training step of the
default model and the grid score of a batch of rate maps. Usage:
    .venv/bin/python bench/gridcells_end_to_end.py [--cores 2] [--configfile FILE] [--keep DIR] [--kernels-only]
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import yaml
from study_timing import study_parser, time_clean_run

ROOT = Path(__file__).resolve().parents[1]


def kernels(config: dict) -> None:
    """Seconds per training step (default model and batch) and per 1000 grid scores."""
    import torch

    from neuroai.gridcells.gridscore import autocorrelogram, grid_scores
    from neuroai.common.torch_state import deterministic_torch
    from neuroai.gridcells.train import batch_losses, build_model, permuted_batch

    gc = config["gridcells"]
    deterministic_torch(gc["training"]["threads"])
    gen = torch.Generator().manual_seed(0)
    model = build_model(gc["model"], {"capacity": True}, gen)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    seqs = 0.15 * (2 * torch.rand(200, gc["model"]["seq_len"], 2, generator=gen) - 1)
    times = []
    for _ in range(30):
        start = time.perf_counter()
        batch = permuted_batch(seqs, gc["training"]["walks_per_batch"], gc["training"]["permutations"], gen)
        loss = sum(batch_losses(model, batch, gc["training"]).values())
        opt.zero_grad()
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - start)
    print(f"training step (n_units={gc['model']['n_units']}, seq_len={gc['model']['seq_len']}, "
          f"batch={gc['training']['walks_per_batch']}x{gc['training']['permutations']}): "
          f"median {np.median(times[5:]) * 1e3:.1f} ms")
    n_bins = gc["evaluation"]["n_bins"]
    maps = np.random.default_rng(0).normal(size=(500, n_bins, n_bins))
    start = time.perf_counter()
    grid_scores(autocorrelogram(maps))
    print(f"grid score, {n_bins}x{n_bins} maps: {(time.perf_counter() - start) / 500 * 1e3:.2f} ms per map")


def main() -> None:
    parser = study_parser(__doc__.splitlines()[0])
    parser.add_argument("--kernels-only", action="store_true")
    args = parser.parse_args()
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    if args.configfile:
        override = yaml.safe_load(Path(args.configfile).read_text()).get("gridcells", {})
        for key, value in override.items():
            config["gridcells"][key].update(value) if isinstance(value, dict) else config["gridcells"].update(
                {key: value})
    if not args.kernels_only:
        time_clean_run("gridcells", args.cores, args.configfile, args.keep)
    kernels(config)


if __name__ == "__main__":
    main()
