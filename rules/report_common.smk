# How outputs are marked for `snakemake --report` (shared by the study rules).

REPORT_CATEGORIES = {"bci": "1. BCI: dendritic instructive signals", "gridcells": "2. Grid cells",
                     "mentalsim": "3. Mental-Pong", "claims": "4. Claims ledger"}


def report_figure(path, study, name):
    """A figure's PNG marked for the report, captioned by report/<study>/<name>.rst (path relative to rules/)."""
    return report(path, caption=f"../report/{study}/{name}.rst", category=REPORT_CATEGORIES[study],
                  subcategory="Figures", labels={"figure": name})


def report_statistics(path, study):
    """A study's key statistics page marked for the report."""
    return report(path, caption=f"../report/{study}/key_statistics.rst", category=REPORT_CATEGORIES[study],
                  subcategory="Statistics", labels={"table": "claims and key statistics"})
