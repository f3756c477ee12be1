"""Turning texts into comparable units, with the per-rubric preparation cached.

A :class:`Doc` holds canonical content tokens (negated ones marked, see ``text.marked_tokens``) and
character bigrams. A reference answer is cut into points (sentences, then list items) so that coverage can
be counted point by point.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from trainer.grading.offline.terms import key_terms, verdict
from trainer.grading.text import char_ngrams, detect_lang, marked_tokens, split_sentences
from trainer.grading.types import Concept, Criterion, Rubric

_POINT_SPLIT = re.compile(r"[。！？!?；;\n、，,：:]|(?<=\D)\.(?=\s|$)|\s(?=\d[.、)])|(?=[①②③④⑤⑥⑦⑧⑨⑩])")


_LIST_SENTENCE = 40
_LIST_TEXT = 150


@dataclass(frozen=True)
class Doc:
    """One text as sets of units: ``toks`` (canonical words, ``¬`` marks negation) and ``grams``."""

    text: str
    toks: frozenset[str]
    grams: frozenset[str]

    @property
    def empty(self) -> bool:
        """True when the text has no content units at all."""
        return not self.toks and not self.grams


@functools.lru_cache(maxsize=8192)
def make_doc(text: str, lang: str | None = None) -> Doc:
    """The :class:`Doc` for ``text`` (cached; ``lang`` guessed when None)."""
    lang = lang or detect_lang(text)
    return Doc(text, frozenset(marked_tokens(text, lang)), frozenset(char_ngrams(text, 2)))


def split_points(text: str) -> list[str]:
    """The reference's points: sentences cut further at list separators, empty pieces dropped."""
    return [p.strip() for p in _POINT_SPLIT.split(text or "") if p and len(p.strip()) > 1]


@dataclass(frozen=True)
class Reference:
    """A reference answer prepared against a question: its points with the question's own units removed,
    its key terms (formulas, identifiers, numbers) that the question does not already give, and the
    true/false verdict it opens with (0 when none)."""

    doc: Doc
    points: tuple[Doc, ...]
    question: Doc
    is_list: bool
    terms: frozenset[str] = frozenset()
    verdict: int = 0


@functools.lru_cache(maxsize=2048)
def prepare_reference(reference: str, question: str, lang: str) -> Reference:
    """Prepare ``reference`` (cached by text): points, the question's units, and whether it is a list."""
    qdoc = make_doc(question or "", lang)
    points = []
    for piece in split_points(reference):
        doc = make_doc(piece, lang)
        # A point that only restates the question ("盘点内容包括") is not a point to cover.
        if doc.toks - qdoc.toks or len(doc.grams - qdoc.grams) > 1:
            points.append(doc)
    short = [p for p in points if len(p.text) <= 12]
    return Reference(
        doc=make_doc(reference or "", lang),
        points=tuple(points),
        question=qdoc,
        # a list of short items, not a long piece of prose cut at its commas
        is_list=len(points) >= 3
        and len(short) * 3 >= len(points) * 2
        and (
            len(reference or "") <= _LIST_TEXT
            or all(len(x) <= _LIST_SENTENCE for x in split_sentences(reference or ""))
        ),
        terms=key_terms(reference or "") - key_terms(question or ""),
        verdict=verdict(reference or ""),
    )


@dataclass(frozen=True)
class PreparedConcept:
    """A key point or ``must_not`` entry with each of its phrasings as a doc."""

    concept: Concept
    texts: tuple[str, ...]
    phrasings: tuple[Doc, ...]


@dataclass(frozen=True)
class PreparedCriterion:
    """A criterion's own texts as docs: description, key points, level descriptors by score, the
    concepts to say and not to say, and a profile (name, description, levels) used to align references."""

    criterion: Criterion
    description: Doc
    key_points: tuple[tuple[str, Doc], ...]
    levels: tuple[tuple[int, Doc], ...]
    concepts: tuple[PreparedConcept, ...] = ()
    must_not: tuple[PreparedConcept, ...] = ()
    profile: Doc = Doc("", frozenset(), frozenset())


def _concept(concept: Concept, lang: str) -> PreparedConcept:
    texts = concept.phrasings
    return PreparedConcept(concept, texts, tuple(make_doc(t, lang) for t in texts))


@dataclass(frozen=True)
class PreparedRubric:
    """Everything the offline engine derives from a rubric once per rubric id and version."""

    rubric: Rubric
    criteria: tuple[PreparedCriterion, ...]
    anchors: tuple[tuple[Doc, dict[str, float]], ...]


_RUBRIC_CACHE: dict[tuple[str, int, str | None], PreparedRubric] = {}


def prepare_rubric(rubric: Rubric) -> PreparedRubric:
    """The prepared form of ``rubric``, cached by (id, version, question); an edited rubric is prepared
    again. Only the anchors that serve the rubric's question are kept."""
    key = (rubric.id, rubric.version, rubric.question_id)
    cached = _RUBRIC_CACHE.get(key)
    if cached is not None and cached.rubric == rubric:
        return cached
    lang = rubric.lang
    criteria = []
    for c in rubric.criteria:
        criteria.append(
            PreparedCriterion(
                criterion=c,
                description=make_doc(c.description, lang),
                key_points=tuple((k, make_doc(k, lang)) for k in c.key_points),
                levels=tuple(sorted((int(s), make_doc(t, lang)) for s, t in c.levels.items())),
                concepts=tuple(_concept(k, lang) for k in c.concepts),
                must_not=tuple(_concept(k, lang) for k in c.must_not),
                profile=make_doc(" ".join([c.name, c.description, *c.levels.values()]), lang),
            )
        )
    anchors = tuple((make_doc(a.answer, lang), dict(a.scores)) for a in rubric.question_anchors())
    prepared = PreparedRubric(rubric=rubric, criteria=tuple(criteria), anchors=anchors)
    if len(_RUBRIC_CACHE) > 256:
        _RUBRIC_CACHE.clear()
    _RUBRIC_CACHE[key] = prepared
    return prepared
