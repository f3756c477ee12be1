"""A question type no page, form or service names: a short written memo, scored against a rubric.

Tests register it through ``QUESTION_TYPES`` to show that a new free-text type needs nothing but its
registration: the ``memo_app`` fixture (tests/conftest.py) is an app that knows it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from trainer.bank.question_types import FreeText


class Memo(FreeText):
    """A short written memo, scored against a rubric like a case answer."""

    id = "memo"
    label = _l("Memo")
