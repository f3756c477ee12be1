"""Reading an answer section: ``参考答案`` / ``答案与解析`` at the end of a paper, line by line, into entries.

Entries are key lines (``1.A 2.C``, ``1-5 BCDAB``), numbered reference answers (``1.先倾听…``) and
``第N题答案与解析`` blocks, whose own numbered lines (``1.流程设计：…``) and scoring points belong to them.
Section headings repeated inside the key start a new group. Matching entries to questions is
:func:`trainer.bank.importer.answer_key.match_key`.
"""

from __future__ import annotations

from trainer.bank.importer import patterns as P
from trainer.bank.importer.answer_key import KeyEntry
from trainer.bank.importer.furniture import furniture_reason


class KeySection:
    """The entries read so far, their current group and whether the key repeats section headings."""

    def __init__(self) -> None:
        self.entries: list[KeyEntry] = []
        self.group = 0
        self.headed = False

    def add(self, lineno: int, pairs: list[tuple[int, str]]) -> None:
        """Key entries (number, key) found on one line."""
        for number, key in pairs:
            self.entries.append(KeyEntry(lineno, self.group, number, key))

    def feed(self, lineno: int, text: str, norm: str) -> str | None:
        """Take one line of the answer section; returns the reason to skip it, or None when it was used."""
        pairs = P.parse_key_entries(norm)
        if pairs:
            self.add(lineno, pairs)
            return None
        reason = furniture_reason(norm.strip())
        if reason:
            return reason
        heading = (
            P.match_heading(norm)
            if P.match_numbering(norm) is None or norm.lstrip()[:1] in "一二三四五六七八九十"
            else None
        )
        if heading is not None and heading.kind == "questions":
            self.group += 1
            self.headed = True
            return None
        label = P.match_label(norm)
        last = self.entries[-1] if self.entries else None
        numbering = P.match_numbering(norm)
        if numbering is not None and numbering.style in P.STRONG_STYLES:
            self._strong_entry(lineno, text, numbering)
        elif last is not None and last.strong and (label is None or label.kind != "explanation"):
            content = text[label.end :].strip() if label is not None else text.strip()
            if last.explanation:
                last.explanation.append(content)
            elif content:
                last.text = f"{last.text}\n{content}" if last.text else content
        elif numbering is not None and numbering.style != "cn":
            self.entries.append(KeyEntry(lineno, self.group, numbering.number, text[numbering.end :].strip()))
        elif label is not None and label.kind == "explanation" and last is not None:
            last.explanation.append(text[label.end :].strip())
        elif last is not None and last.explanation:
            last.explanation.append(text.strip())
        elif last is not None and not P.parse_choice_key(P.normalise(last.text)):
            last.text = f"{last.text}\n{text.strip()}"
        else:
            return "text in the answer section"
        return None

    def _strong_entry(self, lineno: int, text: str, numbering: P.Numbering) -> None:
        """``第1题答案与解析``, ``第2题：…``, ``案例一 参考答案``: an entry the following lines belong to."""
        rest = text[numbering.end :]
        rest_label = P.match_label(P.normalise(rest))
        if rest_label is not None:
            rest = rest[rest_label.end :]
        entry = KeyEntry(lineno, self.group, numbering.number, rest.strip(), strong=True)
        if rest_label is not None and rest_label.kind == "explanation":
            entry.text, entry.explanation = "", [rest.strip()] if rest.strip() else []
        self.entries.append(entry)
