"""Mental-Pong fixtures: the default task rules from config.yaml."""

import pytest


@pytest.fixture
def task(default_config) -> dict:
    return dict(default_config["mentalsim"]["task"])
