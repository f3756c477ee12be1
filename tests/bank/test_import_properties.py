"""Property tests: the importer never crashes and never makes a question out of non-question text."""

from __future__ import annotations

import io
import time

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.bank.importer import ImportRefused, parse_paper

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Prose: Chinese and Latin letters and punctuation, but no digits and none of the characters that
# number a question (第…题, 案例, Chinese numerals) — so no line can carry a question label.
_PROSE_CHARS = st.sampled_from(
    list("的客户服务我们你是在有这个了们和要会对说就处理问情绪安抚解决方案投诉退款沟通耐心倾听核实订单")
    + list("abcdefghijklmnopqrstuvwxyzABCDEFGH ，。；：！、（）()“”.:-—")
)
_PROSE_LINE = st.text(_PROSE_CHARS, min_size=0, max_size=60)
_MARKERS = st.sampled_from(
    ["答案：A", "【答案】B", "解析：略", "参考答案：先安抚", "A.选项", "B、选项", "正确", "×", ""]
)


@FAST
@given(st.binary(max_size=3000), st.sampled_from(["x.txt", "x.md", "x.docx"]))
def test_arbitrary_bytes_never_crash(data, filename):
    try:
        report = parse_paper(data, filename)
    except ImportRefused as exc:
        assert exc.message
        return
    report.to_json()


@FAST
@given(st.text(max_size=2000))
def test_arbitrary_text_never_crashes(text):
    try:
        report = parse_paper(text.encode("utf-8"), "x.txt")
    except ImportRefused:
        return
    for q in report.questions:
        q.to_question_dict()
    assert [q.position for q in report.questions] == list(range(1, len(report.questions) + 1))


@FAST
@given(st.lists(st.tuples(_PROSE_LINE, _MARKERS), max_size=40))
def test_prose_without_numbering_gives_no_question(lines):
    """Answer and option markers alone, without a numbered item, never create a question."""
    body = "\n".join(f"{prose}\n{marker}" for prose, marker in lines)
    try:
        report = parse_paper(body.encode("utf-8"), "prose.txt")
    except ImportRefused:
        return
    assert report.questions == []
    listed = {s.line for s in report.skipped}
    non_blank = {i + 1 for i, line in enumerate(body.split("\n")) if line.strip()}
    assert listed == non_blank  # every line that is not a question is listed as skipped


@settings(max_examples=25, deadline=None)
@given(st.lists(_PROSE_LINE, max_size=15))
def test_docx_prose_gives_no_question(lines):
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    assert parse_paper(buf.getvalue(), "prose.docx").questions == []


def test_large_paper_parses_in_linear_time():
    block = "{n}.客户来电投诉物流延误，客服应当（）\nA.解释天气原因 B.致歉并查询物流节点\nC.让客户等待 D.挂断\n答案：B\n解析：先致歉再核实。\n"
    small = "".join(block.format(n=n) for n in range(1, 201)).encode()
    large = "".join(block.format(n=n % 999 + 1) for n in range(1, 4001)).encode()
    start = time.perf_counter()
    parse_paper(small, "s.txt")
    t_small = time.perf_counter() - start
    start = time.perf_counter()
    report = parse_paper(large, "l.txt")
    t_large = time.perf_counter() - start
    assert len(report.questions) == 4000
    assert t_large < max(1.0, t_small * 20 * 3)  # 20x the input, well under quadratic


def test_pathological_lines_do_not_backtrack():
    nasty = (
        "A" * 5000 + "\n" + "1" * 3000 + "\n" + "（" * 4000 + "\n" + "答案：" + "A、" * 3000 + "\n"
    ).encode()
    start = time.perf_counter()
    parse_paper(nasty, "n.txt")
    assert time.perf_counter() - start < 2.0
