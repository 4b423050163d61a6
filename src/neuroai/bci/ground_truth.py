"""How much of the teaching input each simulated dendrite received each residual method recovers (simulated mice
only: a recording has no ground truth). Issue 13, item 7: the simulator knows the top-down input T_i(t) of every
dendrite; a residual method that reads a dendritic instructive signal should follow it in sign and in size."""

from __future__ import annotations

import pandas as pd

from neuroai.bci.paper_tests import EPOCHS, FIT_COLUMNS, TARGET_ROLES, over_mice
from neuroai.bci.schemas import EPOCH_COLUMNS, PRIMARY_EPOCH_DEFINITION

COLUMNS = ["condition", "method", "role", "epoch", "teaching", "residual", "estimate", "se", "ci_low", "ci_high",
           "p_value", "n_mice", "n_positive"]


def _sd_cells(sd_events: pd.DataFrame, value: str) -> pd.DataFrame:
    """Per (condition, mouse, role, epoch): mean teaching at the events, mean residual, and their Pearson r over
    the events (primary epoch definition)."""
    column = EPOCH_COLUMNS[PRIMARY_EPOCH_DEFINITION]
    events = sd_events[sd_events[column].isin(EPOCHS) & sd_events["role"].isin(TARGET_ROLES)
                       & sd_events["teaching"].notna() & sd_events[value].notna()]
    keys = ["condition", "mouse", "role", column]
    if events.empty:
        return pd.DataFrame(columns=["condition", "mouse", "role", "epoch", "teaching", "residual", "r"])
    cells = events.groupby(keys)[["teaching", value]]
    r = cells.corr().xs("teaching", level=-1)[value]
    return pd.concat([cells.mean(), r.rename("r")], axis=1).rename(columns={value: "residual"}).reset_index().rename(
        columns={column: "epoch"})


def _regression_cells(neuron_sessions: pd.DataFrame) -> pd.DataFrame:
    """Per (condition, mouse, role, epoch): mean over neuron-sessions of the epochs' mean teaching and residual, and
    of each neuron-session's r between them across its epochs."""
    targets = neuron_sessions[neuron_sessions["role"].isin(TARGET_ROLES)]
    parts = []
    for epoch in EPOCHS:
        columns = {f"teaching_error_{epoch}": "teaching", f"residual_error_{epoch}": "residual",
                   f"teaching_r_error_{epoch}": "r"}
        cells = targets.rename(columns=columns).dropna(subset=["teaching"]).groupby(
            ["condition", "mouse", "role"])[list(columns.values())].mean()
        parts.append(cells.reset_index().assign(epoch=epoch))
    return pd.concat(parts, ignore_index=True)


def teaching_recovery(neuron_sessions: pd.DataFrame, sd_events: pd.DataFrame) -> pd.DataFrame:
    """Per condition, residual method, target role and error epoch: the mean teaching input the dendrites received
    and the mean residual (means over mice; teaching > 0 where the instructive signal amplifies), and the per-mouse
    correlation of residual with received teaching (estimate; t-test over mice against 0). Empty without ground
    truth."""
    cells = {f"SD residual, {fit}": _sd_cells(sd_events, column) for fit, column in FIT_COLUMNS.items()}
    cells["regression residual"] = _regression_cells(neuron_sessions)
    rows = []
    for method, table in cells.items():
        for (condition, role, epoch), group in table.groupby(["condition", "role", "epoch"], sort=False):
            rows.append(over_mice(group["r"], condition=condition, method=method, role=role, epoch=epoch,
                                   teaching=group["teaching"].mean(), residual=group["residual"].mean()))
    return pd.DataFrame(rows, columns=COLUMNS)
