"""What the importer says to a person: warnings and skip reasons, by code, through the translation catalogue.

The parser records plain codes (``no_key``, ``page number``…) with their parameters; the text is looked
up here when shown, in the reader's language (English outside a request or app context).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

WARNINGS: dict[str, Any] = {
    "two_keys": _l("The question has two answers; the first one is used."),
    "key_unmatched": _l("Answer %(number)s in the answer section matches no question."),
    "same_text": _l("Same text as question %(other)s."),
    "key_disagrees": _l(
        "The answer in the question (%(inline)s) and the answer section (%(key)s) disagree; "
        "the one in the question is used."
    ),
    "tf_options": _l("A true/false question had options; they were left out."),
    "tf_unreadable": _l("The true/false answer “%(text)s” could not be read."),
    "single_many_keys": _l(
        "A single-choice question has several answers; it was imported as multiple choice."
    ),
    "key_unreadable": _l("The answer “%(text)s” could not be read."),
    "few_options": _l("Fewer than two options."),
    "key_not_option": _l("The answer %(letters)s names an option that is not there."),
    "no_key": _l("No answer found; imported as a draft."),
    "free_text_options": _l("Options in a free-text question were kept in the question text."),
    "roleplay_draft": _l("Role-play question imported as a draft: link a scenario to publish it."),
    "free_text_draft": _l("Free-text question imported as a draft: link a rubric to publish it."),
    "default_points": _l("No points given; %(points)s points by default."),
    "truncated": _l("The text seems cut off in this question: check it against the original paper."),
    "parts_points": _l(
        "The parts add up to %(parts)s points but the question gives %(points)s; the question's points are used."
    ),
}

REASONS: dict[str, Any] = {
    "page number": _l("page number"),
    "file name": _l("file name"),
    "url": _l("web address"),
    "download notice": _l("download notice"),
    "comments": _l("comments"),
    "site navigation": _l("site navigation"),
    "copyright": _l("copyright notice"),
    "site notice": _l("site notice"),
    "uploader": _l("uploader details"),
    "exam form": _l("answer-sheet lines (name fields, seal line)"),
    "read more": _l("“read more” notice: the page shows only part of the document"),
    "page trailer": _l("page footer after the paper"),
    "exam instructions": _l("exam instructions"),
    "text outside any question": _l("text outside any question"),
    "title or preamble": _l("title or preamble"),
    "answer outside any question": _l("answer outside any question"),
    "unlabelled text after the answer": _l("unlabelled text after the answer"),
    "text in the answer section": _l("text in the answer section"),
    "numbered text without a question": _l("numbered text without a question"),
}


def warning_text(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The warning ``code`` as a sentence in the current language (the code itself when unknown)."""
    template = WARNINGS.get(code)
    if template is None:
        return code
    return str(template) % dict(params or {}) if params else str(template)


def reason_label(reason: str) -> str:
    """The translated label of a skip reason (empty text stays empty)."""
    if not reason:
        return ""
    label = REASONS.get(reason)
    return str(label) if label is not None else reason
