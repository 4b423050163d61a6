# Parameter sweeps of the BCI model (config `sweeps:`). One job per point runs all of the point's conditions and mice
# as a `run:` job, which profiles/default (`force-use-threads`) keeps in a thread of the Snakemake process: no new
# process per point. `group:` lets a cluster executor pack many points into one cluster job.
from neuroai.bci.sweeps import point_name, point_params, points

BCI_SWEEPS = {s["name"]: s for s in config.get("sweeps", [])}
BCI_SWEEP_POINTS = {name: {point_name(p): p for p in points(s)} for name, s in BCI_SWEEPS.items()}


rule bci_sweep_point:
    """Learning slope and residual sign contrast of one sweep point."""
    input:
        unpack(lambda wc: bci_calibration(BCI_SWEEPS[wc.sweep])),
    output:
        table="results/bci/sweeps/{sweep}/points/{point}.parquet",
    log:
        "logs/bci/sweeps/{sweep}/{point}.log",
    benchmark:
        "benchmarks/bci/sweeps/{sweep}/{point}.tsv"
    group:
        "bci_sweep"
    resources:
        mem_mb=3000,
        runtime=60,
    params:
        seed=config["seed"],
        point=lambda wc: BCI_SWEEP_POINTS[wc.sweep][wc.point],
        bci=lambda wc: point_params(
            BCI,
            BCI_SWEEPS[wc.sweep],
            BCI_SWEEP_POINTS[wc.sweep][wc.point],
            calibrated=uses_calibration(BCI, BCI_SWEEPS[wc.sweep]),
        ),
    run:
        from types import SimpleNamespace
        from neuroai.bci.jobs import sweep_point
        from neuroai.common.jobs import run

        run(
            sweep_point,
            SimpleNamespace(params=params, input=input, output=output, wildcards=wildcards, log=log),
        )


rule bci_sweep_summary:
    """All points of one sweep in one table, and its summary figure."""
    input:
        points=lambda wc: expand(
            "results/bci/sweeps/{{sweep}}/points/{point}.parquet", point=BCI_SWEEP_POINTS[wc.sweep]
        ),
    output:
        table="results/bci/sweeps/{sweep}/summary.parquet",
        summary_pdf="results/bci/sweeps/{sweep}/summary.pdf",
        summary_png=report(
            "results/bci/sweeps/{sweep}/summary.png",
            caption="../report/bci/sweep_summary.rst",
            category=REPORT_CATEGORIES["bci"],
            subcategory="Parameter sweeps",
            labels={"sweep": "{sweep}"},
        ),
    log:
        "logs/bci/sweeps/{sweep}/summary.log",
    benchmark:
        "benchmarks/bci/sweeps/{sweep}/summary.tsv"
    conda:
        "../envs/bci.yaml"
    params:
        style=config["figures"],
    script:
        "../scripts/bci_sweep_summary.py"


rule bci_sweeps:
    """Every configured sweep."""
    input:
        expand("results/bci/sweeps/{sweep}/summary.{ext}", sweep=BCI_SWEEPS, ext=["parquet", "pdf", "png"]),
