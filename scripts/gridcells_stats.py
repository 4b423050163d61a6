"""Snakemake job: grid fractions vs chance, ablation contrasts, modules and summary.md (see neuroai.gridcells.stats)."""
from neuroai.common.logs import log_to
from neuroai.gridcells.pipeline import statistics_files

with log_to(snakemake.log[0]):  # noqa: F821
    statistics_files({"seed": snakemake.params.seed, "gridcells": snakemake.params.gridcells},  # noqa: F821
                     snakemake.input.units, snakemake.input.curves,  # noqa: F821
                     snakemake.input.reference_codes, dict(snakemake.output.items()))  # noqa: F821
