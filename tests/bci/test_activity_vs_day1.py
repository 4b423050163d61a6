"""ED Fig. 4 on synthetic event rates: a planted sparsification of the paper's size is recovered in 6 mice, none is
found where none is planted, and P0 neurons are matched to the targets on day-1 rate."""

import numpy as np
import pandas as pd

from neuroai.bci.claims import CLAIMS
from neuroai.bci.paper_tests import activity_vs_day1, day1_normalised

PAPER_LATE = {"P+": 0.85, "P-": 0.60, "P0": 0.71}   # ED Fig. 4e, days 10-14 / day 1
SESSION_S = 1500.0                                   # seconds of one simulated session


def _rates(seed: int, late: dict[str, float], mice: int = 6, active_p0: float | None = None) -> pd.DataFrame:
    """Poisson event counts of 4 P+, 4 P- and 40 P0 neurons per mouse over 14 days; each role's rate moves linearly
    from day 1 to `late[role]` x its day-1 rate on day 14; targets are the most active on day 1. `active_p0`: the
    factor of P0 neurons as active as the targets on day 1 (day-1 rate > 0.05 Hz) instead of late['P0']."""
    gen = np.random.default_rng(seed)
    roles = np.array(["P+"] * 4 + ["P-"] * 4 + ["P0"] * 40)
    rows = []
    for m in range(mice):
        day1 = gen.gamma(2.0, 0.015, len(roles)) + np.where(roles == "P0", 0.0, 0.04)
        factor = np.array([late[r] for r in roles])
        if active_p0 is not None:
            factor[(roles == "P0") & (day1 > 0.05)] = active_p0
        for day in range(1, 15):
            rate = day1 * (1 + (factor - 1) * (day - 1) / 13)
            rows.append(pd.DataFrame({"condition": "control", "mouse": f"m{m}", "session": day - 1, "day": day,
                                      "phase": "", "neuron": np.arange(len(roles)), "role": roles,
                                      "soma_event_rate_hz": gen.poisson(rate * SESSION_S) / SESSION_S,
                                      "dendrite_event_rate_hz": 0.0}))
    return pd.concat(rows, ignore_index=True)


def _table(seed: int, late: dict[str, float], **kwargs) -> pd.DataFrame:
    return activity_vs_day1(_rates(seed, late, **kwargs)).set_index("measure")


def test_a_planted_sparsification_of_the_papers_size_is_recovered():
    table = _table(0, PAPER_LATE)
    planted = {r: 1 + (f - 1) * 11 / 13 for r, f in PAPER_LATE.items()}     # mean of days 10-14
    for role in ("P+", "P-"):
        assert abs(table.loc[f"{role} late / day 1", "estimate"] - planted[role]) < 0.05
    assert table.loc["P- late / day 1", "p_value"] < 0.01
    assert table.loc["P+ minus P-", "estimate"] > 0.1 and table.loc["P+ minus P-", "p_value"] < 0.01


def test_no_planted_change_is_rarely_found():
    found = [_table(seed, {"P+": 1.0, "P-": 1.0, "P0": 1.0}) for seed in range(20)]
    assert all(abs(t.loc["P- late / day 1", "estimate"] - 1) < 0.06 for t in found)
    assert sum(t.loc["P+ minus P-", "p_value"] < 0.05 for t in found) <= 3


def test_p0_matched_on_day1_rate_follow_the_active_p0_not_all_p0():
    """Only P0 neurons as active as the targets on day 1 are downregulated (to 0.5): the matched P0 show it, all P0
    barely do."""
    table = _table(1, {"P+": 0.85, "P-": 0.6, "P0": 1.0}, active_p0=0.5)
    assert table.loc["P0 matched late / day 1", "estimate"] < 0.75
    assert table.loc["P0 late / day 1", "estimate"] > 0.85
    neurons = day1_normalised(_rates(1, PAPER_LATE))
    assert set(neurons["role"]) == {"P+", "P-", "P0"} and (neurons["day1_rate_hz"] > 0).all()


def test_the_sparsification_claim_follows_the_planted_effect():
    def holds(late):
        _, _, check = CLAIMS["sparsification"]
        return bool(check({"activity_vs_day1": activity_vs_day1(_rates(2, late))})[1])
    assert holds(PAPER_LATE)
    assert not holds({"P+": 1.0, "P-": 1.0, "P0": 1.0})
    assert not holds({"P+": 0.6, "P-": 0.85, "P0": 0.71})       # roles reversed
