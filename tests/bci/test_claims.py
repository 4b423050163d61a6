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
