"""The scenario format: shipped files parse, hidden fields stay hidden, bad files name the bad field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from trainer.roleplay.scenario import Scenario, ScenarioError, band_of, load_scenario

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "question_bank" / "scenarios"

SHIPPED = sorted(p for p in SCENARIO_DIR.glob("*.yaml") if not p.name.startswith("_"))
LISTED_IN_ISSUE = {"storm-parcel-delay", "double-charge-pos", "privacy-phone-request"}


def _raw(name: str = "storm-parcel-delay") -> dict[str, Any]:
    return yaml.safe_load((SCENARIO_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def test_shipped_set_has_eight_chinese_and_two_english(scenarios: dict[str, Scenario]) -> None:
    langs = [s.lang for s in scenarios.values()]
    assert langs.count("zh") >= 8 and langs.count("en") >= 2
    assert set(scenarios) >= LISTED_IN_ISSUE
    assert len({s.industry for s in scenarios.values()}) >= 6


def _strings(value: Any) -> list[str]:
    """Every string inside a JSON-like value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *_strings(v)]]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenario_parses_and_hides_its_secrets(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.id == path.stem
    assert scenario.rubric in {"roleplay-complaint-zh", "roleplay-complaint-en", "roleplay-privacy-zh"}
    view = "\n".join(_strings(scenario.public_view()))
    secrets = [scenario.goal, *scenario.accepts, scenario.customer.background, scenario.customer.temperament]
    secrets += [line for lines in scenario.lines.values() for line in lines]
    secrets += [line for t in scenario.triggers for line in t.lines] + list(scenario.samples["good"])
    for secret in secrets:
        assert secret not in view, secret
    assert not {"hidden", "triggers", "red_lines", "lines", "closing", "samples"} & set(
        scenario.public_view()
    )
    assert scenario.public_view()["customer"]["name"] == scenario.customer.name
    assert scenario.public_view()["brief"] == scenario.brief
    json.dumps(scenario.public_view())  # plain JSON, ready for the browser
    # What the candidate can look up is shown.
    for label, value in scenario.system_info:
        assert label in view and value in view
    # Every trigger reaction has at least two variants so the customer can avoid repeating itself.
    for trig in scenario.triggers:
        assert trig.ends or len(trig.lines) >= 2
    assert scenario.samples["good"] and scenario.samples["bad"]


def test_hidden_mood_also_hides_the_starting_anger() -> None:
    raw = _raw()
    raw["anger"]["visible"] = "hidden"
    view = Scenario.from_dict(raw).public_view()
    assert view["mood_visible"] is False and "anger_start" not in view
    assert Scenario.from_dict(_raw()).public_view()["anger_start"] == 6


def _set(raw: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    node: Any = raw
    for key in keys[:-1]:
        node = node[int(key)] if key.isdigit() else node[key]
    last = keys[-1]
    if value is _DELETE:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("title", _DELETE, "title"),
        ("lang", "fr", "lang"),
        ("anger.start", 11, "anger.start"),
        ("anger.max_step", 0, "anger.max_step"),
        ("turn_limit", "eight", "turn_limit"),
        ("hidden.goal", "", "hidden.goal"),
        ("triggers.raise.0.delta", -2, "triggers.raise[0].delta"),
        ("triggers.lower.1.delta", 1, "triggers.lower[1].delta"),
        ("triggers.raise.1.lines", ["只有一句"], "triggers.raise[1].lines"),
        ("triggers.raise.4.detector", "telepathy", "triggers.raise[4].detector"),
        ("triggers.lower.3.patterns", ["(unclosed"], "triggers.lower[3].patterns[0]"),
        ("red_lines.0.ends", "exploded", "red_lines[0].ends"),
        ("end_states.resolved.requires", ["no_such_trigger"], "end_states.resolved.requires[0]"),
        ("lines.furious", _DELETE, "lines.furious"),
        ("closing.hung_up", [], "closing.hung_up"),
        ("customer_facts.0.answer", _DELETE, "customer_facts[0].answer"),
    ],
)
def test_from_dict_names_the_bad_field(path: str, value: Any, field: str) -> None:
    raw = copy.deepcopy(_raw())
    _set(raw, path, value)
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(raw)
    assert info.value.field == field


def test_duplicate_trigger_ids_are_rejected() -> None:
    raw = _raw()
    raw["triggers"]["lower"][0]["id"] = raw["triggers"]["raise"][0]["id"]
    with pytest.raises(ScenarioError, match="duplicate id"):
        Scenario.from_dict(raw)


def test_file_name_must_match_id(tmp_path: Path) -> None:
    target = tmp_path / "another-name.yaml"
    target.write_text(
        (SCENARIO_DIR / "storm-parcel-delay.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(target)
    assert info.value.field == "id"


def test_to_dict_round_trips() -> None:
    scenario = Scenario.from_dict(_raw())
    assert Scenario.from_dict(scenario.to_dict()) == scenario


@pytest.mark.parametrize(
    ("anger", "band"),
    [(0, "calm"), (3, "calm"), (4, "annoyed"), (6, "annoyed"), (7, "angry"), (9, "furious"), (10, "furious")],
)
def test_bands(anger: int, band: str) -> None:
    assert band_of(anger) == band
