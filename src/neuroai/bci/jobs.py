"""The BCI study's jobs, one per rule (see neuroai.common.jobs): each reads its named inputs, computes, writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from neuroai.bci import paper_tests, schemas, stats
from neuroai.bci.analysis import analyse_mouse
from neuroai.bci.calibrate import chosen_learning_rate, fit_learning_rate, grid_point_accuracy, with_learning_rate
from neuroai.bci.claims import evaluate
from neuroai.bci.design import mouse_index, mouse_stream
from neuroai.bci.figure_map import figure_map, figure_map_html
from neuroai.bci.figures import FIGURES
from neuroai.bci.ground_truth import teaching_recovery
from neuroai.bci.recording import read_recording, recording_tables, write_recording
from neuroai.bci.simulate import simulate_mouse
from neuroai.bci.summary import KEY_TABLES, summary_markdown
from neuroai.bci.sweep_figures import sweep_figure
from neuroai.bci.sweep_point import run_point
from neuroai.common.atomic import atomic_path
from neuroai.common.figures import draw_figures
from neuroai.common.jobs import Job
from neuroai.common.ledger import write_claims, write_key_statistics
from neuroai.common.tables import read_table, write_table


def calibration_run(job: Job) -> None:
    """Control mice of the calibration at one grid value. params: seed, simulation, learning_rate, mice."""
    table = grid_point_accuracy(job.params["seed"], job.params["simulation"], job.params["learning_rate"],
                                job.params["mice"])
    write_table(table, job.output["table"], schemas.CALIBRATION_RUNS)


def calibrate(job: Job) -> None:
    """The learning-rate fit from every grid value's runs. params: objective (learning_rates, late_sessions,
    target_late_accuracy)."""
    runs = pd.concat([read_table(p, schemas.CALIBRATION_RUNS) for p in job.input["runs"]], ignore_index=True)
    write_table(fit_learning_rate(runs, job.params["objective"]), job.output["table"], schemas.CALIBRATION)


def _calibrated(params: dict, job: Job) -> dict:
    """`params` with the calibrated learning rate when the job reads a calibration table."""
    if "calibration" not in job.input.keys():
        return params
    table = read_table(job.input["calibration"], schemas.CALIBRATION)
    return with_learning_rate(params, chosen_learning_rate(table))


def simulate(job: Job) -> None:
    """One mouse in one condition: its canonical recording tables. params: seed, simulation; input: calibration
    (optional)."""
    condition, mouse = job.wildcards["condition"], job.wildcards["mouse"]
    sim = _calibrated(job.params["simulation"], job)
    stream = mouse_stream(job.params["seed"], condition, mouse_index(mouse), sim)
    write_recording(recording_tables(simulate_mouse(sim, condition, stream), sim["frame_rate_hz"]), job.output)


def analyse(job: Job) -> None:
    """One mouse's analysis tables (behaviour, neuron sessions, peri-event residuals, the paper's SD-residual events
    and outcome decoding) from its recording, with its ground truth where the inputs hold it. params: seed,
    analysis."""
    truth = all(name in job.input.keys() for name in schemas.GROUND_TRUTH_TABLES)
    tables = analyse_mouse(read_recording(Path(job.input["rois"]).parent, ground_truth=truth), job.params["analysis"],
                           job.wildcards["condition"], job.wildcards["mouse"], job.params["seed"])
    for name, schema in schemas.ANALYSIS_TABLES.items():
        write_table(tables[name], job.output[name], schema)


def collect(job: Job) -> None:
    """One analysis table concatenated over mice and conditions."""
    schema = schemas.ANALYSIS_TABLES[job.wildcards["table"]]
    parts = [read_table(p, schema) for p in job.input["tables"]]
    write_table(pd.concat(parts, ignore_index=True), job.output["table"], schema)


def statistics(job: Job) -> None:
    """Every statistics table, the claims they decide, the key-statistics page and summary.md.
    params: early_fraction."""
    tables = {name: read_table(job.input[name], schema) for name, schema in schemas.ANALYSIS_TABLES.items()}
    changes = stats.neuron_changes(tables["neuron_sessions"], job.params["early_fraction"])
    results = {
        "learning_slopes": stats.learning_slopes(tables["behaviour"]),
        "slope_contrasts": stats.slope_contrasts(tables["behaviour"]),
        "residual_by_role": stats.residual_by_role(tables["neuron_sessions"]),
        "role_contrasts": stats.role_contrasts(tables["neuron_sessions"]),
        "role_contrasts_vs_null": stats.role_contrasts_vs_null(tables["neuron_sessions"], schemas.NULL_CONDITION),
        "residual_predicts_change": stats.residual_predicts_change(changes),
        "somatic_change": stats.somatic_change(changes),
        "sd_separability": paper_tests.sd_separability(tables["sd_events"]),
        "sd_separability_by_fit": paper_tests.sd_separability_by_fit(tables["sd_events"]),
        "sd_separability_by_definition": paper_tests.sd_separability_by_definition(tables["sd_events"]),
        "sd_separability_vs_null": paper_tests.sd_separability_vs_null(tables["sd_events"], schemas.NULL_CONDITION),
        "sd_fit_aic": paper_tests.sd_fit_aic(tables["sd_events"]),
        "role_by_outcome_window": paper_tests.role_by_outcome_window(tables["sd_events"]),
        "role_by_outcome_window_vs_null": paper_tests.role_by_outcome_window_vs_null(tables["sd_events"],
                                                                                   schemas.NULL_CONDITION),
        "decoding_vs_chance": paper_tests.decoding_vs_chance(tables["svm_decoding"]),
        "network_decoding_vs_chance": paper_tests.network_decoding_vs_chance(tables["network_decoding"]),
        "event_rate_contrasts": paper_tests.event_rate_contrasts(tables["event_rates"]),
        "activity_vs_day1": paper_tests.activity_vs_day1(tables["event_rates"]),
        "teaching_recovery": teaching_recovery(tables["neuron_sessions"], tables["sd_events"]),
    }
    results = {name: results[name][schema.names] for name, schema in schemas.STATS_TABLES.items()}
    for name, schema in schemas.STATS_TABLES.items():
        write_table(results[name], job.output[name], schema)
    write_table(changes, job.output["neuron_changes"], schemas.NEURON_CHANGES)
    claims = evaluate(results).reset_index()
    write_claims(schemas.STUDY, claims, job.output["claims"])
    write_key_statistics(job.output["key_statistics"], schemas.TITLE, claims, {
        title: results[name] for name, title in KEY_TABLES.items()})
    with atomic_path(job.output["figure_map"]) as tmp:
        tmp.write_text(figure_map_html(figure_map(claims.set_index("key")), schemas.TITLE))
    with atomic_path(job.output["summary"]) as tmp:
        tmp.write_text(summary_markdown(results))


def figures(job: Job) -> None:
    """Every BCI figure from the analysis and statistics tables. params: style."""
    all_schemas = {**schemas.ANALYSIS_TABLES, **schemas.STATS_TABLES, "neuron_changes": schemas.NEURON_CHANGES}
    tables = {name: read_table(job.input[name], all_schemas[name])
              for name in (*schemas.FIGURE_TABLES, "neuron_changes")}
    draw_figures(FIGURES, tables, job.output, job.params["style"])


def sweep_point(job: Job) -> None:
    """Simulate, analyse and summarise one sweep point (all its conditions and mice, in this process).
    params: seed, bci (the point's full BCI parameters), point; input: calibration (optional)."""
    table = run_point(job.params["seed"], _calibrated(job.params["bci"], job), job.params["point"],
                      job.wildcards["sweep"])
    write_table(table, job.output["table"], schemas.SWEEP_POINT)


def sweep_summary(job: Job) -> None:
    """A sweep's points in one table and its summary figure. params: style."""
    points = pd.concat([read_table(p, schemas.SWEEP_POINT) for p in job.input["points"]], ignore_index=True)
    write_table(points, job.output["table"], schemas.SWEEP_POINT)
    draw_figures({"summary": sweep_figure}, points, job.output, job.params["style"])


def import_recordings(job: Job) -> None:
    """One mouse's recorded sessions (NWB or suite2p) as canonical recording tables. params: source, sessions."""
    from neuroai.bci.recordings.importer import import_mouse  # pynwb: loaded only where recordings are read

    import_mouse(job.params["source"], job.params["sessions"], job.output)


def export_nwb(job: Job) -> None:
    """One simulated mouse as DANDI-style NWB files, with the `data.sessions` entries that import them."""
    from neuroai.bci.recordings.importer import export_mouse_nwb  # pynwb: loaded only where NWB is written

    export_mouse_nwb(Path(job.input["rois"]).parent, job.output["nwb"], job.wildcards["condition"],
                     job.wildcards["mouse"])
