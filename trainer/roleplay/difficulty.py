"""Difficulty levels of a role-play scenario: how hard the same customer is to calm down.

Three levels, ``easy`` (入门), ``standard`` (标准) and ``hard`` (困难). Each sets four numbers:

- ``start``: the anger the customer opens with;
- ``max_step``: how far anger can move in one turn (both ways);
- ``patience``: how many turns in a row at or above the hang-up anger the customer stays on the line;
- ``vague``: what an empty, off-topic or stalling reply costs in anger.

``standard`` is the scenario's own ``anger`` block. A scenario may set any level's numbers under
``difficulty:``; what it leaves out is derived from ``standard`` (see :func:`derive`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

LEVELS = ("easy", "standard", "hard")
DEFAULT_LEVEL = "standard"
LEVEL_LABELS = {
    "zh": {"easy": "入门", "standard": "标准", "hard": "困难"},
    "en": {"easy": "Beginner", "standard": "Standard", "hard": "Hard"},
}
_FIELDS = {"start": (0, 9), "max_step": (1, 10), "patience": (1, 50), "vague": (0, 5)}


@dataclass(frozen=True)
class Level:
    """The numbers one difficulty level plays with."""

    id: str
    start: int
    max_step: int
    patience: int
    vague: int

    def to_dict(self) -> dict[str, int | str]:
        """A JSON-safe dict of this level."""
        return {
            "id": self.id,
            "start": self.start,
            "max_step": self.max_step,
            "patience": self.patience,
            "vague": self.vague,
        }


def derive(standard: Level) -> dict[str, Level]:
    """The default three levels around a scenario's own numbers.

    入门 opens two points calmer, stays on the line two turns longer and lets a vague answer pass once
    (costs one less); 困难 opens one point angrier, moves one step further per turn, hangs up one turn
    sooner and charges one more for a vague answer.
    """
    easy = Level(
        "easy",
        start=max(0, standard.start - 2),
        max_step=standard.max_step,
        patience=standard.patience + 2,
        vague=max(0, standard.vague - 1),
    )
    hard = Level(
        "hard",
        start=min(9, standard.start + 1),
        max_step=min(10, standard.max_step + 1),
        patience=max(1, standard.patience - 1),
        vague=min(5, standard.vague + 1),
    )
    return {"easy": easy, "standard": standard, "hard": hard}


def parse_levels(raw: Any, standard: Level, where: str = "difficulty") -> dict[str, Level]:
    """The scenario's levels: ``raw`` (its ``difficulty:`` mapping, may be None) over the defaults.

    Raises ValueError naming the bad field (``difficulty.hard.start``).
    """
    levels = derive(standard)
    if raw is None:
        return levels
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: must map easy/standard/hard to their numbers")
    for key, spec in raw.items():
        if key not in LEVELS:
            raise ValueError(f"{where}.{key}: unknown level (use {', '.join(LEVELS)})")
        if not isinstance(spec, Mapping):
            raise ValueError(f"{where}.{key}: must be a mapping")
        changes: dict[str, Any] = {}
        for name, value in spec.items():
            if name not in _FIELDS:
                raise ValueError(f"{where}.{key}.{name}: unknown setting (use {', '.join(_FIELDS)})")
            lo, hi = _FIELDS[name]
            if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
                raise ValueError(f"{where}.{key}.{name}: must be a whole number in {lo}..{hi}")
            changes[name] = value
        levels[key] = replace(levels[key], **changes)
    return levels


def level_label(level: str, lang: str) -> str:
    """The level's name for people in ``lang`` (入门/标准/困难, Beginner/Standard/Hard)."""
    return LEVEL_LABELS.get(lang, LEVEL_LABELS["en"]).get(level, level)
