"""Markdown for question text, backgrounds and explanations: rendered, then sanitised.

Rendering is cached by the text itself: question versions never change once shown, so every exam page
and result page after the first reuses the HTML; an edit is new text and renders afresh.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "a",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
# Distinct texts kept rendered per process (stems, backgrounds, explanations, instructions), and the
# longest text cached: at most about 40 MB per process even when previews of long drafts pass through.
CACHE_SIZE = 2048
CACHE_MAX_CHARS = 4000


def render_markdown(text: str | None) -> Markup:
    """HTML for Markdown ``text`` with scripts, event handlers, iframes and unsafe links removed."""
    if not text:
        return Markup("")
    text = str(text)
    return _render_cached(text) if len(text) <= CACHE_MAX_CHARS else _render(text)


_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)]) +\S")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def separate_lists(text: str) -> str:
    """Put a blank line before a list that directly follows a paragraph line.

    Authors (and Word pastes) write ``处理步骤：`` followed straight by ``- 先道歉``; Python-Markdown needs
    a blank line there, otherwise the items show as literal ``- …`` text. Fenced code is left alone.
    """
    out: list[str] = []
    in_fence = in_list = False
    previous = ""
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            if not line.strip():
                in_list = False
            elif _LIST_ITEM.match(line):
                if not in_list and previous.strip():
                    out.append("")
                in_list = True
        out.append(line)
        previous = line
    return "\n".join(out)


def _render(text: str) -> Markup:
    html = md.markdown(separate_lists(text), extensions=["tables", "fenced_code", "sane_lists", "nl2br"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised above


_render_cached = lru_cache(maxsize=CACHE_SIZE)(_render)
