"""Snakemake job: hand-built place and grid codes scored by the training losses (see neuroai.gridcells.ideal_codes)."""
from neuroai.common.logs import log_to
from neuroai.gridcells.pipeline import reference_code_files

with log_to(snakemake.log[0]):  # noqa: F821
    reference_code_files({"seed": snakemake.params.seed, "gridcells": snakemake.params.gridcells},  # noqa: F821
                         snakemake.input.train, snakemake.output.codes)  # noqa: F821
