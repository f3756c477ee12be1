"""Agreement benchmark: the offline engine and a naive baseline against human scores.

First the hand-scored evaluation set of shipped questions (``bench/data/scoring_set.jsonl``, see
``bench/dev_set.py``): for the TEST half, QWK on totals and exact/adjacent agreement per criterion next to
the char-F1 baseline, and the share of max by kind of answer (excellent in other words per question,
wrong and must_not, gaming and whether it was flagged). Tune on ``--split dev`` only.

Then the SAS data sets. Reads the human-scored Chinese short-answer data in ``../shared/datasets/sas`` (LE and ADS), scores every
answer of a split with a one-criterion rubric (the line's reference answers as references — ADS lines have
up to three, compared best-of — its question as question) and prints Pearson, Spearman and quadratic weighted kappa on 6 levels (round(score * 5)) for the
offline engine and for character F1 against the reference, plus answers per second.

    python bench/scoring.py                 # test splits (the reported figures)
    python bench/scoring.py --split train   # SAS train splits and the evaluation set's dev half
    python bench/scoring.py --split dev -v  # the evaluation set's dev half, line by line (for tuning)
    python bench/scoring.py --set bench/data/scoring_blind.jsonl  # another hand-scored set, same figures
    python bench/scoring.py --fit           # weights and calibration for offline/features.py, from train
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from baselines import char_f1  # noqa: E402

from trainer.grading.offline import OfflineEngine  # noqa: E402
from trainer.grading.offline.features import (  # noqa: E402
    CALIBRATION_KNOTS,  # noqa: E402
    FEATURE_NAMES,
    reference_features,
)
from trainer.grading.offline.features import WEIGHTS as _CURRENT_WEIGHTS  # noqa: E402
from trainer.grading.offline.prepare import make_doc, prepare_reference  # noqa: E402
from trainer.grading.types import Rubric  # noqa: E402

# The SAS data sit in ../shared next to the checkout (a worktree under wt/ finds them one level up).
DATA = next(
    (d for d in (p / "shared" / "datasets" / "sas" for p in ROOT.parents) if d.is_dir()),
    ROOT.parent / "shared" / "datasets" / "sas",
)
RUBRIC = Rubric.from_dict(
    {
        "id": "bench-reference",
        "title": "参考答案一致性",
        "lang": "zh",
        "criteria": [{"id": "content", "max": 1}],
    }
)


@dataclass(frozen=True)
class Item:
    """One human-scored answer; ``score`` is scaled to 0..1; ``reference`` is the first reference answer,
    ``alternatives`` any further ones."""

    question: str
    reference: str
    answer: str
    score: float
    alternatives: tuple[str, ...] = ()

    @property
    def references(self) -> tuple[str, ...]:
        """All reference answers of the line, the first one first."""
        return (self.reference, *self.alternatives)


def load_le(split: str) -> list[Item]:
    """LE: tab-separated question id, reference, answer, score (0..1); questions from qa.csv."""
    folder = DATA / "LE"
    with open(folder / "qa.csv", encoding="utf-8") as f:
        questions = {row[0]: row[1] for row in csv.reader(f, delimiter="\t") if len(row) >= 2}
    name = "s_eval_zh.csv" if split == "test" else "s_train_zh.csv"
    items = []
    with open(folder / name, encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 4:
                items.append(Item(questions.get(row[0], ""), row[1], row[2], float(row[3])))
    return items


def load_ads(split: str) -> list[Item]:
    """ADS: JSON lines with question, reference1..3, answer and score (0..10); the non-empty references in
    order (reference1 is the one the baseline uses)."""
    items = []
    with open(DATA / "ADS" / f"{split}.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                refs = [row.get(k) or "" for k in ("reference1", "reference2", "reference3")]
                refs = [r for r in refs if r.strip()]
                items.append(
                    Item(
                        row["question"],
                        refs[0] if refs else "",
                        row["answer"].strip(),
                        float(row["score"]) / 10,
                        tuple(refs[1:]),
                    )
                )
    return items


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson correlation coefficient."""
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


def ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, ties given their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman rank correlation (Pearson on tie-averaged ranks)."""
    return pearson(ranks(x), ranks(y))


def qwk(x: Sequence[float], y: Sequence[float], levels: int = 6) -> float:
    """Quadratic weighted kappa after mapping 0..1 scores to ``levels`` levels with round(score * 5)."""
    top = levels - 1
    a = [min(top, max(0, int(math.floor(v * top + 0.5)))) for v in x]
    b = [min(top, max(0, int(math.floor(v * top + 0.5)))) for v in y]
    n = len(a)
    observed = Counter(zip(a, b, strict=True))
    ha, hb = Counter(a), Counter(b)
    num = den = 0.0
    for i in range(levels):
        for j in range(levels):
            w = (i - j) ** 2 / top**2
            num += w * observed[(i, j)]
            den += w * ha[i] * hb[j] / n
    return 1 - num / den if den else 0.0


def evaluate(items: list[Item], scorer: Callable[[Item], float]) -> tuple[dict[str, float], float]:
    """Metrics of ``scorer`` on ``items`` and its answers per second."""
    start = time.perf_counter()
    predicted = [scorer(it) for it in items]
    rate = len(items) / max(1e-9, time.perf_counter() - start)
    gold = [it.score for it in items]
    return {
        "pearson": pearson(predicted, gold),
        "spearman": spearman(predicted, gold),
        "qwk": qwk(predicted, gold),
    }, rate


def offline_scorer() -> Callable[[Item], float]:
    """The offline engine as a 0..1 scorer."""
    engine = OfflineEngine()

    def score(it: Item) -> float:
        result = engine.score(RUBRIC, it.answer, question=it.question, reference=it.references)
        return result.total / result.max

    return score


def solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve a small dense linear system by Gauss-Jordan elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(n):
            if r != col and m[col][col]:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] if m[i][i] else 0.0 for i in range(n)]


def nnls_ridge(
    rows: list[list[float]], target: list[float], signs: Sequence[int], ridge: float
) -> list[float]:
    """Ridge least squares with each weight's sign fixed (``signs``: +1 non-negative, -1 non-positive),
    by cyclic coordinate descent."""
    k = len(signs)
    xtx = [[sum(r[i] * r[j] for r in rows) + (ridge if i == j else 0.0) for j in range(k)] for i in range(k)]
    xty = [sum(r[i] * y for r, y in zip(rows, target, strict=True)) for i in range(k)]
    w = [0.0] * k
    for _ in range(2000):
        change = 0.0
        for i in range(k):
            rest = xty[i] - sum(xtx[i][j] * w[j] for j in range(k) if j != i)
            new = rest / xtx[i][i] if xtx[i][i] else 0.0
            new = max(0.0, new) if signs[i] > 0 else min(0.0, new)
            change = max(change, abs(new - w[i]))
            w[i] = new
        if change < 1e-10:
            break
    return w


def fit_calibration(values: list[float], target: list[float], knots: Sequence[float]) -> list[float]:
    """Values at ``knots`` of the monotone piecewise-linear map from ``values`` to ``target``: ridge least
    squares on the interpolation weights, then made non-decreasing, 0 at the first knot, within 0..1."""
    n = len(knots)
    rows = []
    for v in values:
        row = [0.0] * n
        j = max(0, min(n - 2, max(i for i in range(n) if knots[i] <= v)))
        t = (v - knots[j]) / (knots[j + 1] - knots[j])
        row[j], row[j + 1] = 1 - t, t
        rows.append(row)
    a = [[sum(r[i] * r[j] for r in rows) + (1.0 if i == j else 0.0) for j in range(n)] for i in range(n)]
    b = [sum(r[i] * y for r, y in zip(rows, target, strict=True)) for i in range(n)]
    out = solve(a, b)
    out[0] = 0.0
    for i in range(1, n):
        out[i] = max(out[i - 1], out[i])
    return [min(1.0, max(0.0, v)) for v in out]


def fit(items: list[Item], ridge: float = 3.0) -> tuple[list[float], list[float]]:
    """Weights of the reference features against human scores, and the calibration values.

    No intercept, so that an answer sharing nothing with the references scores 0; every weight is held
    non-negative except the one for contradicting the reference's verdict (held non-positive), so padding
    never raises a score.
    """
    rows = []
    for it in items:
        refs = [prepare_reference(r, it.question, "zh") for r in it.references]
        rows.append(reference_features(make_doc(it.answer, "zh"), refs))
    target = [it.score for it in items]
    signs = [-1 if w < 0 else 1 for w in _CURRENT_WEIGHTS]
    weights = nnls_ridge(rows, target, signs, ridge)
    linear = [max(0.0, min(1.0, sum(w * f for w, f in zip(weights, r, strict=True)))) for r in rows]
    return weights, fit_calibration(linear, target, CALIBRATION_KNOTS)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one block per data set and a summary line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=["test", "train", "dev"], default="test")
    parser.add_argument("-v", "--verbose", action="store_true", help="evaluation set line by line")
    parser.add_argument(
        "--set",
        type=Path,
        action="append",
        default=None,
        help="another hand-scored set in the evaluation set's format (e.g. bench/data/scoring_blind.jsonl); "
        "give it more than once to pool several files",
    )
    parser.add_argument("--fit", action="store_true", help="print feature weights fitted on the train splits")
    args = parser.parse_args(argv)
    needs_sas = args.fit or (args.split != "dev" and not args.set)
    if needs_sas and not DATA.is_dir():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 2
    if args.fit:
        # LE has about a third as many answers as ADS; repeat it so both data sets count about the same.
        weights, calibration = fit(load_le("train") * 3 + load_ads("train"))
        print("WEIGHTS = (" + ", ".join(f"{w:.4f}" for w in weights) + ")")
        print("# " + ", ".join(FEATURE_NAMES))
        print("CALIBRATION_VALUES = (" + ", ".join(f"{v:.3f}" for v in calibration) + ")")
        return 0
    import dev_set

    own_split = "test" if args.split == "test" else "dev"
    for line in dev_set.report(own_split, verbose=args.verbose, paths=args.set or [dev_set.SET]):
        print(line)
    if args.split == "dev" or args.set:
        return 0
    summary = []
    for name, loader in (("LE", load_le), ("ADS", load_ads)):
        items = loader(args.split)
        offline, rate = evaluate(items, offline_scorer())
        baseline, _ = evaluate(items, lambda it: char_f1(it.answer, it.reference))
        print(f"{name} {args.split} ({len(items)} answers)")
        for label, m in (("offline", offline), ("char-F1 baseline", baseline)):
            print(
                f"  {label:<17} Pearson {m['pearson']:.3f}  Spearman {m['spearman']:.3f}  QWK {m['qwk']:.3f}"
            )
        summary.append(f"{name} Pearson {offline['pearson']:.2f} QWK {offline['qwk']:.2f}")
    rate, question_id = dev_set.speed()
    print(
        f"offline speed: distinct 300-character answers to {question_id} with its reference, caches cold, "
        f"CPU time of one core: {rate:.0f} answers/s"
    )
    print(f"summary ({args.split}): " + "; ".join(summary) + f"; speed {rate:.0f} answers/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
