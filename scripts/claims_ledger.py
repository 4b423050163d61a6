"""Snakemake job: the claims ledger of all three studies (see neuroai.common.ledger)."""
from neuroai.common.ledger import write_ledger
from neuroai.common.logs import log_to

with log_to(snakemake.log[0]):  # noqa: F821
    write_ledger(list(snakemake.input), snakemake.output.markdown, snakemake.output.html)  # noqa: F821
