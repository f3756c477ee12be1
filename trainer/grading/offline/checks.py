"""Answers that must not earn points: bare keyword lists and the question copied back.

A formula or identifier ("(2n+1)/3", "O(n)", "p->next") is a statement of a result, not a keyword: it is
never cut at its operators and counts as a sentence; an answer that restates the question but adds a
formula or number of its own is not a copy of the question.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from trainer.grading.offline.prepare import Doc
from trainer.grading.offline.terms import key_terms

# List separators; "/" and "-" only when they do not join two parts of a formula ("n/2", "n-1").
_FRAGMENT_SPLIT = re.compile(r"[\s,，、;；|·•—]+|(?<![\w)）])[/\-]+|[/\-]+(?![\w(（])|[。.!！?？]+")
_DATA_ITEM = re.compile(r"[\d.{}\[\]()（）]+|[A-Za-z][.:：]?|e\.g\.?")
_OPERATOR = re.compile(r"[+\-/^=<>()]")
_FRAGMENT_SPLIT_EN = re.compile(r"\s*(?:[,;/|·•\n]|\s[-—]\s|[.!?](?=\s|$))\s*")
# Words that make a clause a sentence rather than a term: verbs, connectives, modal words.
_SENTENCE_MARKERS_ZH = re.compile(
    r"[会要将应能让把被给向对先再然并如因所但而则就可请帮是了过着的按]|首先|然后|同时|之后|如果|因为|所以|"
    r"可以|需要|应该|告诉|解释|说明|表示|确认|联系|提供|为您|帮您"
)
_PERSON_ZH = re.compile(r"[您你]")
# A terse judgement is a statement, not a term: "3 号是外部因素", "定紧急", "属于沟通误解"; so is a note on a
# numbered item of the case ("3号胰岛素", "4号同一支付故障") and an order of items ("3→1", "2 > 5").
_JUDGEMENT_ZH = re.compile(
    r"^\s*(?:定为?|属于|算|列为|归为|判断为)\S|\d+\s*号\s*\S*(?:是|属|定|算|为)|^\s*\d+\s*号\s*[\u4e00-\u9fff]{2}|"
    r"\d\s*(?:→|->|＞|>)\s*\d"
)
_SENTENCE_MARKERS_EN = re.compile(
    r"\b(i|we|you|he|she|they|it|is|are|was|were|will|would|should|can|could|must|then|because|so|"
    r"if|when|and then|first|after|before|to|by|the)\b",
    re.IGNORECASE,
)


# A space between Chinese and a number is typesetting, not a list separator: "最长约 45 个工作日",
# "8,600 元是您刷的吗" (a Latin word keeps its spaces: "挂失 CVV 验证码" stays three terms).
_TYPESET_SPACE = re.compile(
    r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=\d)|(?<=[\d%])[ \t\u3000]+(?=[\u4e00-\u9fff])"
)
# A short Chinese clause that asks, negates, urges or says what follows is speech, not a term: "卡在身边吗",
# "与骑手无关", "谁要都别给", "核对完再删", "不是就立刻冻结", "请报警留回执".
_CLAUSE_MARKERS_ZH = re.compile(r"[吗吧呢]|[不没别无未勿].|[就再先才已请]|马上|立刻|立即|现在")


def _is_prose(text: str) -> bool:
    """A text punctuated as prose, its sentences ended (a run of terms set apart by spaces, "不用重讲 流程问题
    30天内 回电时间", ends none)."""
    return len(re.findall(r"[。！？!?]", text or "")) >= 2


def fragments(text: str, lang: str = "zh") -> list[str]:
    """The pieces of ``text`` between list separators (commas, 、, slashes, full stops; spaces in Chinese,
    except, in prose, those that only set a number apart)."""
    if lang == "zh":
        if _is_prose(text):
            text = _TYPESET_SPACE.sub("", text)
        return [f for f in _FRAGMENT_SPLIT.split(text or "") if f.strip()]
    return [f for f in _FRAGMENT_SPLIT_EN.split(text or "") if f.strip()]


def _is_formula(fragment: str) -> bool:
    return any(_OPERATOR.search(t) for t in key_terms(fragment))


def is_keyword_list(text: str, lang: str, reference_is_list: bool) -> bool:
    """True for a bare run of terms: five or more short fragments, hardly any of them a sentence.

    When the reference answer is itself a list of short items, a list is the expected form and is never
    flagged.
    """
    if reference_is_list:
        return False
    # Bare numbers and single letters (an example's data, list numbering) are neither terms nor sentences.
    frags = [f for f in fragments(text, lang) if not _DATA_ITEM.fullmatch(f.strip())]
    if len(frags) < 5:
        return False
    if lang == "zh":
        short = [f for f in frags if len(f) <= 6]
        prose = _is_prose(text)  # terse clauses count as speech only there
        # A clause addressed to someone ("我给您退", "您看可以吗") is speech, not a term.
        sentences = [
            f
            for f in frags
            if (len(f) > 8 and _SENTENCE_MARKERS_ZH.search(f))
            or _is_formula(f)
            or (len(f) >= 4 and _PERSON_ZH.search(f))
            or _JUDGEMENT_ZH.search(f)
            or (prose and len(f) >= 5 and _CLAUSE_MARKERS_ZH.search(f))
        ]
    else:
        short = [f for f in frags if len(f.split()) <= 2]
        sentences = [
            f for f in frags if (len(f.split()) > 4 and _SENTENCE_MARKERS_EN.search(f)) or _is_formula(f)
        ]
    return len(short) >= 0.75 * len(frags) and len(sentences) <= max(1, len(frags) // 8)


def is_copied_question(answer: Doc, question: Doc | None) -> bool:
    """True when nearly all of the answer is the question's own text (80 % of its bigrams and words) and it
    adds no formula, identifier or number of its own."""
    if question is None or question.empty or answer.empty:
        return False
    if key_terms(answer.text) - key_terms(question.text):
        return False
    grams = len(answer.grams & question.grams) / max(1, len(answer.grams))
    toks = len(answer.toks & question.toks) / max(1, len(answer.toks))
    new_toks = len(answer.toks - question.toks)
    return grams >= 0.8 and toks >= 0.75 and new_toks <= 3


def is_word_run(text: str, lang: str) -> bool:
    """True for English words strung together with no sentence: "empathy apologize ownership tracking
    refund …" (six or more words, almost none of them function words, no code or formula characters).
    Chinese keyword runs are split at their spaces by :func:`is_keyword_list`."""
    from trainer.grading.text import STOP_EN

    if lang != "en" or re.search(r"[(){}\[\]=;<>+*/^]", text):
        return False
    words = re.findall(r"[A-Za-z']+", text)
    if len(words) < 6:
        return False
    stops = [w for w in words if w.casefold() in STOP_EN]
    if len(words) >= 10 and not re.search(r"[.,;:!?]", text):  # no punctuation at all: a run of terms
        return len(stops) <= len(words) // 5
    return len(stops) <= len(words) // 12


def copied_share(answer: Doc, source: Doc) -> float:
    """How much of the answer's bigrams are the source's (0..1)."""
    return len(answer.grams & source.grams) / max(1, len(answer.grams))


@functools.lru_cache(maxsize=512)  # the question and reference texts come back for every answer
def _quads(text: str) -> frozenset[str]:
    from trainer.grading.text import char_ngrams

    return frozenset(char_ngrams(text, 4))


def is_copied_text(answer: str, source: str, lang: str, whole: float = 0.6) -> bool:
    """True when the answer is a near-verbatim copy of ``source`` (the reference answer, or the question
    with its background): nine in ten of its four-character runs come from it and it repeats at least
    ``whole`` of it (any part of the question copied back is no answer: pass a small ``whole``)."""
    if not source or len(answer) < 20:
        return False
    a, s = _quads(answer), _quads(source)
    if not a or not s:
        return False
    inside = len(a & s)
    return inside >= 0.9 * len(a) and inside >= whole * len(s)


def is_padding(sentences: list[str], relevance: Callable[[], list[bool]] | None) -> bool:
    """True when an answer is mostly filler: the same sentence over and over, or a long text in which
    most sentences say nothing any criterion asks for (``relevance``: per sentence, asked only then)."""
    if len(sentences) < 4:
        return False
    # Only sentences with some words count (code has many "{" and "}" lines).
    norm = [n for n in (re.sub(r"\W", "", s).casefold() for s in sentences) if len(n) > 3]
    repeated = len(norm) - len(set(norm))
    if len(norm) >= 4 and repeated * 3 >= len(norm):
        return True
    chars = sum(len(s) for s in sentences)
    if chars < 300 or relevance is None:
        return False
    filler = sum(len(s) for s, r in zip(sentences, relevance(), strict=True) if not r)
    return chars >= 300 and filler >= 0.7 * chars


def is_long(text: str, lang: str) -> bool:
    """Long enough that saying almost nothing of what is asked is filler, not a short miss."""
    if lang == "zh":
        return len(re.sub(r"\W", "", text)) >= 200
    return len(re.findall(r"[A-Za-z']+", text)) >= 60


# Stock phrases of empty service talk: many of them and little else is filler, however polite.
_BOILERPLATE = re.compile(
    r"高度重视|秉承|一如既往|竭诚|宗旨|始终坚持|始终把|全心全意|急客户之所急|想客户之所想|客户至上|客户是上帝|"
    r"优质(高效|便捷)?的?服务|感谢您?(对我们)?的(理解|支持|信任)|不断提升|让客户满意|让公司放心|致力于|"
    r"贡献力量|以人民为中心|依法依规|相关规定|相关流程|最大的追求|放在第一位|严格遵守|建立健全|切实保障|"
    r"完善的[^，。]{0,8}(体系|制度)|请您放心使用|专业、可靠|期待[^，。]{0,6}合作|诚信为本|客户第一|"
    r"以[^，。]{1,5}为中心|辩证统一|相辅相成|缺一不可|有机统一|再上新台阶|改进工作的动力|身体健康！|持续优化|合法权益|本着[^，。]{0,6}态度|积极妥善|敬请谅解|一直以来的(信任|支持)|每一条反馈|"
    r"\b(we truly value|customer satisfaction is our top priority|at the heart of everything|deeply committed|"
    r"committed to providing|valued customers?|look forward to continuing|best possible experience|"
    r"thank you (again )?for (reaching out|your patience|your understanding)|at the heart of|"
    r"industry-leading|your trust means|exceed expectations|lasting relationships|exceptional experiences?|"
    r"putting the customer first|happy customers|strive to|part of our community|continuously invest|"
    r"privacy and security of all)\b",
    re.IGNORECASE,
)


def boilerplate(text: str) -> tuple[int, float]:
    """How many stock phrases of empty service talk the answer uses, and the share of its clauses that
    hold one."""
    found = len(_BOILERPLATE.findall(text or ""))
    clauses = [c for c in re.split(r"[，,。.！!？?；;\n]", text or "") if c.strip()]
    # a clause holds a stock phrase only where the whole text holds one
    held = sum(1 for c in clauses if _BOILERPLATE.search(c)) if found else 0
    return found, held / len(clauses) if clauses else 0.0
