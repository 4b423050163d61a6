# neuroai: one DAG that rebuilds the main figures of three NeuroAI studies.
#   snakemake --cores all            every figure
#   snakemake --cores all bci        one study
import os

from snakemake.utils import min_version, validate

from neuroai.common.strict_yaml import load_unique
from neuroai.config import validate as check_config

min_version("9.0")


# Defaults live beside this file; `--configfile` / `--config` on the command line override them key by key.
configfile: os.path.join(workflow.basedir, "config.yaml")


# Checked once, before any job is planned: our validator first (it names the failing field plainly and applies every
# study's cross-field rules), then Snakemake's own schema validation.
CONFIG_SCHEMA = os.path.join(workflow.basedir, "config.schema.yaml")
for _configfile in workflow.configfiles:  # a key given twice in one file: refused, not "last one wins"
    load_unique(_configfile)
check_config(config, CONFIG_SCHEMA)
validate(config, CONFIG_SCHEMA)

# One BLAS thread per job: results must not depend on how many cores a job happens to get.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"


# `snakemake --report results/report.html` after a run: every figure with its caption, each study's key statistics,
# the claims ledger, and (in the front page) the config used.
report: "report/workflow.rst"


include: "rules/common.smk"
include: "rules/bci.smk"
include: "rules/bci_sweeps.smk"
include: "rules/bci_import.smk"
include: "rules/gridcells.smk"
include: "rules/mentalsim.smk"
include: "rules/claims.smk"


rule all:
    default_target: True
    input:
        rules.bci.input,
        rules.bci_sweeps.input,
        rules.gridcells.input,
        rules.mentalsim.input,
        rules.claims_ledger.output,
