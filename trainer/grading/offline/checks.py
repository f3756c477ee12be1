"""Answers that must not earn points: bare keyword lists and the question copied back."""

from __future__ import annotations

import re

from trainer.grading.offline.prepare import Doc

_FRAGMENT_SPLIT = re.compile(r"[\s,，、;；/|·•\-—]+|[。.!！?？]+")
_FRAGMENT_SPLIT_EN = re.compile(r"\s*(?:[,;/|·•\n]|\s[-—]\s|[.!?](?=\s|$))\s*")
# Words that make a clause a sentence rather than a term: verbs, connectives, modal words.
_SENTENCE_MARKERS_ZH = re.compile(
    r"[会要将应能让把被给向对先再然并如因所但而则就可请帮是了过着]|首先|然后|同时|之后|如果|因为|所以|"
    r"可以|需要|应该|告诉|解释|说明|表示|确认|联系|提供|为您|帮您"
)
_SENTENCE_MARKERS_EN = re.compile(
    r"\b(i|we|you|he|she|they|it|is|are|was|were|will|would|should|can|could|must|then|because|so|"
    r"if|when|and then|first|after|before|to|by|the)\b",
    re.IGNORECASE,
)


def fragments(text: str, lang: str = "zh") -> list[str]:
    """The pieces of ``text`` between list separators (commas, 、, slashes, full stops; spaces in Chinese)."""
    pattern = _FRAGMENT_SPLIT if lang == "zh" else _FRAGMENT_SPLIT_EN
    return [f for f in pattern.split(text or "") if f.strip()]


def is_keyword_list(text: str, lang: str, reference_is_list: bool) -> bool:
    """True for a bare run of terms: five or more short fragments, hardly any of them a sentence.

    When the reference answer is itself a list of short items, a list is the expected form and is never
    flagged.
    """
    if reference_is_list:
        return False
    frags = fragments(text, lang)
    if len(frags) < 5:
        return False
    if lang == "zh":
        short = [f for f in frags if len(f) <= 6]
        sentences = [f for f in frags if len(f) > 8 and _SENTENCE_MARKERS_ZH.search(f)]
    else:
        short = [f for f in frags if len(f.split()) <= 2]
        sentences = [f for f in frags if len(f.split()) > 4 and _SENTENCE_MARKERS_EN.search(f)]
    return len(short) >= 0.75 * len(frags) and len(sentences) <= max(1, len(frags) // 8)


def is_copied_question(answer: Doc, question: Doc | None) -> bool:
    """True when nearly all of the answer is the question's own text (80 % of its bigrams and words)."""
    if question is None or question.empty or answer.empty:
        return False
    grams = len(answer.grams & question.grams) / max(1, len(answer.grams))
    toks = len(answer.toks & question.toks) / max(1, len(answer.toks))
    new_toks = len(answer.toks - question.toks)
    return grams >= 0.8 and toks >= 0.75 and new_toks <= 3
