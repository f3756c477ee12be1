"""Messier papers: full-width punctuation, options on one line, keys at the end, Markdown, encodings."""

from __future__ import annotations

from pathlib import Path

from trainer.bank.importer import parse_paper

DATA = Path(__file__).resolve().parent / "data"


def _parse(name: str):
    return parse_paper((DATA / name).read_bytes(), name)


def _text(body: str, name: str = "paper.txt"):
    return parse_paper(body.encode("utf-8"), name)


def test_full_width_one_line_options_bracket_keys_and_trailing_key():
    report = _parse("messy_fullwidth.txt")
    qs = report.questions
    assert [q.type for q in qs] == [
        "single",
        "single",
        "single",
        "multiple",
        "multiple",
        "truefalse",
        "truefalse",
    ]
    assert [q.answer for q in qs] == ["B", "C", "B", ["A", "B", "D"], ["A", "B", "C"], False, True]
    assert qs[0].options == {
        "A": "客户的会员等级",
        "B": "订单是否已开票",
        "C": "客户的所在城市",
        "D": "客服自己的排班",
    }
    assert qs[1].stem == "以下哪种说法最能体现同理心？"  # the key in the bracket is taken out of the stem
    assert qs[2].label == "第3题" and qs[2].answer == "B"  # 【答案】 with the key on the next line
    assert [q.points for q in qs[:5]] == [2, 2, 2, 4, 4]
    assert (qs[3].scoring, qs[3].partial_points) == ("partial", 2)  # 漏选得2分
    skipped = {s.text: s.reason for s in report.skipped}
    assert skipped["https://www.example.com/paper/123"] == "url"
    assert skipped["- 2 -"] == "page number"
    assert skipped["1.本试卷共2页，满分20分。"] == "exam instructions"  # notes are not questions
    assert all(q.status == "published" for q in qs)


def test_markdown_paper_with_restarted_numbering_and_key_section_by_headings():
    report = _parse("messy_key_sections.md")
    qs = report.questions
    assert [(q.type, q.answer) for q in qs[:4]] == [
        ("single", "B"),
        ("single", "C"),
        ("truefalse", False),
        ("truefalse", True),
    ]
    case = qs[4]
    assert case.type == "case" and case.points == 20  # 8 + 12 from the sub-questions
    assert "（1）分析客户的真实诉求" in case.stem  # sub-questions stay inside the case
    assert case.reference_answer.startswith("客户的真实诉求是") and "上门检测" in case.reference_answer
    assert [s.reason for s in report.skipped] == ["title or preamble", "copyright"]


def test_gb18030_and_utf8_bom_decode():
    assert _parse("gb18030.txt").questions[0].stem == "客户要求加急处理，客服应"
    bom = "\ufeff1.客服应当如何称呼客户？（）\nA.亲\nB.您\n答案：B\n".encode()
    assert _text(bom.decode("utf-8")).questions[0].answer == "B"
    utf16 = "1.客服应当如何称呼客户？\nA.亲\nB.您\n答案：B\n".encode("utf-16")
    assert parse_paper(utf16, "u16.txt").questions[0].answer == "B"


def test_answer_formats():
    body = """一、多选题（每题2分）
1.哪些属于服务礼仪？
A.微笑 B.倾听 C.打断 D.致谢
答案：A、B、D
2.哪些属于有效提问？
A.开放式问题 B.确认式问题 C.诱导式问题
正确答案：AB
3、单选还是多选没写清楚的题
A.甲
B.乙
【答案】B
"""
    qs = _text(body).questions
    assert [q.answer for q in qs] == [["A", "B", "D"], ["A", "B"], ["B"]]  # section says 多选


def test_question_without_key_is_a_draft_with_a_warning():
    report = _text("一、单选题\n1.客户要求退款时应先做什么？\nA.核实订单\nB.直接退款\n")
    q = report.questions[0]
    assert q.status == "draft" and q.answer is None
    assert any(w.position == 1 and w.code == "no_key" for w in report.warnings)


def test_single_section_with_several_keys_becomes_multiple_with_warning():
    report = _text("一、单选题\n1.下列哪些正确？\nA.甲\nB.乙\nC.丙\n答案：AC\n")
    assert report.questions[0].type == "multiple"
    assert any(w.code == "single_many_keys" for w in report.warnings)


def test_answer_explanation_combined_and_numbered_reference_list():
    body = """一、单选题（每题2分）
1.客户来电投诉噪音扰民，客服首先应（）
A.记录并安抚 B.挂断
答案及解析：A。先记录诉求，安抚情绪。
二、面试问答题（每题10分）
1.客户要求马上退款但流程需要三天，你怎么说？
参考答案：
1.表达理解；
2.说明流程和时限；
3.给出跟进承诺。
2.你如何面对连续的投诉电话？
参考答案：调整心态，及时复盘。
"""
    qs = _text(body).questions
    assert len(qs) == 3
    assert (qs[0].answer, qs[0].explanation) == ("A", "先记录诉求，安抚情绪。")
    assert qs[1].reference_answer == "1.表达理解；\n2.说明流程和时限；\n3.给出跟进承诺。"
    assert qs[2].stem == "你如何面对连续的投诉电话？"


def test_inline_points_win_over_section_points_and_default_is_flagged():
    report = _text(
        "一、判断题（每题1分）\n1.客服可以透露客户隐私。（3分）\n答案：错\n2.应当核实身份。\n答案：对\n"
    )
    assert [q.points for q in report.questions] == [3, 1]
    report = _text("1.客服可以透露客户隐私吗？\n答案：×\n")
    assert report.questions[0].type == "truefalse" and report.questions[0].answer is False
    assert any(w.code == "default_points" and w.params == {"points": 1} for w in report.warnings)


def test_prose_and_boilerplate_alone_give_no_questions():
    body = "客服工作心得\n\n做好服务要有耐心，也要有方法。\n第 2 页 共 5 页\n点击下载完整文档\n© 某某培训中心 版权所有\n"
    report = _text(body)
    assert report.questions == []
    assert [s.reason for s in report.skipped] == [
        "title or preamble",
        "title or preamble",
        "page number",
        "download notice",
        "copyright",
    ]
