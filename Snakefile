# neuroai: one DAG that rebuilds the main figures of three NeuroAI studies.
#   snakemake --cores all            every figure
#   snakemake --cores all bci        one study
from snakemake.utils import min_version, validate

from neuroai.common.config import validate as check_config

min_version("9.0")


configfile: "config.yaml"


# The schema first (fills nothing in, names the failing field), then the cross-field rules.
validate(config, "config.schema.yaml")
check_config(config)


include: "rules/bci.smk"


rule all:
    default_target: True
    input:
        rules.bci.input,
