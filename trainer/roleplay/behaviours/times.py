"""The times a reply gives, and what it promises by them.

:func:`given_times` keeps the times that are the candidate's own estimate or commitment (not one in the
past, on record, the customer's own said back, their deadline, or when progress will be reported);
:func:`time_owners` tells which calming step each time came with; :func:`is_estimate` tells a forecast
from an explanation; :func:`promises` and :func:`unhedged` tell a guarantee from a hedged estimate. The
times themselves are found by :mod:`trainer.roleplay.timewords`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from trainer.grading import understanding as u
from trainer.grading.understanding.numerals import normalize_numerals
from trainer.roleplay import cues as _cues
from trainer.roleplay.behaviours.reading import clause_of, grams, says, short_clauses, squash, whole_sentence
from trainer.roleplay.scenario import RedLine, Scenario, Trigger
from trainer.roleplay.timewords import Stated, stated_times

# 十点三十八分开始, 明天送到的时候: when something starts or happens, not a promise (unless said of the future)
_SINCE = re.compile(r"开始|的时候|\bsince\b|\bstarted\b", re.IGNORECASE)
# 十点三十八分起, 17 号起: when something started
_FROM_THEN = re.compile(r"^\s*(起|以来|开始)")
# 页面上写着一天之内, 说好的 24 小时, 十点半那会儿, "the site says 24 hours": a time on record or in the past,
# whatever the tense of the words around it
_RECORD = re.compile(
    r"写着|写的是|上面写|页面上|页面显示|说好|承诺的|规定的|标的是|那会儿?|那时候?|当时|本来|原本|按理说?|按说|"
    # "it should have been fixed by Tuesday" (not "the crew should have it fixed by Thursday": an estimate)
    r"\b(?:should have|would have)\b(?! (?:it|them|this|that|you|everything|the \w+) (?:\w+ )?(?:fixed|back|done|sorted|ready|running|up))|"
    r"\b(?:was supposed to|were supposed to)\b|"
    r"\b(?:says|said|promised|stated|advertised|quoted)\b",
    re.IGNORECASE,
)
# 您刚才说的我都记下了：…, "you said you need it by Thursday": the customer's own words said back
_THEIR_WORDS = re.compile(
    # 您说的, 您刚才提到 (not 跟您说 / 给您讲: the candidate telling them)
    r"(?<![跟和对给向同])(您|你)(刚才|刚刚|之前|前面|也)?(说|讲|提到|反映|告诉我)(的|过|了)?|按(您|你)说的|"
    r"\byou(?:'ve)? (?:said|mentioned|told me|need|needed|wanted|have to be|must have)\b|\bas you (?:said|mentioned)\b|"
    r"\byour (?:deadline|meeting|flight|appointment)\b|"
    # "with work due Friday": the customer's own deadline said back
    r"\b(?:work|report|project|assignment|deadline|essay|paper)s? (?:is |are |was )?due\b",
    re.IGNORECASE,
)
# 这一步得在三天之内做完, 三天内提交, "you'll need to send it by Friday": a deadline the customer must meet
_THEIR_TASK = {
    "zh": re.compile(
        r"(?<![我们])(得|要|需要|必须|务必|记得|请您?|麻烦您?)在|"
        r"(之内|以内|内|前|之前)(提交|填|补|上传|弄好|弄完|做完|办好|办完|填完|完成|认证|操作)|"
        r"(弄好|弄完|做完|办好|办完|填好|填完|交完|提交)就(行|可以|好)"
    ),
    "en": re.compile(
        r"\byou(?:'ll| will)? (?:need to|have to|must|should)\b|\bplease (?:send|submit|upload|fill|complete|reply)\b",
        re.IGNORECASE,
    ),
}
_FIRST_PERSON = {
    "zh": re.compile(r"我|我们|咱|这边"),
    "en": re.compile(r"\b(?:i|we|i'll|we'll|i'm|we're)\b", re.IGNORECASE),
}
# 周五上午十点我再给您打个电话，告诉您车走到哪了; "I'll update you every half hour": a time for news of the
# progress, not for the outcome the customer waits for
_PROGRESS = re.compile(
    r"进度|进展|到哪|走到|情况|动态|\b(?:update|progress|how (?:it'?s|things are) going|where (?:it|things) (?:is|are))\b",
    re.IGNORECASE,
)


_REPORT_TO = re.compile(
    r"(给|跟|向)(您|你)(报|说|同步|汇报|更新|讲)|\b(?:update|brief|tell) you\b|\bkeep you\b", re.IGNORECASE
)


# 十分钟之内把工单号短信发给您, 五分钟内拉个群, "I'll text you the reference within ten minutes": the time a
# message, a link, a number or a chat group is sent (what the candidate sends about the case, not the case's
# own outcome)
_NOTICE = {
    "zh": re.compile(r"(短信|链接|邮件|邮箱|单号|编号|回执|凭证|截图|群|报告|确认函|二维码)"),
    "en": re.compile(
        r"\b(?:text(?: message)?|sms|e-?mail|link|reference(?: number)?|case number|ticket(?: number)?|"
        r"confirmation|summary|group chat|receipt|written record|report)\b",
        re.IGNORECASE,
    ),
}
_SENDS = {
    "zh": re.compile(r"发|推|拉|建|传|给您|给你|寄"),
    "en": re.compile(
        r"\b(?:send|sent|text|email|e-mail|drop|forward|set up|get|have|receive)\b", re.IGNORECASE
    ),
}
# what the customer waits for, told in that message (复核结果短信告诉您, "a text when the refund lands")
_OUTCOME = {
    "zh": re.compile(r"结果|到账|退款|退回|恢复|放行|送到|送达|到货|上门|接通|修好|通过"),
    "en": re.compile(
        r"\b(?:result|outcome|decision|refund\w*|arriv\w*|deliver\w*|fix\w*|restor\w*|back online|back up|"
        r"released?|lands?)\b",
        re.IGNORECASE,
    ),
}


def _for_a_notice(clause: str, lang: str) -> bool:
    """Whether ``clause`` gives the time of a message, link, number or chat group sent about the case
    (十分钟内把单号短信发给您, "I'll text you the reference within ten minutes"), not of the outcome the
    customer waits for (复核结果今天下班前短信告诉您)."""
    key = "zh" if lang == "zh" else "en"
    return bool(
        _NOTICE[key].search(clause) and _SENDS[key].search(clause) and not _OUTCOME[key].search(clause)
    )


def _core(quote: str) -> str:
    """A time's words without numerals' spelling, spaces and the 'before/within' ending: 三十号以前 → 30号."""
    core = squash(normalize_numerals(quote))
    return re.sub(r"(之前|以前|前|之内|以内|内|左右|上下|为止|by|before|within|until)$", "", core)


def _sentence_of(text: str, quote: str) -> str:
    """The text of the sentence holding ``quote`` up to it (what was said before the time in it)."""
    i = text.find(quote)
    if i < 0:
        return ""
    head = text[:i]
    cut = max(head.rfind(c) for c in "。！？!?\n")
    return head[cut + 1 :]


_CALLBACK_PROMISE = re.compile(
    r"回电时间|回电的时间|(分钟|小时)(之内|以内|内)回电|\bcall(?:s|ed)? (?:you |him |her )?back (?:within|by|in)\b",
    re.IGNORECASE,
)


def callback_time_is_a_promise(sc: Scenario) -> bool:
    """Whether, in this scenario, when the candidate calls back is itself what the customer waits for
    (the policy or accepted outcomes agree a callback time: 约定回电时间, 约定 15 分钟内回电)."""
    return any(_CALLBACK_PROMISE.search(normalize_numerals(line)) for line in (*sc.policy, *sc.accepts))


# what may stand beside an estimate said on its own: "about", "around", 大概, a "so" or "and"
_ONLY_ABOUT = re.compile(
    r"^\W*(?:and |so |then |that'?s |it'?s )?(?:about|around|roughly|approximately|maybe|say)?\s*"
    r"(?:大概|大约|差不多|估计|也就)?\W*$",
    re.IGNORECASE,
)


_DURATION_WORD = re.compile(
    r"minute|\bmins?\b|hour|\bhrs?\b|\bdays?\b|分钟|小时|钟头|工作日|天", re.IGNORECASE
)


_WAITED = re.compile(r"\bwait(?:ed|ing)?\b|\bhung on\b|\bon hold\b|等了|等着|等到现在|等多久", re.IGNORECASE)


def _asks(text: str, quote: str) -> bool:
    """Whether the sentence holding ``quote`` is a question ("You waited, what, about 70 minutes?")."""
    sentence = whole_sentence(text, quote)
    at = text.find(sentence) + len(sentence)
    return text[at : at + 1] in ("?", "？") or sentence.rstrip().endswith(("?", "？", "吗", "呢"))


def given_times(
    text: str, pieces: Sequence[u.Span], known: str, lang: str, callbacks_count: bool = True
) -> list[Stated]:
    """The times ``text`` gives as the candidate's own estimate or commitment.

    Not given: a time in the past (昨天晚上已经到了), on record (页面上写着一天之内, 那会儿), when something
    started, a time the customer said first or one of their facts read back (their deadline, when the trip
    was; 您刚才说的…三十号以前), a deadline the customer must meet (这一步得在三天之内做完), when the
    candidate will report progress (周五上午十点我打给您说下车到哪了), nor — unless ``callbacks_count`` —
    when the candidate will call back (明天上午十点我给您回电: a callback, not the delivery time)."""
    theirs = stated_times(known, lang)
    their_values = {t.value for t in theirs}
    their_cores = {_core(t.quote) for t in theirs}
    key = "zh" if lang == "zh" else "en"
    out: list[Stated] = []
    for t in stated_times(text, lang):
        clause = clause_of(t.quote, pieces)
        tense = _tense_of(t.quote, pieces, lang)
        if _FORECAST.search(clause):
            tense = u.FUTURE  # "estimated fix Thursday 6 pm", 预计: a forecast, whatever else the clause says
        elif tense == u.FUTURE and _main_clause_past(clause, pieces, lang):
            tense = u.PAST  # 19 号早上恢复分拣后，您的投影仪已经装车: "after …" is of its main clause's time
        at = text.find(t.quote)
        if (
            lang == "zh"
            and at >= 0
            and re.search(r"(分钟|小时|钟头|天|工作日|周|星期)$", t.quote)
            and _THEN_ARRIVES.match(text[at + len(t.quote) :])
        ):
            tense = u.FUTURE  # 两三分钟就通了, 半小时就到了, 两天到: what will have happened by then
        if (
            not tense
            and _DURATION_WORD.search(t.quote)
            and _ONLY_ABOUT.match(clause.replace(t.quote, "", 1))
            and not _asks(text, t.quote)
        ):
            tense = (
                u.FUTURE
            )  # "…, about 35 minutes.", 大概四十分钟: an estimate said on its own, whatever came before
        if not tense and _cues.tense(whole_sentence(text, t.quote), lang) == u.PAST:
            tense = u.PAST  # 两点三十二分那笔超时没走通，系统当场就给撤销了
        before = text[: text.find(t.quote)].rstrip()
        if before.endswith("每") or re.search(r"(?i)\bevery$", before):
            continue  # 每半小时, "every half hour": how often, not when
        if (
            _DURATION_WORD.search(t.quote)
            and _asks(text, t.quote)
            and _WAITED.search(whole_sentence(text, t.quote))
        ):
            continue  # "so you'd been waiting, what, about an hour?", 您等了多久，两个小时？: their wait, asked
        if _LOST_TIME.search(before):
            continue  # "losing three working days to this": time the customer lost, nothing to come
        if lang == "zh" and at >= 0 and tense != u.FUTURE and _DONE_ON.match(text[at + len(t.quote) :]):
            continue  # 7月15号下的单, 前天买的: the day something was done (是…的), on record
        if _WAIT_FOR.search(before) and not _THEN_ARRIVES.match(text[at + len(t.quote) :] if at >= 0 else ""):
            continue  # 请您再耐心等待一两天, "wait another couple of days": how long to wait, nothing promised
        if _since(text, t.quote) or (at >= 0 and _FROM_THEN.match(text[at + len(t.quote) :])):
            continue  # "down since Tuesday", 十点三十八分起: when it started  # "down since Tuesday": when it started
        if lang == "zh" and _bare_moment(t.quote, clause) and tense != u.FUTURE:
            continue  # 第一笔是两点三十二分: when something happened, on record; no deadline, nothing to come
        if _part_tense(clause, t.quote, lang) == u.PAST:
            continue  # "the cabinet was damaged on Monday and engineers will …": the day is of the past
        future = tense == u.FUTURE
        if _said_in(t.quote, known) or tense == u.PAST or _RECORD.search(clause):
            continue
        if _core(t.quote) in their_cores or any(
            t.value in v for v in their_values
        ):  # 明天上午11点 adds to 明天上午
            continue
        if not future and (_SINCE.search(clause) or any(v in t.value for v in their_values)):
            continue  # the customer's own time said back without a promise (今天下午两点半左右在家具店)
        if _THEIR_WORDS.search(_sentence_of(text, t.quote)):
            continue
        if _THEIR_TASK[key].search(clause) and not _FIRST_PERSON[key].search(clause.replace("您", "")):
            continue
        if _PROGRESS.search(clause) and (_cues.callback(clause, lang) or _REPORT_TO.search(clause)):
            continue
        if _for_a_notice(clause, lang):
            continue  # 十分钟内把工单号短信发给您: when a message is sent, not when the case is done
        if (
            not callbacks_count
            and _cues.callback(clause, lang)
            and _FIRST_PERSON[key].search(clause.replace("您", ""))
        ):
            continue  # the candidate's own callback; a third party's call (工作人员会联系您) is the service
        out.append(t)
    return out


_CLOCK_ONLY = re.compile(
    r"^(?:凌晨|早上|上午|中午|下午|傍晚|晚上)?[零〇一二两三四五六七八九十0-9]+\s*(?:点|[:：][0-5][0-9])"
    r"(?:半|一刻|[零〇一二两三四五六七八九十0-9]+分?)?(?:[零〇一二两三四五六七八九十0-9]+秒)?$"
)
# what makes a clock time a time to come: something will happen at or by it (会, 能, 送到, 给您回电, 出结果);
# not 会员/会议 (a noun), nor 出了/出现/出错 (10:38 数据库出了问题: what went wrong then, on record)
_AT_IT = re.compile(r"会(?!员|议)|能|将|要|到|送|出(?![了现错])|给|回|好|完|办|前|之前|以前|左右")


def _bare_moment(quote: str, clause: str) -> bool:
    """Whether ``quote`` is a bare clock time (两点三十二分, 下午两点三十二分零五秒: no day, no 前/内) that nothing
    in its clause happens at or by (第一笔是两点三十二分): a moment on record, not a time given."""
    core = re.sub(
        r"(左右|上下)$", "", re.sub(r"\s+", "", quote)
    )  # 十点三十八分左右: about then, still a moment
    if not (_CLOCK_ONLY.match(squash(quote)) or _CLOCK_ONLY.match(core)):
        return False  # 两点三十二分, or 10:38 with its colon (squashed it reads as a number)
    at = clause.find(quote)
    if at < 0:
        return False
    before, after = clause[:at], clause[at + len(quote) :]
    return not _AT_IT.search(after) and not re.search(r"会|能|将|预计|大概|争取|最晚|最迟|在", before)


_LOST_TIME = re.compile(r"(?i)\b(?:los(?:e|t|ing)|wast(?:e|ed|ing)|spen(?:d|t|ding)|miss(?:ed|ing))\s*$")
# a day followed by a verb of the order and 的 (7月15号下的单, 前天买的药): when it was done
_DONE_ON = re.compile(r"^\s*(?:下|买|付|订|签|拍|交|刷)(?:了)?的(?!话)")
_WAIT_FOR = re.compile(
    r"(?:等|等待|等候|等一等|等等)\s*$|\b(?:wait|hang on|hold on)(?: for)?(?: another| a further| an extra)?\s*$",
    re.IGNORECASE,
)
# 就通了, 就到, 到 / 能送到 (not 到现在: how long they waited)
_THEN_ARRIVES = re.compile(
    r"^\s*(?:就|(?:也就)?(?:能|会|可以)?(?:到(?!现在|今天|这会|了|头)|送到|送达|到货|到账)|"
    r"(?:能|会|可以)?(?:接通|接上|连上|打通|恢复|出结果|修好)(?!了))"
)


def _said_in(quote: str, known: str) -> bool:
    """Whether the customer said ``quote`` first (in ``known``): not as 这两天 / 那几天 ("these days"), which
    names no span of time."""
    return any(not re.search(r"[这那]$", known[: m.start()]) for m in re.finditer(re.escape(quote), known))


# "it'll arrive before 1 pm", 会在…送到: a clause that goes on about what the clause before it named
_GOES_ON = {
    "zh": re.compile(r"^\s*(它|这个|会|能|预计|大概|最晚|最迟)"),
    "en": re.compile(r"^\s*(?:and\s+)?(?:it|it'?ll|it will|that|which|they|they'?ll|this)\b", re.IGNORECASE),
}


def time_owners(
    sc: Scenario, times: Sequence[Stated], triggers: Mapping[str, str], pieces: Sequence[u.Span]
) -> dict[str, str]:
    """For each time given, the calming trigger it came with: one said in the time's own clause, or in
    the clause before when the time's clause goes on about it ("a backup router, it'll arrive before 1
    pm"); "" for a time that stands on its own. The times trigger itself owns nothing: its time is the
    estimate the customer asked for."""
    if not times:
        return {}
    key = "zh" if sc.lang == "zh" else "en"
    steps = [
        (tid, q)
        for tid, q in triggers.items()
        if sc.trigger(tid).delta < 0 and not sc.trigger(tid).times and not sc.trigger(tid).cues
    ]
    owners: dict[str, str] = {}
    for t in times:
        at = next((i for i, p in enumerate(pieces) if squash(t.quote) in squash(p.text)), -1)
        owner = ""
        if at >= 0:
            clause = pieces[at].text
            own = _part_of(clause, t.quote, sc.lang)  # "a router reaches you tomorrow and the fix is …"
            near = [(clause, own)]
            if at > 0 and _GOES_ON[key].search(own if own != clause else clause):
                near.append((pieces[at - 1].text, pieces[at - 1].text))
            for tid, q in steps:
                for whole, part in near:
                    if not q or not (q in whole or whole.strip() in q):
                        continue
                    trig = sc.trigger(tid)
                    if (
                        part == whole
                        or says(part, trig.phrases, trig.patterns)
                        or _covers(part, trig.examples, sc.lang)
                    ):
                        owner = tid
                        break
                if owner:
                    break
        owners[t.quote] = owner
    return owners


def _covers(part: str, examples: Sequence[str], lang: str) -> bool:
    """Whether ``part`` holds half or more of one example's words (a cheap look, enough to tell which
    part of a clause a step already heard in it was said in)."""
    mine = grams(part, lang)
    return any((ex := grams(e, lang)) and len(ex & mine) / len(ex) >= 0.5 for e in examples)


def _part_of(clause: str, quote: str, lang: str) -> str:
    """The part of ``clause`` (between joining words: and, but, 而且) that holds ``quote``."""
    at = clause.find(quote)
    joins = list(_cues.JOIN["zh" if lang == "zh" else "en"].finditer(clause))
    if at < 0 or not joins:
        return clause
    start = max((m.end() for m in joins if m.end() <= at), default=0)
    end = min((m.start() for m in joins if m.start() >= at + len(quote)), default=len(clause))
    return clause[start:end]


_PROMISE_WORDS = re.compile(
    r"保证|一定|肯定|打包票|guarantee|promise|definitely|absolutely|no question", re.IGNORECASE
)
# 不能跟您保证, 不敢给您打包票, "I can't promise", "I won't guarantee": a promise refused
NO_PROMISE = re.compile(
    r"(?:不能|不敢|没法|没办法|无法|不好|不会)(?:跟您|给您|向您|和您|替您|跟你|给你)?(?:保证|打包票|担保|承诺|说死|打保票)|"
    r"\b(?:can'?t|cannot|won'?t|couldn'?t|not able to|unable to|not going to) (?:\w+ )?(?:guarantee|promise|swear)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"不敢保证|不能保证|没法保证|保证不了|不敢打包票|没法给您打包票|说了算|\bcan'?t (?:guarantee|promise)\b|"
    r"(?:不能|不敢|没法|无法|不好)(?:跟您|给您|向您|和您|替您)(?:保证|打包票|担保|承诺)|"
    r"\bnot a (?:promise|guarantee)\b|\bno promises\b|\bbest estimate\b",
    re.IGNORECASE,
)


def promises(trig: Trigger) -> bool:
    """Whether a raising trigger is about promising too much (its words guarantee: 保证, "definitely")."""
    return any(_PROMISE_WORDS.search(w) for w in (*trig.phrases, *trig.examples, trig.label))


# words that guarantee a time, and a red line's label that names one (承诺…恢复时间, "the restoration time")
_GUARANTEE = re.compile(
    r"保证|打包票|担保|肯定|\bguarantee|\bpromise|\byou have my word\b|\bdefinitely\b|\babsolutely\b",
    re.IGNORECASE,
)
_TIME_TOPIC = re.compile(r"时间|几点|\btime\b|\bdate\b", re.IGNORECASE)


def guarantees_a_time(line: RedLine) -> bool:
    """Whether red line ``line`` forbids guaranteeing a time (承诺海关放行时间, "Guaranteeing the restoration
    time"): its label names a time and its words guarantee."""
    return bool(_TIME_TOPIC.search(line.label)) and any(
        _PROMISE_WORDS.search(w) for w in (*line.phrases, line.label)
    )


def guaranteed_time(text: str, times: Sequence[Stated], time_with: Mapping[str, str], lang: str) -> str:
    """The sentence of ``text`` that guarantees one of the ``times`` given (我跟您保证，十二点之前一定全部恢复;
    "I guarantee you'll be back online by 6 pm"), "" when none: a time on its own (not a step's own time,
    the courier's "before 1 pm") with a word that guarantees in its clause or the one before it (not a
    later clause about something else: 两天就到，宝宝肯定接得上), in a sentence with no hedge or forecast
    (预计, "their estimate", 不敢保证) and no callback (我保证三点给您回电 is a commitment of one's own)."""
    pieces = short_clauses(text)
    for t in times:
        if time_with.get(t.quote):
            continue
        sentence = whole_sentence(text, t.quote)
        if _HEDGE.search(sentence) or _FORECAST.search(sentence) or _cues.callback(sentence, lang):
            continue
        at = next((i for i, p in enumerate(pieces) if squash(t.quote) in squash(p.text)), -1)
        near = [p.text for p in pieces[max(0, at - 1) : at + 1]] if at >= 0 else [sentence]
        if any(_GUARANTEE.search(part) for part in near):
            return sentence
    return ""


def unhedged(text: str, lang: str) -> str:
    """``text`` without the clauses that hedge (an estimate, 一般, "their best estimate", 不敢保证):
    what could still be heard as a guarantee."""
    joiner = "，" if lang == "zh" else ". "
    pieces = short_clauses(text)
    hedged = {i for i, p in enumerate(pieces) if _FORECAST.search(p.text) or _HEDGE.search(p.text)}
    for i in sorted(hedged):
        # "…Thursday about six. That's an estimate, not a promise.": the hedge points back at the sentence before
        if i and _POINTS_BACK.search(pieces[i].text):
            before = whole_sentence(text, pieces[i - 1].text)
            hedged |= {j for j, p in enumerate(pieces[:i]) if p.text in before}
    return joiner.join(p.text for i, p in enumerate(pieces) if i not in hedged)


# 这是预计的, 这只是估计, "that's an estimate", "this isn't a promise": a hedge of what was just said
_POINTS_BACK = re.compile(
    r"^\s*(?:这|那|这个|那个)(?:只)?(?:是|不是|都是|也是)|^\s*(?:that|this|it)(?:'s| is| isn'?t)\b", re.I
)


def _main_clause_past(clause: str, pieces: Sequence[u.Span], lang: str) -> bool:
    """Whether ``clause`` is an "after …" clause (恢复分拣后, 修好以后) whose main clause, the next one,
    reports the past."""
    if lang != "zh" or not re.search(r"(后|以后|之后)", clause):
        return False
    if _cues.tense(re.sub(r"(过后|以后|之后|后)", "", clause), lang) == u.FUTURE:
        return False  # a future of its own besides the "after" (修好以后会…)
    at = next((i for i, p in enumerate(pieces) if p.text == clause), -1)
    return 0 <= at < len(pieces) - 1 and _cues.tense(pieces[at + 1].text, lang) == u.PAST


def _part_tense(clause: str, quote: str, lang: str) -> str:
    """The tense of the part of ``clause`` that holds ``quote`` ("" when the clause joins nothing, or
    the part says neither)."""
    at = clause.find(quote)
    joins = list(_cues.JOIN["zh" if lang == "zh" else "en"].finditer(clause))
    if at < 0 or not joins:
        return ""
    start = max((m.end() for m in joins if m.end() <= at), default=0)
    end = min((m.start() for m in joins if m.start() >= at + len(quote)), default=len(clause))
    part = clause[start:end]
    return u.FUTURE if _FORECAST.search(part) else _cues.tense(part, lang)


def _tense_of(quote: str, pieces: Sequence[u.Span], lang: str) -> str:
    """The tense of the clause holding ``quote`` ("" when it says neither or is not found)."""
    clause = clause_of(quote, pieces)
    return _cues.tense(clause, lang) if clause else ""


def is_estimate(clause: str, lang: str) -> bool:
    """Whether ``clause`` gives a time still to come ("Estimated fix Thursday 6 pm"): an estimate, not an
    explanation."""
    found = stated_times(clause, lang)
    if not found or _RECORD.search(clause):
        return False
    if all(_part_tense(clause, t.quote, lang) == u.PAST or _since(clause, t.quote) for t in found):
        return False  # "the cabinet was damaged on Monday and engineers will be on it" explains
    return bool(_FORECAST.search(clause)) or _cues.tense(clause, lang) == u.FUTURE


def _since(text: str, quote: str) -> bool:
    """Whether ``quote`` says when something started ("down since Tuesday")."""
    at = text.find(quote)
    return bool(re.match(r"(?i)since\b", quote)) or (
        at >= 0 and bool(re.search(r"(?i)\bsince\s*$", text[:at]))
    )


_FORECAST = re.compile(
    r"预计|估计|预估|一般|通常|正常情况下|按以往|\b(?:estimated?|expected|scheduled|due|eta|usually|normally|typically)\b|"
    # "the engineers' best guess is Thursday", "they reckon about six": a forecast in everyday words
    r"\b(?:best |rough |educated )?guess\b|\breckons?\b",
    re.IGNORECASE,
)
