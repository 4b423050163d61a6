"""Closed-loop simulation of one mouse learning the two-group BCI task over several daily sessions.

Each session: a passive baseline (decoder calibration), then trials. Within a trial all neurons and frames are
computed at once (numpy); trials run in order because each trial's outcome changes the weights used by the next.

Top-down input to neuron i's apical dendrite (time x neurons, added to the dendrite's drive):
    T_i(t) = g_i * b_i * (a_D * progress(t) during the task + a_R * (R - R_expected) during the outcome period),
progress(t) = (angle(t) - angle(t - error_window_s)) / 90, the grating's rotation toward the target over the last
window as the mouse sees it (before grating onset the reference is the onset angle: no spurious step at onset).
The feedback weight b_i is learned, not given: after every trial it moves toward the correlation of the neuron's
rate with the displayed angle (a weight-mirror / node-perturbation estimate of the neuron's effect on the cursor;
Akrout et al. 2019, Legenstein et al. 2010), so P+ neurons come to receive positive, P- negative and P0 neurons
graded signs. `scalar_broadcast` fixes b_i = 1 for every neuron. `no_teaching` is the planted null: the dendrites
receive no top-down instructive input at all (everything else as in control), so whatever role-signed dendritic
signal the analysis finds there comes from the analysis, not from teaching.

Plasticity is gated by what the dendrite does: the task weights of neuron i change with its dendritic calcium events
relative to their resting rate (burst-dependent plasticity; Payeur et al. 2021),
    vectorized:  dW_i = eta * sum_t (D_i(t) - Dbar_i) / (r_D dt) * e(t)     (e: eligibility trace of task inputs)
    scalar:      dW_i = eta * sum_t (D_i(t) - Dbar_i) / (r_D dt) * trace(xi_i(t) * x(t))   (xi_i: the neuron's own
                 normalised fluctuation; reward-modulated Hebbian / node perturbation, Legenstein et al. 2010)
Dbar_i is the dendrite's resting event rate, a homeostatic set point: the expected rate of its own events without
teaching input, over the stationary distribution of its context and noise drive (under NDNF activation, the
inhibited rate). A threshold estimated from a finite stretch of activity misses it by a few per cent, and because
the task inputs are always positive that error integrates into weight drift as large as the teaching signal; a
threshold that slides with the recent events absorbs the teaching signal's own mean.
`dendrite_inhibition` activates NDNF interneurons throughout baseline and task (the LED was on throughout): an
inhibitory input of inhibition_strength x ndnf_drive lowers every dendrite's drive (fewer events, and a flatter
response to top-down input) and shunting removes inhibition_strength x ndnf_shunt of the calcium per dendritic event
and of the dendrite's coupling to the soma. Nothing scales the plasticity rule itself: any learning deficit comes
from the dendrites' reduced events.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neuroai.bci import decoder, gcamp
from neuroai.bci.circuit import Circuit, build_circuit
from neuroai.bci.dff import running_baseline
from neuroai.bci.timebase import frames
from neuroai.bci.processes import leaky_trace, ou, softplus

CONDITIONS = ("control", "dendrite_inhibition", "scalar_broadcast", "no_teaching")
LN2 = np.log(2.0)


@dataclass
class LoopState:
    """Everything carried from one simulated segment to the next."""

    shared: np.ndarray
    task: np.ndarray
    latent: np.ndarray
    context: np.ndarray
    calcium: np.ndarray
    expected_reward: float = 0.5
    feedback: np.ndarray = field(default_factory=lambda: np.zeros(0))     # learned top-down weights b_i
    rate_mean: np.ndarray | None = None
    rate_var: np.ndarray | None = None
    history: np.ndarray = field(default_factory=lambda: np.zeros(0))     # recent control signal (smoothing)
    recent_f: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # recent target-soma fluorescence


@dataclass
class Segment:
    """Frames of activity drawn for one baseline or trial (possibly longer than what is kept)."""

    task_inputs: np.ndarray
    rates: np.ndarray           # somatic rate (Hz), time x N
    soma_spikes: np.ndarray     # spike counts per frame, time x N
    dendrite_own: np.ndarray    # dendrite-specific drive without teaching, time x N
    soma_f: np.ndarray          # soma fluorescence, time x N
    soma_ca: np.ndarray
    processes: tuple[np.ndarray, ...]   # shared inputs, task inputs, latents, context (for the carried state)


class MouseSimulator:
    """Simulates one mouse in one condition; `run()` returns the canonical recording tables' columns."""

    def __init__(self, bci: Mapping[str, Any], condition: str, rng: np.random.Generator):
        if condition not in CONDITIONS:
            raise ValueError(f"unknown BCI condition {condition!r}; expected one of {CONDITIONS}")
        self.bci, self.condition, self.rng = bci, condition, rng
        self.net, self.task, self.imaging, self.plast = bci["network"], bci["task"], bci["imaging"], bci["plasticity"]
        self.dt = 1.0 / bci["frame_rate_hz"]
        ndnf = bci["inhibition_strength"] if condition == "dendrite_inhibition" else 0.0
        self.inhibition = ndnf * self.net["ndnf_drive"]    # subtracted from every dendrite's drive
        self.keep = 1.0 - ndnf * self.net["ndnf_shunt"]     # calcium per dendritic event and coupling left
        self.circuit: Circuit = build_circuit(bci, rng)
        self.targets = self.circuit.roles != 0
        self.threshold = self.keep * self._resting_events_per_frame()   # Dbar_i, events / frame
        n, net = self.circuit.n, self.net
        self.state = LoopState(
            shared=rng.standard_normal(net["n_shared_inputs"]), task=rng.standard_normal(net["n_task_inputs"]),
            latent=rng.standard_normal(net["n_latents"]), context=rng.standard_normal(net["n_context"]),
            calcium=np.zeros(2 * n), feedback=np.ones(n) if condition == "scalar_broadcast" else np.zeros(n))

    def _dendrite_activation(self, drive: np.ndarray | float) -> np.ndarray:
        """The apical dendrite's activation (1 at zero drive without inhibition) under NDNF inhibition: shunting
        scales its inputs by `keep`, then the inhibitory input is subtracted."""
        return softplus(self.keep * np.asarray(drive) - self.inhibition) / LN2

    def _events_per_frame(self, drive: np.ndarray | float) -> np.ndarray:
        """Expected dendrite-specific calcium events per frame at the given dendritic drive."""
        return self.net["dendrite_rate_hz"] * self._dendrite_activation(drive) * self.dt

    # -- activity -------------------------------------------------------------------------------------------
    def _draw(self, length: int, task_on: bool, t0: float) -> Segment:
        """Somatic activity and imaging for `length` frames from the current state (dendrites come later)."""
        c, net, rng, dt, n = self.circuit, self.net, self.rng, self.dt, self.circuit.n
        st = self.state
        shared = ou(rng.standard_normal((length, len(st.shared))), dt, net["input_tau_s"], st.shared)
        task = ou(rng.standard_normal((length, len(st.task))), dt, net["input_tau_s"], st.task)
        latent = ou(rng.standard_normal((length, len(st.latent))), dt, net["latent_tau_s"], st.latent)
        context = ou(rng.standard_normal((length, len(st.context))), dt, net["latent_tau_s"], st.context)
        task_inputs = softplus(task) if task_on else np.zeros_like(task)
        dendrite_own = context @ c.context.T + net["dendrite_noise"] * rng.standard_normal((length, n))
        drive = (c.bias + softplus(shared) @ c.w_shared.T + task_inputs @ c.w_task.T + latent @ c.latent.T
                 + net["dendrite_coupling"] * self._dendrite_activation(dendrite_own)
                 + net["soma_noise"] * rng.standard_normal((length, n)))
        rates = c.base_rate_hz * softplus(drive) / LN2
        spikes = rng.poisson(rates * dt).astype(float)
        soma_ca = gcamp.calcium(spikes, dt, self.imaging["gcamp_decay_s"], st.calcium[:n])
        times = t0 + dt * np.arange(length)
        soma_f = gcamp.fluorescence(soma_ca, c.f0[:n], times, self.imaging["spike_amplitude"],
                                    self.imaging["noise_sd"], self.imaging["bleaching_tau_s"],
                                    rng.standard_normal((length, n)))
        return Segment(task_inputs, rates, spikes, dendrite_own, soma_f, soma_ca, (shared, task, latent, context))

    def _dendrites(self, seg: Segment, teaching: np.ndarray, t0: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The dendrite's own calcium events, its calcium and its fluorescence for the kept frames, given the
        top-down teaching input (time x N)."""
        c, net, dt, n, length = self.circuit, self.net, self.dt, self.circuit.n, len(teaching)
        # Back-propagated somatic spikes plus the dendrite's own calcium events (context, noise, teaching).
        own = self.rng.poisson(self._events_per_frame(seg.dendrite_own[:length] + teaching)).astype(float)
        events = self.keep * (net["backprop"] * seg.soma_spikes[:length] + own)
        ca = gcamp.calcium(events, dt, self.imaging["gcamp_decay_s"], self.state.calcium[n:])
        times = t0 + dt * np.arange(length)
        f = gcamp.fluorescence(ca, c.f0[n:], times, self.imaging["spike_amplitude"], self.imaging["noise_sd"],
                               self.imaging["bleaching_tau_s"], self.rng.standard_normal((length, n)))
        return own, ca, f

    def _advance(self, seg: Segment, dend_ca: np.ndarray, length: int) -> None:
        """Carry every process's value at the last kept frame into the next segment."""
        st = self.state
        st.shared, st.task, st.latent, st.context = (x[length - 1] for x in seg.processes)
        st.calcium = np.concatenate([seg.soma_ca[length - 1], dend_ca[length - 1]])

    # -- online decoder -------------------------------------------------------------------------------------
    def _control(self, target_f: np.ndarray, f0_online: np.ndarray) -> np.ndarray:
        """Control signal from target-soma fluorescence (time x targets) and the online F0."""
        return decoder.control_signal((target_f - f0_online) / f0_online, self.circuit.roles[self.targets])

    def _remember(self, target_f: np.ndarray) -> None:
        """Keep the last online-F0 window of target-soma fluorescence."""
        keep = frames(self.bci, self.task["online_f0_window_s"])
        self.state.recent_f = np.concatenate([self.state.recent_f, target_f])[-keep:]

    # -- learning -------------------------------------------------------------------------------------------
    def _teaching(self, angle: np.ndarray, task: slice, post: slice, outcome: float) -> tuple[np.ndarray, np.ndarray]:
        """Top-down input to the dendrites as (drive per frame, weight per neuron); neuron i receives drive x weight_i:
        the grating's progress toward the target over the last error window during the task, the outcome relative to
        expectation after it, through each neuron's learned feedback weight and gain; none in `no_teaching`."""
        if self.condition == "no_teaching":
            return np.zeros(len(angle)), np.zeros(self.circuit.n)
        window = frames(self.bci, self.task["error_window_s"])
        shown = angle[task]
        lagged = np.concatenate([np.full(window, shown[0]), shown])[: len(shown)]
        common = np.zeros(len(angle))
        common[task] = self.plast["derivative_amplitude"] * (shown - lagged) / 90.0
        common[post] = self.plast["reward_amplitude"] * (outcome - self.state.expected_reward)
        feedback = self.state.feedback / (np.sqrt(np.mean(self.state.feedback**2)) + 1e-12)   # unit r.m.s.
        return common, feedback * self.circuit.teach_gain

    def _learn(self, seg: Segment, own: np.ndarray) -> None:
        """Update the task weights from the dendrite's own calcium events relative to their resting rate."""
        length, dt, tau, st = len(own), self.dt, self.plast["eligibility_tau_s"], self.state
        deviation = (self.keep * own - self.threshold) / (self.net["dendrite_rate_hz"] * dt)
        inputs = seg.task_inputs[:length]
        if self.condition == "scalar_broadcast":
            rates = seg.rates[:length]
            fluctuation = (rates - st.rate_mean) / np.sqrt(st.rate_var + 1e-12)
            trace = leaky_trace(fluctuation[:, :, None] * inputs[:, None, :], dt, tau)
            update = np.einsum("tn,tnk->nk", deviation, trace) * dt
            mix = 1.0 / self.plast["expectation_tau_trials"]
            st.rate_mean = (1 - mix) * st.rate_mean + mix * rates.mean(axis=0)
            st.rate_var = (1 - mix) * st.rate_var + mix * rates.var(axis=0)
        else:
            update = deviation.T @ leaky_trace(inputs, dt, tau) * dt
        bound = self.plast["weight_bound"]
        self.circuit.w_task = np.clip(self.circuit.w_task + self.plast["learning_rate"] * update, -bound, bound)

    def _resting_events_per_frame(self) -> np.ndarray:
        """Expected dendrite-specific events per frame without teaching input, over the stationary distribution of
        the dendrite's own drive (context + noise: Gaussian with s.d. sqrt(|context weights|^2 + noise^2));
        Gauss-Hermite quadrature, 40 nodes."""
        nodes, weights = np.polynomial.hermite_e.hermegauss(40)
        sd = np.sqrt((self.circuit.context**2).sum(axis=1) + self.net["dendrite_noise"] ** 2)
        return self._events_per_frame(sd[None, :] * nodes[:, None]).T @ weights / weights.sum()

    def _learn_feedback(self, rates: np.ndarray, angle: np.ndarray) -> None:
        """Move each feedback weight toward the correlation of the neuron's rate with the displayed angle over the
        trial's task frames (`scalar_broadcast` keeps b_i = 1)."""
        if self.condition == "scalar_broadcast" or len(angle) < 3 or np.ptp(angle) == 0:
            return
        r = rates - rates.mean(axis=0)
        a = angle - angle.mean()
        corr = (r.T @ a) / (np.sqrt((r**2).sum(axis=0) * (a**2).sum()) + 1e-12)
        self.state.feedback += (corr - self.state.feedback) / self.plast["feedback_tau_trials"]

    # -- session structure ----------------------------------------------------------------------------------
    def _baseline(self, day1_z: float | None) -> tuple[dict[str, np.ndarray], np.ndarray, decoder.Calibration]:
        """Passive baseline: record, then calibrate the decoder (online F0 = 10th percentile per soma)."""
        length = frames(self.bci, self.task["baseline_s"])
        seg = self._draw(length, task_on=False, t0=0.0)
        _, dend_ca, dend_f = self._dendrites(seg, np.zeros((length, self.circuit.n)), t0=0.0)
        self._advance(seg, dend_ca, length)
        target_f = seg.soma_f[:, self.targets]
        f0_running = running_baseline(target_f.T, self.bci["frame_rate_hz"], self.task["online_f0_window_s"], 10.0)
        control = self._control(target_f, f0_running.T)
        smooth = decoder.smooth(control, self.task["smooth_frames"])
        cal = decoder.calibrate(smooth, frames(self.bci, self.task["trial_s"]), self.task["calibration_trials"],
                                self.rng, day1_z)
        self.state.history = control
        self.state.recent_f = np.zeros((0, int(self.targets.sum())))
        self._remember(target_f)
        if self.condition == "scalar_broadcast" and self.state.rate_mean is None:
            self.state.rate_mean, self.state.rate_var = seg.rates.mean(axis=0), seg.rates.var(axis=0)
        block = {"soma": seg.soma_f, "dendrite": dend_f, "angle": np.zeros(length), "trial": np.full(length, -1),
                 "teaching_drive": np.zeros(length)}
        return block, cal

    def _trial(self, index: int, offset: int, cal: decoder.Calibration):
        """One trial starting at session frame `offset`: grey screen, up to trial_s to reach the target, then the
        outcome period. Returns its frames and its row of the trials table (session frame indices)."""
        grey, limit, post = (frames(self.bci, self.task[k]) for k in ("grey_s", "trial_s", "post_s"))
        t0 = offset * self.dt
        seg = self._draw(grey + limit + post, task_on=True, t0=t0)
        # Online F0: 10th percentile of the preceding window, updated once per trial (the rig updates it per frame).
        f0_online = np.percentile(self.state.recent_f, 10, axis=0)
        control = self._control(seg.soma_f[:, self.targets], f0_online)
        smooth = decoder.smooth(control, self.task["smooth_frames"], history=self.state.history)
        shown = decoder.grating_angle(smooth[grey : grey + limit], cal, self.task["angle_steps"])
        reached = np.flatnonzero(shown >= 90.0)
        hit = reached.size > 0
        task_end = grey + (reached[0] + 1 if hit else limit)
        length = task_end + post
        angle = np.zeros(length)
        angle[grey:task_end] = shown[: task_end - grey]
        angle[task_end:] = 90.0 if hit else 0.0
        drive, weights = self._teaching(angle, slice(grey, task_end), slice(task_end, length), float(hit))
        own, dend_ca, dend_f = self._dendrites(seg, drive[:, None] * weights[None, :], t0)
        self._learn(seg, own)
        self._learn_feedback(seg.rates[grey:task_end], angle[grey:task_end])
        self._advance(seg, dend_ca, length)
        self.state.history = control[:length]
        self._remember(seg.soma_f[:length, self.targets])
        self.state.expected_reward += (float(hit) - self.state.expected_reward) / self.plast["expectation_tau_trials"]
        block = {"soma": seg.soma_f[:length], "dendrite": dend_f, "angle": angle, "trial": np.full(length, index),
                 "teaching_drive": drive}
        outcome = offset + (task_end - 1 if hit else task_end)
        row = {"trial": index, "start_frame": offset + grey, "task_end_frame": offset + task_end,
               "outcome": "hit" if hit else "miss", "outcome_frame": outcome,
               "reward_frame": outcome + frames(self.bci, 1.0) if hit else -1, "end_frame": offset + length}
        return block, row, weights

    def session(self, day1_z: float | None) -> tuple[dict[str, np.ndarray], list[dict], np.ndarray,
                                                     decoder.Calibration]:
        """Simulate one daily session; returns its frames (concatenated blocks), trial rows, each trial's teaching
        weights (trials x neurons; the ground truth with the frames' teaching drive) and the calibration."""
        self.state.calcium = np.zeros(2 * self.circuit.n)
        first, cal = self._baseline(day1_z)
        blocks, rows, weights, offset = [first], [], [], len(first["angle"])
        for index in range(self.bci["trials_per_session"]):
            block, row, w = self._trial(index, offset, cal)
            blocks.append(block)
            rows.append(row)
            weights.append(w)
            offset += len(block["angle"])
        frames_ = {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]}
        return frames_, rows, np.array(weights).reshape(len(rows), self.circuit.n), cal


def simulate_mouse(bci: Mapping[str, Any], condition: str, rng: np.random.Generator) -> dict[str, Any]:
    """Run all sessions of one mouse; returns the circuit and, per session, frames (with the teaching drive), trial
    events and each trial's teaching weights (neuron i's top-down input = drive x weight_i)."""
    sim = MouseSimulator(bci, condition, rng)
    sessions, day1_z = [], None
    for _ in range(bci["sessions"]):
        frames_, events, weights, cal = sim.session(day1_z)
        day1_z = cal.z_score if day1_z is None else day1_z
        sessions.append({"frames": frames_, "trials": events, "teaching_weights": weights, "calibration": cal})
    return {"circuit": sim.circuit, "sessions": sessions}

