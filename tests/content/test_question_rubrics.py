"""Every shipped free-text question has a rubric of its own, and the scorer's evaluation set fits the bank.

These read the real files (``question_bank/``, ``rubrics/``, ``bench/data/scoring_set.jsonl``), so a
question pointed at another case's rubric, an anchor written for another question, or an evaluation line
scored against a criterion the rubric does not have fails here.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BANK_DIR = ROOT / "question_bank"
RUBRIC_DIR = ROOT / "rubrics"
EVAL_SET = ROOT / "bench" / "data" / "scoring_set.jsonl"

FREE_TEXT = {"case", "interview"}
KINDS = {"excellent_ref", "excellent_own", "thin", "wrong", "must_not", "gaming"}
CLASSES = {"产品功能", "服务流程", "系统故障", "沟通误解", "外部因素"}
CLASSES_EN = {"product feature", "service process", "system fault", "miscommunication", "external factor"}
URGENCIES = {"紧急", "高", "中", "低", "urgent", "high", "medium", "low"}
CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def _questions() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(BANK_DIR.glob("*.yaml")):
        for q in yaml.safe_load(path.read_text(encoding="utf-8")):
            out[q["id"]] = q
    return out


def _rubrics() -> dict[str, dict[str, Any]]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(RUBRIC_DIR.glob("*.yaml"))}


QUESTIONS = _questions()
RUBRICS = _rubrics()
FREE = {qid: q for qid, q in QUESTIONS.items() if q["type"] in FREE_TEXT}
OWN = sorted(FREE)


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def _phrasings(entry: Any) -> list[str]:
    """The texts a key point or must_not entry can be matched by: its concept and its alternatives."""
    if isinstance(entry, str):
        return [entry]
    return [str(entry["concept"]), *(str(a) for a in entry.get("any") or [])]


@pytest.mark.parametrize("qid", OWN)
def test_a_free_text_question_has_a_rubric_of_its_own(qid: str) -> None:
    rid = FREE[qid]["rubric"]
    assert rid in RUBRICS, f"rubric {rid!r} has no file"
    users = [other for other, q in FREE.items() if q["rubric"] == rid]
    assert users == [qid] or RUBRICS[rid].get("generic") is True, f"{rid} is shared by {users}"


@pytest.mark.parametrize("qid", OWN)
def test_anchors_are_tied_to_the_question_and_span_top_middle_bottom(qid: str) -> None:
    rubric = RUBRICS[FREE[qid]["rubric"]]
    maxima = {c["id"]: c["max"] for c in rubric["criteria"]}
    total = sum(maxima.values())
    own = []
    for anchor in rubric.get("anchors") or []:
        assert anchor.get("question") == qid or anchor.get("generic") is True, "anchor for another question"
        if anchor.get("question") == qid:
            assert set(anchor["scores"]) == set(maxima), "an anchor scores every criterion"
            assert all(0 <= anchor["scores"][c] <= m for c, m in maxima.items())
            own.append(sum(anchor["scores"].values()))
    assert len(own) >= 3, "at least three anchors answer this question"
    assert max(own) >= 0.8 * total, "a top anchor"
    assert min(own) <= 0.2 * total, "a bottom anchor"
    assert any(0.3 * total <= t <= 0.7 * total for t in own), "a middle anchor"


@pytest.mark.parametrize("qid", OWN)
def test_key_points_and_must_not_entries_are_concepts_with_phrasings(qid: str) -> None:
    rubric = RUBRICS[FREE[qid]["rubric"]]
    for c in rubric["criteria"]:
        points = c.get("key_points") or []
        assert points, f"{c['id']}: key points"
        for kp in points:
            assert isinstance(kp, str) or (isinstance(kp, dict) and kp.get("concept")), kp
            if isinstance(kp, dict):
                assert len(kp.get("any") or []) >= 2, f"{c['id']}: give several phrasings for {kp['concept']}"
                assert all(isinstance(a, str) for a in kp["any"]), f"{kp['concept']}: a phrasing is not text"
                assert kp.get("weight", 1) > 0
        for bad in c.get("must_not") or []:
            assert isinstance(bad, str) or (bad.get("concept") and bad.get("reason") and bad.get("any")), bad
        diagnosis = c.get("diagnosis")
        if diagnosis is not None:
            assert diagnosis.get("class") or diagnosis.get("urgency")
            assert diagnosis.get("class") is None or diagnosis["class"] in CLASSES | CLASSES_EN
            assert diagnosis.get("urgency") is None or diagnosis["urgency"] in URGENCIES
        if rubric.get("lang") == "en":
            texts = [t for e in [*points, *(c.get("must_not") or [])] for t in _phrasings(e)]
            assert not CJK_RE.search(" ".join(texts)), f"{c['id']}: Chinese text in an English rubric"
    assert sum(len(c.get("must_not") or []) for c in rubric["criteria"]) >= 1, "no classic wrong move listed"


@pytest.mark.parametrize("qid", OWN)
def test_the_reference_answer_serves_every_criterion_with_its_own_passages(qid: str) -> None:
    q = FREE[qid]
    by_criterion = q.get("reference_by_criterion") or {}
    criteria = {c["id"] for c in RUBRICS[q["rubric"]]["criteria"]}
    assert set(by_criterion) == criteria, "the reference answer gives its part for every criterion"
    reference = _squash(q["reference_answer"])
    for cid, text in by_criterion.items():
        for piece in filter(None, (_squash(p) for p in re.split(r"[。！？；;!?\n]|\.(?:\s|$)", text))):
            assert piece in reference, f"{cid}: {piece!r} is not a passage of the reference answer"


def _eval_lines() -> list[dict[str, Any]]:
    return [json.loads(line) for line in EVAL_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_evaluation_lines_name_real_questions_and_criteria_within_range() -> None:
    lines = _eval_lines()
    ids = Counter(line["id"] for line in lines)
    assert not [i for i, n in ids.items() if n > 1], "evaluation ids repeat"
    for line in lines:
        where = line["id"]
        q = FREE.get(line["question"])
        assert q is not None, f"{where}: not a shipped free-text question"
        assert line["lang"] == q["lang"], where
        assert line["kind"] in KINDS, where
        assert line["split"] in {"dev", "test"}, where
        assert isinstance(line["answer"], str) and line["answer"].strip(), where
        maxima = {c["id"]: c["max"] for c in RUBRICS[q["rubric"]]["criteria"]}
        assert set(line["scores"]) == set(maxima), f"{where}: scores every criterion of {q['rubric']}"
        for cid, score in line["scores"].items():
            assert isinstance(score, int) and 0 <= score <= maxima[cid], f"{where}: {cid}={score}"


def test_evaluation_questions_have_their_own_rubric_and_both_halves() -> None:
    by_question: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in _eval_lines():
        by_question[line["question"]].append(line)
    for qid, lines in by_question.items():
        assert {line["split"] for line in lines} == {"dev", "test"}, qid
        kinds = {line["kind"] for line in lines}
        assert {"excellent_own", "thin", "gaming"} <= kinds, f"{qid}: kinds {sorted(kinds)}"
        assert kinds & {"wrong", "must_not"}, f"{qid}: no wrong answer"


def test_the_evaluation_set_is_large_enough_and_bilingual() -> None:
    lines = _eval_lines()
    questions = {line["question"] for line in lines}
    english = {q for q in questions if FREE[q]["lang"] == "en"}
    assert len(lines) >= 200 and len(questions) >= 20 and len(english) >= 3
    for kind in KINDS:
        for lang in ("zh", "en"):
            halves = {line["split"] for line in lines if line["kind"] == kind and line["lang"] == lang}
            assert halves == {"dev", "test"}, f"{kind}/{lang}: both halves"


def test_hand_scores_follow_the_kinds() -> None:
    """Excellent answers near the maximum; wrong ones, violations and gaming near zero."""
    for line in _eval_lines():
        rubric = RUBRICS[FREE[line["question"]]["rubric"]]
        share = sum(line["scores"].values()) / sum(c["max"] for c in rubric["criteria"])
        if line["kind"].startswith("excellent"):
            assert share >= 0.8, line["id"]
        elif line["kind"] == "gaming":
            assert share <= 0.15, line["id"]
        elif line["kind"] in {"wrong", "must_not"}:
            assert share <= 0.3, line["id"]
