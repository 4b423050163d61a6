"""The claims ledger: stored with its schema, rendered per study, and counted from the rows themselves."""

import pandas as pd
import pytest

from neuroai.bci import schemas as bci
from neuroai.common.ledger import CLAIMS, ledger_markdown, write_claims, write_ledger
from neuroai.common.tables import TableSchemaError, read_table
from neuroai.gridcells import schemas as gridcells
from neuroai.mentalsim import schemas as mentalsim

TITLES = {s.STUDY: s.TITLE for s in (bci, gridcells, mentalsim)}


def _claims(holds):
    return pd.DataFrame({"key": [f"c{i}" for i in range(len(holds))], "claim": "a claim", "test": "a test",
                         "statistic": "p = 0.01", "holds": holds})


def test_ledger_counts_and_groups_claims_of_every_study(tmp_path):
    paths = []
    for study, holds in [("bci", [True, False]), ("gridcells", [False]), ("mentalsim", [True, True])]:
        paths.append(tmp_path / f"{study}.parquet")
        write_claims(study, _claims(holds), paths[-1])
    write_ledger(paths, TITLES, tmp_path / "claims.md", tmp_path / "claims.html")
    text = (tmp_path / "claims.md").read_text()
    assert "3 of 5 main claims hold" in text
    assert text.index("Study 1:") < text.index("Study 2:") < text.index("Study 3:")
    assert text.count("**no**") == 2
    assert (tmp_path / "claims.html").read_text().count("<table") == 3
    assert read_table(paths[0], CLAIMS)["study"].tolist() == ["bci", "bci"]


def test_a_claims_table_without_its_verdict_is_refused(tmp_path):
    with pytest.raises(KeyError, match="holds"):
        write_claims("bci", _claims([True]).drop(columns="holds"), tmp_path / "x.parquet")
    with pytest.raises(TableSchemaError, match="claim"):
        write_claims("bci", _claims([True]).drop(columns="claim"), tmp_path / "x.parquet")


def test_markdown_marks_claims_that_fail():
    table = _claims([False]).assign(study="gridcells")
    text = ledger_markdown(table, TITLES)
    assert "0 of 1 main claims hold" in text and "**no**" in text and "Study 2:" in text
