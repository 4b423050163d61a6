"""Snakemake job: import one mouse's recorded sessions (see neuroai.bci.recordings.importer)."""
from neuroai.bci.recordings.importer import import_mouse
from neuroai.common.logs import log_to

with log_to(snakemake.log[0]):  # noqa: F821
    import_mouse(snakemake.params.source, snakemake.params.sessions, dict(snakemake.output.items()))  # noqa: F821
