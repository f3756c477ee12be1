"""Reference-answer features and the fixed weights that turn them into a 0..1 estimate.

The weights were fitted by least squares on the train splits of the short-answer data sets
(``python bench/scoring.py --fit``) and are kept here as constants; nothing is fitted at run time.
"""

from __future__ import annotations

from trainer.grading.offline.prepare import Doc, Reference
from trainer.grading.text import word_weight

FEATURE_NAMES = (
    "point_coverage",
    "points_hit",
    "recall_tokens",
    "recall_grams",
    "weighted_recall",
    "top3_coverage",
    "max_coverage",
)
# Intercept first, then one weight per feature in FEATURE_NAMES order.
WEIGHTS = (0.0, 0.3883, -0.4980, -0.0218, -0.4629, 0.7281, 0.4599, 0.3026)


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


def reference_features(answer: Doc, ref: Reference) -> list[float]:
    """The feature vector (FEATURE_NAMES order) of ``answer`` against a prepared reference."""
    q = ref.question
    covs = sorted((point_coverage(p, answer, q) for p in ref.points), reverse=True) or [0.0]
    r_toks = _without(ref.doc.toks, q.toks)
    r_grams = _without(ref.doc.grams, q.grams)
    rec_g = _share(answer.grams, r_grams)
    return [
        sum(covs) / len(covs),
        sum(c >= 0.5 for c in covs) / len(covs),
        _share(answer.toks, r_toks),
        rec_g,
        _weighted_share(answer.toks, r_toks),
        sum(covs[:3]) / min(3, len(covs)),
        covs[0],
    ]


def reference_estimate(features: list[float]) -> float:
    """The 0..1 estimate from a feature vector with the fitted weights, clamped."""
    value = WEIGHTS[0] + sum(w * f for w, f in zip(WEIGHTS[1:], features, strict=True))
    return max(0.0, min(1.0, value))
