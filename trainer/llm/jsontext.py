"""Reading a JSON object out of what a model wrote: plain JSON, fenced JSON or JSON inside prose."""

from __future__ import annotations

import json
from typing import Any

_DECODER = json.JSONDecoder(strict=False)  # models put raw newlines inside strings


def parse_json_object(text: str) -> dict[str, Any] | None:
    """The JSON object in ``text``: the whole text if it is one, else the first decodable ``{...}`` in it.

    Returns None when there is none. Raw control characters inside strings are accepted.
    """
    stripped = text.strip()
    try:
        value = json.loads(stripped, strict=False)
    except ValueError:
        value = None
    if isinstance(value, dict):
        return value
    start = text.find("{")
    while start != -1:
        try:
            value, _end = _DECODER.raw_decode(text, start)
        except ValueError:
            value = None
        if isinstance(value, dict):
            return value
        start = text.find("{", start + 1)
    return None
