"""Snakemake job: the reference population (see neuroai.mentalsim)."""
from neuroai.common.logs import log_to
from neuroai.mentalsim.pipeline import run_reference

with log_to(snakemake.log[0]):  # noqa: F821
    run_reference(snakemake.params.ms, snakemake.params.seed, dict(snakemake.input.items()),  # noqa: F821
                  dict(snakemake.output.items()))  # noqa: F821
