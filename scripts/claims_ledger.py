"""Snakemake job: the claims ledger of all three studies (neuroai.common.ledger.claims_ledger)."""
from neuroai.common.jobs import run
from neuroai.common.ledger import claims_ledger

run(claims_ledger, snakemake)
