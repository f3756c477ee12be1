"""The exam builder form: settings, as many sections as the trainer adds, review options, who may take it.

Times are typed in the local zone (``TIMEZONE``) and kept in UTC.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from trainer.bank.question_types import type_choices
from trainer.exams.builder import MAX_AWAY_LIMIT, ExamSpec
from trainer.exams.layout import DEFAULT_REVIEW, REVIEW_KEYS, Section
from trainer.exams.models import MODE_EXAM, MODE_PRACTICE
from trainer.localtime import from_local, to_local

MAX_SECTIONS = 30
TYPE_CHOICES = [SelectChoice("", _l("Any type")), *(SelectChoice(v, label) for v, label in type_choices())]
POLICY_CHOICES = [
    SelectChoice("", _l("As each question sets it")),
    SelectChoice("all_or_nothing", _l("All or nothing")),
    SelectChoice("partial", _l("Partial credit (missing options score part, a wrong option scores 0)")),
]
REVIEW_LABELS = {
    "score": _l("Score"),
    "answers": _l("Correct answers"),
    "explanation": _l("Explanations (解析)"),
    "feedback": _l("Rubric feedback"),
}


class SectionForm(Form):
    """One section row; a row with no title and nothing to pick is ignored."""

    title = StringField(_l("Section title"), validators=[Optional(), Length(max=120)])
    questions = StringField(
        _l("Fixed questions (ids, comma-separated; id:partial or id:all_or_nothing overrides the policy)"),
        validators=[Optional(), Length(max=4000)],
    )
    draw = IntegerField(_l("Draw at random"), validators=[Optional(), NumberRange(min=0, max=200)])
    type = SelectField(_l("Type"), choices=TYPE_CHOICES, validators=[Optional()])
    lang = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("", _l("Any language")),
            SelectChoice("zh", "中文"),
            SelectChoice("en", "English"),
        ],
        validators=[Optional()],
    )
    tags = StringField(_l("Tags (any of, comma-separated)"), validators=[Optional(), Length(max=400)])
    difficulty_min = IntegerField(_l("Difficulty from"), validators=[Optional(), NumberRange(min=1, max=5)])
    difficulty_max = IntegerField(_l("to"), validators=[Optional(), NumberRange(min=1, max=5)])
    points = DecimalField(_l("Points each"), places=None, validators=[Optional(), NumberRange(min=0)])
    policy = SelectField(_l("Multiple-choice scoring"), choices=POLICY_CHOICES, validators=[Optional()])

    def is_blank(self) -> bool:
        """Whether the row was left empty."""
        return (
            not (self.title.data or "").strip()
            and not (self.questions.data or "").strip()
            and not self.draw.data
        )


class ReviewForm(Form):
    score = BooleanField(REVIEW_LABELS["score"])
    answers = BooleanField(REVIEW_LABELS["answers"])
    explanation = BooleanField(REVIEW_LABELS["explanation"])
    feedback = BooleanField(REVIEW_LABELS["feedback"])


class ExamForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    instructions = TextAreaField(_l("Instructions"), validators=[Optional(), Length(max=10_000)])
    mode = SelectField(
        _l("Mode"),
        choices=[
            SelectChoice(MODE_EXAM, _l("Exam")),
            SelectChoice(MODE_PRACTICE, _l("Practice (instant feedback per question)")),
        ],
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("draft", _l("Draft")),
            SelectChoice("published", _l("Published")),
            SelectChoice("archived", _l("Archived")),
        ],
    )
    time_limit_minutes = IntegerField(
        _l("Time limit (minutes)"), validators=[Optional(), NumberRange(min=1, max=24 * 60)]
    )
    opens_at = DateTimeLocalField(
        _l("Opens at (local time)"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    closes_at = DateTimeLocalField(
        _l("Closes at (local time)"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    attempts_allowed = IntegerField(
        _l("Attempts allowed"), validators=[Optional(), NumberRange(min=1, max=100)]
    )
    pass_mark = DecimalField(
        _l("Pass mark (%)"), places=None, validators=[Optional(), NumberRange(min=0, max=100)]
    )
    away_limit = IntegerField(
        _l("Times away from the exam page allowed (empty: no limit)"),
        validators=[Optional(), NumberRange(min=1, max=MAX_AWAY_LIMIT)],
    )
    shuffle_questions = BooleanField(_l("Shuffle questions within each section"))
    shuffle_options = BooleanField(_l("Shuffle options"))
    open_to_all = BooleanField(_l("Open to all candidates"))
    assignees = TextAreaField(_l("Assign to candidates (emails, one a line)"), validators=[Optional()])
    cohorts = SelectMultipleField(
        _l("Assign to cohorts (due when the exam closes; change due dates on the cohort's page)"),
        coerce=int,
        choices=[],
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    sections = FieldList(FormField(SectionForm), min_entries=1, max_entries=MAX_SECTIONS)
    after_submit = FormField(ReviewForm, label=_l("After submitting, the candidate sees"))
    after_close = FormField(ReviewForm, label=_l("After the exam closes, the candidate sees"))

    def to_spec(self) -> ExamSpec:
        """The form's content as an ExamSpec (sections read leniently; the builder checks them)."""
        sections = []
        for row in self.sections:
            if row.form.is_blank():
                continue
            sections.append(Section.from_dict(_section_dict(row.form)))
        return ExamSpec(
            title=self.title.data or "",
            sections=sections,
            instructions=self.instructions.data or "",
            mode=self.mode.data,
            status=self.status.data,
            time_limit_minutes=self.time_limit_minutes.data,
            opens_at=from_local(self.opens_at.data),
            closes_at=from_local(self.closes_at.data),
            attempts_allowed=self.attempts_allowed.data,
            pass_mark=float(self.pass_mark.data) if self.pass_mark.data is not None else None,
            away_limit=self.away_limit.data,
            open_to_all=bool(self.open_to_all.data),
            assignees=[
                line for line in (self.assignees.data or "").replace(",", "\n").splitlines() if line.strip()
            ],
            shuffle_questions=bool(self.shuffle_questions.data),
            shuffle_options=bool(self.shuffle_options.data),
            cohorts=[int(c) for c in self.cohorts.data or []],
            review={
                phase: {k: bool(getattr(self, phase).form[k].data) for k in REVIEW_KEYS}
                for phase in DEFAULT_REVIEW
            },
        )

    def fill(self, spec: ExamSpec) -> None:
        """Put an existing exam's spec into the form."""
        self.title.data, self.instructions.data, self.mode.data = spec.title, spec.instructions, spec.mode
        self.status.data = spec.status
        self.time_limit_minutes.data = spec.time_limit_minutes
        self.opens_at.data = _local_naive(spec.opens_at)
        self.closes_at.data = _local_naive(spec.closes_at)
        self.attempts_allowed.data = spec.attempts_allowed
        self.pass_mark.data = spec.pass_mark
        self.away_limit.data = spec.away_limit
        self.shuffle_questions.data, self.shuffle_options.data = spec.shuffle_questions, spec.shuffle_options
        self.open_to_all.data = spec.open_to_all
        self.assignees.data = "\n".join(spec.assignees)
        self.cohorts.data = list(spec.cohorts or [])
        for phase in DEFAULT_REVIEW:
            for k in REVIEW_KEYS:
                getattr(self, phase).form[k].data = spec.review[phase][k]
        while len(self.sections) < min(len(spec.sections), MAX_SECTIONS):
            self.sections.append_entry()
        for row, section in zip(self.sections, spec.sections, strict=False):
            f = row.form
            f.title.data = section.title
            f.questions.data = ", ".join(
                q["uid"] + (f":{q['policy']}" if q.get("policy") else "") for q in section.questions
            )
            f.draw.data = section.draw or None
            f.type.data = section.type or ""
            f.lang.data = section.lang or ""
            f.tags.data = ", ".join(section.tags)
            f.difficulty_min.data, f.difficulty_max.data = section.difficulty_min, section.difficulty_max
            f.points.data = section.points
            f.policy.data = section.policy or ""


def _section_dict(form: SectionForm) -> dict[str, Any]:
    picks = []
    for part in (form.questions.data or "").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        uid, _, policy = part.partition(":")
        picks.append({"uid": uid.strip(), "policy": policy.strip() or None})
    return {
        "title": (form.title.data or "").strip(),
        "questions": picks,
        "draw": form.draw.data or 0,
        "type": form.type.data or None,
        "lang": form.lang.data or None,
        "tags": [t.strip() for t in (form.tags.data or "").replace("，", ",").split(",") if t.strip()],
        "difficulty_min": form.difficulty_min.data,
        "difficulty_max": form.difficulty_max.data,
        "points": float(form.points.data) if form.points.data is not None else None,
        "policy": form.policy.data or None,
    }


def _local_naive(value: Any) -> Any:
    """A stored UTC time as the naive local time a datetime-local input shows."""
    local = to_local(value)
    return local.replace(tzinfo=None) if local is not None else None
