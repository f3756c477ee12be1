"""Demo exams for a fresh install, drawn from the shipped question bank by type."""

from __future__ import annotations

from sqlalchemy import select

from trainer.auth.models import User
from trainer.exams.builder import BuildError, ExamSpec, save_exam
from trainer.exams.layout import Section
from trainer.exams.models import MODE_PRACTICE, Exam
from trainer.extensions import db

DEMO_EXAM = "演示测评：客服综合能力"
DEMO_PRACTICE = "演示练习：客服基础知识"


def _specs() -> list[ExamSpec]:
    mixed = ExamSpec(
        title=DEMO_EXAM,
        instructions="共五部分，限时 25 分钟。答案会自动保存，可随时离开后继续；时间到将自动交卷。",
        sections=[
            Section(title="一、单选题", draw=4, type="single", lang="zh", points=2),
            Section(
                title="二、多选题（少选得部分分，错选不得分）",
                draw=2,
                type="multiple",
                lang="zh",
                points=3,
                policy="partial",
            ),
            Section(title="三、判断题", draw=3, type="truefalse", lang="zh", points=1),
            Section(title="四、案例分析", draw=1, type="case", lang="zh", points=10),
            Section(title="五、面试问答", draw=1, type="interview", lang="zh", points=10),
        ],
        time_limit_minutes=25,
        attempts_allowed=3,
        pass_mark=60,
        open_to_all=True,
        status="published",
    )
    practice = ExamSpec(
        title=DEMO_PRACTICE,
        instructions="练习模式：每题可以点“核对答案”，立即看到对错和解析。",
        sections=[
            Section(title="单选题", draw=5, type="single", lang="zh", points=2),
            Section(title="多选题", draw=2, type="multiple", lang="zh", points=3),
            Section(title="判断题", draw=3, type="truefalse", lang="zh", points=1),
        ],
        mode=MODE_PRACTICE,
        open_to_all=True,
        status="published",
    )
    return [mixed, practice]


def create_demo_exams() -> list[str]:
    """Create the demo exam and practice set, open to all candidates, unless they exist. Lines to print.

    Needs the question bank loaded and a trainer or admin account (the first one found is the author).
    The caller commits.
    """
    author = db.session.scalar(
        select(User).where(User.role.in_(("trainer", "admin"))).order_by(User.role.desc(), User.id)
    )
    if author is None:
        return ["Demo exams: skipped (no trainer account)."]
    lines = []
    for spec in _specs():
        if db.session.scalar(select(Exam.id).where(Exam.title == spec.title)) is not None:
            lines.append(f"Demo exam exists: {spec.title}")
            continue
        try:
            exam = save_exam(spec, author)
        except BuildError as exc:
            lines.append(f"Demo exam not created ({spec.title}): {'; '.join(exc.problems)}")
            continue
        lines.append(f"Demo exam created: {exam.title} (open to all candidates)")
    return lines
