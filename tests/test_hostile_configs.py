"""Nothing accepted silently (issue 17): each hostile config is config.yaml with one small mutation, refused before
any job starts with the field named; legitimate edge cases next to them are accepted. A handful also go through
`snakemake -n`, which must fail fast, name the field and write nothing under results/."""

from __future__ import annotations

import copy
import json
import math
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from neuroai.bci.sweeps import MAX_NAME_BYTES, point_name, points
from neuroai.common.config import ConfigError
from tests.workflow import ROOT, check_config, run_snakemake

SCHEMA = yaml.safe_load((ROOT / "config.schema.yaml").read_text())
TINY = str(ROOT / "tests" / "bci" / "tiny_config.yaml")
SMALL = {"mice_per_condition": 2, "sessions": 2, "trials_per_session": 4, "n_neurons": 20,
         "task": {"baseline_s": 40}, "analysis": {"residual_pcs": 3}}
EIGHT = ["inhibition_strength", "plasticity.learning_rate", "plasticity.reward_amplitude",
         "plasticity.derivative_amplitude", "plasticity.eligibility_tau_s", "network.dendrite_coupling",
         "network.backprop", "network.teaching_gain_sd"]
LONG = [0.123456789, 0.987654321]  # values whose 8-parameter point names exceed 255 bytes in full


def _parts(dotted: str) -> list[str | int]:
    """`sweeps[0].parameters.x` -> ['sweeps', 0, 'parameters', 'x']."""
    return [int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"\[\d+\]|[^.\[\]]+", dotted)]


def setting(dotted: str, value: Any) -> Callable:
    """A mutation setting one field (added if absent)."""
    def mutate(config: dict, tmp: Path) -> None:
        *parents, last = _parts(dotted)
        node = config
        for part in parents:
            node = node[part]
        node[last] = value
    return mutate


def adding(dotted: str, key: Any, value: Any) -> Callable:
    """A mutation adding the entry `key` (which may hold dots or slashes) to the map at `dotted`."""
    def mutate(config: dict, tmp: Path) -> None:
        node = config
        for part in _parts(dotted):
            node = node[part]
        node[key] = value
    return mutate


def deleting(dotted: str) -> Callable:
    """A mutation removing one field or section."""
    def mutate(config: dict, tmp: Path) -> None:
        *parents, last = _parts(dotted)
        node = config
        for part in parents:
            node = node[part]
        del node[last]
    return mutate


def sweep(**fields: Any) -> dict:
    """One small sweep of inhibition strength, with `fields` replaced."""
    return {"name": "dose", "conditions": ["dendrite_inhibition"], "parameters": {"inhibition_strength": [0.3, 0.6]},
            "overrides": SMALL, **fields}


def sweeps(*entries: dict) -> Callable:
    return setting("sweeps", list(entries))


def imported(*sessions: dict, files: bool = True) -> Callable:
    """data.source nwb with these sessions; `files` creates each listed path under the test's directory."""
    def mutate(config: dict, tmp: Path) -> None:
        listed = []
        for entry in sessions:
            entry = {**entry, "path": str(tmp / entry["path"])}
            if files:
                Path(entry["path"]).touch()
            listed.append(entry)
        config["data"] = {"source": "nwb", "sessions": listed}
    return mutate


def both(*mutations: Callable) -> Callable:
    def mutate(config: dict, tmp: Path) -> None:
        for m in mutations:
            m(config, tmp)
    return mutate


def self_containing(config: dict, tmp: Path) -> None:
    """What `group_sizes: &a [*a]` loads as: a list inside itself."""
    loop: list = [4]
    loop.append(loop)
    config["bci"]["group_sizes"] = loop


SESSION = {"condition": "control", "mouse": "m1", "day": 1, "path": "m1_day1.nwb"}
OFF = {"separation": False, "invariance": False, "capacity": True, "conformal": True, "norm_relu": True}

# (id, mutation, the dotted field the message must name); each is refused
REFUSED = [
    # no unknown key at any level
    ("unknown-top-level-key-sweep", lambda c, t: c.update(sweep=c.pop("sweeps")), "sweep"),
    ("unknown-bci-task-key", setting("bci.task.trial_len", 20), "bci.task.trial_len"),
    ("unknown-figures-key", setting("figures.style", "ticks"), "figures.style"),
    ("unknown-limits-key", setting("limits.bci_frames", 1e9), "limits.bci_frames"),
    ("unknown-gridcells-condition-key", setting("gridcells.conditions.full.capacty", True),
     "gridcells.conditions.full.capacty"),
    ("unknown-sweep-override", sweeps(sweep(overrides={"sesions": 3})), "sweeps[0]"),
    # every section present
    ("missing-gridcells", deleting("gridcells"), "gridcells"),
    ("missing-mentalsim", deleting("mentalsim"), "mentalsim"),
    ("missing-limits", deleting("limits"), "limits"),
    ("missing-seed", deleting("seed"), "seed"),
    ("gridcells-null", setting("gridcells", None), "gridcells"),
    # names that become output paths
    ("gridcells-condition-dotdot", adding("gridcells.conditions", "../x", OFF | {"separation": True}),
     "gridcells.conditions.../x"),
    ("mentalsim-model-hidden", adding("mentalsim.models", ".hidden", {"class": "pixel_future"}),
     "mentalsim.models..hidden"),
    ("mentalsim-encoder-slash", adding("mentalsim.encoders", "a/b", {"objective": "autoencoder"}),
     "mentalsim.encoders.a/b"),
    ("sweep-name-dotdot", sweeps(sweep(name="..")), "sweeps[0].name"),
    ("sweep-parameter-name-slash", sweeps(sweep(parameters={"task/baseline_s": [60]})),
     "sweeps[0].parameters.task/baseline_s"),
    ("session-mouse-dotdot", imported({**SESSION, "mouse": "../m1"}, files=False), "data.sessions[0].mouse"),
    ("non-string-key", adding("gridcells.conditions", 1, OFF | {"separation": True}), "gridcells.conditions"),
    ("yaml-alias-inside-itself", self_containing, "bci.group_sizes[1]"),
    # finite numbers only
    ("nan-inhibition-strength", setting("bci.inhibition_strength", math.nan), "bci.inhibition_strength"),
    ("inf-frame-rate", setting("bci.frame_rate_hz", math.inf), "bci.frame_rate_hz"),
    ("minus-inf-learning-rate", setting("gridcells.training.learning_rate", -math.inf),
     "gridcells.training.learning_rate"),
    ("nan-in-sweep-values", sweeps(sweep(parameters={"inhibition_strength": [0.1, math.nan]})),
     "sweeps[0].parameters.inhibition_strength[1]"),
    ("inf-limit", setting("limits.bci_neuron_frames", math.inf), "limits.bci_neuron_frames"),
    # an upper bound on every size
    ("bci-sessions-million", setting("bci.sessions", 10**6), "bci.sessions"),
    ("bci-baseline-a-week", setting("bci.task.baseline_s", 604800), "bci.task.baseline_s"),
    ("gridcells-steps-billion", setting("gridcells.training.steps", 10**9), "gridcells.training.steps"),
    ("gridcells-shuffles", setting("gridcells.evaluation.n_shuffles", 5000), "gridcells.evaluation.n_shuffles"),
    ("mentalsim-bootstrap", setting("mentalsim.evaluation.n_bootstrap", 10**7), "mentalsim.evaluation.n_bootstrap"),
    ("mentalsim-clips", setting("mentalsim.pretraining_set.n_clips", 10**7), "mentalsim.pretraining_set.n_clips"),
    ("sweep-range-num", sweeps(sweep(parameters={"inhibition_strength": {"start": 0, "stop": 1, "num": 10**6}})),
     "sweeps[0].parameters.inhibition_strength"),
    ("bool-for-integer", setting("bci.sessions", True), "bci.sessions"),
    # cost estimates against limits:
    ("bci-cost", setting("bci.n_neurons", 2000), "bci.n_neurons"),
    ("gridcells-train-cost", setting("gridcells.training.permutations", 1000), "gridcells.training.permutations"),
    ("gridcells-eval-cost", setting("gridcells.trajectory.eval_walks", 100000), "gridcells.trajectory.eval_walks"),
    ("gridcells-ratinabox-walk-cost", both(setting("gridcells.trajectory.train_source", "ratinabox"),
                                           setting("gridcells.trajectory.train_sequences", 500000)),
     "gridcells.trajectory.train_sequences"),
    ("mentalsim-train-cost", setting("mentalsim.training.steps", 150000), "mentalsim.training.steps"),
    ("mentalsim-task-rnn-cost", setting("mentalsim.task_reference.steps", 20000), "mentalsim.task_reference.steps"),
    ("mentalsim-bootstrap-cost", setting("mentalsim.evaluation.n_bootstrap", 100000),
     "mentalsim.evaluation.n_bootstrap"),
    ("mentalsim-video-cost", setting("mentalsim.task.pixels", 256), "mentalsim.task.pixels"),
    ("sweep-million-points", sweeps(sweep(parameters={f"network.{n}": list(range(1, 11)) for n in (
        "n_shared_inputs", "n_task_inputs", "n_latents", "n_context", "soma_noise", "dendrite_noise")})),
     "sweeps[0].parameters"),
    ("sweep-cost", sweeps(sweep(overrides={"mice_per_condition": 100, "sessions": 60})), "sweeps[0]"),
    # sweeps
    ("duplicate-sweep-names", sweeps(sweep(), sweep()), "sweeps[1].name"),
    ("sweep-names-differ-in-case", sweeps(sweep(), sweep(name="Dose")), "sweeps[1].name"),
    ("sweep-conditions-parameter", sweeps(sweep(parameters={"conditions": [1, 2]})),
     "sweeps[0].parameters.conditions"),
    ("sweep-early-fraction", sweeps(sweep(parameters={"analysis.early_fraction": [0.2, 0.3]})),
     "sweeps[0].parameters.analysis.early_fraction"),
    ("sweep-override-peri-window", sweeps(sweep(overrides={**SMALL, "analysis": {"peri_window_s": [-1, 1]}})),
     "sweeps[0].overrides.analysis.peri_window_s"),
    ("sweep-unknown-condition", sweeps(sweep(conditions=["optogenetics"])), "sweeps[0].conditions[0]"),
    ("sweep-repeated-values", sweeps(sweep(parameters={"inhibition_strength": [0.5, 0.5]})),
     "sweeps[0].parameters.inhibition_strength"),
    ("sweep-range-repeats", sweeps(sweep(parameters={"inhibition_strength": {"start": 0.5, "stop": 0.5,
                                                                              "num": 3}})),
     "sweeps[0].parameters.inhibition_strength"),
    # data.sessions
    ("session-condition-not-in-bci", imported({**SESSION, "condition": "optogenetics"}, files=False),
     "data.sessions[0].condition"),
    ("session-condition-not-configured", both(setting("bci.conditions", ["control"]),
                                              imported({**SESSION, "condition": "scalar_broadcast"}, files=False)),
     "data.sessions[0].condition"),
    ("same-file-two-mice", imported(SESSION, {**SESSION, "mouse": "m2"}), "data.sessions[1].path"),
    ("sessions-with-synthetic-source", setting("data.sessions", [SESSION]), "data.sessions"),
    # figures
    ("palette-unknown", setting("figures.palette", "not_a_palette"), "figures.palette"),
    ("palette-jet", setting("figures.palette", "jet"), "figures.palette"),
    ("context-unknown", setting("figures.context", "huge"), "figures.context"),
    ("dpi-too-low", setting("figures.dpi", 10), "figures.dpi"),
    ("font-scale-huge", setting("figures.font_scale", 1000), "figures.font_scale"),
    # cross-field rules
    ("gridcells-condition-learns-nothing", setting("gridcells.conditions.off", OFF), "gridcells.conditions.off"),
    ("gridcells-capacity-on-relu-units", setting("gridcells.conditions.relu", OFF | {"separation": True,
                                                                                  "norm_relu": False}),
     "gridcells.conditions.relu.capacity"),
    ("gridcells-min-shift-half", setting("gridcells.evaluation.min_shift_samples", 30000),
     "gridcells.evaluation.min_shift_samples"),
    ("gridcells-bins-unfillable", setting("gridcells.evaluation.n_bins", 256), "gridcells.evaluation.n_bins"),
    ("gridcells-modules-without-units", both(setting("gridcells.model.n_units", 4),
                                             setting("gridcells.reference_codes.max_modules", 5)),
     "gridcells.reference_codes.max_modules"),
    ("gridcells-too-few-centres", both(setting("gridcells.model.n_units", 1024),
                                       setting("gridcells.reference_codes.batches", 1)),
     "gridcells.reference_codes.batches"),
    ("mentalsim-offset-beyond-clip", setting("mentalsim.encoders.time_contrastive.max_offset", 16),
     "mentalsim.encoders.time_contrastive.max_offset"),
    ("mentalsim-negative-within-positive-range",
     setting("mentalsim.encoders.time_contrastive.min_negative_offset", 2),
     "mentalsim.encoders.time_contrastive.min_negative_offset"),
    ("mentalsim-negative-beyond-half-clip", setting("mentalsim.encoders.time_contrastive.min_negative_offset", 9),
     "mentalsim.encoders.time_contrastive.min_negative_offset"),
    ("mentalsim-unused-encoder", setting("mentalsim.models.pixel_future.encoder", "autoencoder"),
     "mentalsim.models.pixel_future.encoder"),
    ("mentalsim-unused-temperature", setting("mentalsim.encoders.autoencoder.temperature", 0.1),
     "mentalsim.encoders.autoencoder.temperature"),
    ("mentalsim-ball-wider-than-frame", setting("mentalsim.task.ball_radius", 20), "mentalsim.task.ball_radius"),
    ("mentalsim-corpus-ball-too-big", setting("mentalsim.pretraining_set.radius_range", [0.5, 20]),
     "mentalsim.pretraining_set.radius_range"),
    ("mentalsim-task-rnn-bounces-exceed-n", setting("mentalsim.task_reference.train_conditions",
                                                    {"n": 20, "n_bounce": 21}),
     "mentalsim.task_reference.train_conditions.n_bounce"),
    ("mentalsim-task-rnn-batch-exceeds-set", setting("mentalsim.task_reference.batch", 401),
     "mentalsim.task_reference.batch"),
    ("mentalsim-task-rnn-more-components-than-pixels", setting("mentalsim.task_reference.input_components", 1025),
     "mentalsim.task_reference.input_components"),
    ("mentalsim-task-rnn-unknown-objective", setting("mentalsim.task_reference.objectives", ["predict"]),
     "mentalsim.task_reference.objectives"),
    ("bci-input-tau-zero", setting("bci.network.input_tau_s", 0), "bci.network.input_tau_s"),
    ("bci-latent-tau-zero", setting("bci.network.latent_tau_s", 0.0), "bci.network.latent_tau_s"),
    ("bci-baseline-shorter-than-trial", setting("bci.task.baseline_s", 10), "bci.task.baseline_s"),
    ("bci-frame-rate-tiny", setting("bci.frame_rate_hz", 0.001), "bci.frame_rate_hz"),
]

# (id, mutation); each must be accepted
ACCEPTED = [
    ("accepted-default", lambda c, t: None),
    ("accepted-no-sweeps-section", deleting("sweeps")),
    ("accepted-empty-sweeps", setting("sweeps", [])),
    ("accepted-sessions-at-their-maximum", setting("bci.sessions", 60)),
    ("accepted-min-shift-just-under-half", setting("gridcells.evaluation.min_shift_samples", 29999)),
    ("accepted-offsets-at-their-maximum", both(setting("mentalsim.encoders.time_contrastive.max_offset", 7),
                                               setting("mentalsim.encoders.time_contrastive.min_negative_offset", 8))),
    ("accepted-eight-parameter-sweep", sweeps(sweep(parameters={p: LONG for p in EIGHT}))),
    ("accepted-range-of-one", sweeps(sweep(parameters={"inhibition_strength": {"start": 0.4, "stop": 0.4,
                                                                                "num": 1}}))),
    ("accepted-two-sweeps", sweeps(sweep(), sweep(name="dose_2"))),
    ("accepted-raised-limit", both(setting("bci.n_neurons", 2000), setting("limits.bci_neuron_frames", 2e10))),
    ("accepted-palette-tab10", setting("figures.palette", "tab10")),
    ("accepted-palette-rocket", setting("figures.palette", "rocket")),
    ("accepted-64-character-condition", setting(f"gridcells.conditions.{'c' * 64}", OFF | {"invariance": True})),
    ("accepted-numeric-mouse-and-two-conditions", imported({**SESSION, "mouse": "4521"},
                                                           {**SESSION, "condition": "dendrite_inhibition",
                                                            "path": "other.nwb"})),
    ("accepted-zero-inhibition", setting("bci.inhibition_strength", 0.0)),
]


def _mutated(default_config: dict, mutation: Callable, tmp: Path) -> dict:
    config = copy.deepcopy(default_config)
    mutation(config, tmp)
    return config


@pytest.mark.parametrize("mutation, field", [pytest.param(m, f, id=i) for i, m, f in REFUSED])
def test_hostile_config_is_refused_naming_the_field(default_config, tmp_path, mutation, field):
    config = _mutated(default_config, mutation, tmp_path)
    start = time.perf_counter()
    with pytest.raises(ConfigError, match=re.escape(field)):
        check_config(config)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("mutation", [pytest.param(m, id=i) for i, m in ACCEPTED])
def test_legitimate_edge_case_is_accepted(default_config, tmp_path, mutation):
    check_config(_mutated(default_config, mutation, tmp_path))


def test_refused_and_accepted_cases_are_many_and_distinct():
    ids = [case[0] for case in REFUSED + ACCEPTED]
    assert len(REFUSED) >= 45 and len(set(ids)) == len(ids)


# snakemake -n on a few of them: (id, config file text merged over config.yaml, field named)
SNAKEMAKE_REFUSED = [
    ("unknown-top-level-key", yaml.safe_dump({"sweep": [sweep()]}), "sweep"),
    ("duplicate-sweep-names", yaml.safe_dump({"sweeps": [sweep(), sweep()]}), "sweeps[1].name"),
    ("nan", "bci: {inhibition_strength: .nan}\n", "bci.inhibition_strength"),
    ("cost-above-limit", "bci: {n_neurons: 2000}\n", "bci.n_neurons"),
    ("million-point-sweep", yaml.safe_dump({"sweeps": [sweep(parameters={
        "inhibition_strength": {"start": 0, "stop": 1, "num": 1000},
        "plasticity.learning_rate": {"start": 0, "stop": 0.001, "num": 1000}})]}), "sweeps[0].parameters"),
]


@pytest.mark.parametrize("text, field", [pytest.param(t, f, id=i) for i, t, f in SNAKEMAKE_REFUSED])
def test_snakemake_refuses_before_planning(tmp_path, text, field):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    start = time.perf_counter()
    run = run_snakemake(tmp_path, "--configfile", str(bad), "-n", check=False)
    elapsed = time.perf_counter() - start
    assert run.returncode != 0
    assert field in run.stdout + run.stderr
    assert not (tmp_path / "results").exists()
    assert elapsed < 10, f"took {elapsed:.1f} s to refuse"


# point names
def _eight_parameter_points() -> list[dict]:
    return points({"parameters": {p: LONG for p in EIGHT}})


def test_short_point_names_are_unchanged():
    """Existing outputs keep their paths: a short name is the readable list of the point's values."""
    assert point_name({"inhibition_strength": 0.5}) == "inhibition_strength~0.5"
    assert point_name({"inhibition_strength": 0.5, "group_sizes": 4}) == "group_sizes~4_inhibition_strength~0.5"


def test_long_point_names_are_short_distinct_and_keep_a_readable_prefix():
    grid = _eight_parameter_points()
    names = [point_name(p) for p in grid]
    full = ["_".join(f"{k}~{v}" for k, v in sorted(p.items())) for p in grid]
    assert all(len(f.encode()) > 255 for f in full)  # the file names Snakemake could not create
    assert all(len(n.encode()) <= MAX_NAME_BYTES for n in names)
    assert len(set(names)) == len(names)
    assert all(f.startswith(n.rsplit("-", 1)[0]) for n, f in zip(names, full))


def test_long_point_names_are_stable_across_processes():
    code = ("import json, sys; from neuroai.bci.sweeps import point_name, points; "
            "print(json.dumps([point_name(p) for p in points(json.loads(sys.argv[1]))]))")
    spec = json.dumps({"parameters": {p: LONG for p in EIGHT}})
    runs = [subprocess.run([sys.executable, "-c", code, spec], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1]
    assert json.loads(runs[0]) == [point_name(p) for p in _eight_parameter_points()]


def test_snakemake_plans_an_eight_parameter_sweep(tmp_path):
    mine = tmp_path / "eight.yaml"
    mine.write_text(yaml.safe_dump({"sweeps": [sweep(parameters={p: LONG if p == EIGHT[0] else LONG[:1]
                                                                 for p in EIGHT})]}))
    run = run_snakemake(tmp_path, "--configfile", TINY, str(mine), "-n", "bci_sweeps", check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    planned = re.findall(r"wildcards: sweep=dose, point=(\S+)", run.stdout)
    assert len(planned) == 2 and all(len(p.encode()) <= MAX_NAME_BYTES for p in planned)


# the schema itself
def _objects(schema: dict, path: str = "") -> Iterator[tuple[str, dict]]:
    """(path, subschema) of every field definition, through properties, items, maps and oneOf branches."""
    yield path, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _objects(sub, f"{path}.{name}" if path else name)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _objects(schema["additionalProperties"], f"{path}.*")
    if isinstance(schema.get("items"), dict):
        yield from _objects(schema["items"], f"{path}[]")
    for i, sub in enumerate(schema.get("oneOf", [])):
        yield from _objects(sub, f"{path}|{i}")


def test_every_object_refuses_unknown_keys():
    """Fixed sections say `additionalProperties: false`; user-named maps restrict their names instead."""
    loose = [p or "<top level>" for p, s in _objects(SCHEMA) if s.get("type") == "object"
             and s.get("additionalProperties") is not False
             and not (isinstance(s.get("additionalProperties"), dict) and "pattern" in s.get("propertyNames", {}))]
    assert not loose, loose


@pytest.mark.parametrize("name", ["../x", "a/b", ".hidden", "..", "", "a b", "x" * 65])
def test_names_that_become_paths_refuse_unsafe_names(name):
    patterns = [s["propertyNames"]["pattern"] for _, s in _objects(SCHEMA) if "propertyNames" in s]
    patterns += [s["pattern"] for p, s in _objects(SCHEMA) if p in (
        "sweeps[].name", "data.sessions[].mouse", "data.sessions[].condition")]
    assert len(patterns) >= 8
    for pattern in patterns:
        if name == "x" * 65 and "{0,63}" not in pattern:
            continue  # parameter and override names must also name a BCI field, so their length is bounded
        assert not re.search(pattern, name), (pattern, name)


SIZE_EXEMPT = ("seed", "limits.", "sweeps[].parameters.*|0[]", "sweeps[].parameters.*|1.start",
               "sweeps[].parameters.*|1.stop")


def test_every_size_has_a_stated_upper_bound():
    """Every integer and number has a maximum, and every list a maxItems (unless its items are unique values of an
    enum); a maximum above 1 is stated in the description (of the list, for list items)."""
    unbounded, unstated = [], []
    nodes = dict(_objects(SCHEMA))
    for path, s in nodes.items():
        if path.startswith(SIZE_EXEMPT):
            continue
        if s.get("type") in ("integer", "number") and not {"maximum", "exclusiveMaximum"} & set(s):
            unbounded.append(path)
        if s.get("type") == "array" and "maxItems" not in s and not (s.get("uniqueItems") and "enum" in s["items"]):
            unbounded.append(path)
        if s.get("maximum", 0) > 1:
            described = s.get("description") or nodes.get(path.removesuffix("[]"), {}).get("description", "")
            if f"at most {s['maximum']}" not in described:
                unstated.append(path)
    assert not unbounded, f"sizes without an upper bound: {unbounded}"
    assert not unstated, f"maxima not stated in the description: {unstated}"


def test_palette_enum_is_what_seaborn_accepts():
    """The schema lists palettes without importing seaborn at planning time; here seaborn checks the list."""
    import seaborn as sns
    from seaborn import palettes

    enum = SCHEMA["properties"]["figures"]["properties"]["palette"]["enum"]
    for name in enum:
        assert len(sns.color_palette(name)) > 0, name
    assert set(palettes.SEABORN_PALETTES) | set(palettes.QUAL_PALETTE_SIZES) <= set(enum)
    with pytest.raises(ValueError):
        sns.color_palette("jet")
