"""The answer's sentences and the phrase-level measures every check of a criterion shares: how much of a
phrasing a text contains, whether a phrasing occurs at all, the union of sentences as one doc."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from trainer.grading.offline.prepare import Doc
from trainer.grading.text import _variants as phrase_variants
from trainer.grading.text import normalize


def containment(phrase: Doc, text: Doc) -> float:
    """How much of ``phrase`` ``text`` contains: half its words, half its character bigrams."""
    toks, grams = phrase.toks, phrase.grams
    value = 0.5 * len(toks & text.toks) / len(toks) if toks else 0.0
    return value + (0.5 * len(grams & text.grams) / len(grams) if grams else 0.0)


@dataclass
class Sentence:
    """One sentence of the answer, verbatim, with its doc."""

    text: str
    doc: Doc


@functools.lru_cache(maxsize=64)  # one answer, asked for by every key point of every criterion
def folded_text(text: str) -> str:
    """The answer folded for phrase search (cached: every key point of every criterion asks for it)."""
    return normalize(text)


def said_somewhere(phrase: str, folded: str, synonyms: bool = True) -> bool:
    """A quick test before the phrase search: ``phrase`` (or a near-synonym form) occurs in the folded
    text at all (negation and word boundaries are left to :func:`find_phrase`)."""
    if synonyms:
        return any(v in folded for v in phrase_variants(phrase))
    return phrase_variants(phrase)[0] in folded


def union_doc(sentences: list[Sentence]) -> Doc:
    """One doc holding the words and bigrams of all ``sentences``."""
    toks: frozenset[str] = frozenset().union(*(s.doc.toks for s in sentences)) if sentences else frozenset()
    grams: frozenset[str] = frozenset().union(*(s.doc.grams for s in sentences)) if sentences else frozenset()
    return Doc("\n".join(s.text for s in sentences), toks, grams)
