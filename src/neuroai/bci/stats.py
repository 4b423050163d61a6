"""Statistics of the BCI study: statsmodels mixed models (mouse, and neuron within mouse, as random effects),
beside the paper's own two-sample t-tests. Every function returns a tidy table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats as sps

RESIDUAL_MEASURES = {"reward": "residual_reward", "error": "residual_error",
                     "error_decrease": "residual_error_decrease", "error_increase": "residual_error_increase"}


def _subject(df: pd.DataFrame) -> pd.Series:
    """Mice are only unique within a condition."""
    return df["condition"] + "/" + df["mouse"]


def _hessian_ok(result) -> bool:
    """statsmodels' own test behind its "Hessian ... not positive definite" warning: every diagonal entry of the
    log-likelihood Hessian at the estimate is negative."""
    hess, _ = result.model.hessian(result.params_object)
    return bool(np.all(np.diag(hess) < 0))


# Tried in order until one converges (statsmodels MixedLM.fit): L-BFGS alone fails on some CPUs' floating point for
# well-posed random-slope models, where conjugate gradients and Powell converge to the same estimate.
OPTIMISERS = ["lbfgs", "cg", "powell"]


def _fit(formula: str, data: pd.DataFrame, re_formula: str | None = None, vc: dict | None = None):
    """Fit `formula` with mouse random effects; returns (result, converged, description of the random effects).

    Tries the requested structure, then simpler ones (random intercept only), and when no mixed model can be
    estimated (e.g. too few mice) falls back to OLS with standard errors clustered by mouse. `converged` is True
    only when the requested structure itself was estimated (optimiser converged, Hessian usable, finite fixed-effect
    s.e.); an estimate from a simpler structure or from OLS has converged False, and the description names it.
    """
    data = data.assign(subject=_subject(data)).reset_index(drop=True)
    structures = [(re_formula, vc), (None, vc), (None, None)]
    structures = [st for k, st in enumerate(structures) if st not in structures[:k]]  # structures[0]: requested
    for re_f, vc_f in structures:
        try:
            result = smf.mixedlm(formula, data, groups="subject", re_formula=re_f, vc_formula=vc_f).fit(
                reml=True, method=OPTIMISERS)
        except (np.linalg.LinAlgError, ValueError):
            continue
        # A variance estimated at zero (boundary) is a valid fit; failure to converge, or a Hessian that is not
        # negative definite (standard errors meaningless), is not. Both are read from the result rather than from
        # caught warnings: the warnings filter is process-wide and sweep points run in threads.
        fixed = result.bse[result.fe_params.index]
        if result.converged and _hessian_ok(result) and np.all(np.isfinite(fixed)) and np.all(fixed > 0):
            parts = ["mouse intercept", "mouse slope" if re_f else "", "neuron intercept" if vc_f else ""]
            return result, (re_f, vc_f) == structures[0], " + ".join(p for p in parts if p)
    codes = pd.factorize(data["subject"])[0]
    if codes.max() < 1:
        return smf.ols(formula, data).fit(), False, "none: OLS, data from a single mouse"
    result = smf.ols(formula, data).fit(cov_type="cluster", cov_kwds={"groups": codes})
    return result, False, "none: OLS, s.e. clustered by mouse"


def _row(result, term: str, **extra) -> dict:
    ci = result.conf_int().loc[term]
    return {**extra, "term": term, "estimate": result.params[term], "se": result.bse[term],
            "ci_low": ci[0], "ci_high": ci[1], "p_value": result.pvalues[term]}


def learning_slopes(behaviour: pd.DataFrame) -> pd.DataFrame:
    """Per condition: change of hit rate per day (random intercept and slope per mouse)."""
    rows = []
    for condition, df in behaviour.groupby("condition", sort=False):
        result, converged, random = _fit("hit_rate ~ day", df, re_formula="~day")
        rows.append(_row(result, "day", condition=condition, n_mice=df["mouse"].nunique(), n_sessions=len(df),
                         converged=converged, random_effects=random))
    return pd.DataFrame(rows)


def slope_contrasts(behaviour: pd.DataFrame, reference: str = "control") -> pd.DataFrame:
    """Difference of each condition's learning slope from the reference condition's (day x condition term)."""
    conditions = list(dict.fromkeys(behaviour["condition"]))
    if reference not in conditions or len(conditions) < 2:
        return pd.DataFrame(columns=["condition", "reference", "term", "estimate", "se", "ci_low", "ci_high",
                                     "p_value", "converged", "random_effects"])
    formula = f"hit_rate ~ day * C(condition, Treatment('{reference}'))"
    result, converged, random = _fit(formula, behaviour, re_formula="~day")
    return pd.DataFrame([
        _row(result, f"day:C(condition, Treatment('{reference}'))[T.{c}]", condition=c, reference=reference,
             converged=converged, random_effects=random)
        for c in conditions if c != reference])


def _long_residuals(neuron_sessions: pd.DataFrame) -> pd.DataFrame:
    long = neuron_sessions.melt(id_vars=["condition", "mouse", "neuron", "role", "session"],
                                value_vars=list(RESIDUAL_MEASURES.values()), var_name="column", value_name="value")
    long["measure"] = long["column"].map({v: k for k, v in RESIDUAL_MEASURES.items()})
    return long.dropna(subset=["value"])


def residual_by_role(neuron_sessions: pd.DataFrame) -> pd.DataFrame:
    """Mean dendritic residual per role for each window (reward, error, error decrease/increase), vs zero."""
    rows = []
    for (condition, measure), df in _long_residuals(neuron_sessions).groupby(["condition", "measure"], sort=False):
        df = df.assign(neuron_id=df["mouse"] + "/" + df["neuron"].astype(str))
        result, converged, random = _fit("value ~ 0 + C(role)", df, vc={"neuron": "0 + C(neuron_id)"})
        for role in sorted(df["role"].unique()):
            rows.append(_row(result, f"C(role)[{role}]", condition=condition, measure=measure, role=role,
                             n_neuron_sessions=int((df["role"] == role).sum()), converged=converged,
                             random_effects=random))
    return pd.DataFrame(rows)


def role_contrasts(neuron_sessions: pd.DataFrame) -> pd.DataFrame:
    """P+ minus P- residual per window: mixed model, plus the paper's two-sample t-test on neuron-sessions."""
    rows = []
    targets = _long_residuals(neuron_sessions).query("role in ['P+', 'P-']")
    for (condition, measure), df in targets.groupby(["condition", "measure"], sort=False):
        df = df.assign(neuron_id=df["mouse"] + "/" + df["neuron"].astype(str))
        result, converged, random = _fit("value ~ C(role, Treatment('P-'))", df, vc={"neuron": "0 + C(neuron_id)"})
        t = sps.ttest_ind(df.loc[df["role"] == "P+", "value"], df.loc[df["role"] == "P-", "value"])
        rows.append(_row(result, "C(role, Treatment('P-'))[T.P+]", condition=condition, measure=measure,
                         converged=converged, random_effects=random, t_test_t=t.statistic, t_test_p=t.pvalue))
    return pd.DataFrame(rows)


def role_contrasts_vs_null(neuron_sessions: pd.DataFrame, null: str) -> pd.DataFrame:
    """Per condition and window: its P+ minus P- residual contrast minus the planted null condition's (the role x
    condition term of one mixed model over both conditions, neuron random intercepts). Empty without the null."""
    columns = ["condition", "reference", "measure", "term", "estimate", "se", "ci_low", "ci_high", "p_value",
               "converged", "random_effects"]
    targets = _long_residuals(neuron_sessions).query("role in ['P+', 'P-']")
    if null not in set(targets["condition"]):
        return pd.DataFrame(columns=columns)
    null_rows = {measure: df for measure, df in targets[targets["condition"] == null].groupby("measure")}
    rows = []
    for (condition, measure), df in targets[targets["condition"] != null].groupby(["condition", "measure"],
                                                                                 sort=False):
        both = pd.concat([df, null_rows.get(measure, df.iloc[:0])])
        both = both.assign(neuron_id=both["condition"] + "/" + both["mouse"] + "/" + both["neuron"].astype(str))
        result, converged, random = _fit(f"value ~ C(role, Treatment('P-')) * C(condition, Treatment('{null}'))",
                                         both, vc={"neuron": "0 + C(neuron_id)"})
        term = f"C(role, Treatment('P-'))[T.P+]:C(condition, Treatment('{null}'))[T.{condition}]"
        rows.append(_row(result, term, condition=condition, reference=null, measure=measure, converged=converged,
                         random_effects=random))
    return pd.DataFrame(rows, columns=columns)


def neuron_changes(neuron_sessions: pd.DataFrame, early_fraction: float) -> pd.DataFrame:
    """Per neuron: early-session residual at reward and the later change of somatic dF/F (late - early)."""
    n_sessions = neuron_sessions.groupby(["condition", "mouse"])["session"].transform("nunique")
    rank = neuron_sessions.groupby(["condition", "mouse"])["session"].rank(method="dense") - 1
    k = np.maximum(1, np.round(n_sessions * early_fraction))
    df = neuron_sessions.assign(phase=np.select([rank < k, rank >= n_sessions - k], ["early", "late"], "middle"))
    keys = ["condition", "mouse", "neuron", "role"]
    early = df[df["phase"] == "early"].groupby(keys)[["residual_reward", "soma_dff"]].mean()
    late = df[df["phase"] == "late"].groupby(keys)["soma_dff"].mean()
    return early.assign(soma_change=late - early["soma_dff"]).rename(
        columns={"residual_reward": "early_residual_reward", "soma_dff": "early_soma_dff"}).reset_index()


def residual_predicts_change(changes: pd.DataFrame) -> pd.DataFrame:
    """Does a target neuron's early residual at reward predict its later somatic change? (slope and Pearson r)"""
    rows = []
    for condition, df in changes.query("role in ['P+', 'P-']").dropna().groupby("condition", sort=False):
        result, converged, random = _fit("soma_change ~ early_residual_reward", df)
        r = sps.pearsonr(df["early_residual_reward"], df["soma_change"])
        rows.append(_row(result, "early_residual_reward", condition=condition, n_neurons=len(df),
                         pearson_r=r.statistic, pearson_p=r.pvalue, converged=converged, random_effects=random))
    return pd.DataFrame(rows)


def somatic_change(changes: pd.DataFrame) -> pd.DataFrame:
    """Mean change of somatic dF/F (late - early sessions) per role and condition, vs zero."""
    rows = []
    for condition, df in changes.dropna(subset=["soma_change"]).groupby("condition", sort=False):
        result, converged, random = _fit("soma_change ~ 0 + C(role)", df)
        for role in sorted(df["role"].unique()):
            rows.append(_row(result, f"C(role)[{role}]", condition=condition, role=role,
                             n_neurons=int((df["role"] == role).sum()), converged=converged,
                             random_effects=random))
    return pd.DataFrame(rows)
