"""Reading a JSON object out of what a model wrote: plain JSON, fenced JSON or JSON inside prose.

Also as today's servers send it: a reasoning model's ``<think>…</think>`` block before the JSON (Qwen3,
DeepSeek-R1 through vLLM or Ollama) is set aside, so JSON in the reasoning is never taken for the answer;
full-width punctuation (｛ ｝ ： ， “ ”) written around or for the JSON's own is read as ASCII when the
text does not parse as it is.
"""

from __future__ import annotations

import json
import re
from typing import Any

_DECODER = json.JSONDecoder(strict=False)  # models put raw newlines inside strings
_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)
_FULL_WIDTH = str.maketrans(
    {"｛": "{", "｝": "}", "：": ":", "，": ",", "“": '"', "”": '"', "［": "[", "］": "]"}
)


def parse_json_object(text: str) -> dict[str, Any] | None:
    """The JSON object in ``text``: the whole text if it is one, else the first decodable ``{...}`` in it.

    Returns None when there is none. Raw control characters inside strings are accepted; a leading
    ``<think>`` block is skipped, and full-width JSON punctuation is tried as ASCII as a last resort.
    """
    answer = _THINK.sub("", text)
    if answer.lstrip().lower().startswith("<think>"):  # reasoning that never closed: no answer yet
        return None
    found = _first_object(answer)
    if found is None and any(ch in answer for ch in "｛｝："):
        found = _first_object(answer.translate(_FULL_WIDTH))
    return found


def _first_object(text: str) -> dict[str, Any] | None:
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
