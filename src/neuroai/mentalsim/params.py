"""Cross-field checks of the `mentalsim` config section (the schema checks each field on its own), and the
study's cost estimates (checked against the `limits:` section)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neuroai.common.config import ConfigError, Cost, product_cost
from neuroai.mentalsim.baselines import BASELINES

LATENT_CLASSES = ("latent_future", "no_dynamics")
CONTRASTIVE_FIELDS = ("temperature", "max_offset", "min_negative_offset")


def _check_task(ms: Mapping[str, Any]) -> None:
    """The task's geometry and ranges."""
    task = ms["task"]
    if not 0 < task["occluder_start"] < task["frame_units"]:
        raise ConfigError("config field 'mentalsim.task.occluder_start': must lie inside (0, frame_units)")
    if not task["ball_radius"] < task["frame_units"] / 2:
        raise ConfigError("config field 'mentalsim.task.ball_radius': must be below mentalsim.task.frame_units / 2 "
                          "(the ball bounces between walls a radius away from each side)")
    if task["pixels"] % 8:
        raise ConfigError("config field 'mentalsim.task.pixels': must be a multiple of 8 (three stride-2 convs)")
    for name in ("visible_steps", "occluded_steps", "start_x_range", "start_y_range"):
        lo, hi = task[name]
        if lo >= hi:
            raise ConfigError(f"config field 'mentalsim.task.{name}': lower bound must be below upper bound")


def _check_corpus(ms: Mapping[str, Any]) -> None:
    """The pretraining corpus' ranges fit the frame."""
    corpus = ms["pretraining_set"]
    for name in ("speed_range", "radius_range"):
        lo, hi = corpus[name]
        if lo > hi:
            raise ConfigError(f"config field 'mentalsim.pretraining_set.{name}': lower bound exceeds upper bound")
    if not corpus["radius_range"][1] < ms["task"]["frame_units"] / 2:
        raise ConfigError("config field 'mentalsim.pretraining_set.radius_range': the largest radius must be below "
                          "mentalsim.task.frame_units / 2")


def _check_modules(ms: Mapping[str, Any]) -> None:
    """Encoders and models: every field they set is used, and every encoder a model names exists."""
    clip_steps = ms["pretraining_set"]["clip_steps"]
    for name, spec in ms["encoders"].items():
        unused = [f for f in CONTRASTIVE_FIELDS if f in spec and spec["objective"] != "time_contrastive"]
        if unused:
            raise ConfigError(f"config field 'mentalsim.encoders.{name}.{unused[0]}': unused by objective "
                              f"{spec['objective']}; remove it")
        if spec.get("max_offset", 0) >= clip_steps:
            raise ConfigError(f"config field 'mentalsim.encoders.{name}.max_offset': {spec['max_offset']} must be "
                              f"below mentalsim.pretraining_set.clip_steps ({clip_steps}): positives are that many "
                              "frames after an anchor in the same clip")
        if "min_negative_offset" in spec and not spec["max_offset"] < spec["min_negative_offset"] <= clip_steps // 2:
            raise ConfigError(f"config field 'mentalsim.encoders.{name}.min_negative_offset': "
                              f"{spec['min_negative_offset']} must exceed max_offset ({spec['max_offset']}, so no "
                              f"negative is a positive) and be at most mentalsim.pretraining_set.clip_steps // 2 "
                              f"({clip_steps // 2}, so every anchor has a frame that far)")
    for name, model in ms["models"].items():
        if model["class"] in LATENT_CLASSES and model.get("encoder") not in ms["encoders"]:
            raise ConfigError(f"config field 'mentalsim.models.{name}.encoder': class {model['class']} needs an "
                              f"encoder named in mentalsim.encoders ({sorted(ms['encoders'])})")
        if model["class"] not in LATENT_CLASSES and "encoder" in model:
            raise ConfigError(f"config field 'mentalsim.models.{name}.encoder': class {model['class']} reads no "
                              "encoder; remove it")


def _check_task_reference(ms: Mapping[str, Any]) -> None:
    """The task-trained networks' training set, batch and input reduction fit together."""
    spec, field = ms["task_reference"], "config field 'mentalsim.task_reference"
    train = spec["train_conditions"]
    if train["n_bounce"] > train["n"]:
        raise ConfigError(f"{field}.train_conditions.n_bounce': exceeds mentalsim.task_reference.train_conditions.n")
    if spec["batch"] > train["n"]:
        raise ConfigError(f"{field}.batch': exceeds mentalsim.task_reference.train_conditions.n ({train['n']})")
    if spec["input_components"] > ms["task"]["pixels"] ** 2:
        raise ConfigError(f"{field}.input_components': exceeds mentalsim.task.pixels^2 "
                          f"({ms['task']['pixels'] ** 2})")


def check_mentalsim_config(ms: Mapping[str, Any]) -> None:
    """Raise ConfigError naming the field when sections disagree."""
    _check_task(ms)
    _check_corpus(ms)
    if ms["conditions"]["n_bounce"] > ms["conditions"]["n"]:
        raise ConfigError("config field 'mentalsim.conditions.n_bounce': exceeds mentalsim.conditions.n")
    _check_modules(ms)
    _check_task_reference(ms)
    if ms["evaluation"]["folds"] > ms["conditions"]["n"]:
        raise ConfigError("config field 'mentalsim.evaluation.folds': more folds than conditions")
    ref = ms["reference"]
    if ref["source"] == "file" and not (ref.get("neural_path") and ref.get("conditions_path")):
        raise ConfigError("config field 'mentalsim.reference': source 'file' needs neural_path and conditions_path")


def mentalsim_costs(ms: Mapping[str, Any]) -> list[Cost]:
    """Rendered pixels (corpus and stimuli), training pixel-frames, task-network unit-steps and bootstrap cells."""
    corpus, task, pixels = ms["pretraining_set"], ms["task"], ms["task"]["pixels"] ** 2
    longest = task["visible_steps"][1] + task["occluded_steps"][1]
    task_ref = ms["task_reference"]
    rendered = corpus["n_clips"] * corpus["clip_steps"] * corpus["max_balls"] + ms["conditions"]["n"] * longest \
        + len(task_ref["objectives"]) * task_ref["train_conditions"]["n"] * longest
    trained = len(ms["encoders"]) + len(ms["models"])
    n_models, seeds = len(ms["models"]), ms["training_seeds"]
    n_task = len(task_ref["objectives"])
    scored = (n_models * seeds + len(BASELINES)) * (1 + n_task) + 1 + n_models * n_models * (seeds - 1)
    return [
        Cost("mentalsim_video_pixels", rendered * pixels, "pixels rendered",
             f"(mentalsim.pretraining_set.n_clips {corpus['n_clips']} x mentalsim.pretraining_set.clip_steps "
             f"{corpus['clip_steps']} x mentalsim.pretraining_set.max_balls {corpus['max_balls']} + "
             f"(mentalsim.conditions.n {ms['conditions']['n']} + len(mentalsim.task_reference.objectives) "
             f"{len(task_ref['objectives'])} x mentalsim.task_reference.train_conditions.n "
             f"{task_ref['train_conditions']['n']}) x longest trial {longest} (mentalsim.task.visible_steps[1] + "
             f"mentalsim.task.occluded_steps[1])) x mentalsim.task.pixels^2 {pixels}"),
        product_cost("mentalsim_train_pixels", "pixel-frames trained on", [
            ("(len(mentalsim.encoders) + len(mentalsim.models))", trained),
            ("mentalsim.training_seeds", seeds),
            ("mentalsim.training.steps", ms["training"]["steps"]),
            ("mentalsim.training.batch_clips", ms["training"]["batch_clips"]),
            ("mentalsim.pretraining_set.clip_steps", corpus["clip_steps"]),
            ("mentalsim.task.pixels^2", pixels)]),
        product_cost("mentalsim_task_rnn_unit_steps", "GRU unit-steps trained", [
            ("len(mentalsim.task_reference.objectives)", n_task),
            ("mentalsim.task_reference.steps", task_ref["steps"]),
            ("mentalsim.task_reference.batch", task_ref["batch"]),
            ("longest trial (mentalsim.task.visible_steps[1] + mentalsim.task.occluded_steps[1])", longest),
            ("mentalsim.task_reference.units", task_ref["units"])]),
        product_cost("mentalsim_bootstrap_cells", "bootstrap cells", [
            ("(mentalsim.evaluation.n_bootstrap + 1)", ms["evaluation"]["n_bootstrap"] + 1),
            ("mentalsim.conditions.n", ms["conditions"]["n"]),
            ("mentalsim.synthetic_reference.n_units", ms["synthetic_reference"]["n_units"]),
            ("(scored systems: (len(mentalsim.models) x mentalsim.training_seeds + 4 baselines) x (1 + "
             "len(mentalsim.task_reference.objectives)) + the reference + len(mentalsim.models)^2 x "
             "(mentalsim.training_seeds - 1) in model recovery)", scored)]),
    ]
