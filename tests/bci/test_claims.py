"""Claims about dendritic signals hold only where the control's signal exceeds the planted null's."""

import pandas as pd

from neuroai.bci.claims import CLAIMS
from neuroai.bci.schemas import NULL_CONDITION

OVER_MICE = {"se": 0.02, "ci_low": 0.0, "ci_high": 0.3, "n_mice": 6, "n_positive": 6}


def _tables(vs_null: list[dict]) -> dict:
    control = {"condition": "control", "measure": "P+ minus P-", "estimate": 0.15, "p_value": 0.001, **OVER_MICE}
    columns = ["condition", "reference", "measure", "estimate", "p_value", *OVER_MICE]
    return {"sd_separability": pd.DataFrame([control]), "sd_separability_vs_null": pd.DataFrame(vs_null,
                                                                                                columns=columns)}


def _holds(vs_null: list[dict]) -> bool:
    _, _, check = CLAIMS["sd_error_sign_by_role"]
    return bool(check(_tables(vs_null))[1])


def test_the_sd_error_claim_needs_the_control_signal_above_the_planted_null():
    row = {"condition": "control", "reference": NULL_CONDITION, "measure": "P+ minus P-", **OVER_MICE}
    assert _holds([{**row, "estimate": 0.09, "p_value": 0.01}])
    assert not _holds([{**row, "estimate": 0.02, "p_value": 0.5}])
    assert _holds([])   # no planted null in the run (recordings): the control test alone decides


def _windows(anticipation_p: float, consumption_p: float, null_gap: float | None = None, null_p: float = 0.01
             ) -> dict:
    rows = [{"condition": "control", "window": w, "measure": "P+ minus P-", "estimate": 0.2, "p_value": p,
             **OVER_MICE} for w, p in (("anticipation", anticipation_p), ("consumption", consumption_p))]
    null = [{"condition": "control", "reference": NULL_CONDITION, "window": "anticipation", "measure": "P+ minus P-",
             "estimate": null_gap, "p_value": null_p, **OVER_MICE}] if null_gap is not None else []
    columns = ["condition", "reference", "window", "measure", "estimate", "p_value", *OVER_MICE]
    return {"role_by_outcome_window": pd.DataFrame(rows),
            "role_by_outcome_window_vs_null": pd.DataFrame(null, columns=columns)}


def test_the_anticipation_claim_needs_a_role_signal_before_reach_and_none_after_reward():
    _, _, check = CLAIMS["sd_anticipation_role_specific"]
    assert check(_windows(0.001, 0.5))[1]
    assert not check(_windows(0.001, 0.01))[1]   # role-specific after reward too: not the paper's pattern
    assert not check(_windows(0.3, 0.5))[1]
    assert check(_windows(0.001, 0.5, null_gap=0.1))[1]
    assert not check(_windows(0.001, 0.5, null_gap=0.01, null_p=0.6))[1]   # no more than the planted null
