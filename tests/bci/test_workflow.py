"""The BCI study end to end on a tiny config: every table and figure, and bit-identical reruns."""

import re
from pathlib import Path

import pytest
import yaml
from PIL import Image

from neuroai.bci import schemas
from neuroai.bci.simulate import CONDITIONS
from neuroai.bci.claims import CLAIMS as BCI_CLAIMS
from neuroai.bci.summary import KEY_TABLES
from neuroai.common.ledger import CLAIMS
from neuroai.common.tables import read_table
from tests.workflow import ROOT, digests, planned_jobs, run_snakemake

TINY = str(ROOT / "tests" / "bci" / "tiny_config.yaml")
FIGURES = schemas.FIGURE_NAMES


# One worker runs this module, so its tiny run (a module fixture) is built once, not once per xdist worker.
pytestmark = pytest.mark.xdist_group("bci_tiny")

@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("bci_tiny")
    run_snakemake(workdir, "--configfile", TINY, "--cores", "2", "bci")
    return workdir


def test_every_table_has_its_schema(tiny_run):
    results = tiny_run / "results" / "bci"
    for name, schema in {**schemas.ANALYSIS_TABLES}.items():
        table = read_table(results / "tables" / f"{name}.parquet", schema)
        assert set(table["condition"]) == set(CONDITIONS)
        assert table["mouse"].nunique() == 3
    for name, schema in schemas.STATS_TABLES.items():
        assert len(read_table(results / "stats" / f"{name}.parquet", schema)) > 0, name
    events = read_table(results / "tables" / "sd_events.parquet", schemas.SD_EVENTS)
    assert events.groupby(["condition", "mouse", "session", "neuron"])["sd_residual"].mean().abs().max() < 1e-9
    assert set(events["window"]) <= {"", "reward", "timeout", "pre_reach", "pre_end"} and (events["window"] != "").any()
    decoding = read_table(results / "tables" / "svm_decoding.parquet", schemas.SVM_DECODING)
    assert len(decoding) == len(CONDITIONS) * 3 * 3 * 2 and set(decoding["decoder"]) == {"reward", "pre_outcome"}
    network = read_table(results / "tables" / "network_decoding.parquet", schemas.NETWORK_DECODING)
    assert set(network["role"]) == {"P+", "P-"} and network["accuracy"].notna().any()
    rates = read_table(results / "tables" / "event_rates.parquet", schemas.EVENT_RATES)
    assert len(rates) == len(CONDITIONS) * 3 * 3 * 24 and rates["dendrite_event_rate_hz"].mean() > 0
    summary = (results / "stats" / "summary.md").read_text()
    assert "claims hold on this run" in summary and "| claim" in summary


def test_every_figure_is_a_real_pdf_and_png(tiny_run):
    for name in FIGURES:
        pdf = tiny_run / "results" / "bci" / "figures" / f"{name}.pdf"
        assert pdf.read_bytes()[:5] == b"%PDF-", name
        with Image.open(pdf.with_suffix(".png")) as png:
            assert png.width > 200 and png.height > 150, name


def test_every_job_wrote_a_log_and_a_benchmark(tiny_run):
    grid = len(yaml.safe_load(Path(TINY).read_text())["bci"]["calibration"]["learning_rates"])
    # calibration runs + calibrate, simulate + analyse, collect, stats + figures
    jobs = grid + 1 + len(CONDITIONS) * 3 * 2 + len(schemas.ANALYSIS_TABLES) + 2
    assert len(list((tiny_run / "benchmarks" / "bci").rglob("*.tsv"))) == jobs
    assert len(list((tiny_run / "logs" / "bci").rglob("*.log"))) == jobs


def test_same_config_gives_identical_tables_whatever_the_core_count(tiny_run, tmp_path):
    run_snakemake(tmp_path, "--configfile", TINY, "--cores", "1", "bci")
    first, second = digests(tiny_run / "results"), digests(tmp_path / "results")
    assert len(first) > 20 and first == second
    assert (tiny_run / "results/bci/stats/summary.md").read_text() == (tmp_path / "results/bci/stats/summary.md"
                                                                       ).read_text()


def test_figures_are_reproducible_from_the_same_tables(tiny_run, tmp_path):
    run_snakemake(tiny_run, "bci", "--cores", "1", "--forcerun", "bci_figures", "--configfile", TINY)
    first = digests(tiny_run / "results" / "bci" / "figures", "*.png")
    run_snakemake(tiny_run, "bci", "--cores", "1", "--forcerun", "bci_figures", "--configfile", TINY)
    assert first == digests(tiny_run / "results" / "bci" / "figures", "*.png")


def test_claims_table_and_key_statistics_page(tiny_run):
    stats = tiny_run / "results" / "bci" / "stats"
    claims = read_table(stats / "claims.parquet", CLAIMS)
    assert list(claims["key"]) == list(BCI_CLAIMS) and set(claims["study"]) == {"bci"}
    assert "p = " in claims.set_index("key").loc["control_learns", "statistic"]
    page = (stats / "key_statistics.html").read_text()
    assert "Learning slope difference from control" in page and page.count("<table") == 1 + len(KEY_TABLES)


def test_report_has_every_figure_with_its_caption(tiny_run):
    run_snakemake(tiny_run, "bci", "--report", "report.html", "--configfile", TINY)
    page = (tiny_run / "report.html").read_text()
    for name in FIGURES:
        assert f"{name}.png" in page, name
    assert "Dendritic residual (dendritic signal left after predicting it" in page  # a caption, rendered
    assert "key_statistics.html" in page and "Configuration used" in page


def test_changing_a_figure_style_reruns_only_figure_rules(tiny_run, tmp_path):
    style = tmp_path / "style.yaml"
    style.write_text("figures: {font_scale: 1.5}\n")
    dry = run_snakemake(tiny_run, "bci", "-n", "--configfile", TINY, str(style)).stdout
    assert set(re.findall(r"rule (\w+):", dry)) == {"bci_figures", "bci"}


def test_an_analysis_setting_or_a_new_mouse_reruns_no_existing_simulation(tiny_run, tmp_path):
    analysis = tmp_path / "analysis.yaml"
    analysis.write_text("bci: {analysis: {residual_pcs: 3}}\n")
    jobs = planned_jobs(tiny_run, "bci", "--configfile", TINY, str(analysis))
    assert {j.split("[")[0] for j in jobs} == {"bci_analyse", "bci_collect", "bci_stats", "bci_figures", "bci"}
    more_mice = tmp_path / "mice.yaml"
    more_mice.write_text("bci: {mice_per_condition: 4}\n")
    simulated = [j for j in planned_jobs(tiny_run, "bci", "--configfile", TINY, str(more_mice))
                 if j.startswith("bci_simulate")]
    assert sorted(simulated) == [f"bci_simulate[condition={c}, mouse=mouse03]"
                                 for c in sorted(CONDITIONS)]
