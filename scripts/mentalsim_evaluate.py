"""Snakemake job: decoding and predictivity sums of one model (see neuroai.mentalsim)."""
from neuroai.common.logs import log_to
from neuroai.mentalsim.evaluation_jobs import run_evaluate

with log_to(snakemake.log[0]):  # noqa: F821
    run_evaluate(snakemake.wildcards.model, snakemake.params.ms, dict(snakemake.input.items()),  # noqa: F821
                 dict(snakemake.output.items()))  # noqa: F821
