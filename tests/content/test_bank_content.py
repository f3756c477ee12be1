"""Checks on the shipped question bank and rubrics: the files a fresh install loads.

These read the real files in ``question_bank/`` and ``rubrics/`` (not fixtures), so a broken question,
a dangling rubric id or a mistyped answer key fails here before it reaches a candidate.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from trainer.grading.types import Rubric

ROOT = Path(__file__).resolve().parents[2]
BANK_DIR = ROOT / "question_bank"
RUBRIC_DIR = ROOT / "rubrics"
SCENARIO_DIR = BANK_DIR / "scenarios"
README = BANK_DIR / "README.md"

TYPES = {"single", "multiple", "truefalse", "case", "interview", "roleplay"}
FREE_TEXT = {"case", "interview"}
CHOICE = {"single", "multiple"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
# Criterion ids a shipped rubric may use (DESIGN.md: empathy, information gathering, diagnosis, solution,
# policy compliance, closure, communication).
CRITERION_IDS = {"empathy", "information", "diagnosis", "solution", "policy", "closure", "communication"}
ROLEPLAY_RUBRICS = {"roleplay-complaint-zh", "roleplay-complaint-en", "roleplay-privacy-zh"}
ROLEPLAY_SCENARIOS = {"storm-parcel-delay", "double-charge-pos", "privacy-phone-request"}
ZH_INDUSTRIES = {"电商", "物流", "银行", "金融科技", "医疗", "政务", "餐饮外卖", "SaaS", "跨境"}
EN_INDUSTRIES = {"e-commerce", "logistics", "banking", "healthcare", "saas", "cross-border"}
ZH_TOPICS = {"情绪安抚", "优先级判断", "服务补救", "升级与跨部门协同", "合规与隐私", "问题诊断", "跟进闭环"}


def _load_questions() -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(BANK_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{path.name}: a bank file is a list of questions"
        for i, q in enumerate(data):
            assert isinstance(q, dict), f"{path.name}[{i}]: a question is a mapping"
            out.append((path.name, q))
    return out


def _load_rubric_files() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(RUBRIC_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), f"{path.name}: a rubric file is a mapping"
        out[path.stem] = data
    return out


QUESTIONS = _load_questions()
RUBRIC_FILES = _load_rubric_files()


def _qid(item: tuple[str, dict[str, Any]]) -> str:
    return f"{item[0]}:{item[1].get('id')}"


def _readme_tags() -> set[str]:
    """Tags listed in backticks in the README's tag section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Tags", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([^`]+)`", section))


def test_bank_and_rubric_folders_have_files() -> None:
    assert len(list(BANK_DIR.glob("*.yaml"))) >= 5
    assert len(RUBRIC_FILES) >= 14


def test_question_ids_are_unique_and_kebab_case() -> None:
    ids = [q.get("id") for _, q in QUESTIONS]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate question ids: {dupes}"
    bad = [i for i in ids if not isinstance(i, str) or not ID_RE.match(i)]
    assert not bad, f"ids must be kebab-case: {bad}"


@pytest.mark.parametrize("item", QUESTIONS, ids=_qid)
def test_question_common_fields(item: tuple[str, dict[str, Any]]) -> None:
    _, q = item
    assert q.get("type") in TYPES
    assert q.get("lang") in {"zh", "en"}
    points = q.get("points")
    assert isinstance(points, int) and not isinstance(points, bool) and points > 0
    difficulty = q.get("difficulty")
    assert isinstance(difficulty, int) and 1 <= difficulty <= 5
    tags = q.get("tags")
    assert isinstance(tags, list) and len(tags) >= 2 and all(isinstance(t, str) for t in tags)
    assert len(set(tags)) == len(tags), "a tag is repeated"
    for key in ("stem", "explanation"):
        assert isinstance(q.get(key), str) and q[key].strip(), f"{key} is required"


@pytest.mark.parametrize("item", QUESTIONS, ids=_qid)
def test_question_text_matches_its_language(item: tuple[str, dict[str, Any]]) -> None:
    _, q = item
    texts = [q.get(k) or "" for k in ("stem", "background", "explanation", "reference_answer")]
    texts += [str(v) for v in (q.get("options") or {}).values()]
    joined = "\n".join(texts)
    if q["lang"] == "en":
        assert not CJK_RE.search(joined), "an English question contains Chinese text"
    else:
        assert CJK_RE.search(q["stem"]), "a Chinese question's stem has no Chinese text"


@pytest.mark.parametrize("item", [it for it in QUESTIONS if it[1].get("type") in CHOICE], ids=_qid)
def test_choice_answers_are_among_the_options(item: tuple[str, dict[str, Any]]) -> None:
    _, q = item
    options = q.get("options")
    assert isinstance(options, dict) and len(options) >= 3
    assert all(re.fullmatch(r"[A-F]", k) for k in options), "option keys are letters A..F"
    values = [str(v).strip() for v in options.values()]
    assert all(values) and len(set(values)) == len(values), "options must be distinct and non-empty"
    answer = q.get("answer")
    if q["type"] == "single":
        assert isinstance(answer, str) and answer in options
    else:
        assert isinstance(answer, list) and len(answer) >= 2, "a multiple question has 2+ correct options"
        assert len(set(answer)) == len(answer)
        assert all(a in options for a in answer), f"answer {answer} not among {list(options)}"
        assert q.get("scoring") in {"partial", "all_or_nothing"}


@pytest.mark.parametrize("item", [it for it in QUESTIONS if it[1].get("type") == "truefalse"], ids=_qid)
def test_truefalse_answers_are_booleans(item: tuple[str, dict[str, Any]]) -> None:
    _, q = item
    assert isinstance(q.get("answer"), bool)
    assert "options" not in q


@pytest.mark.parametrize("item", [it for it in QUESTIONS if it[1].get("type") in FREE_TEXT], ids=_qid)
def test_free_text_questions_have_rubric_and_reference(item: tuple[str, dict[str, Any]]) -> None:
    _, q = item
    assert "options" not in q and "answer" not in q
    rubric_id = q.get("rubric")
    assert rubric_id in RUBRIC_FILES, f"rubric {rubric_id!r} has no file in rubrics/"
    assert RUBRIC_FILES[rubric_id].get("lang", "zh") == q["lang"], "rubric language differs from question"
    ref = q.get("reference_answer")
    assert isinstance(ref, str)
    if q["lang"] == "zh":
        length = len(re.sub(r"\s", "", ref))
        assert 150 <= length <= 400, f"zh reference answer has {length} characters"
    else:
        words = len(ref.split())
        assert 60 <= words <= 260, f"en reference answer has {words} words"
    if q["type"] == "case":
        assert isinstance(q.get("background"), str) and len(q["background"].strip()) >= 40


@pytest.mark.parametrize("item", [it for it in QUESTIONS if it[1].get("type") == "roleplay"], ids=_qid)
def test_roleplay_questions_link_a_scenario(item: tuple[str, dict[str, Any]]) -> None:
    _, q = item
    assert isinstance(q.get("scenario"), str) and ID_RE.match(q["scenario"])
    assert "options" not in q and "answer" not in q
    if SCENARIO_DIR.is_dir() and any(SCENARIO_DIR.glob("*.yaml")):
        names = {p.stem for p in SCENARIO_DIR.glob("*.yaml")}
        ids = set()
        for p in SCENARIO_DIR.glob("*.yaml"):
            data = yaml.safe_load(p.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                ids.add(data["id"])
        assert q["scenario"] in names | ids, f"scenario {q['scenario']!r} not in {SCENARIO_DIR}"


@pytest.mark.parametrize("rubric_id", sorted(RUBRIC_FILES))
def test_rubric_parses_and_is_well_formed(rubric_id: str) -> None:
    data = RUBRIC_FILES[rubric_id]
    rubric = Rubric.from_dict(data)
    assert rubric.id == rubric_id, "file name must be the rubric id"
    assert rubric.lang in {"zh", "en"}
    assert 3 <= len(rubric.criteria) <= 5
    assert 8 <= rubric.max_total <= 12
    for c, raw in zip(rubric.criteria, data["criteria"], strict=True):
        assert c.id in CRITERION_IDS, f"criterion id {c.id!r} is outside the shared vocabulary"
        assert isinstance(raw["max"], int), "criterion max is a whole number"
        assert c.description, f"{c.id}: description"
        assert set(c.levels) == set(range(int(c.max) + 1)), f"{c.id}: a descriptor for every score"
        assert len(set(c.levels.values())) == len(c.levels), f"{c.id}: level descriptors repeat"
        phrasings = [
            t
            for kp in raw.get("key_points") or []
            for t in ([str(kp)] if not isinstance(kp, dict) else [kp["concept"], *kp.get("any", [])])
        ]
        assert len(phrasings) >= 3, f"{c.id}: key points (concepts and their phrasings)"
        if rubric.lang == "en":
            assert not CJK_RE.search(c.description + " ".join(phrasings) + " ".join(c.levels.values()))


@pytest.mark.parametrize("rubric_id", sorted(RUBRIC_FILES))
def test_rubric_anchors_span_strong_to_weak(rubric_id: str) -> None:
    rubric = Rubric.from_dict(RUBRIC_FILES[rubric_id])
    assert 2 <= len(rubric.anchors) <= 3
    totals = []
    for a in rubric.anchors:
        assert set(a.scores) == {c.id for c in rubric.criteria}, "an anchor scores every criterion"
        assert a.answer.strip()
        totals.append(sum(a.scores.values()))
    assert max(totals) >= 0.7 * rubric.max_total, "one anchor is a strong answer"
    assert min(totals) <= 0.4 * rubric.max_total, "one anchor is a weak answer"
    assert len(set(totals)) == len(totals), "anchors should sit at different levels"


def test_every_rubric_is_used() -> None:
    named = {q.get("rubric") for _, q in QUESTIONS}
    unused = set(RUBRIC_FILES) - named - ROLEPLAY_RUBRICS
    assert not unused, f"rubrics no question names: {sorted(unused)}"
    assert ROLEPLAY_RUBRICS <= set(RUBRIC_FILES), "role-play transcript rubrics are shipped"


def test_tags_come_from_the_documented_vocabulary() -> None:
    documented = _readme_tags()
    used = {t for _, q in QUESTIONS for t in q["tags"]}
    assert not used - documented, f"tags missing from question_bank/README.md: {sorted(used - documented)}"
    for _, q in QUESTIONS:
        if q["lang"] == "en":
            assert not any(CJK_RE.search(t) for t in q["tags"]), (
                f"{q['id']}: English questions use English tags"
            )


def test_bank_size_and_coverage() -> None:
    by_type = Counter(q["type"] for _, q in QUESTIONS)
    by_lang = Counter(q["lang"] for _, q in QUESTIONS)
    assert len(QUESTIONS) >= 60
    assert by_lang["en"] >= 10
    assert set(by_type) == TYPES, f"missing types: {TYPES - set(by_type)}"
    assert by_type["roleplay"] >= 2
    linked = {q.get("scenario") for _, q in QUESTIONS if q["type"] == "roleplay"}
    assert ROLEPLAY_SCENARIOS <= linked, f"scenarios without a question: {ROLEPLAY_SCENARIOS - linked}"
    zh_tags = {t for _, q in QUESTIONS if q["lang"] == "zh" for t in q["tags"]}
    en_tags = {t for _, q in QUESTIONS if q["lang"] == "en" for t in q["tags"]}
    assert ZH_INDUSTRIES <= zh_tags, f"industries without questions: {ZH_INDUSTRIES - zh_tags}"
    assert ZH_TOPICS <= zh_tags, f"topics without questions: {ZH_TOPICS - zh_tags}"
    assert EN_INDUSTRIES <= en_tags, f"English industries without questions: {EN_INDUSTRIES - en_tags}"
    en_types = {q["type"] for _, q in QUESTIONS if q["lang"] == "en"}
    assert {"single", "multiple", "truefalse", "case", "interview"} <= en_types


def test_urgency_levels_and_problem_types_are_taught() -> None:
    text = "\n".join(
        " ".join(str(v) for v in [q.get("stem"), q.get("explanation"), *(q.get("options") or {}).values()])
        for _, q in QUESTIONS
        if q["lang"] == "zh"
    )
    for term in ("产品功能", "服务流程", "系统故障", "沟通误解", "外部因素", "2小时", "24小时", "72小时"):
        assert term in text, f"no question teaches {term}"
