"""The document formats the bank stores but does not own, registered by the app factory.

Rubrics are the grading area's format (:class:`trainer.grading.types.Rubric`), role-play scenarios the
role-play area's. The bank keeps both as versioned dicts; to check one, or to turn a rubric version into
the plain rubric the engines take, it asks the format registered here. A check raises a ``ValueError``
with ``field`` and ``message``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from flask import current_app

RUBRIC_FORMAT = "rubric_format"
SCENARIO_FORMAT = "scenario_format"


class DocumentFormat(Protocol):
    """A format's parser: ``from_dict`` validates a dict and returns the area's plain object."""

    def from_dict(self, data: Mapping[str, Any], /) -> Any:
        """The plain object; raises ValueError (with ``field`` and ``message``) when the dict is wrong."""
        ...


def document_format(key: str) -> Any:
    """The format registered under ``key``; RuntimeError when the factory registered none."""
    fmt = current_app.extensions.get(key)
    if fmt is None:
        raise RuntimeError(f"no {key} is registered: the app factory registers it")
    return fmt


def parse_rubric(data: Mapping[str, Any], version: int = 1) -> Any:
    """The plain rubric (the grading area's ``Rubric``) of a rubric dict; ValueError when it is wrong."""
    return document_format(RUBRIC_FORMAT).from_dict(data, version=version)


def check_scenario(data: Mapping[str, Any]) -> None:
    """Check a role-play scenario dict; ValueError (with ``field``) when it is wrong."""
    document_format(SCENARIO_FORMAT).from_dict(data)


def error_parts(exc: ValueError, default_field: str) -> tuple[str, str]:
    """The (field, message) a format's ValueError names."""
    return str(getattr(exc, "field", default_field)), str(getattr(exc, "message", exc))
