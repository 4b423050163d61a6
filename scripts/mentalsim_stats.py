"""Snakemake job: Mental-Pong statistics tables and summary (see neuroai.mentalsim)."""
from neuroai.common.logs import log_to
from neuroai.mentalsim.evaluation_jobs import run_stats

with log_to(snakemake.log[0]):  # noqa: F821
    run_stats(snakemake.params.ms, snakemake.params.seed, list(snakemake.input.decoding),  # noqa: F821
              list(snakemake.input.predictivity), snakemake.input.units,  # noqa: F821
              {k: v for k, v in snakemake.output.items()})  # noqa: F821
