"""Text helpers shared by the scorers and the role-play triggers: normalising, tokens, phrase search.

Public API (kept stable): :func:`normalize`, :func:`detect_lang`, :func:`tokens`, :func:`char_ngrams`,
:func:`canonical`, :func:`split_sentences`, :func:`find_phrase`, :func:`is_negated`,
:func:`detect_injection` and :func:`strip_injection`. Everything here is deterministic and offline.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import unicodedata

import jieba


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Near-synonyms of the customer-service domain; every word maps to the first word of its group.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("道歉", "致歉", "抱歉", "歉意", "赔礼", "对不起", "不好意思"),
    ("退款", "退钱", "退费", "返还", "退还"),
    ("补偿", "赔偿", "赔付", "弥补", "补贴"),
    ("跟进", "回访", "追踪", "跟踪", "随访"),
    ("安抚", "抚慰", "宽慰", "平复"),
    ("理解", "体谅", "共情", "同理"),
    ("倾听", "聆听", "听取"),
    ("核实", "核对", "确认", "核查", "查证"),
    ("解决", "处理", "解决方案"),
    ("投诉", "抱怨", "申诉"),
    ("客户", "顾客", "用户", "消费者"),
    ("快递", "包裹", "物流"),
    ("延误", "延迟", "耽误", "晚到"),
    ("反馈", "回复", "答复", "告知"),
    ("升级", "上报", "转交"),
    ("换货", "更换", "调换"),
    ("推诿", "推卸", "推脱", "踢皮球"),
    ("apologize", "apologise", "apology", "sorry", "regret"),
    ("refund", "reimburse", "reimbursement", "repay"),
    ("compensate", "compensation", "voucher", "credit"),
    ("follow", "followup", "check"),
    ("customer", "client", "caller", "user"),
    ("verify", "confirm", "check"),
    ("delay", "late", "delayed"),
    ("escalate", "escalation", "supervisor"),
    ("empathy", "empathize", "understand", "understanding"),
)

STOP_ZH = _words(
    "的 了 和 与 及 或 是 在 也 就 都 而 又 把 被 让 给 对 向 从 到 于 以 为 之 其 这 那 这个 那个 这些 那些 "
    "一个 一些 有 有些 我 你 他 她 它 我们 你们 他们 您 自己 会 能 可以 要 将 还 并 但 但是 如果 因为 所以 "
    "然后 以及 等 等等 个 些 上 下 中 里 吗 呢 吧 啊 呀 哦 嗯 着 过 得 地 很 非常 比较 更 最 没 不 也是 "
    "就是 还是 所有 每 各 该 此 即 则 如 若 由 通过 进行 一下 一定 什么 怎么 如何 哪些 哪 多少 "
    "不会 没有 不要 不能 不是 而是 并且 后 前 时"
)
STOP_EN = _words(
    "a an the and or but if then so of to in on at by for with from as is are was were be been being am "
    "it its this that these those i you he she we they me him her us them my your our their his "
    "do does did have has had will would can could shall should may might must not no yes "
    "there here what which who whom how why when where all any each some such than too very just also "
    "into about over after before up down out off again further once only own same other more most"
)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD_EN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_KEEP = re.compile(r"[\w\u3400-\u9fff]")
_SENT_END = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
_SENT_END_EN = re.compile(r"(?<=[.!?])\s+")


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for word in ("推诿", "回访", "致歉", "退钱", "踢皮球", "工单", "话术", "客诉", "安抚"):
        tok.add_word(word, freq=20000)
    return tok


_SPACES = re.compile(r"\s+")


# A thousands separator (3,280 元, 4,800) is part of its number.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


# British -ise/-yse spellings of the words candidates use, folded letter for letter to the -ize/-yze form
# (apologise → apologize, authorisation → authorization, analysed → analyzed): the same word either way.
_BRITISH_S = re.compile(
    r"\b(apologi|authori|organi|reali|recogni|prioriti|summari|finali|personali|customi|minimi|maximi|"
    r"speciali|standardi|utili|categori|critici|familiari|optimi|sympathi|empathi|emphasi|itemi|penali|"
    r"stabili|legali|memori|visuali|normali|centrali|characteri|anonymi|digiti|synchroni|computeri|"
    r"energi|mobili|formali|harmoni|moderni|sanitari|subsidi|jeopardi|scrutini|anal[yi]|paraly|cataly)"
    r"s(e|ed|es|ing|ation|ations|er|ers)\b"
)


def _american(m: re.Match[str]) -> str:
    return m.group(1) + "z" + m.group(2)


def normalize(text: str) -> str:
    """Fold full-width forms and case (NFKC + casefold), join thousands separators (3,280 → 3280),
    collapse runs of white space and fold British -ise spellings to -ize (apologise → apologize)."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    folded = _SPACES.sub(" ", _THOUSANDS.sub("", folded) if "," in folded else folded).strip()
    return _BRITISH_S.sub(_american, folded) if "s" in folded else folded


_LATIN = re.compile(r"[A-Za-z]")


def _letters(text: str) -> tuple[int, int]:
    """How many Chinese characters and how many Latin letters ``text`` has."""
    return len(_CJK.findall(text)), len(_LATIN.findall(text))


@functools.lru_cache(maxsize=4096)  # a rubric's phrases, looked for in every answer
def _phrase_letters(phrase: str) -> tuple[int, int]:
    return _letters(phrase)


def _lang_of(cjk: int, latin: int) -> str:
    letters = cjk + latin
    return "zh" if letters and cjk * 10 >= letters else "en"


def detect_lang(text: str) -> str:
    """ "zh" when Chinese characters make up a tenth or more of the letters, else "en"."""
    return _lang_of(*_letters(text))


def _stem_en(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + keep
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


_CANON: dict[str, str] = {}
for _group in SYNONYM_GROUPS:
    for _word in _group:
        _CANON.setdefault(_word, _group[0])
        _CANON.setdefault(_stem_en(_word), _group[0])


def canonical(token: str) -> str:
    """The head word of ``token``'s near-synonym group (``抱歉`` → ``道歉``), or ``token`` itself."""
    return _CANON.get(token, token)


@functools.lru_cache(maxsize=4096)
def _tokens_cached(text: str, lang: str, keep_stop: bool) -> tuple[str, ...]:
    norm = normalize(text)
    out: list[str] = []
    if lang == "zh":
        for tok in _tokenizer().lcut(norm):
            tok = tok.strip()
            if not tok or not _KEEP.search(tok):
                continue
            if tok.isascii():
                tok = _stem_en(tok)
            if keep_stop or (tok not in STOP_ZH and tok not in STOP_EN):
                out.append(tok)
    else:
        for tok in _WORD_EN.findall(norm):
            tok = tok.replace("'", "")
            if keep_stop or tok not in STOP_EN:
                out.append(_stem_en(tok))
    return tuple(out)


def tokens(text: str, lang: str | None = None, keep_stop: bool = False) -> list[str]:
    """Content words of ``text``: jieba words for Chinese, lower-cased stemmed words for English.

    Punctuation and (unless ``keep_stop``) stop words are dropped. ``lang`` is guessed when None.
    """
    return list(_tokens_cached(text or "", lang or detect_lang(text or ""), keep_stop))


_NEG_HINT = re.compile(
    r"[不没无未别勿莫非免绝拒禁防忌]|\b(not|no|never|without|avoid\w*|refus\w*|stop|nor|cannot)\b|n't"
)


def marked_tokens(text: str, lang: str | None = None) -> list[str]:
    """Canonical content tokens of ``text``; a token said under negation comes back as ``"¬" + token``.

    "我们不会推诿" gives ``["¬推诿"]`` and "我们推诿" gives ``["推诿"]``, so negated and plain mentions
    never count as the same point.
    """
    lang = lang or detect_lang(text or "")
    norm = normalize(text or "")
    if not _NEG_HINT.search(norm):
        return [canonical(t) for t in _tokens_cached(norm, lang, False)]
    out: list[str] = []
    for clause in _CLAUSE_BREAK.split(norm):
        if not clause.strip():
            continue
        if not _NEG_HINT.search(clause):
            out.extend(canonical(t) for t in _tokens_cached(clause, lang, False))
            continue
        pos = 0
        for tok in _tokens_cached(clause, lang, True):
            at = clause.find(tok, pos)
            at = pos if at < 0 else at
            pos = at + len(tok)
            if tok in STOP_ZH or tok in STOP_EN or not _KEEP.search(tok):
                continue
            word = canonical(tok)
            out.append("¬" + word if is_negated(clause, at, lang) else word)
    return out


def word_weight(token: str) -> float:
    """How informative a word is, 0..1: rare words (by the segmenter's frequency dictionary) weigh more."""
    tok = _tokenizer()
    total = tok.total or 1
    return math.log(total / (tok.FREQ.get(token.lstrip("¬"), 0) + 1)) / _log(total)


@functools.lru_cache(maxsize=4)  # the dictionary's total, the same for every word
def _log(total: float) -> float:
    return math.log(total)


def char_ngrams(text: str, n: int) -> list[str]:
    """Character n-grams of the normalised text, punctuation and spaces removed."""
    chars = "".join(_KEEP.findall(normalize(text)))  # the characters _KEEP keeps, in order
    if len(chars) < n:
        return [chars] if chars else []
    return [chars[i : i + n] for i in range(len(chars) - n + 1)]


def split_sentences(text: str) -> list[str]:
    """Verbatim sentences of ``text`` (split after 。！？!?；; and line breaks), stripped, never empty."""
    out: list[str] = []
    for m in _SENT_END.finditer(text or ""):
        for part in _SENT_END_EN.split(m.group(0)):
            part = part.strip()
            if part:
                out.append(part)
    return out


# --- negation -----------------------------------------------------------------------------------

_NEG_ZH = (
    "不",
    "没",
    "无",
    "未",
    "别",
    "勿",
    "莫",
    "非",
    "杜绝",
    "避免",
    "拒绝",
    "禁止",
    "防止",
    "切忌",
    "绝不",
    "并非",
)
# Words that start like a negation but are not one; removed from the window before looking.
_NOT_NEG_ZH = (
    "无门槛",
    "不仅",
    "不但",
    "不断",
    "不少",
    "不错",
    "不过",
    "不管",
    "不论",
    "无论",
    "非常",
    "不得不",
    "不好意思",
    "无误",
    "不久",
    "毫不犹豫",
    "无微不至",
    "未来",
    "不满",
    "不便",
    "不快",
    "不适",
    "对不起",
    "对不住",
)
_NEG_EN = _words(
    "not no never without avoid avoids refuse refuses stop n't nor cannot unable won't don't "
    "doesn't didn't isn't aren't wasn't shouldn't wouldn't can't couldn't"
)
_CLAUSE_BREAK = re.compile(r"[，,。.！!？?；;：:\n、]")
# A contrast ends a negation's scope, and so does what follows from a negated condition: "不会用就去窗口办"
# negates 用, not 窗口 (就 as a connective, not in 就医, 就业, 成就).
_NEG_SCOPE_END = re.compile(
    r"但是|但|而是|然而|可是|只是|然后|于是|所以|(?<![成造迁将高])就(?![医业诊职读近餐座位算是此])"
)


def is_negated(text: str, start: int, lang: str | None = None) -> bool:
    """Whether the phrase starting at ``text[start]`` is negated within its own clause.

    Chinese looks at up to six characters before it ("不会推诿", "没有任何推诿", "避免推诿"); English at up to
    four words before it ("won't blame", "never ever blame", "without blaming"), five when a verb's object
    is negated with it ("not able to provide a copy").
    """
    before = text[:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    lang = lang or detect_lang(text)
    if lang == "zh" or _CJK.search(clause[-6:] or " "):
        window = _NEG_SCOPE_END.split(clause)[-1][-6:]
        for word in _NOT_NEG_ZH:
            window = window.replace(word, "　" * len(word))
        if any(neg in window for neg in _NEG_ZH):
            return True
    words = re.findall(r"[a-z]+(?:'[a-z]+)?|n't", normalize(clause).replace("’", "'"))[-5:]
    if "only" in words[-1:]:  # "not only ..." adds, it does not negate
        return False
    if any(w in _NEG_EN or w.endswith("n't") for w in words[-4:]):
        return True
    # "not able to provide a copy": the fifth word back negates when an article opens the phrase's object
    return (
        len(words) == 5
        and words[-1] in ("a", "an", "the", "any")
        and (words[0] in _NEG_EN or words[0].endswith("n't"))
    )


@functools.lru_cache(maxsize=4096)
def _variants(phrase: str) -> tuple[str, ...]:
    norm = normalize(phrase)
    out = [norm]
    for group in SYNONYM_GROUPS:
        for word in group:
            if word in norm:
                out.extend(norm.replace(word, other) for other in group if other != word)
    return tuple(dict.fromkeys(v for v in out if v))


@functools.lru_cache(maxsize=512)  # scoring asks for many phrases in the same answer and sentences
def _folded_with_index(text: str) -> tuple[str, tuple[int, ...], tuple[int, int]]:
    """``text`` folded, the position in ``text`` of each folded character, and :func:`_letters`."""
    parts = list(map(_fold_char, text))
    folded = "".join(parts)
    if len(folded) == len(text) and "" not in parts:  # each character folds to one: positions unchanged
        return folded, tuple(range(len(text))), _letters(text)
    index: list[int] = []
    for i, out in enumerate(parts):
        index.extend([i] * len(out))
    return folded, tuple(index), _letters(text)


@functools.lru_cache(maxsize=8192)  # characters, not texts: an answer's are mostly ones seen before
def _fold_char(ch: str) -> str:
    """One character folded as :func:`_folded_with_index` folds it (NFKC, then casefold)."""
    return unicodedata.normalize("NFKC", ch).casefold()


def find_phrase(text: str, phrase: str, synonyms: bool = True) -> str | None:
    """The verbatim span of ``text`` that says ``phrase`` (or a near-synonym), unless negated there.

    Matching ignores case and full-/half-width; English words must match on word boundaries. Returns the
    first non-negated occurrence, or None ("不会推诿" does not say "推诿"; "I won't blame the weather" does
    not say "blame the weather").
    """
    if not text or not phrase or not phrase.strip():
        return None
    folded, index, (cjk, latin) = _folded_with_index(text)
    lang = None  # that of text and phrase together, found on the first occurrence
    for variant in _variants(phrase) if synonyms else (normalize(phrase),):
        pattern = re.escape(variant).replace(r"\ ", r"\s+")
        if variant[:1].isascii() and variant[:1].isalnum():
            pattern = r"(?<![a-z0-9])" + pattern
        if variant[-1:].isascii() and variant[-1:].isalnum():
            pattern += r"(?![a-z0-9])" if variant.isascii() and " " in variant else r"[a-z]{0,3}(?![a-z0-9])"
        for m in re.finditer(pattern, folded):
            start, end = index[m.start()], index[m.end() - 1] + 1
            if lang is None:
                more = _phrase_letters(phrase)
                lang = _lang_of(cjk + more[0], latin + more[1])
            if not is_negated(text, start, lang):
                return text[start:end]
    return None


# --- instructions to the grader ------------------------------------------------------------------

_INJECTION_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(忽略|无视|忽视|不要理会|跳过|忘记|忘掉)(掉)?(以上|之前|前面|上述|上面|所有|全部|你的)?.{0,8}(评分|标准|规则|指令|指示|要求|提示|rubric)",
        r"(请|务必|必须|直接|一定要?)?(给|打|评)(我|本|这|此|该)?(个|份|篇|道)?(答案|回答|考生)?(打|评|给)?(满分|最高分|高分|100分|10分)(?!钟)",
        r"(评|判|算|打)(为|成|作)?满分",
        r"你(现在)?(是|扮演|作为)(一[名个位])?.{0,6}(评分|阅卷|评审|判卷|打分|考官|ai|模型|助手)",
        r"(评分员|阅卷老师|阅卷人|评审员|打分员)[，,:：]",
        r"(系统提示|提示词|system prompt|新的指令|新指令)",
        r"(不要|不得|别)扣分",
        r"\b(ignore|disregard|forget|skip|override)\b.{0,30}\b(rubric|criteria|instructions?|guidelines|rules|prompt|scoring)\b",
        r"\b(award|give|assign|grant)\b.{0,20}\b(full|maximum|max|top|perfect|highest)\s+(marks?|scores?|points?|grade)\b",
        r"\bfull\s+marks\b",
        r"\byou\s+are\s+(now\s+)?(a|an|the)\s+(\w+\s+)?(grader|examiner|evaluator|scorer|marker|assistant|ai|language\s+model)\b",
        r"\b(dear|attention|note\s+to\s+the)\s+(grader|examiner|evaluator|marker)\b",
        r"\b(score|grade|mark|rate)\s+(this|me|my\s+answer)\s+(as\s+|with\s+|a\s+)?(10|100|full|perfect|maximum)\b",
        # a note addressed to an automatic grader, in any phrasing
        r"\b(note|message|instructions?|reminder|memo)\s+(for|to)\s+(the\s+)?(ai|llm|automated|automatic|model|grading|scoring)?\s*(grader|evaluator|examiner|marker|scorer|reviewer|model|assistant|system)\b",
        r"\b(ai|llm|automated|automatic)\s+(grader|evaluator|examiner|marker|scorer|reviewer|grading|scoring)\b",
        r"\b(output|return|respond\s+with|print|reply\s+with|give|assign|award|score)\b.{0,24}\b\d{1,3}\s*(/|out\s+of)\s*\d{1,3}\b",
        r"\b(this|the|my)\s+(reply|answer|response)\s+(follows|meets|matches|satisfies)\s+(the\s+)?(rubric|criteria|scoring)",
        r"\[\s*(system|sys|admin|grader|evaluator|instruction|inst)\s*\]|<\s*/?\s*(system|sys|inst)\s*>|^\s*(system|assistant)\s*:",
        r"\b(reviewer|examiner|grader|evaluator|marker)('s)?\s+(comment|note|remark|verdict|feedback)\s*[:：]",
        r"(评审|评分|阅卷|审核|考官|评委|评卷)(人|员|老师|专家)?(意见|备注|批注|点评|评语|结论|注)\s*[:：]",
        r"(给|打|评|输出|判)(出)?\s*\d{1,3}\s*(/|分之)\s*\d{1,3}|满分\s*\d{1,3}\s*分?\s*[/／]|\d{1,3}\s*/\s*\d{1,3}\s*分",
        r"(ai|人工智能|大模型|模型|机器|自动)(评分|阅卷|评审|判卷|打分)(员|者|系统|老师|助手)?[，,:：]?.{0,12}(请|应|应该|务必|必须|直接|给|打|评|注意)",
        r"(本|此|该)(回答|答案|回复)(完全)?(符合|满足|达到)(了)?(所有|全部)?(评分)?(标准|要求|细则)",
        r"(请|务必|必须|直接)?(输出|返回)(满分|最高分|\d{1,3}\s*分)",
        r"(给|致|对|写给)(评分|阅卷|打分|判卷|评审)(模型|系统|程序|ai|助手|老师|员|人)的?(说明|提示|指令|备注|话)",
        r"(阅卷|评分|判卷|评审|批改|打分)(组长|老师|员|人|专家)?(说明|意见|备注|提示|结论|批注|审阅)",
        # 审核 / 复核 / 质检 are also steps of the case itself (理赔专员复核，3 个工作日出复核结论): only the
        # reviewer as a person, or such a note as a heading, addresses the grader
        r"(审核|复核|质检)(组长|老师|员|人|专家)(说明|意见|备注|提示|结论|批注|审阅)|"
        r"^\s*(审核|复核|质检)(说明|意见|备注|提示|结论|批注|审阅)\s*[:：]",
        r"请?给\s*(我|本题|这题|此题|本答案|这个答案)?\s*\d{1,3}\s*分(?!钟|好评|之)",
        r"(判定|评定|认定|判|评|记)(为|成)?\s*满分",
        r"[（(【\[]\s*(系统|system|sys)\s*[:：]",
        r"(系统|system)\s*(消息|提示|通知|message|note)\s*[:：]",
        r"(得分|评分|分数|score)\s*[:：]?\s*\d{1,3}\s*/\s*\d{1,3}",
        r"<\s*/?\s*(评分|打分|分数|score|grade|rating)\s*>",
        r"(各项|全部|所有)(都)?(满分|最高分)",
        r"(提示|告知|通知|提醒|请)(评分|阅卷|打分|判卷|评审)(程序|系统|模型|ai|助手|老师|员|人)",
        r"(本|此|该|这个?)(回答|答案|回复)(已经?)?(覆盖|涵盖|包含)了?(全部|所有)(要点|得分点|评分点)",
        r"(输出|返回|打出|给出|评为|判为)\s*[a-z_]+\s*[=:：]\s*\d",
        r"\b(output|return|give|assign|score)\b\s*[:：]?\s*[a-z_]+\s*[=:]\s*\d+\s*,\s*[a-z_]+\s*[=:]\s*\d",
    )
]
_CLAUSE = re.compile(r"(?:[^，,。！？!?；;\n.]|\.(?!\s|$))+[，,。！？!?；;.]*")


@functools.lru_cache(maxsize=1024)  # the engines and the cross-check both ask for the same answer
def _injection_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for m in _CLAUSE.finditer(text or ""):
        clause = normalize(m.group(0))
        # one pattern at a time: each skips ahead to where it can start, which one alternation of all
        # of them cannot (it is twice as slow)
        if any(p.search(clause) for p in _INJECTION_PATTERNS):
            spans.append((m.start(), m.end()))
    return tuple(spans)


def detect_injection(text: str) -> list[str]:
    """Verbatim clauses of ``text`` that address the grader (忽略以上评分标准, 请给满分, ignore the rubric…)."""
    return [text[s:e].strip() for s, e in _injection_spans(text)]


def strip_injection(text: str) -> str:
    """``text`` with every clause found by :func:`detect_injection` removed."""
    spans = _injection_spans(text)
    if not spans:
        return text
    out, last = [], 0
    for s, e in spans:
        out.append(text[last:s])
        last = e
    out.append(text[last:])
    return "".join(out).strip()
