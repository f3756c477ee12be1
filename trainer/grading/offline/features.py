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
    "precision_tokens",
    "precision_grams",
    "f1_grams",
    "negation_conflict",
    "weighted_recall",
    "weighted_precision",
    "top3_coverage",
    "max_coverage",
)
# Intercept first, then one weight per feature in FEATURE_NAMES order.
WEIGHTS = (
    0.0,
    0.3999,
    -0.6233,
    -0.0516,
    -0.1078,
    -0.0982,
    -0.2163,
    -0.0374,
    0.2852,
    0.7725,
    0.0031,
    0.3902,
    0.4487,
)


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
    a_toks = answer.toks - q.toks
    a_grams = answer.grams - q.grams
    rec_g = _share(answer.grams, r_grams)
    prec_g = _share(ref.doc.grams, a_grams)
    f1 = 2 * rec_g * prec_g / (rec_g + prec_g) if rec_g + prec_g else 0.0
    flipped = {("¬" + t) for t in answer.toks if not t.startswith("¬")} | {
        t[1:] for t in answer.toks if t.startswith("¬")
    }
    conflict = len(flipped & ref.doc.toks) / max(1, len(r_toks))
    return [
        sum(covs) / len(covs),
        sum(c >= 0.5 for c in covs) / len(covs),
        _share(answer.toks, r_toks),
        rec_g,
        _share(ref.doc.toks, a_toks),
        prec_g,
        f1,
        min(1.0, conflict * 3),
        _weighted_share(answer.toks, r_toks),
        _weighted_share(ref.doc.toks, a_toks),
        sum(covs[:3]) / min(3, len(covs)),
        covs[0],
    ]


def reference_estimate(features: list[float]) -> float:
    """The 0..1 estimate from a feature vector with the fitted weights, clamped."""
    value = WEIGHTS[0] + sum(w * f for w, f in zip(WEIGHTS[1:], features, strict=True))
    return max(0.0, min(1.0, value))
