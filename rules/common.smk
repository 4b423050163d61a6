# Shared by all the rules files (the Snakemake catalog's `common.smk`) - each study's config section, output paths,
# input functions, and how outputs are marked for `snakemake --report`. Table and figure names come from each study's
# `schemas` module; synthetic mouse names from neuroai.bci.design.
from neuroai.bci import schemas as bci_schemas
from neuroai.bci.calibrate import uses_calibration
from neuroai.bci.design import simulation_params, synthetic_mice
from neuroai.gridcells import schemas as gc_schemas
from neuroai.gridcells.params import training_runs as gc_training_runs
from neuroai.mentalsim import schemas as ms_schemas
from neuroai.mentalsim.baselines import BASELINES as MS_BASELINES

BCI = config["bci"]
GC = config["gridcells"]
MS = config["mentalsim"]

BCI_RECORDING = "results/bci/recordings/{condition}/{mouse}/{table}.parquet"
BCI_ANALYSIS = "results/bci/analysis/{condition}/{mouse}/{table}.parquet"
BCI_TABLES = "results/bci/tables/{table}.parquet"
BCI_STATS = "results/bci/stats/{table}.parquet"
BCI_CALIBRATION = "results/bci/calibration/learning_rate.parquet"
BCI_CALIBRATION_RUN = "results/bci/calibration/runs/learning_rate_{learning_rate}.parquet"
MS_OUT = "results/mentalsim"

REPORT_CATEGORIES = {
    "bci": "1. BCI: dendritic instructive signals",
    "gridcells": "2. Grid cells",
    "mentalsim": "3. Mental-Pong",
    "claims": "4. Claims ledger",
}


def report_figure(path, study, name):
    """A figure's PNG marked for the report, captioned by report/<study>/<name>.rst (path relative to rules/)."""
    return report(
        path,
        caption=f"../report/{study}/{name}.rst",
        category=REPORT_CATEGORIES[study],
        subcategory="Figures",
        labels={"figure": name},
    )


def report_statistics(path, study, page="key_statistics", label="claims and key statistics"):
    """A study's statistics page (captioned by report/<study>/<page>.rst) marked for the report."""
    return report(
        path,
        caption=f"../report/{study}/{page}.rst",
        category=REPORT_CATEGORIES[study],
        subcategory="Statistics",
        labels={"table": label},
    )


def figure_outputs(study, directory, names):
    """A figure job's outputs: '<name>_pdf' and '<name>_png' (the PNG marked for the report) of every figure."""
    return {
        **{f"{n}_pdf": f"{directory}/{n}.pdf" for n in names},
        **{f"{n}_png": report_figure(f"{directory}/{n}.png", study, n) for n in names},
    }


def gc_every_run(pattern):
    """`pattern` filled in for every (condition, seed index) grid-cell training run."""
    runs = gc_training_runs(config["gridcells"])
    return expand(pattern, zip, condition=[c for c, _ in runs], replicate=[k for _, k in runs])


def bci_subjects():
    """(condition, mouse) pairs to analyse: the synthetic design, or the sessions listed for imported data."""
    if config["data"]["source"] == "synthetic":
        return synthetic_mice(BCI["conditions"], BCI["mice_per_condition"])
    order = {c: k for k, c in enumerate(BCI["conditions"])}  # config order, as for simulated mice
    subjects = {(s["condition"], s["mouse"]) for s in config["data"]["sessions"]}
    return sorted(subjects, key=lambda cm: (order[cm[0]], cm[1]))


def bci_calibration_runs():
    """Every calibration grid value's runs (one job each, so the grid runs in parallel)."""
    return [
        BCI_CALIBRATION_RUN.format(learning_rate=repr(float(v))) for v in BCI["calibration"]["learning_rates"]
    ]


def bci_calibration(sweep=None):
    """The calibration table as a named input, for a simulated mouse or a sweep point that uses it."""
    return {"calibration": BCI_CALIBRATION} if uses_calibration(BCI, sweep) else {}


def bci_analysis_files(wildcards):
    """One analysis table (wildcard `table`) of every subject."""
    return [BCI_ANALYSIS.format(condition=c, mouse=m, table=wildcards.table) for c, m in bci_subjects()]


def bci_recording_files():
    """The canonical recording tables of one mouse, named by table."""
    return {t: BCI_RECORDING.replace("{table}", t) for t in bci_schemas.RECORDING_TABLE_NAMES}


def bci_ground_truth_files():
    """A simulated mouse's ground-truth tables (the teaching input each dendrite received), named by table; none
    for imported recordings."""
    if config["data"]["source"] != "synthetic":
        return {}
    return {t: BCI_RECORDING.replace("{table}", t) for t in bci_schemas.GROUND_TRUTH_TABLE_NAMES}


def ms_recordings(kind):
    """With a lab's recordings (reference.source: file), its file of `kind` (conditions | neural) as an input."""
    ref = MS["reference"]
    return {f"recorded_{kind}": ref[f"{kind}_path"]} if ref["source"] == "file" else {}


def ms_encoder(wildcards):
    """The frozen encoder (same training seed) a latent-space model reads, if its class has one."""
    spec = MS["models"][wildcards.model]
    if "encoder" not in spec:
        return {}
    return {"encoder": f"{MS_OUT}/encoders/{spec['encoder']}/seed{wildcards.replicate}/weights.pt"}


def ms_states(wildcards):
    """The states a scored system wrote: a trained model's (one seed) or a baseline's (seed 0 only)."""
    if wildcards.system in MS["models"]:
        return f"{MS_OUT}/models/{wildcards.system}/seed{wildcards.replicate}/states.parquet"
    return f"{MS_OUT}/baselines/{wildcards.system}/states.parquet"


def ms_evaluations(kind):
    """Every scored system's `kind` table (decoding | predictivity): each model at every seed, each baseline once."""
    runs = [(m, r) for m in MS["models"] for r in range(MS["training_seeds"])] + [
        (b, 0) for b in MS_BASELINES
    ]
    return [f"{MS_OUT}/evaluation/{system}/seed{r}/{kind}.parquet" for system, r in runs]


def ms_model_states(seeds):
    """States of every model at each of `seeds`."""
    return [f"{MS_OUT}/models/{m}/seed{r}/states.parquet" for m in MS["models"] for r in seeds]


def ms_recovery_candidates(wildcards):
    """States of every model at its held-out seeds (all but seed 0, which generates the recovery populations)."""
    return ms_model_states(range(1, MS["training_seeds"]))


def ms_task_reference_candidates(wildcards):
    """States of every model at every seed and of every baseline, scored on a task-trained network's population."""
    return ms_model_states(range(MS["training_seeds"])) + [
        f"{MS_OUT}/baselines/{b}/states.parquet" for b in MS_BASELINES
    ]
