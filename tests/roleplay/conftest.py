"""Fixtures for the role-play tests: the shipped scenarios, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.roleplay.scenario import Scenario, load_scenarios

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "question_bank" / "scenarios"


@pytest.fixture(scope="session")
def scenarios() -> dict[str, Scenario]:
    """Every shipped scenario by id."""
    return load_scenarios(SCENARIO_DIR)


@pytest.fixture(scope="session")
def storm(scenarios: dict[str, Scenario]) -> Scenario:
    """The parcel-late-in-a-storm scenario, used for behaviour tests."""
    return scenarios["storm-parcel-delay"]
