"""Draft rubrics from what a paper already says about scoring: 评分点, 评分要点, 评分标准, 核心评分点, 考察要点.

The points become criteria (name, description, points where the paper gives them), short phrases of the
reference answer become each criterion's key points, and the reference itself is the top anchor. When a
question has no scoring points but its numbered parts carry points (``1.流程设计（10分）``), the parts are
the criteria. The draft is in the rubric file's shape (criteria with id, name, description, max,
key_points; anchors) and is only a proposal: the trainer reviews it before it is saved.
"""

from __future__ import annotations

import re
from typing import Any

from trainer.bank.importer import patterns as P

SCORING_WORDS = (
    "核心评分点|评分要点|评分标准|评分细则|评分点|得分要点|得分点|考察要点|考查要点|考核要点|核心要点|采分点"
)
_SCORING = re.compile(rf"(?:^|(?<=[。；;，,\s]))[【\[]?\s*(?:{SCORING_WORDS})\s*[】\]]?\s*(?:[:：]|$)\s*")
# A list number opening a line: （1） 1. 1、 ① 一、 第一步 - • (shared with the scenario drafts)
ITEM_NUMBER = re.compile(
    r"^\s*(?:\(\s*\d{1,2}\s*\)|（\s*\d{1,2}\s*）|\d{1,2}\s*[.、．)）]|[①-⑳]|[一二三四五六七八九十]{1,2}\s*[、.]"
    r"|第[一二三四五六七八九十]步[:：，,]?|[-•·*])\s*"
)
# Words quoted inside a clause: 避免说“暴雨是不可抗力” (shared with the scenario drafts)
QUOTED = re.compile(r"[‘'“\"「]([^’'”\"」\n]{2,40})[’'”\"」]")
_ITEM_POINTS = re.compile(
    r"[(（]\s{0,2}(\d{1,3}(?:\.\d{1,2})?)\s{0,2}分\s{0,2}[)）]|(\d{1,3}(?:\.\d{1,2})?)\s{0,2}分"
)
_PART = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|\(\s*\d{1,2}\s*\)|（\s*\d{1,2}\s*）)\s*")
_CLAUSE = re.compile(r"[。；;！!？?\n]")
_PHRASE = re.compile(r"[，,、：:]|(?:然后|接着|随后|最后|同时|其次|首先)")
_LEAD = re.compile(r"^(?:先|再|并且|并|还要|要|应|需要|需|可以|及时|主动|立即|马上|最后|然后|同时|以及|和)+")
_MAX_KEY_POINTS = 8


def _clean_item(text: str) -> str:
    text = ITEM_NUMBER.sub("", text.strip())
    return text.strip().rstrip("。.；;，,").strip()


def scoring_points(texts: list[str]) -> tuple[list[str], list[str]]:
    """The scoring points found in these texts (reference, explanation), and the texts without them."""
    points: list[str] = []
    kept: list[str] = []
    for text in texts:
        lines = text.split("\n")
        out: list[str] = []
        collecting = False
        for line in lines:
            norm = P.normalise(line)
            m = _SCORING.search(norm)
            if m is not None:
                collecting = True
                before, rest = line[: m.start()].rstrip(), line[m.end() :].strip()
                if before:
                    out.append(before)
                if rest:
                    points.extend(_split_inline(rest))
                continue
            listed = ITEM_NUMBER.match(norm) or _ITEM_POINTS.search(norm) or not points
            if collecting and line.strip() and listed:
                points.append(_clean_item(line))
                continue
            collecting = False
            out.append(line)
        kept.append("\n".join(out).strip())
    return [p for p in points if p], kept


def _split_inline(rest: str) -> list[str]:
    """``共情、规则说明、替代方案`` or ``流程完整（4分），分流清晰（3分）`` as separate points."""
    rest = _clean_item(rest)
    parts = [p for p in re.split(r"[、；;]", rest) if p.strip()]
    if len(parts) == 1:
        commas = [p for p in re.split(r"[，,]", rest) if p.strip()]
        if len(commas) > 1 and all(len(c) <= 20 for c in commas):
            parts = commas
    return [_clean_item(p).removesuffix("等").strip() for p in parts]


def _criterion_from_point(text: str) -> tuple[str, str, float | None]:
    """(name, description, points or None) of one scoring point."""
    norm = P.normalise(text)
    points = None
    m = _ITEM_POINTS.search(norm)
    if m:
        points = float(m.group(1) or m.group(2))
        text = (text[: m.start()] + text[m.end() :]).strip()
    text = text.strip().strip("，,。.：:").strip()
    head, sep, tail = text.partition("：") if "：" in text else text.partition(":")
    if sep and head.strip() and len(head.strip()) <= 16:
        name, description = head.strip(), tail.strip() or head.strip()
    else:
        name = text if len(text) <= 16 else text[:16].rstrip("，,、") + "…"
        description = text
    return name, description, points


def _parts(stem: str) -> list[str]:
    """The numbered parts of a stem that carry points (``1.流程设计（10分）：…``)."""
    out = []
    for line in stem.split("\n"):
        norm = P.normalise(line)
        if _PART.match(norm) and _ITEM_POINTS.search(norm):
            out.append(_PART.sub("", line).strip())
    return out


def _share(total: float, count: int) -> list[int | float]:
    """``total`` points split over ``count`` criteria: whole numbers when possible, at least 1 each."""
    if count <= 0:
        return []
    whole = int(total)
    if whole >= count and float(total).is_integer():
        base, extra = divmod(whole, count)
        return [base + (1 if i < extra else 0) for i in range(count)]
    each = P.as_number(round(total / count, 1)) if total > 0 else 1
    return [each if each > 0 else 1] * count


# Words that name the same skill, so a reference phrase finds its criterion without sharing characters.
_SKILLS = (
    ("共情", "感受", "理解", "安抚", "致歉", "道歉", "情绪", "歉意", "倾听"),
    ("核实", "查询", "确认", "了解", "询问", "信息", "调取", "记录"),
    ("规则", "政策", "规定", "依据", "制度", "合规", "流程"),
    ("方案", "补偿", "赔偿", "替代", "解决", "退款", "补发", "处理"),
    ("升级", "上报", "主管", "评估", "权限"),
    ("跟进", "回访", "答复", "时间", "时限", "闭环", "约定", "回电"),
    ("承诺", "擅自", "保证"),
)


def _skills(text: str) -> set[int]:
    return {i for i, words in enumerate(_SKILLS) if any(w in text for w in words)}


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def key_phrases(reference: str) -> list[str]:
    """Short phrases of a reference answer, in order, without list numbers and linking words."""
    out: list[str] = []
    for clause in _CLAUSE.split(reference):
        for phrase in _PHRASE.split(ITEM_NUMBER.sub("", clause.strip())):
            phrase = _LEAD.sub("", phrase.strip().strip("“”\"'‘’")).strip()
            if 2 <= len(phrase) <= 24 and phrase not in out:
                out.append(phrase)
    return out


_AVOID = re.compile(
    r"^(?:请|要|应|应当|需|并|但|同时|注意|切记)?(?:避免|不要|不得|切忌|切勿|禁止|不能|不可|不应|不宜|别|勿|不)(?=\S)"
)
_AVOID_WORDS = re.compile(
    r"避免|不要|不得|切忌|切勿|禁止|不能|不可|不应|不宜|不擅自|不随意|不乱|不推诿|不推脱|不争辩|不打断|不敷衍"
)
_CONDUCT = re.compile(
    r"承诺|保证|推诿|推脱|争辩|打断|透露|泄露|敷衍|指责|责怪|挂断|质问|顶撞|踢皮球|乱许诺|索要"
)


def must_not_points(texts: list[str]) -> list[dict[str, str]]:
    """What the reference says to avoid (避免说“…”, 不擅自承诺…) as must_not entries: the behaviour itself
    as the concept, the paper's own words as the reason."""
    out: list[dict[str, str]] = []
    for text in texts:
        for clause in re.split(r"[。；;，,\n]", text):
            clause = ITEM_NUMBER.sub("", clause.strip()).strip()
            if not _AVOID_WORDS.search(clause) or len(clause) > 40:
                continue
            quoted = QUOTED.findall(clause)
            behaviour = _AVOID.sub("", clause).strip("说讲做")
            if not quoted and not _CONDUCT.search(behaviour):
                continue  # 避免客户再次来问 names an outcome, not something the candidate would say or do
            concepts = quoted or [behaviour]
            for concept in concepts:
                concept = concept.strip()
                if len(concept) >= 2 and all(concept != e["concept"] for e in out):
                    out.append({"concept": concept, "reason": clause})
    return out[:8]


def draft_rubric(
    question_id: str, stem: str, points: float, reference: str, explanation: str, lang: str
) -> dict[str, Any] | None:
    """A rubric draft for a free-text question, or None when the paper gives no scoring points."""
    found, (reference_kept, _explanation_kept) = scoring_points([reference, explanation])
    parts = _parts(stem)
    from_parts = not found
    if from_parts:
        found = parts
    if not found:
        return None
    specs = [_criterion_from_point(p) for p in found[:12]]
    given = sum(p for _, _, p in specs if p is not None)
    missing = [i for i, (_, _, p) in enumerate(specs) if p is None]
    shares = iter(_share(max(points - given, 0) if given else points, len(missing)))
    criteria: list[dict[str, Any]] = []
    for i, (name, description, value) in enumerate(specs):
        cmax = P.as_number(value) if value is not None else next(shares)
        criteria.append(
            {"id": f"c{i + 1}", "name": name, "description": description, "max": cmax, "key_points": [name]}
        )
    grams = [_bigrams(c["name"] + c["description"]) for c in criteria]
    skills = [_skills(c["name"] + c["description"]) for c in criteria]
    for phrase in key_phrases(reference_kept or reference):
        if _AVOID_WORDS.search(phrase):
            continue  # what to avoid becomes a must_not, not a key point
        mine = _skills(phrase)
        overlap = [len(_bigrams(phrase) & g) + 2 * len(mine & k) for g, k in zip(grams, skills, strict=True)]
        best = max(range(len(criteria)), key=lambda i: overlap[i])
        if overlap[best] == 0:
            best = min(range(len(criteria)), key=lambda i: len(criteria[i]["key_points"]))
        if len(criteria[best]["key_points"]) < _MAX_KEY_POINTS and phrase not in criteria[best]["key_points"]:
            criteria[best]["key_points"].append(phrase)
    for entry in must_not_points([reference_kept, _explanation_kept]):
        mine = _skills(entry["concept"] + entry["reason"])
        overlap = [
            len(_bigrams(entry["concept"]) & g) + 2 * len(mine & k)
            for g, k in zip(grams, skills, strict=True)
        ]
        best = max(range(len(criteria)), key=lambda i: overlap[i])
        if overlap[best] == 0:  # promises and refusals belong with the solution or escalation criterion
            best = next(
                (i for i in reversed(range(len(criteria))) if skills[i] & {2, 3, 4}), len(criteria) - 1
            )
        criteria[best].setdefault("must_not", []).append(entry)
    title = " ".join(stem.split())[:30]
    if parts and not from_parts:  # the parts' own points stay visible next to the scoring points
        shown = [_criterion_from_point(p) for p in parts]
        title += "（" + "；".join(f"{n} {P.as_number(v)}分" for n, _, v in shown if v is not None) + "）"
    draft: dict[str, Any] = {
        "id": f"{question_id}-rubric",
        "title": title or question_id,
        "lang": lang,
        "criteria": criteria,
    }
    anchor = (reference_kept or reference).strip()
    if anchor:
        draft["anchors"] = [{"answer": anchor, "scores": {c["id"]: c["max"] for c in criteria}}]
    return draft
