"""The learning-rate fit follows its written objective on control mice only, and reproducibly."""

import copy

import pandas as pd
import pytest

from neuroai.bci.calibrate import (chosen_learning_rate, fit_learning_rate, grid_point_accuracy, uses_calibration,
                                   with_learning_rate)
from neuroai.bci.design import simulation_params
from neuroai.bci.sweeps import point_params

GRID = [1e-5, 3e-3]


@pytest.fixture
def calibration_bci(small_bci):
    bci = copy.deepcopy(small_bci)
    bci.update(sessions=3, trials_per_session=8)
    return bci


def _fit(bci, target, seed=3):
    settings = {"learning_rates": GRID, "late_sessions": 1, "target_late_accuracy": target}
    runs = pd.concat([grid_point_accuracy(seed, simulation_params(bci, calibrated=True), value, 1)
                      for value in GRID[::-1]], ignore_index=True)     # any order of runs: the grid's order is kept
    return fit_learning_rate(runs, settings)


def test_changing_the_target_changes_the_fit(calibration_bci):
    table = _fit(calibration_bci, 0.5)
    late = table["late_accuracy"].tolist()
    assert late[0] != late[1]            # the grid values give different learning, or this test shows nothing
    for index, target in enumerate(late):
        assert chosen_learning_rate(_fit(calibration_bci, target)) == GRID[index]


def test_the_objective_is_the_distance_to_the_target_and_the_smallest_is_chosen(calibration_bci):
    table = _fit(calibration_bci, 0.6)
    assert (table["objective"] - (table["late_accuracy"] - 0.6).abs()).abs().max() < 1e-12
    assert table["chosen"].sum() == 1
    assert table.loc[table["chosen"], "objective"].iloc[0] == table["objective"].min()


def test_the_fit_is_reproducible_and_keyed_by_its_seed(calibration_bci):
    assert _fit(calibration_bci, 0.6).equals(_fit(calibration_bci, 0.6))
    assert not _fit(calibration_bci, 0.6, seed=4)["late_accuracy"].equals(_fit(calibration_bci, 0.6)["late_accuracy"])


def test_the_fitted_rate_replaces_the_configured_one_only_where_calibration_applies(calibration_bci):
    bci = calibration_bci
    assert "learning_rate" not in simulation_params(bci, calibrated=True)["plasticity"]
    assert "calibration" not in simulation_params(bci)
    assert with_learning_rate(simulation_params(bci, calibrated=True), 0.002)["plasticity"]["learning_rate"] == 0.002
    dose = {"name": "dose", "conditions": ["control"], "parameters": {"inhibition_strength": [0.5]}}
    rates = {"name": "rates", "conditions": ["control"], "parameters": {"plasticity.learning_rate": [1e-4]}}
    assert uses_calibration(bci) and uses_calibration(bci, dose) and not uses_calibration(bci, rates)
    assert "learning_rate" not in point_params(bci, dose, {"inhibition_strength": 0.5}, calibrated=True)["plasticity"]
    off = copy.deepcopy(bci)
    off["calibration"]["enabled"] = False
    assert not uses_calibration(off) and not uses_calibration(off, dose)


def test_late_accuracy_is_the_mean_over_mice_of_their_last_sessions():
    runs = pd.DataFrame({"learning_rate": 0.1, "mouse": [0, 0, 0, 1, 1, 1], "session": [0, 1, 2] * 2,
                         "accuracy": [0.2, 0.4, 0.6, 0.3, 0.5, 0.9]})
    row = fit_learning_rate(runs, {"learning_rates": [0.1], "late_sessions": 2, "target_late_accuracy": 0.5}).iloc[0]
    assert row["late_accuracy"] == pytest.approx(0.6) and row["day1_accuracy"] == pytest.approx(0.25)
    assert row["n_mice"] == 2 and row["objective"] == pytest.approx(0.1) and row["chosen"]
