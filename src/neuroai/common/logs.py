"""Send a script's logging and warnings to its Snakemake log file."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def log_to(path: str | os.PathLike | None) -> Iterator[logging.Logger]:
    """Configure the `neuroai` logger to write to `path` (stderr if None) for the duration of a job."""
    handler: logging.Handler = logging.FileHandler(path, mode="w") if path else logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # Jobs may share the process (`run:` jobs in Snakemake's threads): keep only this job's thread's records.
    job_thread = threading.get_ident()
    handler.addFilter(lambda record: record.thread == job_thread)
    logger = logging.getLogger("neuroai")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logging.captureWarnings(True)
    logging.getLogger("py.warnings").addHandler(handler)
    try:
        yield logger
    except Exception:
        logger.exception("job failed")
        raise
    finally:
        logger.removeHandler(handler)
        logging.getLogger("py.warnings").removeHandler(handler)
        handler.close()
