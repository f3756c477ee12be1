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
            r"^\s*(?:第\s*(?:\d{1,4}|PAGE)\s*页\s*[,，/]?\s*(?:共\s*(?:\d{1,4}|NUMPAGES)\s*页)?"
            r"|共\s*(?:\d{1,4}|NUMPAGES)\s*页|PAGE\s*\\\*\s*MERGEFORMAT(?:\s*\d{1,4})?"
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
            r"版权所有|copyright|©|不得转载|禁止转载|未经.{0,10}(?:许可|授权|同意)|侵权.{0,8}删除|仅供.{0,12}(?:参考|学习|使用|交流)",
            re.I,
        ),
    ),
    (
        "exam form",
        re.compile(
            r"^[\s(（]*(?:密\s*封\s*线|装\s*订\s*线).{0,20}$"
            r"|^\s*(?:考生)?(?:姓\s*名|工\s*号|考\s*号|准考证号|部\s*门)[\s:：_]*.{0,60}(?:工号|考号|得分|分数|部门|成绩|日期)"
        ),
    ),
    (
        "uploader",
        re.compile(
            r"^\s*(?:上传者|上传人|上传用户|文档贡献者|贡献者)\s*[:：]|本文由.{0,30}上传|上传于\s*\d{2,4}"
        ),
    ),
)


# A numbered line that talks about the site, downloads, membership or copyright (the notice list that
# document sites print above every page): "2、本站所有内容均由合作方或网友上传…", "5、成为VIP后，下载本文档…".
_SITE_NOTICE = re.compile(
    r"本站|本网站|本文档|该文档|此文档|文档(?:的)?(?:完整性|权威性|下载|预览|贡献者)|网友上传|合作方上传|由合作方"
    r"|版权申诉|著作权|VIP|下载(?:券|权益|次数|本文|文档)|积分下载|退款、换文档|文库|原创力|道客|豆丁",
    re.I,
)
_CUT_NOTICE = re.compile(
    r"^\s*(?:展开阅读全文|阅读全文|继续阅读|剩余\s*\d{1,4}\s*页未读.{0,20}|试读(?:已)?结束.{0,20}|预览(?:已)?结束.{0,20}"
    r"|(?:…|\.){2,}\s*(?:未完|未完待续)?|[(（]?未完(?:待续)?[)）]?|余下内容.{0,20})\s*$"
)
_QUESTION_SIGNS = re.compile(
    r"[?？]|\(\s{0,2}\d{1,3}(?:\.\d)?\s{0,2}分\s{0,2}\)|（\s{0,2}\d{1,3}\s{0,2}分|\(\s*\)|（\s*）"
)

# The uploader block and what a site prints under a document: after these, nothing is the paper's.
_UPLOADER = re.compile(
    r"^\s*(?:\+\s*关注|关注|已关注|实名认证|文档贡献者|认证作者|该用户很懒.{0,20}|\d+\s*(?:亿|万)\s*VIP精品文档"
    r"|VIP精品文档|\d+\s*(?:亿|万)?\s*(?:份|篇)?文档|粉丝\s*\d*|获赞\s*\d*|\d+\s*(?:粉丝|获赞|关注))\s*$",
    re.I,
)
_TRAILER_START = re.compile(
    r"^\s*(?:相关文档|相关推荐|相关阅读|猜你喜欢|热门文档|推荐文档|最新文档|精选文档|文档贡献者|该用户很懒.{0,20}"
    r"|\d+\s*(?:亿|万)\s*VIP精品文档|VIP精品文档|\+\s*关注)\s*$",
    re.I,
)
_UPLOADER_NEXT = re.compile(r"^\s*\+?\s*关注\s*$")


def cut_notice(norm: str) -> bool:
    """Whether a line says the page shows only part of the document (展开阅读全文, 剩余3页未读…)."""
    return len(norm) <= 40 and bool(_CUT_NOTICE.match(norm))


def site_notice(norm: str) -> bool:
    """Whether a numbered line is a site notice (downloads, membership, copyright) and not a question."""
    return len(norm) <= 160 and bool(_SITE_NOTICE.search(norm)) and not _QUESTION_SIGNS.search(norm)


def uploader_line(norm: str) -> bool:
    """Whether a line belongs to the uploader block a document site shows (``+ 关注``, 实名认证…)."""
    return len(norm) <= 40 and bool(_UPLOADER.match(norm))


def starts_trailer(norm: str) -> bool:
    """Whether a line opens what a site prints after the document (uploader, related documents)."""
    return len(norm) <= 40 and bool(_TRAILER_START.match(norm))


def names_uploader(norm: str, next_norm: str) -> bool:
    """Whether a short line is the uploader's name: the next line is the site's ``+ 关注`` button."""
    return 0 < len(norm.strip()) <= 30 and bool(_UPLOADER_NEXT.match(next_norm))


def furniture_reason(norm: str) -> str | None:
    """Why a line is page furniture or site boilerplate (e.g. "page number"), or None."""
    if len(norm) > 120:
        return None
    if cut_notice(norm):
        return "read more"
    for reason, pattern in _FURNITURE:
        if pattern.search(norm):
            return reason
    return None
