"""Snakemake job: analyse one mouse's recording (see neuroai.bci.analysis)."""
from pathlib import Path

from neuroai.bci.pipeline import analyse
from neuroai.common.logs import log_to

with log_to(snakemake.log[0]):  # noqa: F821
    analyse(Path(snakemake.input.rois).parent, snakemake.params.analysis,  # noqa: F821
            snakemake.wildcards.condition, snakemake.wildcards.mouse, dict(snakemake.output.items()))  # noqa: F821
