"""The scenario editor's "try it" box: play candidate lines through the scripted customer of a scenario
that is being written, and show what each line set off, the anger path and the customer's answers.

A trainer checks a scenario without playing it: nothing is stored, the text need not be saved yet.
The result is for staff (it names every behaviour of the script); it never holds the hidden goal or
what the customer accepts.
"""

from __future__ import annotations

from typing import Any

from trainer.authoring.services import check_scenario
from trainer.roleplay.difficulty import LEVELS
from trainer.roleplay.feedback import missing_steps, turn_reasons
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import play

MAX_LINES = 30
MAX_LINE_CHARS = 2000


def candidate_lines(text: str) -> list[str]:
    """The candidate's replies pasted one per line (blank lines dropped, at most MAX_LINES)."""
    lines = [line.strip()[:MAX_LINE_CHARS] for line in (text or "").splitlines()]
    return [line for line in lines if line][:MAX_LINES]


def try_scenario(scenario_text: str, lines_text: str, difficulty: str | None = None) -> dict[str, Any]:
    """Play ``lines_text`` (one reply a line) against the scenario YAML ``scenario_text``.

    Raises ContentError (naming the field) when the scenario does not validate. Returns ``opening``,
    ``turns`` (each: the line, the behaviours it set off with labels, quotes and anger shares, anger
    before/after, the customer's answer, an end state), ``end_state``, ``unplayed`` (lines after the
    end), ``missing_steps`` (labels) and ``anger_path``.
    """
    scenario = Scenario.from_dict(check_scenario(scenario_text))
    lines = candidate_lines(lines_text)
    level = difficulty if difficulty in LEVELS else None
    state = play(scenario, lines, seed=0, difficulty=level)
    rows = turn_reasons(scenario, state.transcript)
    return {
        "scenario": scenario.title,
        "difficulty": scenario.level(level).id,
        "opening": state.transcript[0]["customer"] if state.transcript else "",
        "start_anger": int(state.transcript[0]["anger"]) if state.transcript else scenario.anger_start,
        "turns": rows,
        "end_state": state.end_state,
        "unplayed": lines[len(rows) :],
        "missing_steps": missing_steps(scenario, state.transcript),
        "anger_path": [int(e["anger"]) for e in state.transcript],
    }


def script_overview(scenario_text: str) -> dict[str, Any]:
    """The behaviours of a scenario for the editor: label, anger step, whether resolving needs it,
    and the phrases and example utterances it is matched by. Raises ContentError when invalid."""
    scenario = Scenario.from_dict(check_scenario(scenario_text))
    required = set(scenario.resolve_requires)
    return {
        "triggers": [
            {
                "label": t.label,
                "delta": t.delta,
                "required": t.id in required,
                "examples": list(t.examples),
                "phrases": list(t.phrases),
                "detector": bool(t.detector),
            }
            for t in scenario.triggers
        ],
        "red_lines": [{"label": r.label, "phrases": list(r.phrases)} for r in scenario.red_lines],
    }
