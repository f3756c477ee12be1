"""The reference answer aligned to the criteria, prepared once per rubric, question and reference.

Each sentence of the reference (long sentences: each clause) is assigned to the criterion it serves:
the one whose key points, name, description and level descriptors it shares most with. A question's
``reference_by_criterion`` states the alignment by hand and overrides this for the criteria it names.
A criterion left with no reference text is scored from its key points (or, with none, from the whole
reference, as a one-criterion rubric is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.grading.offline.prepare import (
    Doc,
    PreparedCriterion,
    PreparedRubric,
    Reference,
    make_doc,
    prepare_reference,
)
from trainer.grading.text import split_sentences
from trainer.grading.types import Rubric

_CLAUSE = re.compile(r"(?<=[，,：:])")
_LONG_SENTENCE = 40


@dataclass(frozen=True)
class QuestionPrep:
    """What scoring one question needs beyond the rubric: per criterion the aligned reference(s) (one
    :class:`Reference` per alternative reference answer) and the question as a doc."""

    refs: dict[str, tuple[Reference, ...]]
    whole: tuple[Reference, ...]
    question: Doc
    background: Doc


def _share(part: frozenset[str], whole: frozenset[str]) -> float:
    return len(part & whole) / len(whole) if whole else 0.0


def reference_units(reference: str) -> list[str]:
    """The pieces of a reference that are aligned one by one: sentences, long ones cut into clauses."""
    out: list[str] = []
    for sentence in split_sentences(reference):
        if len(sentence) <= _LONG_SENTENCE:
            out.append(sentence)
            continue
        out.extend(p.strip() for p in _CLAUSE.split(sentence) if p.strip())
    return [u for u in out if len(re.sub(r"\W", "", u)) > 1]


def fit(unit: Doc, pc: PreparedCriterion) -> float:
    """How well a reference piece fits a criterion: its best key-point match, then its word overlap with
    the criterion's name, description and level descriptors."""
    best = 0.0
    for concept in pc.concepts:
        for p in concept.phrasings:
            best = max(best, 0.5 * _share(unit.toks, p.toks) + 0.5 * _share(unit.grams, p.grams))
    overlap = len(unit.toks & pc.profile.toks) / max(1, len(unit.toks))
    return best + 0.5 * overlap


def align(reference: str, prepared: PreparedRubric, lang: str) -> dict[str, str]:
    """The reference's pieces grouped by the criterion each serves best (pieces that fit none are left out)."""
    groups: dict[str, list[str]] = {pc.criterion.id: [] for pc in prepared.criteria}
    for unit in reference_units(reference):
        doc = make_doc(unit, lang)
        scored = [(fit(doc, pc), i) for i, pc in enumerate(prepared.criteria)]
        value, index = max(scored, key=lambda t: (t[0], -t[1]))
        if value > 0:
            groups[prepared.criteria[index].criterion.id].append(unit)
    return {cid: "\n".join(units) for cid, units in groups.items() if units}


_CACHE: dict[tuple[object, ...], tuple[PreparedRubric, QuestionPrep]] = {}


def _prepare(
    prepared: PreparedRubric,
    references: tuple[str, ...],
    question: str,
    background: str,
    by_criterion: tuple[tuple[str, str], ...],
) -> QuestionPrep:
    lang = prepared.rubric.lang
    hand = dict(by_criterion)
    single = len(prepared.criteria) == 1
    refs: dict[str, list[Reference]] = {pc.criterion.id: [] for pc in prepared.criteria}
    for text in references:
        aligned = {prepared.criteria[0].criterion.id: text} if single else align(text, prepared, lang)
        for pc in prepared.criteria:
            cid = pc.criterion.id
            part = hand.get(cid) or aligned.get(cid, "")
            if part and (not refs[cid] or cid not in hand):
                refs[cid].append(prepare_reference(part, question, lang))
    for cid, text in hand.items():
        if cid in refs and not refs[cid]:
            refs[cid].append(prepare_reference(text, question, lang))
    return QuestionPrep(
        refs={cid: tuple(r) for cid, r in refs.items()},
        whole=tuple(prepare_reference(t, question, lang) for t in references),
        question=make_doc(question, lang),
        background=make_doc(background, lang),
    )


def prepare_question(
    prepared: PreparedRubric, references: list[str], question: str, background: str = ""
) -> QuestionPrep:
    """The aligned references for scoring answers to one question (cached)."""
    hand = tuple(sorted(prepared.rubric.reference_by_criterion.items()))
    r = prepared.rubric
    key = (r.id, r.version, r.question_id, tuple(references), question or "", background or "", hand)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is prepared:
        return cached[1]
    prep = _prepare(prepared, tuple(references), question or "", background or "", hand)
    if len(_CACHE) > 1024:
        _CACHE.clear()
    _CACHE[key] = (prepared, prep)
    return prep


def aligned_reference(rubric: Rubric, reference: str, question: str = "") -> dict[str, str]:
    """The reference's pieces per criterion id, as the offline scorer aligns them (the question's hand
    alignment first); used to show each criterion its own part of the reference (e.g. in LLM prompts)."""
    from trainer.grading.offline.prepare import prepare_rubric

    if not reference.strip():
        return dict(rubric.reference_by_criterion)
    prepared = prepare_rubric(rubric)
    auto = {} if len(prepared.criteria) == 1 else align(reference, prepared, rubric.lang)
    out = {}
    for c in rubric.criteria:
        text = rubric.reference_by_criterion.get(c.id) or auto.get(c.id, "")
        if text:
            out[c.id] = text
    return out
