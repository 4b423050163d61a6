"""The figure map names every claim of the study and takes its verdicts from the run's claims."""

import pandas as pd

from neuroai.bci.claims import CLAIMS
from neuroai.bci.figure_map import PANELS, figure_map


def _claims(holding: set[str]) -> pd.DataFrame:
    return pd.DataFrame({"statistic": [f"stat of {k}" for k in CLAIMS], "holds": [k in holding for k in CLAIMS]},
                        index=list(CLAIMS))


def test_every_claim_appears_on_the_map_once():
    mapped = [k for *_, keys in PANELS for k in keys]
    assert sorted(mapped) == sorted(CLAIMS)


def test_a_panel_holds_only_when_all_its_claims_do():
    table = figure_map(_claims({"reward_sign_by_role", "error_decrease_sign", "control_learns"})).set_index("panel")
    assert table.loc["Fig. 1g, ED2", "holds"] == "yes"
    assert table.loc["regression residual", "holds"] == "no"        # error_increase_sign does not hold
    assert table.loc["Fig. 1h,i", "holds"] == "-"
    assert "stat of control_learns" in table.loc["Fig. 1g, ED2", "this run"]
