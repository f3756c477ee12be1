"""What staff pages call response states, scoring engines and engine flags (never the internal codes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

RESPONSE_STATUS = {
    "unanswered": _l("Not answered"),
    "saved": _l("Saved"),
    "graded": _l("Graded"),
    "pending": _l("Being graded"),
    "needs_review": _l("Awaiting review"),
}
ENGINES = {
    "offline": _l("Offline scorer"),
    "llm": _l("LLM"),
    "combined": _l("Offline scorer + LLM"),
    "human": _l("By hand"),
}
FLAGS = {
    "injection": _l("tries to instruct the grader"),
    "keyword_list": _l("a bare list of keywords"),
    "copied_question": _l("copies the question back"),
    "copied_reference": _l("nearly word for word the reference answer"),
    "padding": _l("mostly repeated or unrelated filler"),
    "off_topic": _l("off topic"),
    "empty": _l("empty"),
    "llm_failed": _l("LLM failed"),
    "engines_disagree": _l("engines disagree"),
    "score_out_of_range": _l("the LLM gave a score outside the scale"),
}


def labels() -> dict[str, object]:
    """The label tables for templates."""
    return {"response_status": RESPONSE_STATUS, "engine_labels": ENGINES, "flag_labels": FLAGS}
