"""A Word paper built with python-docx parses like its plain-text twin, including Word list numbering."""

from __future__ import annotations

import io

import docx

from trainer.bank.importer import parse_paper

PAPER = [
    "客服能力测评（练习卷）",
    "一、单选题（共2题，每题2分）",
    "1.客户来电时首先应该（）",
    "A.报工号并问候",
    "B.直接问订单号",
    "答案：A",
    "解析：规范开场有助于建立信任。",
    "2.客户对处理结果不满意，最恰当的是（）",
    "A.坚持原方案 B.了解不满原因并说明可选方案 C.让客户投诉 D.转接",
    "【答案】B",
    "二、判断题（每题1分）",
    "3.通话结束前应确认客户是否还有其他问题。（）",
    "答案：正确",
    "第2页 共2页",
]


def _save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_parse_like_the_text_twin():
    document = docx.Document()
    for line in PAPER:
        document.add_paragraph(line)
    from_docx = parse_paper(_save(document), "paper.docx").to_json()
    from_text = parse_paper("\n".join(PAPER).encode(), "paper.txt").to_json()
    assert from_docx["questions"] == from_text["questions"]
    assert len(from_docx["questions"]) == 3
    assert [s["text"] for s in from_docx["skipped"]] == ["客服能力测评（练习卷）", "第2页 共2页"]


def test_word_list_numbering_outside_the_text_still_gives_numbered_questions():
    document = docx.Document()
    document.add_paragraph("一、单选题（每题2分）")
    for stem, options, key in (
        ("客户来电时首先应该（）", ["报工号并问候", "直接问订单号"], "A"),
        ("客户情绪激动时应先（）", ["争辩", "安抚情绪"], "B"),
    ):
        document.add_paragraph(stem, style="List Number")  # "1." lives in numbering.xml, not in the text
        for option in options:
            document.add_paragraph(f"{'AB'[options.index(option)]}.{option}")
        document.add_paragraph(f"答案：{key}")
    questions = parse_paper(_save(document), "numbered.docx").questions
    assert [(q.label, q.stem, q.answer) for q in questions] == [
        ("1.", "客户来电时首先应该", "A"),
        ("2.", "客户情绪激动时应先", "B"),
    ]


def test_tables_are_read_in_order_and_an_answer_table_is_a_key():
    document = docx.Document()
    document.add_paragraph("一、单选题（每题1分）")
    document.add_paragraph("1.投诉工单应在多久内首次响应？")
    options = document.add_table(rows=1, cols=2)
    options.rows[0].cells[0].text = "A.24小时内"
    options.rows[0].cells[1].text = "B.一周内"
    document.add_paragraph("2.记录客户信息时应遵循？")
    document.add_paragraph("A.最小必要原则")
    document.add_paragraph("B.越多越好")
    document.add_paragraph("参考答案")
    key = document.add_table(rows=2, cols=3)
    for i, text in enumerate(["题号", "1", "2"]):
        key.rows[0].cells[i].text = text
    for i, text in enumerate(["答案", "A", "A"]):
        key.rows[1].cells[i].text = text
    questions = parse_paper(_save(document), "tables.docx").questions
    assert [q.options for q in questions] == [
        {"A": "24小时内", "B": "一周内"},
        {"A": "最小必要原则", "B": "越多越好"},
    ]
    assert [q.answer for q in questions] == ["A", "A"]
