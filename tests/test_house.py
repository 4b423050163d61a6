"""The project's structure: no import circles, `common/` knows no study, every study keeps the same job contract,
and what the Snakefile imports to plan a run stays light."""

import ast
import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "neuroai"
STUDIES = ("bci", "gridcells", "mentalsim")


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every neuroai module `path` imports, at any depth in the file (function-level imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {n for n in names if n.startswith("neuroai")}
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    # `from neuroai.bci import schemas` names a module; `from neuroai.bci.x import f` names a function of one
    return {m: {n if n in modules else n.rsplit(".", 1)[0] for n in _imports(p)} & set(modules) - {m}
            for m, p in modules.items()}


def test_the_package_has_no_import_circle(graph):
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module, path):
        state[module] = 1
        for dep in sorted(graph[module]):
            if state.get(dep) == 1:
                pytest.fail("import circle: " + " -> ".join(path[path.index(dep):] + [dep]))
            if dep not in state:
                visit(dep, path + [dep])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_common_imports_no_study(graph):
    for module, deps in graph.items():
        if module.startswith("neuroai.common"):
            assert not {d for d in deps if d.split(".")[1] in STUDIES}, module


@pytest.mark.parametrize("study", STUDIES)
def test_every_study_has_one_job_contract_and_one_figure_registry(study):
    from neuroai.common.jobs import Job

    schemas = importlib.import_module(f"neuroai.{study}.schemas")
    registry = importlib.import_module(f"neuroai.{study}.figures").FIGURES
    assert tuple(registry) == schemas.FIGURE_NAMES
    for name in schemas.FIGURE_NAMES:
        assert (ROOT / "report" / study / f"{name}.rst").is_file(), name
    jobs = importlib.import_module(f"neuroai.{study}.jobs")
    scripts = sorted((ROOT / "scripts").glob(f"{study}_*.py"))
    assert scripts
    for script in scripts:
        calls = [n for n in ast.parse(script.read_text()).body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)]
        assert len(calls) == 1 and calls[0].value.func.id == "run", script.name
        job = getattr(jobs, calls[0].value.args[0].id)
        assert list(inspect.signature(job).parameters) == ["job"], script.name
        assert inspect.signature(job).parameters["job"].annotation in (Job, "Job"), script.name


def test_planning_a_run_loads_no_heavy_library():
    """What the Snakefile and rules import at parse time: no pynwb, torch, matplotlib or statsmodels."""
    code = ("import sys; import neuroai.config, neuroai.bci.design, neuroai.bci.sweeps, "
            "neuroai.bci.recordings.data_config; "
            "from neuroai.bci import schemas; from neuroai.gridcells import schemas; "
            "from neuroai.mentalsim import schemas; "
            "print(sorted(m for m in ('pynwb', 'torch', 'matplotlib', 'statsmodels') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
