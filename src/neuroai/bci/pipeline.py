"""Job-level entry points called by the Snakemake scripts: each reads its inputs, computes, writes its outputs."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from neuroai.bci import schemas, stats, sweeps
from neuroai.bci.analysis import analyse_mouse
from neuroai.bci.claims import evaluate
from neuroai.bci.figures import FIGURES
from neuroai.bci.recording import read_recording, recording_tables, write_recording
from neuroai.bci.simulate import simulate_mouse, simulation_params
from neuroai.bci.sweep_figures import sweep_figure
from neuroai.bci.summary import KEY_TABLES, summary_markdown
from neuroai.common.atomic import atomic_path
from neuroai.common.figures import apply_style, save_figure
from neuroai.common.ledger import write_claims, write_key_statistics
from neuroai.common.seeding import rng
from neuroai.common.tables import read_table, write_table

PathMap = Mapping[str, str | os.PathLike]


def mouse_index(mouse: str) -> int:
    """0-based index from a synthetic mouse name such as 'mouse03'."""
    return int(mouse.removeprefix("mouse"))


def simulate(seed: int, bci: Mapping[str, Any], condition: str, mouse: str, outputs: PathMap) -> None:
    """Simulate one mouse in one condition and write its canonical recording tables."""
    stream = rng(seed, "bci", condition, mouse_index(mouse), simulation_params(bci))
    write_recording(recording_tables(simulate_mouse(bci, condition, stream), bci["frame_rate_hz"]), outputs)


def analyse(recording_dir: str | os.PathLike, cfg: Mapping[str, Any], condition: str, mouse: str,
            outputs: PathMap) -> None:
    """Analyse one mouse's recording and write its behaviour, neuron-session and peri-event tables."""
    tables = analyse_mouse(read_recording(recording_dir), cfg, condition, mouse)
    for name, schema in schemas.ANALYSIS_TABLES.items():
        write_table(tables[name], outputs[name], schema)


def collect(inputs: Sequence[str | os.PathLike], output: str | os.PathLike, table: str) -> None:
    """Concatenate one analysis table over mice and conditions."""
    schema = schemas.ANALYSIS_TABLES[table]
    write_table(pd.concat([read_table(p, schema) for p in inputs], ignore_index=True), output, schema)


def run_stats(inputs: PathMap, outputs: PathMap, early_fraction: float) -> None:
    """Fit every model, write each statistics table and the Markdown summary."""
    tables = {name: read_table(inputs[name], schema) for name, schema in schemas.ANALYSIS_TABLES.items()}
    changes = stats.neuron_changes(tables["neuron_sessions"], early_fraction)
    results = {
        "learning_slopes": stats.learning_slopes(tables["behaviour"]),
        "slope_contrasts": stats.slope_contrasts(tables["behaviour"]),
        "residual_by_role": stats.residual_by_role(tables["neuron_sessions"]),
        "role_contrasts": stats.role_contrasts(tables["neuron_sessions"]),
        "residual_predicts_change": stats.residual_predicts_change(changes),
        "somatic_change": stats.somatic_change(changes),
    }
    results = {name: results[name][schema.names] for name, schema in schemas.STATS_TABLES.items()}
    for name, schema in schemas.STATS_TABLES.items():
        write_table(results[name], outputs[name], schema)
    write_table(changes, outputs["neuron_changes"], schemas.NEURON_CHANGES)
    claims = evaluate(results).reset_index()
    write_claims("bci", claims, outputs["claims"])
    write_key_statistics(outputs["key_statistics"], "bci", claims, {
        title: results[name] for name, title in KEY_TABLES.items()})
    with atomic_path(outputs["summary"]) as tmp:
        tmp.write_text(summary_markdown(results))


def run_figures(inputs: PathMap, outputs: PathMap, style: Mapping[str, Any]) -> None:
    """Draw every BCI figure from the analysis and statistics tables."""
    all_schemas = {**schemas.ANALYSIS_TABLES, **schemas.STATS_TABLES, "neuron_changes": schemas.NEURON_CHANGES}
    tables = {name: read_table(inputs[name], schema) for name, schema in all_schemas.items()}
    used = apply_style(style)
    for name, draw in FIGURES.items():
        fig, caption = draw(tables)
        save_figure(fig, outputs[f"{name}_pdf"], outputs[f"{name}_png"], dpi=used["dpi"], caption=caption)


def run_sweep_point(seed: int, bci: Mapping[str, Any], point: Mapping[str, Any], sweep: str,
                    output: str | os.PathLike) -> None:
    """Simulate, analyse and summarise one sweep point (all its conditions and mice, in this process)."""
    write_table(sweeps.run_point(seed, bci, point, sweep), output, schemas.SWEEP_POINT)


def summarise_sweep(inputs: Sequence[str | os.PathLike], table: str | os.PathLike, pdf: str | os.PathLike,
                    png: str | os.PathLike, style: Mapping[str, Any]) -> None:
    """Concatenate a sweep's points and draw its summary figure."""
    points = pd.concat([read_table(p, schemas.SWEEP_POINT) for p in inputs], ignore_index=True)
    write_table(points, table, schemas.SWEEP_POINT)
    used = apply_style(style)
    fig, caption = sweep_figure(points)
    save_figure(fig, pdf, png, dpi=used["dpi"], caption=caption)
