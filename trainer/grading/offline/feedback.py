"""Feedback a candidate can learn from: what earned the points, what was missing, what broke a rule.

No percentages or similarity figures: they would contradict a score that anchors, caps and rounding set.
"""

from __future__ import annotations

import re

_VERB_START_ZH = re.compile(
    r"^(说明|告知|告诉|提供|给出|确认|核实|安抚|表示|询问|记录|承诺|主动|先|再|及时|明确|解释|道歉|致歉|"
    r"提醒|引导|建议|协调|升级|上报|派单|回访|跟进|留下|留|约定|安排|登记|发送|发|指导|帮|协助|介绍|区分|"
    r"判断|识别|评估|避免|不|拒绝|保护|核对|查询|查|退|补|赔|换|转)"
)
_NOT_ADDRESSED = {"zh": "未作答：答案没有涉及这一项", "en": "Not addressed: the answer does not cover this"}


def missing_phrase(concept: str, lang: str) -> str:
    """ "没有说明办理时限" for the key point "说明办理时限"; "did not mention …" in English."""
    if lang != "zh":
        return f"did not mention {concept}"
    return ("没有" if _VERB_START_ZH.match(concept) else "没有提到") + concept


def rationale(
    lang: str,
    score: float,
    evidence: str,
    found: list[str],
    missing: list[str],
    violation: str,
    capped: str = "",
    wrong: list[str] | None = None,
    opposed: list[str] | None = None,
    misstated: list[str] | None = None,
) -> str:
    """One or two short lines in the rubric's language; ``wrong``: key points the answer speaks of but
    judges otherwise (another problem class or urgency); ``opposed``: key points the answer speaks of but
    takes the opposite position on (dissuades a complaint, has the customer pay); ``misstated``: key points
    given another time limit or sum than theirs."""
    zh = lang == "zh"
    sep = "；" if zh else "; "
    if violation:
        return (f"该项记0分：{violation}" if zh else f"0 for this criterion: {violation}")[:300]
    parts: list[str] = []
    if capped:
        parts.append(capped)
    if wrong:
        shown = wrong[:4]
        parts.append(
            ("判断有误（类型或等级与要求不符）：" + "、".join(shown))
            if zh
            else ("judged otherwise than expected (class or urgency): " + ", ".join(shown))
        )
    if opposed:
        shown = opposed[:4]
        parts.append(
            ("说法与要求相反：" + "、".join(shown)) if zh else ("says the opposite of: " + ", ".join(shown))
        )
    if misstated:
        shown = misstated[:4]
        parts.append(
            ("时限或金额与规定不符：" + "、".join(shown))
            if zh
            else ("a wrong time or amount for: " + ", ".join(shown))
        )
    if score <= 0 and not found and not wrong and not opposed and not misstated:
        parts.append(_NOT_ADDRESSED["zh" if zh else "en"])
    elif score <= 0 and found:  # touched on, but not enough for a point: never "covered" next to a 0
        shown = found[:4]
        parts.append(
            ("略有涉及、不足以得分：" + "、".join(shown))
            if zh
            else ("touched on, not enough for a point: " + ", ".join(shown))
        )
    elif found:
        shown = found[:4]
        parts.append(("答到：" + "、".join(shown)) if zh else ("covered: " + ", ".join(shown)))
    elif evidence:
        parts.append("部分涉及这一项" if zh else "partly covers this criterion")
    if missing:  # already phrased by missing_phrase
        parts.append(("，" if zh else ", ").join(missing[:4]))
    return sep.join(parts)[:300]
