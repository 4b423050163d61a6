"""The per-study conda environments (envs/*.yaml) stay in step with pyproject.toml and with the rules using them."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ENV_FILES = sorted((ROOT / "envs").glob("*.yaml"))
RULE_FILES = sorted((ROOT / "rules").glob("*.smk"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")
# a `conda:` directive whose value is a string literal, on the same line or the next one
CONDA_DIRECTIVE = re.compile(r"^[ \t]*conda:\s*(?P<value>.*)$", re.MULTILINE)


def normalise(name: str) -> str:
    """PEP 503 name normalisation, so `PyYAML`, `pyyaml` and `py_yaml` compare equal."""
    return re.sub(r"[-_.]+", "-", name).lower()


def project_pins() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = {}
    for dep in deps:
        match = PIN.match(dep.strip())
        assert match, f"pyproject.toml dependency {dep!r} is not pinned with =="
        pins[normalise(match[1])] = match[2]
    return pins


def load_env(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def pip_list(env: dict) -> list[str]:
    lists = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(lists) == 1, "expected exactly one `pip:` list under dependencies"
    return [str(item).strip() for item in lists[0]]


def test_there_are_env_files():
    assert {p.name for p in ENV_FILES} >= {"bci.yaml", "bci_import.yaml", "gridcells.yaml", "mentalsim.yaml"}


@pytest.mark.parametrize("path", ENV_FILES, ids=lambda p: p.name)
def test_env_file_style(path):
    text = path.read_text()
    assert text.startswith("# "), "each env file opens with a one-line comment header"
    env = load_env(path)
    assert env["name"] == f"neuroai-{path.stem.replace('_', '-')}"
    assert env["channels"] == ["conda-forge", "nodefaults"]
    conda_specs = [d for d in env["dependencies"] if not isinstance(d, dict)]
    # one style: the interpreter and pip from conda-forge, every library from the pip list
    assert conda_specs == ["python=3.11", "pip"]


@pytest.mark.parametrize("path", ENV_FILES, ids=lambda p: p.name)
def test_pip_pins_match_pyproject(path):
    pins = project_pins()
    items = pip_list(load_env(path))
    assert "-e ../" in items, "the env must install this package itself (`-e ../`, relative to envs/)"
    packages = [item for item in items if item != "-e ../"]
    assert packages, "no pinned packages"
    for item in packages:
        match = PIN.match(item)
        assert match, f"{path.name}: {item!r} is not a `pkg==version` pin"
        name, version = normalise(match[1]), match[2]
        assert name in pins, f"{path.name}: {name} is not in pyproject.toml [project].dependencies"
        assert version == pins[name], f"{path.name}: {name}=={version}, but pyproject.toml pins {pins[name]}"
    names = [normalise(PIN.match(item)[1]) for item in packages]
    assert len(names) == len(set(names)), f"{path.name}: a package is listed twice"


def test_every_conda_directive_names_an_existing_file():
    found = 0
    for rules in RULE_FILES:
        for match in CONDA_DIRECTIVE.finditer(rules.read_text()):
            value = match["value"].split("#")[0].strip().rstrip(",")
            literal = re.fullmatch(r"""(["'])(.+)\1""", value)
            assert literal, f"{rules.name}: conda directive {value!r} is not a plain string path"
            target = (rules.parent / literal[2]).resolve()
            assert target.is_file(), f"{rules.name}: conda env {literal[2]} does not exist"
            assert target.parent == (ROOT / "envs").resolve(), f"{rules.name}: {literal[2]} is outside envs/"
            found += 1
    assert found, "no conda: directives found in rules/*.smk"
