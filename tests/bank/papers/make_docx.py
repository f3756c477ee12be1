"""Builds the Word papers of this folder (run it again after changing one): ``python tests/bank/papers/make_docx.py``.

The papers use what Word exports carry and plain text does not: list numbering kept in numbering.xml,
tables (an answer-key grid, a scoring table, a name/score header), and text boxes (a modern box with its
VML fallback copy, as Word saves them).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

HERE = Path(__file__).resolve().parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _list_numbering(document, abstract_id: int, num_id: int, levels: list[tuple[str, str]]) -> str:
    """Add a list definition (format, level text per level) and return its numId."""
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )
    return str(num_id)


def _numbered(document, text: str, num_id: str, level: int = 0):
    paragraph = document.add_paragraph(text)
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return paragraph


def _text_box(paragraph, lines: list[str]) -> None:
    """A floating text box in ``paragraph``: the modern copy and Word's VML fallback copy."""
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    run = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>'
        f"<w:txbxContent>{body}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox>"
        f"<w:txbxContent>{body}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    paragraph._p.append(run)


def _table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text


def lists_tables_text_boxes() -> docx.Document:
    """A housekeeping-platform test: list-numbered questions and options, key and scoring tables, boxes."""
    document = docx.Document()
    title = document.add_paragraph("家政服务平台客服考核试卷")
    _text_box(title, ["密封线内不要答题"])
    _table(document, [["姓名", "", "工号", "", "得分", ""]])
    questions = _list_numbering(document, 90, 90, [("decimal", "%1."), ("upperLetter", "%2.")])
    document.add_paragraph("一、单选题（共2题，每题2分）")
    _numbered(document, "客户预约的保洁阿姨迟到一小时，客户要求取消订单，客服应当（ ）", questions)
    for option in (
        "告知客户迟到属于正常情况",
        "致歉并核实原因，按规则免费取消或改约",
        "让客户自己联系阿姨",
        "拒绝取消",
    ):
        _numbered(document, option, questions, 1)
    _numbered(document, "客户反映保洁后家中物品损坏，客服首先应（ ）", questions)
    for option in ("要求客户提供照片和物品信息并登记", "直接全额赔偿", "说明平台不负责", "让客户报警"):
        _numbered(document, option, questions, 1)
    document.add_paragraph("二、判断题（共2题，每题1分）")
    _numbered(document, "服务人员的手机号可以直接提供给客户，方便沟通。（ ）", questions)
    _numbered(document, "客户投诉服务质量时，应在承诺时间内给出处理结果。（ ）", questions)
    document.add_paragraph("三、案例分析题（共1题，10分）")
    case = document.add_paragraph("案例一")
    _text_box(
        case, ["案例材料：一位客户连续两次预约月嫂面试都被临时取消，", "客户在电话中表示要到网上曝光平台。"]
    )
    document.add_paragraph("问题：请写出你的处理思路和对客户说的话。")
    document.add_paragraph(
        "参考答案：先为两次临时取消真诚致歉；核实取消原因并说明；当天内重新安排面试并给出确定时间；"
        "给予适当补偿；承诺专人跟进直到面试完成。"
    )
    document.add_paragraph("评分要点：")
    _table(
        document,
        [
            ["评分要点", "分值"],
            ["真诚致歉并回应曝光的担心", "3"],
            ["说明原因并重新安排", "4"],
            ["补偿与专人跟进", "3"],
        ],
    )
    document.add_paragraph("参考答案")
    _table(document, [["题号", "1", "2", "3", "4"], ["答案", "B", "A", "×", "√"]])
    return document


def site_copy() -> docx.Document:
    """A paper saved from a document site as Word: notice list, pasted uploader block, a 情景模拟 question."""
    document = docx.Document()
    for line in (
        "2024年酒店前台客服情景模拟题",
        "1、本文档共3页，下载后可编辑。",
        "2、本站所有内容均由网友上传，如有侵权请联系删除。",
        "3、成为VIP会员，免费下载本站所有文档。",
    ):
        document.add_paragraph(line)
    banner = document.add_paragraph("")
    _text_box(banner, ["扫码关注公众号", "获取更多面试资料"])
    for line in (
        "情景模拟题（共1题，20分）",
        "1.晚上十一点，一位住客冲到前台说：“隔壁房间吵了两个小时，我明天一早还要开会！你们酒店到底管不管？”"
        "请模拟你作为前台接待员的处理过程。",
        "参考回答：",
        "1.先向客人致歉，理解他休息被打扰的心情；",
        "2.询问房号，并确认噪音来自哪个房间；",
        "3.立即联系值班经理上楼提醒，并在十分钟内回电告知客人处理结果；",
        "4.如客人仍无法休息，提供换房方案。",
        "不要说“我们也没办法”，不得承诺给客人免单。",
        "面试问答题（共1题，10分）",
        "2.你如何理解酒店前台“首问负责”？",
        "参考回答：第一个接待客人的员工负责到底，不推诿，需要其他部门协助时负责跟进并回复客人。",
        "评分点：负责到底、不推诿、跟进回复。",
        "前台培训资料库",
        "+ 关注",
        "该用户很懒，什么也没介绍",
        "相关文档",
        "酒店前台礼仪培训",
    ):
        document.add_paragraph(line)
    return document


if __name__ == "__main__":
    lists_tables_text_boxes().save(HERE / "docx_lists_tables_boxes.docx")
    site_copy().save(HERE / "docx_site_copy.docx")
    print("written")
