"""Helpers for the role-play session tests: shipped scenarios in the database, SSE parsing, hidden text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from trainer.bank.models import ScenarioVersion
from trainer.bank.services import current_rubric, save_rubric, save_scenario
from trainer.extensions import db
from trainer.roleplay.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "question_bank" / "scenarios"
RUBRIC_DIR = ROOT / "rubrics"

# A de-escalating conversation for the storm scenario (empathy, ownership, facts, time, remedy, callback).
GOOD_STORM = [
    "林女士，先跟您说声抱歉：您为这个包裹已经打了两次电话，还让您白等了四天，这么着急的事换成是我也坐不住。",
    "我刚查了系统：转运中心 17 号起停运了一天半，19 号早上恢复分拣后，您的投影仪已经装车发往余杭营业部，"
    "只是轨迹没同步。前两次没把这些告诉您，是我们没做好。",
    "我现在就给您提交优先派送，营业部会在明天上午 11 点前送到；按规定再给您一张 20 元延误补偿券。"
    "明早 9 点前我主动给您回电确认。",
]
WEATHER = "这段时间一直下暴雨，属于不可抗力，物流慢一点是正常的，请您耐心等待。"


def load_into_db(*uids: str) -> dict[str, ScenarioVersion]:
    """Save the named shipped scenarios (all when none are named) and their rubrics; commit."""
    out = {}
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        if uids and path.stem not in uids:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rubric_path = RUBRIC_DIR / f"{data['rubric']}.yaml"
        if current_rubric(data["rubric"]) is None and rubric_path.is_file():
            save_rubric(yaml.safe_load(rubric_path.read_text(encoding="utf-8")))
        save_scenario(data)
        db.session.flush()
    db.session.commit()
    for version in db.session.query(ScenarioVersion).all():
        out[version.scenario.uid] = version
    return out


def parse_sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(event, data) pairs of a server-sent-event body."""
    events = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        kind, data = "message", ""
        for line in block.split("\n"):
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                data += line[6:]
        events.append((kind, json.loads(data) if data else {}))
    return events


def hidden_strings(scenario: Scenario, after_end: bool = False) -> list[str]:
    """Texts the candidate's browser must never receive: the goal, what is accepted, and while the
    session runs the trigger labels (the scorecard names them to explain each change of mood)."""
    secrets = [scenario.goal, *scenario.accepts]
    return secrets if after_end else [*secrets, *(t.label for t in scenario.triggers)]


def make_exam_response(user: Any, scenario_uid: str = "storm-parcel-delay") -> Any:
    """An exam attempt in progress for ``user`` holding one role-play question; returns its Response."""
    from trainer.bank.services import save_question
    from trainer.exams.models import Attempt, Exam, Response

    saved = save_question(
        {
            "id": f"rp-{scenario_uid}",
            "type": "roleplay",
            "lang": "zh",
            "points": 20,
            "stem": "情景模拟：请在对话中安抚客户并给出方案。",
            "scenario": scenario_uid,
        }
    )
    exam = Exam(title="情景模拟测评", status="published", open_to_all=True)
    db.session.add(exam)
    db.session.flush()
    attempt = Attempt(exam_id=exam.id, user_id=user.id, number=1, layout=[])
    db.session.add(attempt)
    db.session.flush()
    response = Response(
        attempt_id=attempt.id, position=0, question_version_id=saved.version.id, max_score=20.0
    )
    db.session.add(response)
    db.session.commit()
    return response
