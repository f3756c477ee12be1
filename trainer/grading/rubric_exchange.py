"""Rubric export and import as YAML and JSON, in the ``rubrics/<id>.yaml`` shape of DESIGN.md.

Everything a :class:`~trainer.grading.types.Rubric` holds is carried except ``version``, which
belongs to the bank's history (imports take it as an argument). Imports are size-limited; YAML
anchors/aliases and non-plain tags are refused, so a small file cannot expand into a huge one.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from flask_babel import lazy_gettext as _l

from trainer.bank.exchange.results import read_text, read_yaml
from trainer.bank.importer.safety import ImportRefused
from trainer.grading.types import Rubric, RubricError

MAX_RUBRIC_BYTES = 1024 * 1024


def rubric_to_yaml(rubric: Rubric) -> str:
    """The rubric as YAML text (Unicode kept, keys in the documented order)."""
    return yaml.safe_dump(rubric.to_dict(), allow_unicode=True, sort_keys=False, width=100)


def rubric_to_json(rubric: Rubric) -> str:
    """The rubric as pretty JSON text."""
    return json.dumps(rubric.to_dict(), ensure_ascii=False, indent=2)


def _validated(data: Any, version: int) -> Rubric:
    try:
        return Rubric.from_dict(data, version=version)
    except RubricError as exc:
        raise ImportRefused(_l("Invalid rubric: %(error)s"), error=exc) from None


def rubric_from_yaml(data: bytes | str, *, version: int = 1, max_bytes: int = MAX_RUBRIC_BYTES) -> Rubric:
    """A validated rubric from YAML; raises ImportRefused (with the offending field) otherwise."""
    loaded = read_yaml(data, max_bytes)
    return _validated(loaded, version)


def rubric_from_json(data: bytes | str, *, version: int = 1, max_bytes: int = MAX_RUBRIC_BYTES) -> Rubric:
    """A validated rubric from JSON; raises ImportRefused (with the offending field) otherwise."""
    text = read_text(data, max_bytes)
    try:
        loaded = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ImportRefused(_l("Malformed JSON: %(error)s"), error=exc) from None
    return _validated(loaded, version)
