# Study 1: dendritic instructive signals in a BCI task (Francioni et al., Nature 2026).
# recordings (synthetic or imported) -> per-mouse analysis -> tables -> statistics -> figures


wildcard_constraints:
    condition="[A-Za-z0-9_]+",
    mouse="[A-Za-z0-9_-]+",


if config["data"]["source"] == "synthetic":

    rule bci_calibration_run:
        """Control mice of the learning-rate calibration at one grid value (their own seeds)."""
        output:
            table=BCI_CALIBRATION_RUN,
        log:
            "logs/bci/calibration_run/{learning_rate}.log",
        benchmark:
            "benchmarks/bci/calibration_run/{learning_rate}.tsv"
        wildcard_constraints:
            learning_rate=r"[0-9.e+-]+",
        conda:
            "../envs/bci.yaml"
        resources:
            mem_mb=2000,
            runtime=30,
        params:
            seed=config["seed"],
            simulation=simulation_params(BCI, calibrated=True),
            learning_rate=lambda wc: float(wc.learning_rate),
            mice=BCI["calibration"]["mice"],
        script:
            "../scripts/bci_calibration_run.py"

    rule bci_calibrate:
        """Fit plasticity.learning_rate to the paper's control late accuracy, from every grid value's runs."""
        input:
            runs=bci_calibration_runs(),
        output:
            table=BCI_CALIBRATION,
        log:
            "logs/bci/calibrate.log",
        benchmark:
            "benchmarks/bci/calibrate.tsv"
        conda:
            "../envs/bci.yaml"
        params:
            objective={
                k: BCI["calibration"][k] for k in ("learning_rates", "late_sessions", "target_late_accuracy")
            },
        script:
            "../scripts/bci_calibrate.py"

    rule bci_simulate:
        """Simulate one mouse learning the BCI task and image it (canonical recording tables)."""
        input:
            **bci_calibration(),
        output:
            **bci_recording_files(),
            **bci_ground_truth_files(),
        log:
            "logs/bci/simulate/{condition}/{mouse}.log",
        benchmark:
            "benchmarks/bci/simulate/{condition}/{mouse}.tsv"
        conda:
            "../envs/bci.yaml"
        resources:
            mem_mb=2000,
            runtime=15,
        params:
            seed=config["seed"],
            simulation=simulation_params(BCI, calibrated=uses_calibration(BCI)),
        script:
            "../scripts/bci_simulate.py"


rule bci_analyse:
    """dF/F, behaviour, both dendritic residuals (regression; the paper's SD residual of coincident events), their
    trial-aligned averages and the outcome decoders for one mouse (for a simulated mouse, also how much of the
    teaching input its dendrites received each residual recovers)."""
    input:
        **bci_recording_files(),
        **bci_ground_truth_files(),
    output:
        **{t: BCI_ANALYSIS.replace("{table}", t) for t in bci_schemas.ANALYSIS_TABLE_NAMES},
    log:
        "logs/bci/analyse/{condition}/{mouse}.log",
    benchmark:
        "benchmarks/bci/analyse/{condition}/{mouse}.tsv"
    conda:
        "../envs/bci.yaml"
    resources:
        mem_mb=3000,
        runtime=15,
    params:
        seed=config["seed"],
        analysis=BCI["analysis"],
    script:
        "../scripts/bci_analyse.py"


rule bci_collect:
    """One table over all mice and conditions."""
    input:
        tables=bci_analysis_files,
    output:
        table=BCI_TABLES,
    log:
        "logs/bci/collect/{table}.log",
    benchmark:
        "benchmarks/bci/collect/{table}.tsv"
    wildcard_constraints:
        table="|".join(bci_schemas.ANALYSIS_TABLE_NAMES),
    conda:
        "../envs/bci.yaml"
    script:
        "../scripts/bci_collect.py"


rule bci_stats:
    """Mixed-effects models and the paper's tests; tables plus a readable summary."""
    input:
        **{t: BCI_TABLES.format(table=t) for t in bci_schemas.ANALYSIS_TABLE_NAMES},
    output:
        **{s: BCI_STATS.format(table=s) for s in bci_schemas.STATS_TABLE_NAMES},
        neuron_changes=BCI_STATS.format(table="neuron_changes"),
        claims=BCI_STATS.format(table="claims"),
        key_statistics=report_statistics("results/bci/stats/key_statistics.html", "bci"),
        figure_map=report_statistics(
            "results/bci/stats/figure_map.html", "bci", "figure_map", "figure map: the paper's panels"
        ),
        summary="results/bci/stats/summary.md",
    log:
        "logs/bci/stats.log",
    benchmark:
        "benchmarks/bci/stats.tsv"
    conda:
        "../envs/bci.yaml"
    params:
        early_fraction=BCI["analysis"]["early_fraction"],
    script:
        "../scripts/bci_stats.py"


rule bci_figures:
    """Every BCI figure, PDF and PNG, in the shared style."""
    input:
        **{
            t: (BCI_TABLES if t in bci_schemas.ANALYSIS_TABLE_NAMES else BCI_STATS).format(table=t)
            for t in bci_schemas.FIGURE_TABLES
        },
        neuron_changes=rules.bci_stats.output.neuron_changes,
    output:
        **figure_outputs("bci", "results/bci/figures", bci_schemas.FIGURE_NAMES),
    log:
        "logs/bci/figures.log",
    benchmark:
        "benchmarks/bci/figures.tsv"
    conda:
        "../envs/bci.yaml"
    params:
        style=config["figures"],
    script:
        "../scripts/bci_figures.py"


rule bci:
    """All outputs of the BCI study."""
    input:
        rules.bci_figures.output,
        rules.bci_stats.output,
