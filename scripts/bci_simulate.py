"""Snakemake job: simulate one mouse (see neuroai.bci.simulate)."""
from neuroai.bci.pipeline import simulate
from neuroai.common.logs import log_to

with log_to(snakemake.log[0]):  # noqa: F821
    simulate(snakemake.params.seed, snakemake.params.bci, snakemake.wildcards.condition,  # noqa: F821
             snakemake.wildcards.mouse, dict(snakemake.output.items()))  # noqa: F821
