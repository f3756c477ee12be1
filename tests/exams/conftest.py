"""Exam fixtures: a small bank of every question type, an exam factory, and a candidate signed in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from trainer.bank.services import save_question, save_rubric
from trainer.exams.builder import ExamSpec, save_exam
from trainer.exams.layout import Section
from trainer.extensions import db

QUESTIONS: list[dict[str, Any]] = [
    *[
        {
            "id": f"t-single-{i}",
            "type": "single",
            "points": 2,
            "tags": ["物流"] if i < 3 else ["售后"],
            "difficulty": 1 + i % 3,
            "stem": f"第{i}题：客户包裹延误，首先应该做什么？",
            "options": {"A": "推给快递公司", "B": "先安抚并核实物流信息", "C": "直接退款", "D": "请客户等待"},
            "answer": "B",
            "explanation": f"先共情再核实（解析{i}）。",
        }
        for i in range(5)
    ],
    {
        "id": "t-multi-partial",
        "type": "multiple",
        "points": 4,
        "tags": ["售后"],
        "stem": "以下哪些做法能降低客户的愤怒？",
        "options": {"A": "复述客户的问题", "B": "说明下一步和时间", "C": "强调不可抗力", "D": "真诚致歉"},
        "answer": ["A", "B", "D"],
        "scoring": "partial",
        "explanation": "C 会让客户觉得在推诿。",
    },
    {
        "id": "t-multi-strict",
        "type": "multiple",
        "points": 3,
        "tags": ["售后"],
        "stem": "退款申请需要核实哪些信息？",
        "options": {"A": "订单号", "B": "支付方式", "C": "客户星座"},
        "answer": ["A", "B"],
        "explanation": "与退款无关的信息不需要。",
    },
    *[
        {
            "id": f"t-tf-{i}",
            "type": "truefalse",
            "points": 1,
            "tags": ["通用"],
            "stem": f"判断{i}：可以向客户承诺系统不支持的赔偿。",
            "answer": False,
            "explanation": "不能做超出权限的承诺。",
        }
        for i in range(2)
    ],
    {
        "id": "t-case",
        "type": "case",
        "points": 10,
        "tags": ["物流"],
        "background": "客户的生鲜包裹延误两天，已经变质。",
        "stem": "请写出你的处理思路和对客户说的话。",
        "reference_answer": "致歉、核实、补发或退款、跟进。",
        "explanation": "先情绪后事实。",
        "rubric": "t-rubric",
    },
    {
        "id": "t-interview",
        "type": "interview",
        "points": 10,
        "tags": ["面试"],
        "stem": "请讲一次你化解客户冲突的经历。",
        "rubric": "t-rubric",
    },
]


@pytest.fixture
def bank(app) -> dict[str, Any]:
    """Save the small bank above (published) and return its questions by uid."""
    save_rubric(
        {
            "id": "t-rubric",
            "title": "投诉处理",
            "lang": "zh",
            "criteria": [
                {"id": "empathy", "name": "共情安抚", "max": 5, "description": "回应客户情绪并真诚致歉"},
                {
                    "id": "solution",
                    "name": "解决方案",
                    "max": 5,
                    "description": "给出补发、退款等具体方案和时间",
                },
            ],
        }
    )
    out = {}
    for raw in QUESTIONS:
        out[raw["id"]] = save_question(raw).obj
    db.session.commit()
    return out


@pytest.fixture
def trainer(make_user):
    return make_user("trainer")


@pytest.fixture
def make_exam(bank, trainer) -> Callable[..., Any]:
    """Build and commit an exam; keyword arguments override ExamSpec fields (sections by default mixed)."""

    def factory(**overrides: Any):
        spec = ExamSpec(
            title=overrides.pop("title", "混合测评"),
            sections=overrides.pop(
                "sections",
                [
                    Section(
                        title="单选", questions=[{"uid": "t-single-0", "policy": None}], draw=1, type="single"
                    ),
                    Section(
                        title="多选",
                        questions=[
                            {"uid": "t-multi-partial", "policy": None},
                            {"uid": "t-multi-strict", "policy": None},
                        ],
                    ),
                    Section(title="判断", questions=[{"uid": "t-tf-0", "policy": None}]),
                    Section(
                        title="案例",
                        questions=[{"uid": "t-case", "policy": None}, {"uid": "t-interview", "policy": None}],
                    ),
                ],
            ),
            open_to_all=overrides.pop("open_to_all", True),
            status=overrides.pop("status", "published"),
            shuffle_questions=overrides.pop("shuffle_questions", False),
            shuffle_options=overrides.pop("shuffle_options", False),
            **overrides,
        )
        exam = save_exam(spec, trainer)
        db.session.commit()
        return exam

    return factory
