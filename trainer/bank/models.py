"""The question bank: questions, rubrics and role-play scenarios, each with immutable versions.

A question, rubric or scenario has a stable ``uid`` (the ``id`` in its YAML file) and numbered versions.
A version that an attempt has shown (``frozen``) is never changed in place: saving new content makes a
new version and moves ``current_version`` to it. Type-specific data lives in the JSON ``data`` column.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.bank.formats import parse_rubric
from trainer.database import JSONType, UTCDateTime, utcnow
from trainer.extensions import Model

STATUS_DRAFT = "draft"
STATUS_PUBLISHED = "published"
STATUS_ARCHIVED = "archived"
STATUSES = (STATUS_DRAFT, STATUS_PUBLISHED, STATUS_ARCHIVED)


class Question(Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=STATUS_PUBLISHED, index=True)
    source: Mapped[str | None] = mapped_column(String(200))  # the bank file it came from, for export
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_versions.id", use_alter=True, name="fk_questions_current_version")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    current: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True, lazy="joined"
    )
    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question",
        foreign_keys="QuestionVersion.question_id",
        order_by="QuestionVersion.number",
    )
    tags: Mapped[list[QuestionTag]] = relationship(cascade="all, delete-orphan", back_populates="question")

    def __repr__(self) -> str:
        return f"<Question {self.uid}>"


class QuestionVersion(Model):
    __tablename__ = "question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20), index=True)
    lang: Mapped[str] = mapped_column(String(10), default="zh", index=True)
    points: Mapped[float] = mapped_column(default=1.0)
    difficulty: Mapped[int] = mapped_column(default=3, index=True)
    stem: Mapped[str] = mapped_column(Text)
    background: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    reference_answer: Mapped[str] = mapped_column(Text, default="")
    rubric_uid: Mapped[str | None] = mapped_column(String(120))
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # options, answer, policy…
    content_hash: Mapped[str] = mapped_column(String(64))
    frozen: Mapped[bool] = mapped_column(default=False)  # shown by an attempt: never edit in place
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    question: Mapped[Question] = relationship(back_populates="versions", foreign_keys=[question_id])

    @property
    def uid(self) -> str:
        return self.question.uid


class QuestionTag(Model):
    """The tags of a question's current version, kept as rows so exams can draw by tag with an index."""

    __tablename__ = "question_tags"

    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(60), primary_key=True, index=True)

    question: Mapped[Question] = relationship(back_populates="tags")


class Rubric(Model):
    __tablename__ = "rubrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("rubric_versions.id", use_alter=True, name="fk_rubrics_current_version")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    current: Mapped[RubricVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True, lazy="joined"
    )
    versions: Mapped[list[RubricVersion]] = relationship(
        back_populates="rubric", foreign_keys="RubricVersion.rubric_id", order_by="RubricVersion.number"
    )


class RubricVersion(Model):
    __tablename__ = "rubric_versions"
    __table_args__ = (UniqueConstraint("rubric_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubrics.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(10), default="zh")
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)  # trainer.grading.types.Rubric.to_dict()
    content_hash: Mapped[str] = mapped_column(String(64))
    frozen: Mapped[bool] = mapped_column(default=False)  # used by a score: never edit in place
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    rubric: Mapped[Rubric] = relationship(back_populates="versions", foreign_keys=[rubric_id])

    def to_rubric(self) -> Any:
        """The plain rubric the scoring engines take (``trainer.grading.types.Rubric``), tagged with this
        version's number."""
        return parse_rubric(self.data, version=self.number)


class Scenario(Model):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("scenario_versions.id", use_alter=True, name="fk_scenarios_current_version")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    current: Mapped[ScenarioVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True, lazy="joined"
    )
    versions: Mapped[list[ScenarioVersion]] = relationship(
        back_populates="scenario",
        foreign_keys="ScenarioVersion.scenario_id",
        order_by="ScenarioVersion.number",
    )


class ScenarioVersion(Model):
    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(10), default="zh")
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    content_hash: Mapped[str] = mapped_column(String(64))
    frozen: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    scenario: Mapped[Scenario] = relationship(back_populates="versions", foreign_keys=[scenario_id])
