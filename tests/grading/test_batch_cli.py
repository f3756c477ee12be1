"""Batch scoring: the library and the ``flask score`` command on a small file with a malformed line."""

import json
from pathlib import Path

from click.testing import CliRunner
from flask import Flask

from trainer.grading.batch import BadLine, score_lines
from trainer.grading.cli import score_command
from trainer.grading.offline import OfflineEngine
from trainer.grading.types import Rubric

RUBRIC = Path(__file__).parent / "data" / "refund_delay_zh.yaml"
LINES = [
    json.dumps({"id": "a1", "answer": "我会先向客户道歉，核实订单号和物流轨迹，超时就办理退款，之后回访。"}),
    "{not json",
    json.dumps({"id": "a2", "answer": "今天天气很好，我们去公园散步吧。"}),
    json.dumps({"answer": "缺少编号"}),
    json.dumps({"id": 3, "answer": "抱歉让您久等了。", "reference": "向客户致歉。"}),
]


def test_score_lines_keeps_order_and_reports_bad_lines():
    import yaml

    rubric = Rubric.from_dict(yaml.safe_load(RUBRIC.read_text(encoding="utf-8")))
    bad: list[BadLine] = []
    engine = OfflineEngine()
    out = list(score_lines(rubric, LINES, engine.score, on_error=bad.append))
    assert [r["id"] for r in out] == ["a1", "a2", "3"]
    assert [b.line_no for b in bad] == [2, 4]
    assert out[0]["total"] > out[1]["total"]


def test_cli_scores_file_and_skips_malformed_line(tmp_path):
    answers = tmp_path / "answers.jsonl"
    answers.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    out_file = tmp_path / "out.jsonl"
    app = Flask(__name__)
    with app.app_context():
        result = CliRunner().invoke(
            score_command, ["--rubric", str(RUBRIC), "--answers", str(answers), "--out", str(out_file)]
        )
    assert result.exit_code == 0, result.output
    assert "line 2" in result.stderr and "line 4" in result.stderr
    rows = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a1", "a2", "3"]
    for r in rows:
        assert set(r) == {"id", "total", "max", "criteria", "engine", "flags", "needs_review"}
        assert r["max"] == 10 and r["engine"] == "offline"
        assert {c["id"] for c in r["criteria"]} == {"empathy", "facts", "solution"}
    assert rows[0]["total"] > rows[1]["total"]


def test_cli_writes_to_stdout_without_app_context(tmp_path):
    answers = tmp_path / "answers.jsonl"
    answers.write_text(LINES[0] + "\n", encoding="utf-8")
    result = CliRunner().invoke(score_command, ["--rubric", str(RUBRIC), "--answers", str(answers)])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.strip().splitlines()[-1])
    assert row["id"] == "a1" and row["total"] > 0


def test_cli_rejects_a_broken_rubric(tmp_path):
    rubric = tmp_path / "bad.yaml"
    rubric.write_text("id: x\ncriteria: []\n", encoding="utf-8")
    answers = tmp_path / "answers.jsonl"
    answers.write_text(LINES[0] + "\n", encoding="utf-8")
    result = CliRunner().invoke(score_command, ["--rubric", str(rubric), "--answers", str(answers)])
    assert result.exit_code == 2
    assert "criteria" in result.stderr


def test_cli_llm_scores_go_through_the_shared_score_cache(app, runner, scripted_llm, tmp_path):
    """A second ``flask score`` run over the same answers asks the LLM nothing: the scores are in the
    app's shared cache (the table grading jobs and calibration read), not in a cache of the run."""
    import yaml
    from sqlalchemy import func, select

    from tests.review.conftest import GOOD, RUBRIC, llm_reply
    from tests.support.scripted_llm import Reply
    from trainer.extensions import db
    from trainer.grading.models import LLMScoreCacheEntry

    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(yaml.safe_dump(RUBRIC, allow_unicode=True), encoding="utf-8")
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"id": "m1", "answer": GOOD}) + "\n", encoding="utf-8")
    app.config.update(LLM_BASE_URL=scripted_llm.base_url, LLM_MODEL="grader-test", LLM_MAX_RETRIES=0)
    scripted_llm.push(Reply.json(llm_reply(2, 3)))
    args = ["score", "--rubric", str(rubric), "--answers", str(answers), "--engine", "llm"]

    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert db.session.scalar(select(func.count()).select_from(LLMScoreCacheEntry)) == 1
    second = runner.invoke(args=args)
    assert second.exit_code == 0, second.output

    assert len(scripted_llm.chat_requests) == 1
    rows = [json.loads(r.stdout.strip().splitlines()[-1]) for r in (first, second)]
    assert rows[0]["engine"] == rows[1]["engine"] == "llm"
    assert rows[0]["total"] == rows[1]["total"] == 5
