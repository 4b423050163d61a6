"""Snakemake job: write one simulated mouse as NWB files (see neuroai.bci.recordings.importer)."""
from pathlib import Path

from neuroai.bci.recordings.importer import export_mouse_nwb
from neuroai.common.logs import log_to

with log_to(snakemake.log[0]):  # noqa: F821
    export_mouse_nwb(Path(snakemake.input.rois).parent, snakemake.output[0],  # noqa: F821
                     snakemake.wildcards.condition, snakemake.wildcards.mouse)  # noqa: F821
