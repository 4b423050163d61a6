"""Snakemake jobs that evaluate: decoding, predictivity sums, statistics and the summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from neuroai.common.ledger import write_claims, write_key_statistics
from neuroai.common.seeding import rng
from neuroai.common.tables import read_table, write_table
from neuroai.mentalsim import schemas
from neuroai.mentalsim.claims import evaluate
from neuroai.mentalsim.decoding import decode, population_states, predictivity_sums
from neuroai.mentalsim.pipeline import STUDY
from neuroai.mentalsim.stats import summarise
from neuroai.mentalsim.summary import write_summary


def run_evaluate(name: str, ms: Mapping[str, Any], inp: Mapping[str, str], out: Mapping[str, str]) -> None:
    """Decoding of the hidden ball and neural-predictivity sums of one model."""
    states = read_table(inp["states"], schemas.STATES)
    latents = read_table(inp["latents"], schemas.LATENTS)
    conditions = read_table(inp["conditions"], schemas.CONDITIONS)
    neural = read_table(inp["neural"], schemas.NEURAL)
    write_table(decode(name, states, latents, conditions, ms["evaluation"]), out["decoding"], schemas.DECODING)
    write_table(predictivity_sums(name, states, latents, neural, ms["evaluation"]), out["predictivity"],
                schemas.PREDICTIVITY_SUMS)


def run_reference_decoding(ms: Mapping[str, Any], inp: Mapping[str, str], out: str) -> None:
    """The same decoders applied to the reference population (all trials and each half)."""
    latents = read_table(inp["latents"], schemas.LATENTS)
    conditions = read_table(inp["conditions"], schemas.CONDITIONS)
    neural = read_table(inp["neural"], schemas.NEURAL)
    tables = [decode(system, states, latents, conditions, ms["evaluation"])
              for system, states in population_states(neural).items()]
    write_table(pd.concat(tables, ignore_index=True), out, schemas.DECODING)


def run_stats(ms: Mapping[str, Any], seed: int, decoding: Sequence[str], predictivity: Sequence[str],
              units_path: str, out: Mapping[str, str]) -> None:
    dec = pd.concat([read_table(p, schemas.DECODING) for p in decoding], ignore_index=True)
    sums = pd.concat([read_table(p, schemas.PREDICTIVITY_SUMS) for p in predictivity], ignore_index=True)
    estimates, contrasts, units = summarise(dec, sums, ms["models"], ms["evaluation"],
                                            rng(seed, STUDY, "bootstrap", ms["evaluation"]))
    write_table(estimates, out["estimates"], schemas.ESTIMATES)
    write_table(contrasts, out["contrasts"], schemas.CONTRASTS)
    write_table(units, out["unit_predictivity"], schemas.UNIT_PREDICTIVITY)
    claims = evaluate(estimates, contrasts, ms)
    write_claims(STUDY, claims, out["claims"])
    write_key_statistics(out["key_statistics"], STUDY, claims, {
        "Estimates (95 % bootstrap CIs over conditions)": estimates, "Contrasts against the best model": contrasts})
    write_summary(out["summary"], estimates, contrasts, ms, read_table(units_path, schemas.UNITS))
