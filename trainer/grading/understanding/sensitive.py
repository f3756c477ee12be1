"""Sensitive data asked for in other words: a cardholder asked to read out "卡背面那几位数" is asked for the
CVV, "the code we just texted you" is the SMS code, "登录的那个口令" a password.

:func:`kinds_named` tells which kinds of sensitive data a text names, by the term or by a description of
it; :func:`asks_for` tells which kinds a sentence asks the customer to give ("麻烦您念给我", "报一下",
"read me", "tell me"), not when it refuses, warns or says it will never ask.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from trainer.grading import text as _text

CVV, SMS_CODE, PASSWORD = "cvv", "sms_code", "password"

_DIGITS = r"(?:三|3|几|那几|那三)"
KINDS: Final[dict[str, re.Pattern[str]]] = {
    CVV: re.compile(
        r"cvv2?|cvc|安全码|背面(?:的|上)?(?:那)?" + _DIGITS + r"(?:位|个)(?:数字?|码)?"
        r"|卡背(?:面|后)?(?:的|上)?(?:那)?(?:" + _DIGITS + r"(?:位|个))?(?:数字?|码)"
        r"|(?:反面|背面|背后|签名(?:栏|条))[^，。,.]{0,8}?(?:那串|那几位|那三位|三位|3位|几位)(?:数字?|码)?"
        r"|\b(?:three|3)[- ]digits? (?:on|at|from) the back|\bsecurity code\b|\b(?:code|numbers?|digits) "
        r"(?:on|at|from) the back",
        re.IGNORECASE,
    ),
    SMS_CODE: re.compile(
        r"验证码|动态码|校验码|短信(?:里|上)?(?:的)?(?:那串|那个|那几位|几位|六位|6位)(?:数字|码)?"
        r"|(?:手机|短信)(?:上|里)?(?:刚刚?|刚才)?收到的(?:那串|那个|那几位|几位|六位|6位)?(?:数字|码)"
        r"|刚(?:刚|才)?收到的(?:那串|那几位|六位|6位)(?:数字|码)?"
        # 系统给您发了一条短信，您把里面那六位数字念给我: the digits of the text named in the sentence
        r"|短信[^。！？!?]{0,20}?(?:里面|里头|上面|上头)(?:的)?(?:那)?(?:串|几位|六位|6位)(?:数字|码)"
        r"|\b(?:verification|one[- ]time|otp|sms|text|confirmation) (?:code|passcode|pin)"
        r"|\bthe (?:\w+ )?code (?:we|i|the bank) (?:just )?(?:sent|texted)|\b(?:six|6)[- ]digit code"
        r"|\bcode (?:in|from) (?:the|that|our) (?:text|sms|message)",
        re.IGNORECASE,
    ),
    PASSWORD: re.compile(r"密码|口令|\bpass(?:word|code)s?\b|\bpin\b|\blog-?in details\b", re.IGNORECASE),
}

# Asking the customer to give it: 报给我, 念一下, 告诉我, 发给我们, "read me", "tell me", "what's the code".
_REQUEST = re.compile(
    r"(?:报|念|读|说|告诉|发|提供|输入|给)(?:给)?(?:我|我们|客服)|(?:报|念|读|说|提供|核对|确认)一下|报出来|念出来"
    r"|发(?:到|过来|给)|告知(?:我|我们)?"
    r"|\b(?:read|tell|give|send|text|email)(?: it| them| that)?(?: out)? (?:to )?(?:me|us)\b|\bprovide\b|\bshare\b"
    r"|\bconfirm (?:the|your)\b|\bwhat(?:'s| is) (?:the|your)\b|\bcan i (?:have|take|get)\b",
    re.IGNORECASE,
)
# Saying it will not be asked for, or that it must not be given: 不会向您索要, 不要告诉任何人, "never share".
_NOT_ASKED = re.compile(
    r"不索要|不问|(?:不会|不要|不能|绝不|决不|从不|从来不|别|不用|无需|不需要|不必|千万别|切勿)[^。！？.!?]{0,12}"
    r"(?:问|要|索要|告诉|报|念|读|说|提供|透露|发|给)"
    r"|任何人|诈骗|骗子|冒充|如果有人"
    r"|\b(?:never|won't|will not|don't|do not|not|no one|nobody|anyone)\b[^.!?]{0,24}\b(?:ask|tell|share|give|read|"
    r"send|need)\b|\bscam|\bfraud",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def kinds_named(text: str) -> frozenset[str]:
    """The kinds of sensitive data ``text`` names, by the term or a description ("卡背面那几位数")."""
    folded = _text.normalize(text or "")
    return frozenset(kind for kind, pattern in KINDS.items() if pattern.search(folded))


@functools.lru_cache(maxsize=8192)
def asks_for(sentence: str) -> frozenset[str]:
    """The kinds of sensitive data ``sentence`` asks the customer to give (empty when it names none, asks
    for nothing, or says it will never ask or must not be given)."""
    named = kinds_named(sentence)
    if not named:
        return frozenset()
    folded = _text.normalize(sentence)
    if not _REQUEST.search(folded) or _NOT_ASKED.search(folded):
        return frozenset()
    return named


@functools.lru_cache(maxsize=4096)
def never_asked(sentence: str) -> frozenset[str]:
    """The kinds of sensitive data ``sentence`` names only to say they are never asked for or must not be
    given ("我们不会找您要密码和验证码", "never share your PIN with anyone")."""
    named = kinds_named(sentence)
    return named if named and _NOT_ASKED.search(_text.normalize(sentence)) else frozenset()


@functools.lru_cache(maxsize=4096)
def refused_kinds(phrasings: tuple[str, ...]) -> frozenset[str]:
    """The kinds a concept says are never asked for or must not be given ("不会向您索要密码和验证码",
    "never asks for the CVV"): the kinds its phrasings name where every phrasing naming one refuses it."""
    out: set[str] = set()
    for p in phrasings:
        named = kinds_named(p)
        if named and _NOT_ASKED.search(_text.normalize(p)):
            out |= named
        elif named:
            return frozenset()
    return frozenset(out)
