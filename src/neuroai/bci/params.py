"""Cross-field rules of the `bci:` config section that the JSON schema cannot express."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neuroai.common.config import ConfigError


def check_bci_config(bci: Mapping[str, Any]) -> None:
    """Raise ConfigError naming the field when values are individually valid but jointly impossible."""
    largest_groups = 2 * max(bci["group_sizes"])
    if largest_groups >= bci["n_neurons"]:
        raise ConfigError(
            f"config field 'bci.n_neurons': {bci['n_neurons']} neurons cannot hold two groups of "
            f"{max(bci['group_sizes'])} (bci.group_sizes) plus a surrounding network; use at least "
            f"{largest_groups + bci['analysis']['residual_pcs'] + 1}")
    lo, hi = bci["analysis"]["peri_window_s"]
    if not lo < 0 < hi:
        raise ConfigError(f"config field 'bci.analysis.peri_window_s': expected [before<0, after>0], got {[lo, hi]}")
    if bci["analysis"]["outcome_window_s"] > bci["task"]["post_s"]:
        raise ConfigError("config field 'bci.analysis.outcome_window_s': must not exceed bci.task.post_s "
                          f"({bci['task']['post_s']} s), the time between outcome and next trial")
    if bci["analysis"]["residual_pcs"] >= bci["n_neurons"] - 2 * max(bci["group_sizes"]):
        raise ConfigError("config field 'bci.analysis.residual_pcs': must be smaller than the number of "
                          "network (P0) neurons")

