# Names and helpers shared by the BCI rules (rules/bci*.smk).

BCI = config["bci"]
BCI_RECORDING = "results/bci/recordings/{condition}/{mouse}/{table}.parquet"
BCI_ANALYSIS = "results/bci/analysis/{condition}/{mouse}/{table}.parquet"
BCI_RECORDING_TABLES = ["rois", "sessions", "traces", "frames", "trials"]
BCI_ANALYSIS_TABLES = ["behaviour", "neuron_sessions", "peri_event"]
BCI_FIGURES = ["learning_curves", "somatic_change", "residual_peri_event", "residual_vs_change",
               "condition_comparison"]
BCI_STATS = ["learning_slopes", "slope_contrasts", "residual_by_role", "role_contrasts", "residual_predicts_change",
             "somatic_change"]


def bci_subjects():
    """(condition, mouse) pairs to analyse: the synthetic design, or the sessions listed for imported data."""
    if config["data"]["source"] == "synthetic":
        return [(c, f"mouse{m:02d}") for c in BCI["conditions"] for m in range(BCI["mice_per_condition"])]
    return sorted({(s["condition"], s["mouse"]) for s in config["data"]["sessions"]})


def bci_analysis_files(table):
    """One per-mouse analysis table for every subject."""
    return [BCI_ANALYSIS.format(condition=c, mouse=m, table=table) for c, m in bci_subjects()]
