"""Whether a clause tells what already happened or what will happen (Chinese and English).

"您的件昨天晚上已经到了分拨中心" and "it arrived at the depot this morning" report the past: the times in
them are facts, not commitments. "今天下午五点之前送到" and "it will be with you by 5 pm" are about the
future. :func:`tense` reads one clause (a comma-level piece) and says which, or "" when it cannot tell.
A future cue wins over a past one in the same clause ("已经安排好，明天上午送到" is a commitment), and
a condition that is still to come (有消息了我打给您, 出来了就告诉您) is the future.
"""

from __future__ import annotations

import re

from trainer.grading import text as _text

PAST = "past"
FUTURE = "future"

_PAST_ZH = re.compile(
    r"已经|已|早就|刚才|刚刚|昨天|昨晚|昨日|前天|前几天|上周|上礼拜|上个月|当时|那天|曾经|之前就"
)
# verb + 了 (到了, 装上了); 了解, 为了, 除了, 太…了 and 收不了 are not an event
_PERFECT_ZH = re.compile(r"(?![为除太好算罢不得])[\u4e00-\u9fff]了(?!解|不起|吗|呢)")
_FUTURE_ZH = re.compile(
    r"会|将|要|能|可以|保证|一定|马上|立刻|立即|这就|现在就|争取|预计|估计|稍后|待会|等会|回头|之后|以后|"
    r"明天|明早|明晚|后天|下周|下个月|第一时间|到时候|一有|"
    r"有(?:消息|结果|进展|动静|眉目)|了\s*(?:我|就|马上|立刻|第一时间)|(?<=[\u4e00-\u9fff])后(?![台来面边])|[点时天日号周钟0-9]\s*(?:之前|以前|前|之内|以内|内|为止)|最晚|最迟"
)
_PAST_EN = re.compile(
    r"\b(?:yesterday|ago|last (?:night|week|month)|earlier|already|was|were|had|has been|have been|did|"
    r"arrived|reached|left|got|went|came|failed|stopped|happened|turned out|(?!(?:need|indeed|speed|feed|proceed|exceed|succeed|based|concerned|interested|worried|tired|scared|pleased|allowed|required|supposed)\b)\w+ed)\b",
    re.IGNORECASE,
)
_FUTURE_EN = re.compile(
    r"\b(?:will|shall|going to|gonna|by|before|within|until|can|could|promise|expect|should|next|tomorrow|"
    r"tonight|soon|as soon as)\b|'ll\b",
    re.IGNORECASE,
)


def tense(clause: str, lang: str | None = None) -> str:
    """``"past"`` when ``clause`` reports something that already happened, ``"future"`` when it speaks of
    what will happen (a future cue wins), ``""`` when it says neither."""
    text = _text.normalize(clause or "")
    if not text.strip():
        return ""
    lang = lang or _text.detect_lang(text)
    if lang == "zh":
        if _FUTURE_ZH.search(text):
            return FUTURE
        return PAST if _PAST_ZH.search(text) or _PERFECT_ZH.search(text) else ""
    if _FUTURE_EN.search(text):
        return FUTURE
    return PAST if _PAST_EN.search(text) else ""
