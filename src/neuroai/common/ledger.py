"""The claims ledger: each paper's main claims, the test that checks it on the current run, and whether it holds.

Every study turns its own statistics tables into rows of `CLAIMS`; this module only stores and renders them, so the
ledger is always computed, never written by hand.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping, Sequence

import pandas as pd
import pyarrow as pa

from neuroai.common.atomic import atomic_path
from neuroai.common.jobs import Job
from neuroai.common.tables import read_table, write_table

CLAIMS = pa.schema([("study", pa.string()), ("key", pa.string()), ("claim", pa.string()), ("test", pa.string()),
                    ("statistic", pa.string()), ("holds", pa.bool_())])

COLUMNS = ["claim", "test", "statistic", "holds"]


def write_claims(study: str, claims: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write one study's claims (columns key, claim, test, statistic, holds) as Parquet."""
    write_table(claims.assign(study=study, holds=claims["holds"].astype(bool)), path, CLAIMS)


def _held(claims: pd.DataFrame) -> str:
    return f"{int(claims['holds'].sum())} of {len(claims)} main claims hold on this run."


def _verdict(holds: bool) -> str:
    return "yes" if holds else "**no**"


def ledger_markdown(claims: pd.DataFrame, titles: Mapping[str, str]) -> str:
    """Markdown ledger: a count, then one table per study (headed by its title) in the order the studies appear."""
    lines = ["# Claims ledger", "",
             _held(claims) + " Each row is computed from the study's statistics tables; a claim that does not hold "
             "is reported as such.", ""]
    for study, rows in claims.groupby("study", sort=False):
        shown = rows[COLUMNS].assign(holds=rows["holds"].map(_verdict))
        lines += [f"## {titles.get(study, study)}", "", shown.to_markdown(index=False), ""]
    return "\n".join(lines)


def html_page(title: str, intro: str, sections: Sequence[tuple[str, pd.DataFrame]]) -> str:
    """A self-contained HTML page: a title, an introduction and one table per section (for the Snakemake report)."""
    body = [f"<h1>{html.escape(title)}</h1>", f"<p>{html.escape(intro)}</p>"]
    for heading, table in sections:
        rendered = (table.to_html(index=False, float_format=lambda v: f"{v:.3g}", border=0, na_rep="n/a")
                    if len(table) else "<p><em>(no rows)</em></p>")
        body += [f"<h2>{html.escape(heading)}</h2>", rendered]
    style = ("body{font-family:sans-serif;font-size:14px} table{border-collapse:collapse;margin-bottom:1em}"
             "td,th{border-bottom:1px solid #ccc;padding:3px 8px;text-align:left}")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>\n")


def write_key_statistics(path: str | os.PathLike, title: str, claims: pd.DataFrame,
                         tables: Mapping[str, pd.DataFrame]) -> None:
    """One study's claims and the statistics tables behind them as one HTML page headed by the study's title."""
    page = html_page(title, _held(claims), [("Claims", claims[COLUMNS]), *tables.items()])
    with atomic_path(path) as tmp:
        tmp.write_text(page)


def write_ledger(claim_paths: Sequence[str | os.PathLike], titles: Mapping[str, str],
                 markdown_path: str | os.PathLike, html_path: str | os.PathLike) -> None:
    """Collect every study's claims into results/claims.md and its HTML twin for the report; `titles` maps each
    study to its heading."""
    claims = pd.concat([read_table(p, CLAIMS) for p in claim_paths], ignore_index=True)
    with atomic_path(markdown_path) as tmp:
        tmp.write_text(ledger_markdown(claims, titles))
    sections = [(titles.get(s, s), rows[COLUMNS]) for s, rows in claims.groupby("study", sort=False)]
    with atomic_path(html_path) as tmp:
        tmp.write_text(html_page("Claims ledger", _held(claims), sections))


def claims_ledger(job: Job) -> None:
    """The ledger job: inputs `claims` (one table per study); params `titles` (study -> heading)."""
    write_ledger(job.input["claims"], job.params["titles"], job.output["markdown"], job.output["html"])
