"""The one contract between a Snakemake rule and a study: a job is a function of one `Job`.

Every study's `jobs.py` holds one such function per rule; each script under `scripts/` is the single call
`run(<job>, snakemake)`. Inputs and outputs are named in the rule, so a job reads them by name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from neuroai.common.logs import log_to


@dataclass(frozen=True)
class Job:
    """What one Snakemake job hands the study: its params, named input and output files, and wildcards."""

    params: Mapping[str, Any]
    input: Mapping[str, Any]  # name -> path, or list of paths for an `expand()`
    output: Mapping[str, str]
    wildcards: Mapping[str, str]


def _paths(files: Any) -> dict[str, Any]:
    return {name: value if isinstance(value, str) else [str(v) for v in value] for name, value in files.items()}


def job_from(smk: Any) -> Job:
    """The `Job` of a Snakemake script's `snakemake` object (or any object with the same attributes)."""
    return Job(params=dict(smk.params.items()), input=_paths(smk.input), output=_paths(smk.output),
               wildcards=dict(smk.wildcards.items()))


def run(job: Callable[[Job], None], smk: Any) -> None:
    """Run `job` on what Snakemake hands a script, with its logging and warnings in the job's log file."""
    with log_to(smk.log[0] if smk.log else None):
        job(job_from(smk))
