# Study 2: self-supervised path integration that yields grid cells (Schaeffer et al., NeurIPS 2023).
# RatInABox walks -> one network per condition (loss ablations) and seed -> rate maps, grid scores, shuffle null
# -> statistics + summary.md -> figures


wildcard_constraints:
    replicate=r"\d+",


GC_CONDITIONS = list(GC["conditions"])
GC_REFERENCE = GC_CONDITIONS[0]  # the full objective; ablations are compared against it
GC_TABLES = "results/gridcells/tables"
GC_STATS = "results/gridcells/stats"
GC_RUN = "{condition}/seed{replicate}"


rule gridcells:
    input:
        f"{GC_STATS}/summary.md",
        expand("results/gridcells/figures/{name}.{ext}", name=gc_schemas.FIGURE_NAMES, ext=["pdf", "png"]),


rule gridcells_trajectories:
    """RatInABox random walks: training velocity sequences and evaluation walks from the box centre."""
    output:
        train=f"{GC_TABLES}/train_sequences.parquet",
        eval=f"{GC_TABLES}/eval_walks.parquet",
    log:
        "logs/gridcells/trajectories.log",
    benchmark:
        "benchmarks/gridcells/trajectories.tsv"
    conda:
        "../envs/gridcells.yaml"
    resources:
        mem_mb=2000,
    params:
        seed=config["seed"],
        trajectory=GC["trajectory"],
        seq_len=GC["model"]["seq_len"],
    script:
        "../scripts/gridcells_trajectories.py"


rule gridcells_train:
    """Train one condition's recurrent network (one seed) with its self-supervised loss terms."""
    input:
        train=rules.gridcells_trajectories.output.train,
    output:
        model=f"results/gridcells/models/{GC_RUN}.pt",
        curve=f"{GC_TABLES}/{GC_RUN}/training.parquet",
    log:
        f"logs/gridcells/train/{GC_RUN}.log",
    benchmark:
        f"benchmarks/gridcells/train/{GC_RUN}.tsv"
    conda:
        "../envs/gridcells.yaml"
    threads: GC["training"]["threads"]
    resources:
        mem_mb=3000,
    params:
        seed=config["seed"],
        terms=lambda wc: GC["conditions"][wc.condition],
        model=GC["model"],
        training=GC["training"],
    script:
        "../scripts/gridcells_train.py"


rule gridcells_evaluate:
    """Rate maps, grid scores, Fourier periods and modules, the torus test, neural vs spatial distance and the
    shuffled-rate-map null of one trained network."""
    input:
        model=rules.gridcells_train.output.model,
        eval=rules.gridcells_trajectories.output.eval,
    output:
        units=f"{GC_TABLES}/{GC_RUN}/units.parquet",
        null=f"{GC_TABLES}/{GC_RUN}/null.parquet",
        maps=f"{GC_TABLES}/{GC_RUN}/rate_maps.parquet",
        topology=f"{GC_TABLES}/{GC_RUN}/topology.parquet",
        distances=f"{GC_TABLES}/{GC_RUN}/distances.parquet",
    log:
        f"logs/gridcells/evaluate/{GC_RUN}.log",
    benchmark:
        f"benchmarks/gridcells/evaluate/{GC_RUN}.tsv"
    conda:
        "../envs/gridcells.yaml"
    resources:
        mem_mb=4000,
    params:
        seed=config["seed"],
        model=GC["model"],
        terms=lambda wc: GC["conditions"][wc.condition],
        threads=GC["training"]["threads"],
        evaluation=GC["evaluation"],
        box_size_m=GC["trajectory"]["box_size_m"],
    script:
        "../scripts/gridcells_evaluate.py"


rule gridcells_reference_codes:
    """Hand-built place and multi-module grid codes scored by the training losses on training batches (no training)."""
    input:
        train=rules.gridcells_trajectories.output.train,
    output:
        codes=f"{GC_TABLES}/reference_codes.parquet",
    log:
        "logs/gridcells/reference_codes.log",
    benchmark:
        "benchmarks/gridcells/reference_codes.tsv"
    conda:
        "../envs/gridcells.yaml"
    resources:
        mem_mb=2000,
    params:
        seed=config["seed"],
        n_units=GC["model"]["n_units"],
        training=GC["training"],
        reference_codes=GC["reference_codes"],
    script:
        "../scripts/gridcells_reference_codes.py"


rule gridcells_stats:
    """Grid fractions against chance, ablation contrasts, modules with period-ratio CIs, torus tests and a readable
    summary."""
    input:
        units=gc_every_run(rules.gridcells_evaluate.output.units),
        curves=gc_every_run(rules.gridcells_train.output.curve),
        topology=gc_every_run(rules.gridcells_evaluate.output.topology),
        reference_codes=rules.gridcells_reference_codes.output.codes,
    output:
        fractions=f"{GC_STATS}/grid_fractions.parquet",
        seed_fractions=f"{GC_STATS}/seed_fractions.parquet",
        contrasts=f"{GC_STATS}/ablation_contrasts.parquet",
        modules=f"{GC_STATS}/modules.parquet",
        claims=f"{GC_STATS}/claims.parquet",
        key_statistics=report_statistics(f"{GC_STATS}/key_statistics.html", "gridcells"),
        summary=f"{GC_STATS}/summary.md",
    log:
        "logs/gridcells/stats.log",
    benchmark:
        "benchmarks/gridcells/stats.tsv"
    conda:
        "../envs/gridcells.yaml"
    params:
        seed=config["seed"],
        reference=GC_REFERENCE,
        evaluation=GC["evaluation"],
        training=GC["training"],
    script:
        "../scripts/gridcells_stats.py"


rule gridcells_figures:
    """Example maps, score distributions vs null, Fourier periods and modules, torus test and neural vs spatial
    distance, ablation bars, training curves."""
    input:
        units=gc_every_run(rules.gridcells_evaluate.output.units),
        null=gc_every_run(rules.gridcells_evaluate.output.null),
        curves=gc_every_run(rules.gridcells_train.output.curve),
        maps=f"{GC_TABLES}/{GC_REFERENCE}/seed0/rate_maps.parquet",
        topology=gc_every_run(rules.gridcells_evaluate.output.topology),
        distances=gc_every_run(rules.gridcells_evaluate.output.distances),
        fractions=rules.gridcells_stats.output.fractions,
        modules=rules.gridcells_stats.output.modules,
        reference_codes=rules.gridcells_reference_codes.output.codes,
    output:
        **figure_outputs("gridcells", "results/gridcells/figures", gc_schemas.FIGURE_NAMES),
    log:
        "logs/gridcells/figures.log",
    benchmark:
        "benchmarks/gridcells/figures.tsv"
    conda:
        "../envs/gridcells.yaml"
    params:
        style=config["figures"],
        reference=GC_REFERENCE,
        evaluation=GC["evaluation"],
        training=GC["training"],
    script:
        "../scripts/gridcells_figures.py"
