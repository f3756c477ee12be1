"""Authoring forms: the question editor, rubric and scenario YAML editors, and the upload forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import FloatField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from trainer.bank.question_types import EDITOR_OPTIONS, question_types


def type_choices() -> list[SelectChoice]:
    """The running app's question types (those added through QUESTION_TYPES included), for selects."""
    return [SelectChoice(value, label) for value, label in question_types().choices()]


STATUS_CHOICES = [
    SelectChoice("published", _l("Published")),
    SelectChoice("draft", _l("Draft")),
    SelectChoice("archived", _l("Archived")),
]
LANG_CHOICES = [SelectChoice("zh", "中文"), SelectChoice("en", "English")]
SCORING_CHOICES = [
    SelectChoice("all_or_nothing", _l("All or nothing")),
    SelectChoice("partial", _l("Partial credit (fewer correct choices score, any wrong choice scores 0)")),
]
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$"


class QuestionForm(FlaskForm):
    """Every field of every question type; the page shows the ones the chosen type uses."""

    id = StringField(
        _l("Id"),
        validators=[DataRequired(), Regexp(ID_PATTERN, message=_l("Letters, digits, - _ . only"))],
    )
    type = SelectField(_l("Type"))
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, default="published")
    lang = SelectField(_l("Language"), choices=LANG_CHOICES, default="zh")
    points = FloatField(_l("Points"), validators=[DataRequired(), NumberRange(min=0.01, max=1000)])
    difficulty = IntegerField(
        _l("Difficulty (1–5)"), default=3, validators=[DataRequired(), NumberRange(1, 5)]
    )
    tags = StringField(_l("Tags (separated by commas)"), validators=[Length(max=500)])
    background = TextAreaField(_l("Background (Markdown, optional)"), validators=[Length(max=20000)])
    stem = TextAreaField(_l("Question (Markdown)"), validators=[DataRequired(), Length(max=20000)])
    answer = StringField(_l("Answer key"), validators=[Length(max=40)])
    scoring = SelectField(_l("Multiple-choice scoring"), choices=SCORING_CHOICES, default="all_or_nothing")
    partial_points = FloatField(
        _l("Points for a correct subset"), validators=[Optional(), NumberRange(min=0)]
    )
    explanation = TextAreaField(_l("Explanation 解析 (Markdown)"), validators=[Length(max=20000)])
    reference_answer = TextAreaField(_l("Reference answer (Markdown)"), validators=[Length(max=20000)])
    rubric = StringField(_l("Rubric id"), validators=[Length(max=120)])
    scenario = StringField(_l("Scenario id"), validators=[Length(max=120)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.type.choices = type_choices()

    def option_fields(self) -> list[Any]:
        """The option fields A–H in order."""
        return [getattr(self, f"option_{k}") for k in EDITOR_OPTIONS]


for _key in EDITOR_OPTIONS:
    setattr(QuestionForm, f"option_{_key}", StringField(_key, validators=[Length(max=2000)]))


class DocumentForm(FlaskForm):
    """A rubric or scenario typed as YAML."""

    text = TextAreaField(_l("YAML"), validators=[DataRequired(), Length(max=500_000)])


class PaperUploadForm(FlaskForm):
    """A paper to import (.docx, .txt, .md)."""

    file = FileField(_l("Paper (.docx, .txt or .md)"), validators=[FileRequired()])


class ExchangeUploadForm(FlaskForm):
    """Questions from another tool, or a rubric."""

    format = SelectField(
        _l("Format"),
        choices=[
            SelectChoice("moodle", "Moodle XML"),
            SelectChoice("gift", "GIFT"),
            SelectChoice("aiken", "Aiken"),
            SelectChoice("yaml", _l("Bank YAML")),
            SelectChoice("rubric", _l("Rubric (YAML or JSON)")),
        ],
    )
    file = FileField(_l("File"), validators=[FileRequired()])
