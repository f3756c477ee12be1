"""A trailing answer-key section (``参考答案：1.A 2.C 3.AB``) matched back to the questions it answers.

Papers often number each section from 1 again; a key then either repeats the section headings or
restarts its own numbering. Entries are paired with questions section by section when the group
counts agree, otherwise by a printed number that is unique in the paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class KeyEntry:
    """One entry of the key: the printed question number, the key or reference text, any 解析."""

    line: int
    group: int
    number: int
    text: str
    explanation: list[str] = field(default_factory=list)
    strong: bool = False  # opened by 第N题 / 案例N: numbered lines below it belong to it


class Keyed(Protocol):
    """What an item needs for matching: its printed number, its section and a slot for the entry."""

    number: int
    section_index: int
    key_entry: KeyEntry | None


def _groups_by_reset(numbers: list[int]) -> list[int]:
    """Group index per element: a new group starts whenever the number does not increase."""
    out, group, previous = [], 0, None
    for n in numbers:
        if previous is not None and n <= previous:
            group += 1
        out.append(group)
        previous = n
    return out


def match_key(items: list[Keyed], entries: list[KeyEntry], explicit_groups: bool) -> list[KeyEntry]:
    """Attach each entry to its item (``item.key_entry``); returns the entries that matched nothing."""
    if not entries or not items:
        return list(entries)
    if explicit_groups:
        sections = sorted({it.section_index for it in items})
        item_groups = [sections.index(it.section_index) for it in items]
        entry_groups = [e.group for e in entries]
        used = sorted(set(entry_groups))
        entry_groups = [used.index(g) for g in entry_groups]
    else:
        item_groups = _groups_by_reset([it.number for it in items])
        entry_groups = _groups_by_reset([e.number for e in entries])
    unmatched: list[KeyEntry] = []
    if max(item_groups) == max(entry_groups):
        table = {(g, it.number): it for g, it in zip(item_groups, items, strict=True)}
        for g, entry in zip(entry_groups, entries, strict=True):
            item = table.get((g, entry.number))
            if item is None:
                unmatched.append(entry)
            else:
                item.key_entry = entry
        return unmatched
    by_number: dict[int, list[Keyed]] = {}
    for it in items:
        by_number.setdefault(it.number, []).append(it)
    for entry in entries:
        found = by_number.get(entry.number, [])
        if len(found) == 1:
            found[0].key_entry = entry
        else:
            unmatched.append(entry)
    return unmatched
