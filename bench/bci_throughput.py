"""Benchmark: BCI simulation throughput in neuron-time-steps per second, as ratios that hold on a noisy machine.

Measured in one run:
  1. the simulator's circuit update (`MouseSimulator._draw` + `_dendrites`: inputs, somas, spikes, dendrites, GCaMP
     imaging), vectorised over neurons and frames;
  2. the same update written as a straightforward Python loop over frames and neurons, fed the same random numbers
     (its output is checked equal to 1.);
  3. the machine's float64 matrix-multiply throughput on one thread (every job runs single-threaded);
  4. the whole simulation of one mouse on the default config (decoder, learning and imaging included).
Usage:
    .venv/bin/python bench/bci_throughput.py [--frames 4000] [--loop-frames 200] [--repeats 5]
"""

from __future__ import annotations

import argparse
import math
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: one BLAS thread, as in every job
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import yaml  # noqa: E402
from study_timing import ROOT  # noqa: E402

from neuroai.bci.simulate import LN2, MouseSimulator, simulate_mouse  # noqa: E402


def best_time(fn, repeats: int) -> float:
    """Fastest of `repeats` calls, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def vectorised_update(sim: MouseSimulator, frames: int) -> tuple[np.ndarray, np.ndarray]:
    """The simulator's own update of `frames` frames: soma and dendrite fluorescence (time x neurons)."""
    seg = sim._draw(frames, True, 0.0)
    _, _, dend_f = sim._dendrites(seg, np.zeros((frames, sim.circuit.n)), 0.0)
    return seg.soma_f, dend_f


def _loop_ou(noise: np.ndarray, decay: float, last: np.ndarray) -> list[list[float]]:
    out, prev = [], list(last)
    scale = math.sqrt(1.0 - decay * decay)
    for row in noise.tolist():
        prev = [decay * p + scale * z for p, z in zip(prev, row)]
        out.append(prev)
    return out


def _softplus(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _loop_imaging(events: list[list[float]], f0: np.ndarray, noise: np.ndarray, dt: float, imaging: dict,
                  last: np.ndarray) -> np.ndarray:
    decay = math.exp(-dt / imaging["gcamp_decay_s"])
    ca, out = list(last), []
    for t, (row, zs) in enumerate(zip(events, noise.tolist())):
        bleach = math.exp(-t * dt / imaging["bleaching_tau_s"])
        ca = [decay * c + e for c, e in zip(ca, row)]
        out.append([f * (bleach * (1.0 + imaging["spike_amplitude"] * c) + imaging["noise_sd"] * z)
                    for f, c, z in zip(f0.tolist(), ca, zs)])
    return np.array(out)


def loop_update(sim: MouseSimulator, frames: int) -> tuple[np.ndarray, np.ndarray]:
    """The same update as `vectorised_update`, one frame and one neuron at a time, drawing the same numbers."""
    c, net, st, rng, dt, n = sim.circuit, sim.net, sim.state, sim.rng, sim.dt, sim.circuit.n
    tau_in, tau_lat = math.exp(-dt / net["input_tau_s"]), math.exp(-dt / net["latent_tau_s"])
    shared = _loop_ou(rng.standard_normal((frames, len(st.shared))), tau_in, st.shared)
    task = _loop_ou(rng.standard_normal((frames, len(st.task))), tau_in, st.task)
    latent = _loop_ou(rng.standard_normal((frames, len(st.latent))), tau_lat, st.latent)
    context = _loop_ou(rng.standard_normal((frames, len(st.context))), tau_lat, st.context)
    dend_noise, soma_noise = rng.standard_normal((frames, n)), rng.standard_normal((frames, n))
    w_shared, w_task, w_lat, w_ctx = (w.tolist() for w in (c.w_shared, c.w_task, c.latent, c.context))
    spikes, dend_own = [], []
    for t in range(frames):
        sp, x_task = [_softplus(v) for v in shared[t]], [_softplus(v) for v in task[t]]
        spike_row, own_row = [], []
        for i in range(n):
            own = sum(a * b for a, b in zip(context[t], w_ctx[i])) + net["dendrite_noise"] * dend_noise[t, i]
            drive = (c.bias[i] + sum(a * b for a, b in zip(sp, w_shared[i]))
                     + sum(a * b for a, b in zip(x_task, w_task[i])) + sum(a * b for a, b in zip(latent[t], w_lat[i]))
                     + net["dendrite_coupling"] * _softplus(sim.keep * own - sim.inhibition) / LN2
                     + net["soma_noise"] * soma_noise[t, i])
            spike_row.append(float(rng.poisson(c.base_rate_hz[i] * _softplus(drive) / LN2 * dt)))
            own_row.append(own)
        spikes.append(spike_row)
        dend_own.append(own_row)
    soma_f = _loop_imaging(spikes, c.f0[:n], rng.standard_normal((frames, n)), dt, sim.imaging, st.calcium[:n])
    events = [[sim.keep * (net["backprop"] * s + float(rng.poisson(
        net["dendrite_rate_hz"] * _softplus(sim.keep * o - sim.inhibition) / LN2 * dt)))
        for s, o in zip(spike_row, own_row)] for spike_row, own_row in zip(spikes, dend_own)]
    dend_f = _loop_imaging(events, c.f0[n:], rng.standard_normal((frames, n)), dt, sim.imaging, st.calcium[n:])
    return soma_f, dend_f


def matmul_flops(size: int = 512, repeats: int = 5) -> float:
    """float64 FLOP/s of one size x size matrix product."""
    a, b = np.random.default_rng(0).standard_normal((2, size, size))
    return 2 * size**3 / best_time(lambda: a @ b, repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=4000, help="frames per vectorised update")
    parser.add_argument("--loop-frames", type=int, default=200, help="frames per loop update (it is slow)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    bci = yaml.safe_load((ROOT / "config.yaml").read_text())["bci"]
    n = bci["n_neurons"]

    def fresh(seed: int = 1) -> MouseSimulator:
        return MouseSimulator(bci, "control", np.random.default_rng(seed))

    same = [np.allclose(a, b, rtol=1e-9, atol=1e-9)
            for a, b in zip(vectorised_update(fresh(), args.loop_frames), loop_update(fresh(), args.loop_frames))]
    if not all(same):
        raise SystemExit("the loop implementation disagrees with the simulator: the comparison is void")
    flops = matmul_flops(repeats=args.repeats)
    vec = n * args.frames / best_time(lambda: vectorised_update(fresh(), args.frames), args.repeats)
    loop = n * args.loop_frames / best_time(lambda: loop_update(fresh(), args.loop_frames), max(1, args.repeats // 2))
    start = time.perf_counter()
    result = simulate_mouse(bci, "control", np.random.default_rng(2))
    whole_s = time.perf_counter() - start
    whole = n * sum(len(s["frames"]["soma"]) for s in result["sessions"]) / whole_s
    print(f"loop output equals the simulator's: {all(same)} ({args.loop_frames} frames x {n} neurons)")
    print("| what | neuron-time-steps/s | vs loop | matmul FLOP per neuron-time-step |\n|---|--:|--:|--:|")
    for name, rate in [("circuit update, vectorised (simulator)", vec), ("circuit update, Python loop", loop),
                       ("whole simulation of one mouse (default config)", whole)]:
        print(f"| {name} | {rate:.3g} | {rate / loop:.0f}x | {flops / rate:.0f} |")
    print(f"matrix multiply (512 x 512, float64, 1 thread): {flops / 1e9:.1f} GFLOP/s; whole mouse {whole_s:.1f} s")


if __name__ == "__main__":
    main()
