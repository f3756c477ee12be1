"""The bank list pages and searches on the server; Markdown lists render without a blank line before them."""

from __future__ import annotations

import re

from trainer.bank.markdown import render_markdown
from trainer.bank.services import save_question
from trainer.extensions import db


def _bank(n: int) -> None:
    for i in range(n):
        save_question(
            {
                "id": f"bulk-{i:03d}",
                "type": "single",
                "lang": "zh",
                "points": 1,
                "tags": ["退款" if i % 2 else "物流"],
                "stem": f"第{i}题：客户催{'退款' if i % 2 else '快递'}时先做什么？",
                "options": {"A": "核实订单", "B": "让客户等"},
                "answer": "A",
            }
        )
    db.session.commit()


def _uids(html: str) -> list[str]:
    return re.findall(r'href="/bank/questions/(bulk-\d+)"', html)


def test_bank_list_is_paged_on_the_server(client, auth, make_user):
    _bank(120)
    auth.login(make_user("trainer"))
    first = client.get("/bank/").get_data(as_text=True)
    assert len(_uids(first)) == 50 and "120" in first
    assert "第 1 / 3 页" in first
    third = client.get("/bank/?page=3").get_data(as_text=True)
    assert _uids(third) == [f"bulk-{i:03d}" for i in range(100, 120)]
    past_end = client.get("/bank/?page=99").get_data(as_text=True)
    assert _uids(past_end) == _uids(third)


def test_bank_search_and_paging_keep_the_filters(client, auth, make_user):
    _bank(120)
    auth.login(make_user("hr"))
    page = client.get("/bank/?q=退款").get_data(as_text=True)
    assert "60" in page and len(_uids(page)) == 50
    assert all(int(uid[-3:]) % 2 for uid in _uids(page))
    assert 'href="/bank/?q=%E9%80%80%E6%AC%BE&amp;page=2"' in page
    second = client.get("/bank/?q=退款&page=2").get_data(as_text=True)
    assert len(_uids(second)) == 10
    tagged = client.get("/bank/?tag=物流&page=2").get_data(as_text=True)
    assert all(int(uid[-3:]) % 2 == 0 for uid in _uids(tagged)) and len(_uids(tagged)) == 10


def test_a_list_straight_after_a_paragraph_renders_as_a_list():
    html = str(render_markdown("处理步骤：\n- 先道歉\n- 再核实订单\n\n结论：\n1. 退款\n2. 回访"))
    assert "<ul>\n<li>先道歉</li>\n<li>再核实订单</li>\n</ul>" in html
    assert "<ol>\n<li>退款</li>\n<li>回访</li>\n</ol>" in html
    assert "- 先道歉" not in html


def test_list_lookalikes_and_code_stay_as_they_are():
    assert "<li>" not in str(render_markdown("温度 -5 度\n-5 度以下停运"))
    code = str(render_markdown("```\n说明\n- 不是列表\n```"))
    assert "<li>" not in code and "- 不是列表" in code
