"""Reference-answer features and the fixed weights that turn them into a 0..1 estimate.

An answer is compared with every reference answer it has (alternatives count as best-of: the recall features
take the best reference, key terms may come from any of them). A reference point counts as said when its words are there or when the
understanding layer finds it said in other words (synonyms, another segmentation, reordered), above what the
question itself already says. All features only grow with content the
reference has, and every weight is non-negative except the one for contradicting the reference's verdict, so
padding an answer with other text never raises its estimate.

The weights and the calibration map were fitted on the train splits of the short-answer data sets
(``python bench/scoring.py --fit``: non-negative ridge least squares, then a monotone piecewise-linear map
from the linear value to the human score) and are kept here as constants; nothing is fitted at run time.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

from trainer.grading import understanding
from trainer.grading.offline.prepare import Doc, Reference
from trainer.grading.offline.terms import key_terms, terms_found, verdict
from trainer.grading.text import word_weight

FEATURE_NAMES = (
    "weighted_recall_sqrt",
    "top3_coverage",
    "key_terms",
    "verdict_agrees",
    "verdict_clashes",
)
# One weight per feature in FEATURE_NAMES order (no intercept: an answer sharing nothing scores 0).
WEIGHTS = (0.5059, 0.4322, 0.2747, 0.4655, -0.0528)
# Monotone piecewise-linear calibration: the linear value at CALIBRATION_KNOTS maps to CALIBRATION_VALUES.
CALIBRATION_KNOTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
CALIBRATION_VALUES = (0.000, 0.132, 0.351, 0.411, 0.479, 0.696, 0.696, 0.696, 0.696, 0.901, 0.988)
# A meaning match of a reference point counts only above this score (below it lie unrelated clauses that
# share a synonym or two) and above how well the question itself says the point.
MEANING_FLOOR = 0.4
# What the right verdict alone is worth, as a share of the verdict feature; the rest needs the explanation.
VERDICT_BASE = 0.5


def _share(part: frozenset[str], whole: frozenset[str]) -> float:
    return len(part & whole) / len(whole) if whole else 0.0


def _without(units: frozenset[str], common: frozenset[str]) -> frozenset[str]:
    rest = units - common
    return rest if rest else units


def _weighted_share(part: frozenset[str], whole: frozenset[str]) -> float:
    den = sum(word_weight(t) for t in whole)
    return sum(word_weight(t) for t in whole if t in part) / den if den else 0.0


def point_coverage(point: Doc, answer: Doc, question: Doc) -> float:
    """How much of one reference point the answer says (0..1), ignoring words the question already has."""
    toks = _without(point.toks, question.toks)
    grams = _without(point.grams, question.grams)
    return 0.5 * _share(answer.toks, toks) + 0.5 * _share(answer.grams, grams)


@functools.lru_cache(maxsize=4096)
def _meaning_in_question(point: str, question: str, lang: str) -> float:
    """How well the question itself already says a reference point, by meaning (0..1)."""
    if not question.strip():
        return 0.0
    return understanding.match_concept(understanding.analyse(question, lang), point).score


def _worded(point: Doc, question: Doc) -> bool:
    """Whether a point has two or more words of its own (not numbers, not the question's): a bare "3 > 1"
    cut from a worked example is left to word and key-term matching, since any "一个" reads as 1."""
    return sum(1 for t in point.toks - question.toks if not t.lstrip("¬").isdigit()) >= 2


def point_said(point: Doc, answer: Doc, question: Doc, lang: str) -> float:
    """How much of one reference point the answer says (0..1): its word and bigram coverage, or, when higher,
    the understanding layer's meaning match of the point in the answer's best clause (synonyms, numerals,
    other wording), counted only above :data:`MEANING_FLOOR` and above how well the question itself says
    it, and only for a point with words of its own; a clause that negates the point counts nothing. ``lang`` is the reference's language (a short point such as "O(1)" does not
    tell it)."""
    words = point_coverage(point, answer, question)
    if words >= 1.0 or not answer.toks or not _worded(point, question):
        return words
    m = understanding.match_concept(understanding.analyse(answer.text, lang), point.text)
    floor = max(MEANING_FLOOR, _meaning_in_question(point.text, question.text, lang))
    if m.negated or m.score <= floor:
        return words
    return max(words, (m.score - floor) / (1.0 - floor))


def _recall(answer: Doc, ref: Reference) -> tuple[float, float]:
    """Weighted word recall of one reference (question words left out) and its top-3 point coverage (in
    words or by meaning)."""
    q = ref.question
    lang = understanding.detect_lang(q.text + ref.doc.text)
    covs = sorted((point_said(p, answer, q, lang) for p in ref.points), reverse=True) or [0.0]
    recall = _weighted_share(answer.toks, _without(ref.doc.toks, q.toks))
    return recall, sum(covs[:3]) / min(3, len(covs))


def reference_features(answer: Doc, refs: Reference | Sequence[Reference]) -> list[float]:
    """The feature vector (FEATURE_NAMES order) of ``answer`` against one or more prepared references."""
    refs = (refs,) if isinstance(refs, Reference) else tuple(refs)
    if not refs:
        return [0.0] * len(FEATURE_NAMES)
    recalls = [_recall(answer, r) for r in refs]
    recall = max(r for r, _ in recalls)
    top3 = max(t for _, t in recalls)
    wanted = frozenset().union(*(r.terms for r in refs))
    terms = len(terms_found(wanted, key_terms(answer.text))) / len(wanted) if wanted else 0.0
    expected = next((r.verdict for r in refs if r.verdict), 0)
    said = verdict(answer.text) if expected else 0
    agrees = float(said == expected) * min(1.0, VERDICT_BASE + top3) if said else 0.0
    return [math.sqrt(recall), top3, terms, agrees, float(said == -expected) if said else 0.0]


def calibrate(value: float) -> float:
    """The calibration map applied to a linear value (clamped to the knots' range)."""
    knots, values = CALIBRATION_KNOTS, CALIBRATION_VALUES
    if value <= knots[0]:
        return values[0]
    for i in range(1, len(knots)):
        if value <= knots[i]:
            t = (value - knots[i - 1]) / (knots[i] - knots[i - 1])
            return values[i - 1] + t * (values[i] - values[i - 1])
    return values[-1]


def linear_value(features: Sequence[float]) -> float:
    """The weighted sum of a feature vector, clamped to 0..1 (before calibration)."""
    value = sum(w * f for w, f in zip(WEIGHTS, features, strict=True))
    return max(0.0, min(1.0, value))


def reference_estimate(features: Sequence[float]) -> float:
    """The 0..1 estimate from a feature vector: fitted weights, then the calibration map."""
    return max(0.0, min(1.0, calibrate(linear_value(features))))
