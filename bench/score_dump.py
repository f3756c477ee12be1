"""Every score the offline engine gives on the benchmark data, written to one JSON file to diff.

A check that a change meant to leave scoring alone (a faster data structure, a cache) leaves every score
exactly as it was: dump before the change, dump after, compare the two files (``cmp`` or ``diff``).

Scored, each exactly as the benchmarks score it:

- every line of ``bench/data/scoring_set.jsonl`` and ``bench/data/scoring_blind.jsonl``, all splits, with
  the question's narrowed rubric, stem and reference (``bench/dev_set.py``);
- every answer of the SAS LE and ADS test splits with the one-criterion rubric and the line's references
  (``bench/scoring.py``).

For each answer the file holds the total, each criterion's points, evidence, rationale, missing points and
violation, the flags and whether it needs review. No figure is computed: the file is for comparison only,
never for reading answers one by one.

    python bench/score_dump.py /tmp/before.json
    python bench/score_dump.py /tmp/after.json && cmp /tmp/before.json /tmp/after.json
    python bench/score_dump.py /tmp/after.json --sas-split test --sas-split train   # SAS train as well
    python bench/score_dump.py /tmp/after.json --sas /work/shared/datasets/sas   # data found elsewhere
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import dev_set  # noqa: E402
import scoring  # noqa: E402

from trainer.grading.offline import OfflineEngine  # noqa: E402
from trainer.grading.types import ScoreResult  # noqa: E402

SETS = (dev_set.SET, ROOT / "bench" / "data" / "scoring_blind.jsonl")


def entry(result: ScoreResult) -> dict[str, Any]:
    """What is compared of one result: everything the app shows or stores of a score."""
    return {
        "total": result.total,
        "criteria": [c.to_dict() for c in result.criteria],
        "flags": list(result.flags),
        "needs_review": result.needs_review,
    }


def dump(sas_splits: tuple[str, ...] = ("test",)) -> dict[str, Any]:
    """Every result, by set and line id (SAS items by data set, split and position)."""
    engine = OfflineEngine()
    questions = dev_set.load_questions()
    out: dict[str, Any] = {}
    for path in SETS:
        lines = [x for x in dev_set.load_lines(path) if x.question in questions]
        scored = dev_set.score_lines(lines, questions, engine)
        out[path.name] = {line.id: entry(r) for line, r in scored}
    for split in sas_splits:
        for name, loader in (("LE", scoring.load_le), ("ADS", scoring.load_ads)):
            results = {}
            for i, it in enumerate(loader(split)):
                r = engine.score(scoring.RUBRIC, it.answer, question=it.question, reference=it.references)
                results[str(i)] = entry(r)
            out[f"{name}/{split}"] = results
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the dump to the given file."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="the JSON file to write")
    parser.add_argument("--sas-split", action="append", choices=["test", "train"], help="default: test")
    parser.add_argument(
        "--sas", type=Path, default=scoring.DATA, help="the SAS data folder (from a worktree: ../shared/...)"
    )
    args = parser.parse_args(argv)
    scoring.DATA = args.sas
    if not scoring.DATA.is_dir():
        print(f"data not found: {scoring.DATA}", file=sys.stderr)
        return 2
    data = dump(tuple(args.sas_split or ["test"]))
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{sum(len(v) for v in data.values())} results written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
