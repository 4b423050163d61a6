"""Write-then-rename, so an interrupted job never leaves a half-written output behind."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _temporary_siblings(final: Path) -> Iterator[Path]:
    """Temporary files an earlier write of `final` left behind (a process killed mid-write cannot clean up)."""
    return final.parent.glob(f".{glob.escape(final.name)}.tmp*")


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary sibling of `path`; on success rename it onto `path`, on error delete it. Temporary files
    are hidden (leading dot) and an earlier killed write's leftovers are removed first."""
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    for leftover in _temporary_siblings(final):
        leftover.unlink(missing_ok=True)
    tmp = final.with_name(f".{final.name}.tmp{os.getpid()}{final.suffix}")
    try:
        yield tmp
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
