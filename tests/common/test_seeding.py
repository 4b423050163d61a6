import numpy as np
import pytest

from neuroai.common.seeding import rng, seed_sequence


def test_same_keys_give_the_same_stream():
    a = rng(3, "bci", "control", 2, {"lr": 0.1}).standard_normal(5)
    b = rng(3, "bci", "control", 2, {"lr": 0.1}).standard_normal(5)
    assert np.array_equal(a, b)


def test_parameter_dict_order_does_not_matter_but_values_do():
    a = rng(3, "bci", {"x": 1, "y": 2}).random()
    assert a == rng(3, "bci", {"y": 2, "x": 1}).random()
    assert a != rng(3, "bci", {"x": 1, "y": 3}).random()


@pytest.mark.parametrize("other", [(4, "bci", "control"), (3, "gridcells", "control"), (3, "bci", "scalar")])
def test_any_key_changes_the_stream(other):
    assert rng(3, "bci", "control").random() != rng(*other).random()


def test_negative_seed_is_rejected():
    with pytest.raises(ValueError, match="seed"):
        seed_sequence(-1, "bci")
