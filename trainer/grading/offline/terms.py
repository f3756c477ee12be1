"""Exact items that word overlap misses: formulas, identifiers and numbers, and a true/false verdict.

``key_terms("2的(n-1)次方，O(n log n)")`` gives ``{"2^(n-1)", "o(nlogn)"}``: runs of Latin letters, digits
and operators, folded (full-width, case, ``*`` and spaces inside brackets dropped, "的…次方" as ``^``), so
that "2^（n-1）", "2 ^(n-1)" and "2的n-1次方" are one term. :func:`verdict` reads the judgement that opens
an answer ("错误。…", "正确", "False, because…").
"""

from __future__ import annotations

import functools
import re
import unicodedata

_POWER = re.compile(r"的\s*(\(?[a-z0-9+\-]+\)?)\s*次方")
_TERM_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_+-/^()[]<>=")
_FOLD = str.maketrans({"*": None, "×": None, "−": "-", "–": "-"})
_NEGATIVE = re.compile(r"^否|错误|不正确|不对|错的|^错|不是|\b(false|incorrect|wrong|no)\b")
# "对" alone (or 对的/是的) is a verdict; "对了，" (a filler) and "对于…" are not.
_POSITIVE = re.compile(r"正确|^(?:对|对的|是的|是对的|没错)$|是对的|\b(true|correct|right|yes)\b")
_OPERATOR_SPACE = re.compile(r"[ \t]*([+\-/^=])[ \t]*")
_FIRST_CLAUSE = re.compile(r"[，,。.!！?？；;\n:：]")


def _power(m: re.Match[str]) -> str:
    exponent = m.group(1)
    return "^" + (exponent if exponent.startswith("(") else f"({exponent})")


def _runs(text: str) -> list[str]:
    """Maximal runs of term characters; white space inside brackets is dropped, elsewhere it ends a run."""
    runs: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in _TERM_CHARS:
            current.append(ch)
            depth += (ch == "(") - (ch == ")")
        elif ch.isspace() and depth > 0:
            continue
        else:
            if current:
                runs.append("".join(current))
            current, depth = [], 0
    if current:
        runs.append("".join(current))
    return runs


def _trim(run: str) -> str:
    run = run.strip("[]=<>+-/^_")
    while run.startswith("(") and run.count("(") > run.count(")"):
        run = run[1:]
    while run.endswith(")") and run.count(")") > run.count("("):
        run = run[:-1]
    if run.startswith("(") and run.endswith(")") and run.count("(") == 1:
        run = run[1:-1]
    return run


@functools.lru_cache(maxsize=8192)
def key_terms(text: str) -> frozenset[str]:
    """The formulas, identifiers and numbers of ``text`` in folded form (single characters left out)."""
    folded = unicodedata.normalize("NFKC", text or "").casefold().translate(_FOLD)
    folded = _POWER.sub(_power, _OPERATOR_SPACE.sub(r"\1", folded))
    return frozenset(t for t in (_trim(r) for r in _runs(folded)) if len(t) >= 2)


def terms_found(wanted: frozenset[str], said: frozenset[str]) -> frozenset[str]:
    """The terms of ``wanted`` that ``said`` contains, alone or inside a longer term ("n-1" in "2^(n-1)")."""
    return frozenset(t for t in wanted if any(t in s for s in said))


def verdict(text: str) -> int:
    """The judgement opening ``text``: -1 (wrong / false / 错误 / 否), 1 (correct / true / 正确), 0 none."""
    norm = unicodedata.normalize("NFKC", text or "").casefold().strip()
    first = _FIRST_CLAUSE.split(norm, maxsplit=1)[0][:20]
    if _NEGATIVE.search(first):
        return -1
    if _POSITIVE.search(first):
        return 1
    return 0
