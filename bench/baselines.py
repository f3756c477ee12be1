"""The naive baseline the scoring benchmarks print next to the offline engine."""

from __future__ import annotations

from collections import Counter


def char_f1(answer: str, reference: str) -> float:
    """F1 of the character multisets of the two texts (white space ignored)."""
    a = Counter(ch for ch in answer if not ch.isspace())
    r = Counter(ch for ch in reference if not ch.isspace())
    common = sum((a & r).values())
    if not common:
        return 0.0
    p, rec = common / sum(a.values()), common / sum(r.values())
    return 2 * p * rec / (p + rec)
