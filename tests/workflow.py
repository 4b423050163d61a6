"""Helpers to run the workflow in a scratch directory, as a user would from the command line."""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

from neuroai.config import validate

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
SCHEMA = ROOT / "config.schema.yaml"


def check_config(config: dict) -> None:
    """The workflow's own config check (what the Snakefile runs before planning) against the project's schema."""
    validate(config, SCHEMA)


def run_snakemake(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """`snakemake -s <project>/Snakefile --directory workdir ARGS`, failing with its output when `check`."""
    cmd = [SNAKEMAKE, "-s", str(ROOT / "Snakefile"), "--directory", str(workdir), *args]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if check and run.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed:\n{run.stdout[-4000:]}\n{run.stderr[-4000:]}")
    return run


def digests(directory: Path, pattern: str = "**/*.parquet") -> dict[str, str]:
    """sha256 of every file matching `pattern` under `directory`, keyed by relative path (hidden files, such as a
    write's temporary file, are not outputs)."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.glob(pattern)) if not p.name.startswith(".")}


def planned_jobs(workdir: Path, *args: str) -> list[str]:
    """The jobs a dry run (`-n ARGS`) in `workdir` would run, as 'rule' or 'rule[wildcards]', one per job."""
    jobs = []
    for line in run_snakemake(workdir, "-n", *args).stdout.splitlines():
        if match := re.match(r"(?:local)?rule (\w+):$", line):
            jobs.append(match.group(1))
        elif line.strip().startswith("wildcards:") and jobs:
            jobs[-1] += f"[{line.split(':', 1)[1].strip()}]"
    return jobs
