"""Page furniture and site boilerplate: lines a paper carries that are never part of a question.

Page numbers, file names used as titles, URLs, download notices, comment counts, site navigation and
copyright lines. Each pattern is bounded; lines longer than 120 characters are never furniture.
"""

from __future__ import annotations

import re

_FURNITURE = (
    (
        "page number",
        re.compile(
            r"^\s*(?:第\s*\d{1,4}\s*页\s*[,，/]?\s*(?:共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页"
            r"|-\s*\d{1,4}\s*-|\d{1,4}\s*/\s*\d{1,4}|Page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|\d{1,4})\s*$",
            re.I,
        ),
    ),
    ("file name", re.compile(r"^.{0,80}\.(?:docx?|pdf|wps|txt|md)\s*$", re.I)),
    (
        "url",
        re.compile(
            r"^\s*(?:(?:来源|原文|链接|网址|出处|转自)\s*:?\s*)?(?:https?://|www\.)\S{0,200}\s*$", re.I
        ),
    ),
    (
        "download notice",
        re.compile(
            r"下载券|点击下载|免费下载|立即下载|下载文档|文档下载|下载本文|下载后|下载积分|\d+\s*(?:次|人)下载"
        ),
    ),
    (
        "comments",
        re.compile(
            r"^\s*(?:文档)?评论\s*\(\s*\d+\s*\)|^\s*\d+\s*条评论|^\s*(?:阅读|浏览|下载|收藏|点赞)(?:量|数|次数)?\s*[:]?\s*\d+\s*$"
        ),
    ),
    (
        "site navigation",
        re.compile(
            r"^\s*(?:相关文档|相关推荐|相关阅读|猜你喜欢|热门文档|上一篇.{0,60}|下一篇.{0,60}|返回顶部|展开全文|阅读全文"
            r"|收藏|分享|举报|点赞|打印|纠错|加入VIP.{0,30}|开通VIP.{0,30}|VIP专享.{0,30}|扫码.{0,30}|关注公众号.{0,30})\s*$",
            re.I,
        ),
    ),
    (
        "copyright",
        re.compile(
            r"版权所有|copyright|©|不得转载|禁止转载|未经.{0,10}(?:许可|授权|同意)|侵权.{0,8}删除|仅供.{0,12}(?:参考|学习|使用|交流)|本文由.{0,30}上传|上传者",
            re.I,
        ),
    ),
)


def furniture_reason(norm: str) -> str | None:
    """Why a line is page furniture or site boilerplate (e.g. "page number"), or None."""
    if len(norm) > 120:
        return None
    for reason, pattern in _FURNITURE:
        if pattern.search(norm):
            return reason
    return None
