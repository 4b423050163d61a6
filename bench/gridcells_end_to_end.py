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


def _step_ms(gc: dict, model_cfg: dict, training: dict, seq_len: int) -> float:
    """Median ms of one training step (forward, every loss, backward, Adam) for the given model and batch."""
    import torch

    from neuroai.gridcells.train import batch_losses, build_model, permuted_batch

    gen = torch.Generator().manual_seed(0)
    model = build_model(model_cfg, {"norm_relu": True}, gen)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    seqs = 0.15 * (2 * torch.rand(200, seq_len, 2, generator=gen) - 1)
    times = []
    for _ in range(25):
        start = time.perf_counter()
        batch = permuted_batch(seqs, training["walks_per_batch"], training["permutations"], gen)
        loss = sum(batch_losses(model, batch, training, gen).values())
        opt.zero_grad()
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - start)
    return float(np.median(times[5:]) * 1e3)


def _matmul_gflops(n: int) -> float:
    """Same-run reference: GFLOP/s of an n x n float32 matrix multiply on this thread."""
    import torch

    a, b = torch.rand(n, n), torch.rand(n, n)
    start, reps = time.perf_counter(), 20
    for _ in range(reps):
        a @ b
    return 2 * n**3 * reps / (time.perf_counter() - start) / 1e9


def kernels(config: dict) -> None:
    """Seconds per training step (default batch, and the paper's T = 60 with sampled separation pairs, for each
    recurrence), a same-thread matmul for scale, and ms per grid score."""
    from neuroai.common.torch_state import deterministic_torch
    from neuroai.gridcells.gridscore import autocorrelogram, grid_scores

    gc = config["gridcells"]
    deterministic_torch(gc["training"]["threads"])
    print(f"matmul 640 x 640 float32: {_matmul_gflops(640):.1f} GFLOP/s")
    for recurrence in ("velocity_gated", "exponential"):
        model_cfg = {**gc["model"], "recurrence": recurrence}
        for seq_len, pairs in ((gc["model"]["seq_len"], 0), (60, 0), (60, 65536)):
            training = {**gc["training"], "separation_pairs": pairs}
            print(f"training step {recurrence}, n_units={gc['model']['n_units']}, T={seq_len}, "
                  f"batch={training['walks_per_batch']}x{training['permutations']}, separation pairs "
                  f"{pairs or 'all'}: median {_step_ms(gc, model_cfg, training, seq_len):.1f} ms")
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
