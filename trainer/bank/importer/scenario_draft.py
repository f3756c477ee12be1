"""Draft role-play scenarios from 情景模拟 questions that quote the customer.

The customer's quoted words open the conversation; the persona and facts come from the stem; each step
of the reference answer becomes a behaviour that calms the customer, and whatever the reference says to
avoid (避免、不要、不得…) or not to promise becomes a behaviour that angers them and a red line. The
reference itself is the model conversation (``samples.good``). The draft is in the scenario file's
shape and loads with the role-play validator; the trainer reviews and edits it before saving.
"""

from __future__ import annotations

import re
from typing import Any

from trainer.bank.importer.rubric_draft import ITEM_NUMBER, QUOTED

_QUOTE = re.compile(r"[“\"「『]([^”\"」』\n]{4,300})[”\"」』]")
_SPEAKER = re.compile(r"(?:说|称|道|问|表示|喊|嚷|抱怨|质问|强调|要求)\s*[:：]?\s*$")
_AVOID = re.compile(r"避免|不要|不得|不能|不可|切忌|切勿|禁止|勿|别|不宜|不应")
_PROMISE = re.compile(r"承诺|保证|答应|许诺")
_STEP_SPLIT = re.compile(r"[。；;\n]|(?<=[，,])(?=(?:再|然后|接着|随后|最后|同时|并)[^，,]{2})")
_LEAD = re.compile(r"^(?:首先|其次|先|再|然后|接着|随后|最后|同时|并且|并|要|应当|应该|应|需要|需)+")
_CHUNK = re.compile(r"[，,、；;]|和|然后|最后|同时|并且|以及")
_NAME = re.compile(r"([\u4e00-\u9fff])(先生|女士|小姐|阿姨|大爷|大妈|老师|同学)")
_NOT_SURNAME = set("一位名个这那该的其某")
_ANGRY = re.compile(
    r"激动|愤怒|生气|大怒|发火|骂|投诉|12315|曝光|不满|焦急|着急|催|很冲|不耐烦|质问|立即|马上"
)
_WANTS = re.compile(r"(?:要求|希望|想要|坚持|必须)[^，,。；;“”\"]{1,40}")
_FACT = re.compile(r"[^，,。；;“”\"]*\d[^，,。；;“”\"]*")
_CN_CHAR = re.compile(r"[\u4e00-\u9fff]")

# Phrases a candidate says when they take a step the reference names (the draft's starting point).
# Each: words that name the step, phrases a candidate says for it, and one example utterance (matched by
# meaning through the trigger's ``examples``).
_STEP_WORDS = (
    (("致歉", "道歉", "歉意"), ("抱歉", "对不起", "非常抱歉"), "非常抱歉，这件事给您添麻烦了"),
    (
        ("共情", "安抚", "理解", "情绪"),
        ("理解您", "换作是我", "您着急"),
        "我理解您现在很着急，换作是我也会着急",
    ),
    (
        ("核实", "查询", "确认", "调取", "查看"),
        ("核实一下", "帮您查", "确认一下"),
        "我马上帮您核实一下具体情况",
    ),
    (
        ("方案", "补偿", "赔偿", "退款", "补发", "赔付"),
        ("为您申请", "补偿", "退款"),
        "我这边为您申请相应的补偿",
    ),
    (
        ("时限", "时间", "回电", "答复", "回复"),
        ("小时内", "今天之内", "给您回电"),
        "我会在两小时内给您回电告知结果",
    ),
    (("上报", "升级", "主管", "专员"), ("上报", "主管", "专人跟进"), "我已经把您的情况上报给主管"),
    (("跟进", "回访", "闭环"), ("跟进", "回访"), "后续我会一直跟进，处理完再回访您"),
)

_LINES = {
    "calm": ["好的，那你接着说，我听着。", "行，这样处理我能接受，后面别再出岔子就行。"],
    "annoyed": ["我已经等了很久了，你能不能说点实际的？", "你先别绕，告诉我到底怎么解决。"],
    "angry": ["你们就是这么对待客户的？我现在非常不满意！", "别跟我打官腔，我要一个明确的说法！"],
    "furious": ["够了！再这样我就去投诉你们！", "我不想听这些，马上给我找个能做主的人来！"],
}
_CLOSING = {
    "resolved": ["行，就按你说的办，我等你们的消息。"],
    "escalated": ["我不跟你说了，我直接去投诉。"],
    "hung_up": ["算了，跟你说不通，我挂了。"],
    "out_of_turns": ["我没时间再耗了，你们处理好了再联系我吧。"],
}
_CALMER = ["嗯，这还像句话。", "好吧，你这么说我心里踏实一点。"]
_PROMISES = ["我保证", "一定能", "肯定没问题", "百分之百"]
_ANGRIER = ["你这是什么意思？这跟我有什么关系？", "你说这话我更生气了！"]


def quoted_customer(text: str) -> str:
    """The customer's words quoted in the stem (the longest quote after 说/称/…, else the longest)."""
    quotes = [(m.group(1).strip(), text[: m.start()]) for m in _QUOTE.finditer(text)]
    if not quotes:
        return ""
    spoken = [q for q, before in quotes if _SPEAKER.search(before[-8:])]
    return max(spoken or [q for q, _ in quotes], key=len)


def _steps(reference: str) -> tuple[list[str], list[str]]:
    """The reference's steps, and what it says to avoid or not to promise."""
    steps: list[str] = []
    avoid: list[str] = []
    for piece in _STEP_SPLIT.split(reference):
        text = ITEM_NUMBER.sub("", piece.strip()).strip(" ，,")
        if len(text) < 2:
            continue
        if not _AVOID.search(text):
            steps.append(text)
            continue
        for clause in re.split(r"[，,]", text):  # 避免说“…”，不要承诺… are two things to avoid
            clause = clause.strip()
            if not clause:
                continue
            if _AVOID.search(clause) or not avoid:
                avoid.append(clause)
            else:
                avoid[-1] = f"{avoid[-1]}，{clause}"
    return steps, avoid


def _phrases(text: str, *, avoiding: bool) -> list[str]:
    """What a candidate would say for a step (or a thing to avoid): quoted words first, then key words."""
    quoted = [q.strip() for q in QUOTED.findall(text) if q.strip()]
    if quoted:
        return quoted[:6]
    out: list[str] = []
    if not avoiding:
        for words, said, _example in _STEP_WORDS:
            if any(w in text for w in words):
                out.extend(s for s in said if s not in out)
    if avoiding and _PROMISE.search(text):
        out.extend(_PROMISES)
    body = _AVOID.split(text, maxsplit=1)[-1] if avoiding else text
    for chunk in _CHUNK.split(_LEAD.sub("", body)):
        chunk = _LEAD.sub("", chunk.strip(" ，,。"))
        if 2 <= len(chunk) <= 12 and chunk not in out:
            out.append(chunk)
    return out[:8]


def _customer_name(match: re.Match[str] | None) -> str:
    if match is None:
        return "客户"
    if match.group(1) in _NOT_SURNAME:
        return match.group(2)
    return match.group(1) + match.group(2)


def _examples(text: str) -> list[str]:
    """Example utterances for a step of the reference (what a candidate might say when taking it)."""
    return [example for words, _said, example in _STEP_WORDS if any(w in text for w in words)][:3]


def _label(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "…"


def draft_scenario(
    question_id: str, stem: str, background: str, reference: str, lang: str
) -> dict[str, Any] | None:
    """A scenario draft for a 情景模拟 question, or None unless the stem quotes the customer and the
    reference answer gives steps."""
    story = f"{background}\n{stem}".strip()
    opening = quoted_customer(story)
    steps, avoid = _steps(reference)
    if not opening or not steps or not _CN_CHAR.search(story + reference):
        return None
    lower: list[dict[str, Any]] = []
    for i, step in enumerate(steps[:8]):
        phrases = _phrases(step, avoiding=False)
        if phrases:
            lower.append(
                {
                    "id": f"step{i + 1}",
                    "label": _label(step),
                    "delta": -2 if i == 0 else -1,
                    "phrases": phrases,
                    "lines": list(_CALMER),
                }
            )
            if _examples(step):
                lower[-1]["examples"] = _examples(step)
    if not lower:
        return None
    raise_: list[dict[str, Any]] = []
    red_lines: list[dict[str, Any]] = []
    for i, item in enumerate(avoid[:8]):
        phrases = _phrases(item, avoiding=True)
        if not phrases:
            continue
        raise_.append(
            {
                "id": f"avoid{i + 1}",
                "label": _label(item),
                "delta": 2,
                "phrases": phrases,
                "lines": list(_ANGRIER),
            }
        )
        if _PROMISE.search(item):
            red_lines.append(
                {"id": f"promise{i + 1}", "label": _label(item), "phrases": list(phrases), "delta": 1}
            )
    if not raise_:
        raise_.append(
            {
                "id": "brush_off",
                "label": "推诿、敷衍",
                "delta": 2,
                "phrases": ["不归我们管", "我也没办法", "你自己去问"],
                "lines": list(_ANGRIER),
            }
        )
    flat = " ".join(story.split())
    told = _QUOTE.sub("", flat)  # the story without the customer's own words
    name = _NAME.search(flat)
    wants = _WANTS.search(told)
    facts = [f.strip() for f in _FACT.findall(told) if len(f.strip()) >= 4][:6]
    angry = bool(_ANGRY.search(flat))
    solving = re.compile(r"方案|补偿|退款|赔|补发|时限|时间|回电|答复|跟进")
    accepts = [s for s in steps if solving.search(s)] or steps[-1:]
    # resolved only once the customer was calmed first and then given what the reference offers
    requires = [lower[0]["id"]] + [t["id"] for t in lower[1:] if solving.search(t["label"])]
    draft: dict[str, Any] = {
        "id": f"{question_id}-scenario",
        "title": _label(" ".join(stem.split())),
        "lang": lang,
        "industry": "客户服务",
        "rubric": "roleplay-complaint-zh" if lang == "zh" else "roleplay-complaint-en",
        "brief": story,
        "customer": {
            "name": _customer_name(name),
            "profile": _label(re.split(r"[。；;]", told, maxsplit=1)[0].strip(" ：:，,")),
            "background": story,
            "temperament": "情绪激动，急于得到明确答复" if angry else "着急，希望尽快得到明确答复",
        },
        "customer_facts": [{"id": f"fact{i + 1}", "text": f} for i, f in enumerate(facts)],
        "policy": [_label(a) for a in avoid[:6]],
        "hidden": {
            "goal": wants.group(0).strip() if wants else "问题得到明确的解决",
            "accepts": [_label(a) for a in accepts[:3]],
        },
        "anger": {"start": 7 if angry else 5, "max_step": 2, "idle": 1, "visible": "shown"},
        "turn_limit": 8,
        "opening": [opening],
        "triggers": {"raise": raise_, "lower": lower},
        "red_lines": red_lines,
        "end_states": {
            "resolved": {"max_anger": 3, "requires": requires},
            "hung_up": {"anger": 9, "turns": 2},
        },
        "lines": {band: list(lines) for band, lines in _LINES.items()},
        "closing": {state: list(lines) for state, lines in _CLOSING.items()},
        "samples": {"good": [reference.strip()], "bad": [raise_[0]["phrases"][0]]},
    }
    return draft
