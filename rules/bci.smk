# Study 1: dendritic instructive signals in a BCI task (Francioni et al., Nature 2026).
# recordings (synthetic or imported) -> per-mouse analysis -> tables -> statistics -> figures

include: "bci_common.smk"


wildcard_constraints:
    condition="[A-Za-z0-9_]+",
    mouse="[A-Za-z0-9_-]+",


if config["data"]["source"] == "synthetic":

    rule bci_simulate:
        """Simulate one mouse learning the BCI task and image it (canonical recording tables)."""
        output:
            **{t: BCI_RECORDING.replace("{table}", t) for t in BCI_RECORDING_TABLES},
        params:
            seed=config["seed"],
            bci=BCI,
        conda:
            "../envs/bci.yaml"
        log:
            "logs/bci/simulate/{condition}/{mouse}.log",
        benchmark:
            "benchmarks/bci/simulate/{condition}/{mouse}.tsv"
        resources:
            mem_mb=2000,
            runtime=15,
        script:
            "../scripts/bci_simulate.py"


rule bci_analyse:
    """dF/F, behaviour, dendritic residuals and their trial-aligned averages for one mouse."""
    input:
        **{t: BCI_RECORDING.replace("{table}", t) for t in BCI_RECORDING_TABLES},
    output:
        **{t: BCI_ANALYSIS.replace("{table}", t) for t in BCI_ANALYSIS_TABLES},
    params:
        analysis=BCI["analysis"],
    conda:
        "../envs/bci.yaml"
    log:
        "logs/bci/analyse/{condition}/{mouse}.log",
    benchmark:
        "benchmarks/bci/analyse/{condition}/{mouse}.tsv"
    resources:
        mem_mb=3000,
        runtime=15,
    script:
        "../scripts/bci_analyse.py"


rule bci_collect:
    """One table over all mice and conditions."""
    input:
        lambda wc: bci_analysis_files(wc.table),
    output:
        "results/bci/tables/{table}.parquet",
    conda:
        "../envs/bci.yaml"
    log:
        "logs/bci/collect/{table}.log",
    benchmark:
        "benchmarks/bci/collect/{table}.tsv"
    wildcard_constraints:
        table="|".join(BCI_ANALYSIS_TABLES),
    script:
        "../scripts/bci_collect.py"


rule bci_stats:
    """Mixed-effects models and the paper's tests; tables plus a readable summary."""
    input:
        **{t: f"results/bci/tables/{t}.parquet" for t in BCI_ANALYSIS_TABLES},
    output:
        **{s: f"results/bci/stats/{s}.parquet" for s in BCI_STATS},
        neuron_changes="results/bci/stats/neuron_changes.parquet",
        claims="results/bci/stats/claims.parquet",
        key_statistics=report_statistics("results/bci/stats/key_statistics.html", "bci"),
        summary="results/bci/stats/summary.md",
    params:
        early_fraction=BCI["analysis"]["early_fraction"],
    conda:
        "../envs/bci.yaml"
    log:
        "logs/bci/stats.log",
    benchmark:
        "benchmarks/bci/stats.tsv"
    script:
        "../scripts/bci_stats.py"


rule bci_figures:
    """Every BCI figure, PDF and PNG, in the shared style."""
    input:
        **{t: f"results/bci/tables/{t}.parquet" for t in BCI_ANALYSIS_TABLES},
        **{s: f"results/bci/stats/{s}.parquet" for s in BCI_STATS},
        neuron_changes="results/bci/stats/neuron_changes.parquet",
    output:
        **{f"{f}_pdf": f"results/bci/figures/{f}.pdf" for f in BCI_FIGURES},
        **{f"{f}_png": report_figure(f"results/bci/figures/{f}.png", "bci", f) for f in BCI_FIGURES},
    params:
        style=config["figures"],
    conda:
        "../envs/bci.yaml"
    log:
        "logs/bci/figures.log",
    benchmark:
        "benchmarks/bci/figures.tsv"
    script:
        "../scripts/bci_figures.py"


rule bci:
    """All outputs of the BCI study."""
    input:
        rules.bci_figures.output,
        rules.bci_stats.output,
