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


def figure_outputs(study, directory, names):
    """A figure job's outputs: '<name>_pdf' and '<name>_png' (the PNG marked for the report) of every figure."""
    return {
        **{f"{n}_pdf": f"{directory}/{n}.pdf" for n in names},
        **{f"{n}_png": report_figure(f"{directory}/{n}.png", study, n) for n in names},
    }
