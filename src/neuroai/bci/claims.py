"""The paper's main claims, each checked on the current run's statistics tables (never written by hand)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from neuroai.bci.schemas import NULL_CONDITION

ALPHA = 0.05
NULL_LABEL = f"minus {NULL_CONDITION}"
Tables = Mapping[str, pd.DataFrame]


def _pick(table: pd.DataFrame, **where) -> pd.Series | None:
    rows = table
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return None if rows.empty else rows.iloc[0]


def _fmt(row: pd.Series) -> str:
    return f"{row['estimate']:+.3g} [{row['ci_low']:+.3g}, {row['ci_high']:+.3g}], p = {row['p_value']:.2g}"


def _control_learns(t: Tables):
    row = _pick(t["learning_slopes"], condition="control")
    return row, row is not None and row["estimate"] > 0 and row["p_value"] < ALPHA


def _contrast_below(condition: str) -> Callable[[Tables], tuple]:
    def check(t: Tables):
        row = _pick(t["slope_contrasts"], condition=condition)
        return row, row is not None and row["estimate"] < 0 and row["p_value"] < ALPHA
    return check


def _beyond_null(row: pd.Series | None, sign: int = 1) -> bool:
    """The control effect exceeds the planted null's in the claimed direction; vacuously true without a null row
    (a run without `no_teaching`, e.g. real recordings, has nothing to compare with)."""
    return row is None or bool(sign * row["estimate"] > 0 and row["p_value"] < ALPHA)


def _opposite_signs(measure: str, plus_sign: int) -> Callable[[Tables], tuple]:
    def check(t: Tables):
        plus = _pick(t["residual_by_role"], condition="control", measure=measure, role="P+")
        minus = _pick(t["residual_by_role"], condition="control", measure=measure, role="P-")
        contrast = _pick(t["role_contrasts"], condition="control", measure=measure)
        if plus is None or minus is None or contrast is None:
            return contrast, False
        null = _pick(t["role_contrasts_vs_null"], condition="control", measure=measure)
        holds = (plus_sign * plus["estimate"] > 0 and plus_sign * minus["estimate"] < 0
                 and plus_sign * contrast["estimate"] > 0 and contrast["p_value"] < ALPHA
                 and _beyond_null(null, plus_sign))
        return contrast, holds, {NULL_LABEL: null}
    return check


def _residual_predicts(t: Tables):
    row = _pick(t["residual_predicts_change"], condition="control")
    return row, row is not None and row["estimate"] > 0 and row["p_value"] < ALPHA


def _over_mice(row: pd.Series | None) -> pd.Series | None:
    """A per-animal test's row, or None (not testable) when fewer than two mice entered it."""
    return row if row is not None and row["n_mice"] >= 2 else None


def _sd_vectorized(t: Tables):
    row = _over_mice(_pick(t["sd_separability"], condition="control", measure="P+ minus P-"))
    null = _pick(t["sd_separability_vs_null"], condition="control", measure="P+ minus P-")
    return row, row is not None and row["estimate"] > 0 and row["p_value"] < ALPHA and _beyond_null(null), {
        NULL_LABEL: null}


def _anticipation_only(t: Tables):
    """ED Fig. 11: P+ minus P- > 0 before target reach, and no difference after reward."""
    rows = {w: _over_mice(_pick(t["role_by_outcome_window"], condition="control", window=w, measure="P+ minus P-"))
            for w in ("anticipation", "consumption")}
    before, after = rows["anticipation"], rows["consumption"]
    null = _pick(t["role_by_outcome_window_vs_null"], condition="control", window="anticipation")
    holds = (before is not None and after is not None and before["estimate"] > 0 and before["p_value"] < ALPHA
             and not after["p_value"] < ALPHA and _beyond_null(null))
    return before, holds, {"after reward": after, f"before reach {NULL_LABEL}": null}


def _decodes(decoder: str) -> Callable[[Tables], tuple]:
    def check(t: Tables):
        row = _over_mice(_pick(t["decoding_vs_chance"], condition="control", decoder=decoder))
        return row, row is not None and row["estimate"] > 0 and row["p_value"] < ALPHA
    return check


def _linear_fit_best(t: Tables):
    rows = {m: _over_mice(_pick(t["sd_fit_aic"], condition="control", model=m))
            for m in ("exponential", "logarithmic")}
    holds = all(r is not None and r["estimate"] > 0 and r["p_value"] < ALPHA for r in rows.values())
    return rows["exponential"], holds, {"logarithmic": rows["logarithmic"]}


def _fewer_dendritic_events(t: Tables):
    row = _pick(t["event_rate_contrasts"], condition="dendrite_inhibition", measure="dendrite event rate (Hz)")
    soma = _pick(t["event_rate_contrasts"], condition="dendrite_inhibition", measure="soma event rate (Hz)")
    return row, row is not None and row["estimate"] < 0 and row["p_value"] < ALPHA, {"soma": soma}


def _sparsification(t: Tables):
    """ED Fig. 4e: P- neurons downregulated below day 1, and more than P+ neurons."""
    minus = _over_mice(_pick(t["activity_vs_day1"], condition="control", measure="P- late / day 1"))
    contrast = _over_mice(_pick(t["activity_vs_day1"], condition="control", measure="P+ minus P-"))
    holds = (minus is not None and contrast is not None and minus["estimate"] < 1 and minus["p_value"] < ALPHA
             and contrast["estimate"] > 0 and contrast["p_value"] < ALPHA)
    return contrast, holds, {"P- late / day 1": minus}


def _network_predicts(t: Tables):
    row = _over_mice(_pick(t["network_decoding_vs_chance"], condition="control"))
    return row, row is not None and row["estimate"] > 0 and row["p_value"] < ALPHA


def _abolished_under_inhibition(table: str, **where) -> Callable[[Tables], tuple]:
    """The paper's NDNF result: the effect holds in control and is not found under dendrite inhibition."""
    def check(t: Tables):
        control = _over_mice(_pick(t[table], condition="control", **where))
        inhibited = _over_mice(_pick(t[table], condition="dendrite_inhibition", **where))
        if control is None or inhibited is None:
            return inhibited, False
        control_holds = control["estimate"] > 0 and control["p_value"] < ALPHA
        return inhibited, bool(control_holds and not (inhibited["estimate"] > 0 and inhibited["p_value"] < ALPHA))
    return check


# key: (claim as the paper states it, how this run tests it, check)
CLAIMS = {
    "control_learns": ("Mice learn the BCI task (control)", "control: hit rate ~ day, mixed model slope > 0",
     _control_learns),
    "inhibition_disrupts": ("Perturbing dendritic signals disrupts learning",
     "dendrite_inhibition minus control learning slope < 0 (day x condition)", _contrast_below("dendrite_inhibition")),
    "reward_sign_by_role": ("Dendritic residuals at reward have opposite signs for P+ and P- (sign set by causal role)",
     f"control: residual after target reached, P+ > 0 > P-, P+ minus P- mixed model; and above the planted null "
     f"`{NULL_CONDITION}` (role x condition)", _opposite_signs("reward", 1)),
    "error_decrease_sign": ("Vectorized error signal: P+ amplified, P- attenuated during error decrease",
     f"control: residual in 2 s error-decrease epochs, P+ minus P- > 0, and above `{NULL_CONDITION}`",
     _opposite_signs("error_decrease", 1)),
    "error_increase_sign": ("... and the reverse during error increase",
     f"control: residual in 2 s error-increase epochs, P+ minus P- < 0, and below `{NULL_CONDITION}`",
     _opposite_signs("error_increase", -1)),
    "residual_predicts_change": ("Dendritic signals predict later changes of somatic activity",
     "control: later somatic change ~ early residual at reward (targets), slope > 0", _residual_predicts),
    "sd_error_sign_by_role": ("Vectorized error signal, the paper's SD residual: P+ amplified and P- attenuated "
     "during error decrease relative to increase",
     "control, SD residual of coincident events (OASIS events, per-neuron linear fit): per mouse, (P+ minus P-) of "
     "error-decrease minus error-increase epochs > 0, t-test over mice (paper: +0.23, p = 0.005, 6/6 mice); and "
     f"above the planted null `{NULL_CONDITION}` (Welch t-test over mice)", _sd_vectorized),
    "sd_linear_fit_best": ("Dendritic event size is best described as linear in somatic event size",
     "control, per neuron-session: AIC of the exponential and the logarithmic fit minus the line's, mean per mouse "
     "> 0 for both, t-test over mice (paper ED Fig. 5: +13.8 and +12.1)", _linear_fit_best),
    "network_predicts_residual": ("The network's preceding activity predicts dendritic amplification vs "
     "attenuation",
     "control, every target neuron-session: linear SVM on the other somas' inferred rates over the 2 s before each "
     "coincident event, label SD residual > 0, folds of 10 s blocks; per mouse accuracy minus label-shuffle chance "
     "> 0, t-test over mice (paper Fig. 2: 61 % vs 50 % in the ~20 % of neurons significant)", _network_predicts),
    "sd_reward_decoding": ("SD-residual population vectors decode rewarded vs unrewarded outcomes",
     "control: linear SVM, the decoder window after target vs time-out, folds by trial; per mouse accuracy minus "
     "label-shuffle chance > 0, t-test over mice (paper: 63 %)", _decodes("reward")),
    "sd_outcome_decoding": ("SD-residual population vectors decode success vs failure before the outcome",
     "control: linear SVM, the decoder window before target vs before trial end; per mouse accuracy minus "
     "label-shuffle chance > 0, t-test over mice (paper: 57 %)", _decodes("pre_outcome")),
    "sd_anticipation_role_specific": ("Reward signals are cell-specific during anticipation, not consumption",
     "control, rewarded trials, SD residual: per mouse P+ minus P- in the 2 s before target reach > 0 (t-test over "
     f"mice; paper ED Fig. 11: P+ +0.09, P- -0.11, p = 5.6e-4), above the planted null `{NULL_CONDITION}` (Welch "
     "t-test over mice), and not significant in the 2 s after target reach (paper: p = 0.5)", _anticipation_only),
    "sparsification": ("Learning by sparsification: P- neurons are downregulated over days, P+ neurons less so",
     "control: per neuron somatic event rate of the last 5 days / day 1, mean per mouse; P- < 1 and P+ minus P- > 0, "
     "t-tests over mice (paper ED Fig. 4e: P+ 0.85, P- 0.60, p = 3.3e-6)", _sparsification),
    "ndnf_fewer_dendritic_events": ("NDNF+ interneuron activation reduces dendritic event frequency",
     "dendrite_inhibition minus control: per mouse mean rate of OASIS dendritic events < 0, Welch t-test over mice "
     "(paper Fig. 3i: reduced transient frequency, LED on vs off in the same mice)", _fewer_dendritic_events),
    "ndnf_abolishes_error_signal": ("NDNF+ interneuron activation abolishes the vectorized error signal",
     "the sd_error_sign_by_role test holds in control and not under dendrite_inhibition (statistic: inhibition; "
     "paper ED Fig. 15b: P+ 0.06 vs P- 0.02, p = 0.58)", _abolished_under_inhibition("sd_separability",
                                                                                      measure="P+ minus P-")),
    "ndnf_abolishes_reward_decoding": ("NDNF+ interneuron activation abolishes reward decoding",
     "the sd_reward_decoding test holds in control and not under dendrite_inhibition (statistic: inhibition; "
     "paper Fig. 4i-l)", _abolished_under_inhibition("decoding_vs_chance", decoder="reward")),
    "scalar_slower": ("A scalar broadcast signal teaches more slowly than vectorized signals (model comparator, not in the paper)",
     "scalar_broadcast minus control learning slope < 0", _contrast_below("scalar_broadcast")),
}


def evaluate(tables: Tables) -> pd.DataFrame:
    """One row per claim (indexed by key): the test, the statistic on this run, and whether it holds."""
    rows = []
    for key, (claim, test, check) in CLAIMS.items():
        row, holds, *others = check(tables)
        statistic = "not testable: condition missing or fewer than 2 mice" if row is None else _fmt(row)
        for label, other in (others[0] if others else {}).items():
            if other is not None:
                statistic += f"; {label}: {_fmt(other)}"
        rows.append({"key": key, "claim": claim, "test": test, "statistic": statistic, "holds": bool(holds)})
    return pd.DataFrame(rows).set_index("key")
