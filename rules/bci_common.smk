# Names and input functions shared by the BCI rules (rules/bci*.smk). Table and figure names come from
# neuroai.bci.schemas, the mouse names from neuroai.bci.design.
from neuroai.bci import schemas as bci_schemas
from neuroai.bci.design import synthetic_mice

BCI = config["bci"]
BCI_RECORDING = "results/bci/recordings/{condition}/{mouse}/{table}.parquet"
BCI_ANALYSIS = "results/bci/analysis/{condition}/{mouse}/{table}.parquet"
BCI_TABLES = "results/bci/tables/{table}.parquet"
BCI_STATS = "results/bci/stats/{table}.parquet"


def bci_subjects():
    """(condition, mouse) pairs to analyse: the synthetic design, or the sessions listed for imported data."""
    if config["data"]["source"] == "synthetic":
        return synthetic_mice(BCI["conditions"], BCI["mice_per_condition"])
    return sorted({(s["condition"], s["mouse"]) for s in config["data"]["sessions"]})


def bci_analysis_files(wildcards):
    """One analysis table (wildcard `table`) of every subject."""
    return [BCI_ANALYSIS.format(condition=c, mouse=m, table=wildcards.table) for c, m in bci_subjects()]


def bci_recording_files():
    """The canonical recording tables of one mouse, named by table."""
    return {t: BCI_RECORDING.replace("{table}", t) for t in bci_schemas.RECORDING_TABLE_NAMES}
