"""Moodle XML, GIFT and Aiken: export → import gives the same questions for the fields each carries."""

from __future__ import annotations

import pytest

from trainer.bank.exchange import (
    aiken,
    export_aiken,
    export_gift,
    export_moodle_xml,
    gift,
    import_aiken,
    import_gift,
    import_moodle_xml,
    moodle_xml,
)
from trainer.bank.importer import ImportRefused

QUESTIONS = [
    {
        "id": "refund-first-step",
        "type": "single",
        "lang": "zh",
        "points": 2,
        "tags": ["售后", "退款"],
        "status": "published",
        "stem": "客户申请退款后三天未到账，来电询问。客服首先应该：",
        "options": {
            "A": "让客户再等等",
            "B": "查询退款进度并告知预计到账时间",
            "C": "建议客户找银行",
            "D": "转人工",
        },
        "answer": "B",
        "explanation": "先查清进度再答复，避免空泛安抚。",
    },
    {
        "id": "closing-steps",
        "type": "multiple",
        "lang": "zh",
        "points": 3,
        "tags": ["通话规范"],
        "status": "published",
        "stem": "结束通话前，以下哪些做法是恰当的？\n（可多选）",
        "options": {
            "A": "确认问题已解决",
            "B": "告知后续跟进方式",
            "C": "抢先挂断",
            "D": "感谢来电 {礼貌用语}",
        },
        "answer": ["A", "B", "D"],
        "scoring": "partial",
        "partial_points": 1,
        "explanation": "闭环 = 确认 + 跟进 + 致谢。",
    },
    {
        "id": "privacy-tf",
        "type": "truefalse",
        "lang": "zh",
        "points": 1,
        "tags": [],
        "status": "published",
        "stem": "客服可以把其他用户的手机号告诉来电客户：只要对方态度诚恳。",
        "answer": False,
        "explanation": "任何情况下都不能泄露他人信息 #隐私",
    },
    {
        "id": "angry-parcel-case",
        "type": "case",
        "lang": "zh",
        "points": 10,
        "tags": ["物流"],
        "status": "draft",
        "background": "客户的生日礼物在快递途中丢失，客户非常生气。",
        "stem": "请写出你的处理思路。",
        "explanation": "考察共情与方案。",
        "reference_answer": "先致歉共情，核实物流信息，\n给出补发或退款方案。",
        "rubric": "parcel-delay",
        "difficulty": 3,
    },
    {
        "id": "why-service",
        "type": "interview",
        "lang": "en",
        "points": 5,
        "tags": ["motivation"],
        "status": "draft",
        "stem": "Why do you want to work in customer service?",
        "reference_answer": "I like solving problems for people.",
    },
    {
        "id": "chat-sim",
        "type": "roleplay",
        "lang": "zh",
        "points": 10,
        "tags": [],
        "status": "draft",
        "stem": "模拟接待",
        "scenario": "x",
    },
]


def _project(question: dict, fields: tuple[str, ...]) -> dict:
    out = {k: question.get(k) for k in fields}
    if "stem" in fields and question.get("background"):
        out["stem"] = f"{question['background']}\n\n{question['stem']}"
    return out


def _by_id(questions: list[dict]) -> dict[str, dict]:
    return {q["id"]: q for q in questions}


def test_moodle_xml_round_trip():
    exported = export_moodle_xml(QUESTIONS)
    assert exported.skipped == ["chat-sim"]
    assert '<question type="multichoice">' in exported.text and '<question type="essay">' in exported.text
    back = _by_id(import_moodle_xml(exported.text.encode()).questions)
    for q in QUESTIONS[:5]:
        assert _project(back[q["id"]], moodle_xml.CARRIES[q["type"]]) == _project(
            q, moodle_xml.CARRIES[q["type"]]
        )
    assert back["angry-parcel-case"]["type"] == "interview"  # Moodle has one essay type
    as_cases = _by_id(import_moodle_xml(exported.text, essay_type="case").questions)
    assert as_cases["angry-parcel-case"]["type"] == "case"


def test_gift_round_trip_with_special_characters():
    exported = export_gift(QUESTIONS)
    assert exported.skipped == ["chat-sim"]
    assert "\\{礼貌用语\\}" in exported.text and "\\#隐私" in exported.text
    back = _by_id(import_gift(exported.text).questions)
    assert set(back) == {q["id"] for q in QUESTIONS[:5]}
    for q in QUESTIONS[:5]:
        assert _project(back[q["id"]], gift.CARRIES[q["type"]]) == _project(q, gift.CARRIES[q["type"]])
    assert back["refund-first-step"]["points"] == 1  # GIFT has no points


def test_aiken_round_trip_single_choice_only():
    exported = export_aiken(QUESTIONS)
    assert exported.skipped == [q["id"] for q in QUESTIONS[1:]]
    back = import_aiken(exported.text).questions
    assert len(back) == 1
    assert _project(back[0], aiken.CARRIES["single"]) == _project(QUESTIONS[0], aiken.CARRIES["single"])
    assert back[0]["id"].startswith("import-")
    again = import_aiken(export_aiken(back).text).questions
    assert again == back  # a second trip changes nothing, ids included


def test_import_of_hand_written_gift_and_unsupported_kinds():
    text = """// a comment line
::Q1:: 客户说“太慢了”，你应当 {
  ~争辩
  =先致歉再解释 # 正确
  ~沉默
}

::Q2:: 首问负责制要求跟进到底。{T}

::Q3:: 2 + 2 = {#4}

::Q4:: 把词语配对 {=甲 -> 乙 =丙 -> 丁}

::Q5:: 写一段安抚话术。{}
"""
    result = import_gift(text)
    got = _by_id(result.questions)
    assert (
        got["Q1"]["options"] == {"A": "争辩", "B": "先致歉再解释", "C": "沉默"} and got["Q1"]["answer"] == "B"
    )
    assert got["Q2"]["answer"] is True and got["Q5"]["type"] == "interview"
    assert len(result.skipped) == 2 and "Q3" in result.skipped[0] and "Q4" in result.skipped[1]


def test_import_of_moodle_html_text_and_unsupported_types():
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/客服</text></category></question>
  <question type="multichoice">
    <name><text>Greeting</text></name>
    <questiontext format="html"><text><![CDATA[<p>接听电话时<b>首先</b>应该？</p>]]></text></questiontext>
    <defaultgrade>2.0000000</defaultgrade>
    <single>true</single>
    <answer fraction="0"><text>直接问问题</text></answer>
    <answer fraction="100"><text>报工号并问候</text></answer>
  </question>
  <question type="shortanswer"><name><text>SA</text></name>
    <questiontext format="html"><text>简答</text></questiontext></question>
</quiz>"""
    result = import_moodle_xml(xml)
    assert len(result.questions) == 1
    q = result.questions[0]
    assert (q["id"], q["stem"], q["answer"], q["points"]) == ("Greeting", "接听电话时首先应该？", "B", 2)
    assert q["status"] == "published" and q["lang"] == "zh"
    assert len(result.skipped) == 1 and "shortanswer" in result.skipped[0]


@pytest.mark.parametrize(
    "xml",
    [
        '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><quiz><question type="essay">'
        "<questiontext><text>&xxe;</text></questiontext></question></quiz>",
        '<!DOCTYPE q [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><quiz>&b;</quiz>',
    ],
)
def test_moodle_xml_refuses_entities(xml):
    with pytest.raises(ImportRefused, match="DTD"):
        import_moodle_xml(xml)


def test_exchange_imports_refuse_binary_oversize_and_malformed():
    with pytest.raises(ImportRefused, match="PDF"):
        import_gift(b"%PDF-1.4 binary")
    with pytest.raises(ImportRefused, match="File too large"):
        import_aiken(b"Q\nA. a\nB. b\nANSWER: A\n" * 10, max_bytes=50)
    with pytest.raises(ImportRefused, match="Malformed XML"):
        import_moodle_xml("<quiz><question>")
    with pytest.raises(ImportRefused, match="Not Moodle XML"):
        import_moodle_xml("<html/>")
