"""Messy papers in the styles of document sites and Word exports each import exactly as papers/expected.json says.

expected.json lists, per paper, every question (type, points, answer, status, how its text begins, whether
it has a reference answer, the criteria of its drafted rubric, the opening of its drafted scenario), every
skipped line with its reason, and every warning by question and code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trainer.bank.importer import parse_paper
from trainer.grading.types import Rubric
from trainer.roleplay.scenario import Scenario

PAPERS = Path(__file__).resolve().parent / "papers"
EXPECTED: dict[str, Any] = json.loads((PAPERS / "expected.json").read_text(encoding="utf-8"))
STEM_START = 20


def summary(path: Path) -> dict[str, Any]:
    """What expected.json records of one paper's import."""
    report = parse_paper(path.read_bytes(), path.name)
    questions = []
    for q in report.questions:
        rubric = q.rubric_draft
        scenario = q.scenario_draft
        questions.append(
            {
                "type": q.type,
                "points": q.points,
                "answer": q.answer,
                "status": q.status,
                "stem": " ".join(q.full_stem.split())[:STEM_START],
                "reference": bool(q.reference_answer),
                "rubric": [[c["name"], c["max"]] for c in rubric["criteria"]] if rubric else None,
                "scenario_opening": scenario["opening"][0] if scenario else None,
            }
        )
    return {
        "questions": questions,
        "skipped": [[s.line, s.reason] for s in report.skipped],
        "warnings": [[w.position, w.code] for w in report.warnings],
    }


def test_there_are_at_least_twelve_papers_and_each_has_its_expectation():
    papers = sorted(p.name for p in PAPERS.iterdir() if p.suffix in (".txt", ".md", ".docx"))
    assert len(papers) >= 12
    assert sorted(EXPECTED) == papers


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_paper_gives_its_expected_json_exactly(name):
    assert summary(PAPERS / name) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_drafts_load_and_skipped_text_stays_out_of_questions(name):
    report = parse_paper((PAPERS / name).read_bytes(), name)
    for q in report.questions:
        if q.rubric_draft:
            rubric = Rubric.from_dict(q.rubric_draft)
            assert (
                sum(c.max for c in rubric.criteria) == q.points
            )  # the draft scores out of the question's points
            assert rubric.anchors and rubric.anchors[0].answer  # the reference is the top anchor
        if q.scenario_draft:
            Scenario.from_dict(q.scenario_draft)
    text = json.dumps(report.question_dicts(), ensure_ascii=False)
    for skipped in report.skipped:
        if len(skipped.text) >= 6:
            assert skipped.text not in text, skipped.text


if __name__ == "__main__":  # python -m tests.bank.test_import_papers: print the summaries to review by hand
    print(json.dumps({n: summary(PAPERS / n) for n in sorted(EXPECTED)}, ensure_ascii=False, indent=1))
