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


def test_large_paper_parses_every_question():
    """4,000 questions (numbers wrapping at 999) all come through; speed is measured in bench/import_speed.py."""
    block = "{n}.客户来电投诉物流延误，客服应当（）\nA.解释天气原因 B.致歉并查询物流节点\nC.让客户等待 D.挂断\n答案：B\n解析：先致歉再核实。\n"
    large = "".join(block.format(n=n % 999 + 1) for n in range(1, 4001)).encode()
    report = parse_paper(large, "l.txt")
    assert len(report.questions) == 4000
    assert all(q.answer == "B" for q in report.questions)


def test_pathological_lines_do_not_backtrack():
    nasty = (
        "A" * 5000 + "\n" + "1" * 3000 + "\n" + "（" * 4000 + "\n" + "答案：" + "A、" * 3000 + "\n"
    ).encode()
    start = time.perf_counter()
    parse_paper(nasty, "n.txt")
    assert time.perf_counter() - start < 2.0


# Notice-like numbered lines: the notice list document sites print above every page. They carry a question
# number but talk about the site, downloads, membership or copyright, and hold no question sign (？, an
# answer bracket, points).
_NOTICE_PROSE = st.text(
    st.sampled_from(
        list("的客户服务我们你是在有这个了们和要会对说就内容完整性权威保证承诺，。；、") + list("abc ")
    ),
    max_size=30,
)
_NOTICE_WORD = st.sampled_from(
    [
        "本站",
        "本文档",
        "下载本文档",
        "成为VIP后",
        "版权申诉",
        "侵犯著作权",
        "网友上传",
        "下载券",
        "文库",
        "由合作方",
    ]
)
_NOTICE_LINE = st.builds(
    lambda n, sep, a, word, b: f"{n}{sep}{a}{word}{b}",
    st.integers(1, 12),
    st.sampled_from(["、", ".", "．", "）", ")"]),
    _NOTICE_PROSE,
    _NOTICE_WORD,
    _NOTICE_PROSE,
)
_QUESTIONS = [
    "1.客户来电投诉物流延误，客服应当（）\nA.解释天气原因\nB.致歉并查询物流节点\n答案：B",
    "2.以下哪种做法能安抚客户？（）\nA.打断客户\nB.复述客户的诉求\n答案：B",
    "3.客服可以向他人透露客户的手机号。（）\n答案：错误",
]


@FAST
@given(st.lists(st.one_of(_NOTICE_LINE, _PROSE_LINE), max_size=30))
def test_notice_like_numbered_lines_give_no_question(lines):
    body = "\n".join(lines)
    report = parse_paper(body.encode("utf-8"), "notices.txt") if body.strip() else None
    if report is None:
        return
    assert report.questions == []
    non_blank = {i + 1 for i, line in enumerate(lines) if line.strip()}
    assert {s.line for s in report.skipped} == non_blank


@FAST
@given(st.lists(st.lists(_NOTICE_LINE, min_size=1, max_size=5), min_size=4, max_size=4))
def test_notice_blocks_between_pages_leave_the_questions_as_they_are(blocks):
    plain = parse_paper("\n".join(_QUESTIONS).encode("utf-8"), "plain.txt").to_json()["questions"]
    parts = []
    for block, question in zip(blocks, [*_QUESTIONS, ""], strict=True):
        parts.extend(block)
        if question:
            parts.append(question)
    noisy = parse_paper("\n".join(parts).encode("utf-8"), "noisy.txt")
    assert noisy.to_json()["questions"] == plain
    assert sum(len(b) for b in blocks) == sum(s.reason == "site notice" for s in noisy.skipped)
