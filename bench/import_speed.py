"""Import speed: a 200-question site-copied paper parsed by the importer, next to plain text splitting.

Builds one messy paper (site notice list on every page, page markers, 160 objective questions, 30 interview
questions with 评分要点 that draft rubrics, 10 情景模拟 questions with a quoted customer that draft scenarios,
the uploader block at the end) and times, best of ``--repeat`` runs:

- the importer: ``parse_paper`` (structure, answers, points, warnings, rubric and scenario drafts);
- the baseline: decoding the bytes and splitting them on question numbers with one regular expression,
  which is the least any importer does and finds no answers, points or drafts.

    .venv/bin/python bench/import_speed.py             # 200 questions, best of 5
    .venv/bin/python bench/import_speed.py --questions 1000

Target: the 200-question paper imports in under 2 s.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.bank.importer import parse_paper  # noqa: E402

NOTICE = [
    "1、本文档共{pages}页，可阅读全部内容。",
    "2、本站所有内容均由合作方或网友上传，本站不对文档的完整性、权威性及其观点立场正确性做任何保证或承诺！",
    "3、如文档侵犯商业秘密、侵犯著作权、侵犯人身权等，请点击“版权申诉”。",
    "5、成为VIP后，下载本文档将扣除1次下载权益。下载后，不支持退款、换文档。",
]
SINGLE = """{n}.客户第{n}次来电投诉包裹延误，客服首先应当（ ）
A.解释天气原因
B.致歉并查询物流节点，给出预计送达时间
C.让客户自己联系快递
D.请客户耐心等待
答案：B
解析：先致歉再核实，给出明确时间。"""
INTERVIEW = """{n}.如果第{n}位客户坚持要求超出规定的赔偿，你会怎么沟通？
参考答案：先肯定客户的感受并致歉；说明赔偿规定及依据；在规定内给出可选的补偿方案；客户仍不接受时上报主管评估并约定答复时间，不擅自承诺。
评分要点：共情致歉（3分）、说明规定（2分）、替代方案（3分）、升级与跟进（2分）。"""
ROLEPLAY = """{n}.暴雨导致配送延误。客户来电：“我订的蛋糕说好三点送到，现在都五点了！你们到底还送不送？”请模拟你的回应。
参考回答：
1.先真诚致歉，理解客户着急的心情；
2.核实订单号和配送进度；
3.给出明确的送达时间，超时按规定补偿；
4.约定送达后回电确认。
避免说“暴雨是不可抗力”，不要承诺做不到的送达时间。"""
TRAILER = [
    "资料分享站",
    "+ 关注",
    "实名认证",
    "文档贡献者",
    "该用户很懒，什么也没介绍",
    "1亿VIP精品文档",
    "相关文档",
    "客服面试题大全",
]


def build_paper(questions: int) -> bytes:
    """A site-copied paper with ``questions`` questions: 80 % single choice, 15 % interview, 5 % 情景模拟."""
    singles = questions * 80 // 100
    interviews = questions * 15 // 100
    roleplays = questions - singles - interviews
    pages = max(1, questions // 20)
    lines: list[str] = ["客服岗位招聘考试题及答案 - 文库"]
    sections = (
        ("一、单选题（共{k}题，每题2分）", SINGLE, singles),
        ("二、面试问答题（共{k}题，每题10分）", INTERVIEW, interviews),
        ("三、情景模拟题（共{k}题，每题20分）", ROLEPLAY, roleplays),
    )
    n = 0
    for heading, template, count in sections:
        lines.append(heading.format(k=count))
        for number in range(1, count + 1):  # each section numbers its questions from 1
            n += 1
            if n % 20 == 1:
                lines.extend(line.format(pages=pages) for line in NOTICE)
            lines.append(template.format(n=number))
            if n % 20 == 0:
                lines.append(f"第 {n // 20} 页 共 {pages} 页")
    lines.extend(TRAILER)
    return "\n".join(lines).encode("utf-8")


_SPLIT = re.compile(r"^\s*\d{1,3}[.、]", re.M)


def baseline(data: bytes) -> int:
    """Plain text splitting: decode and cut the text at every line that starts with a number."""
    text = data.decode("utf-8")
    return len(_SPLIT.split(text)) - 1


def best_of(repeat: int, fn) -> tuple[float, object]:
    """The fastest of ``repeat`` runs of ``fn()`` in seconds, and its result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = build_paper(args.questions)
    t_import, report = best_of(args.repeat, lambda: parse_paper(data, "paper.txt"))
    t_split, pieces = best_of(args.repeat, lambda: baseline(data))
    questions = report.questions  # type: ignore[attr-defined]
    rubrics = sum(1 for q in questions if q.rubric_draft)
    scenarios = sum(1 for q in questions if q.scenario_draft)
    print(f"paper: {len(data) / 1024:.0f} KiB, {args.questions} questions, best of {args.repeat}")
    print(
        f"importer: {t_import * 1000:8.1f} ms  {len(questions)} questions, {len(report.skipped)} lines skipped, "  # type: ignore[attr-defined]
        f"{rubrics} rubric drafts, {scenarios} scenario drafts"
    )
    print(
        f"baseline: {t_split * 1000:8.1f} ms  {pieces} pieces (plain text splitting: no answers, points or drafts)"
    )
    print(f"target < 2 s: {'met' if t_import < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
