"""What is recorded about each LLM call: the app stores these to report token use and latency."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class CallRecord:
    """One logical LLM call (retries included): who asked, how long it took, tokens used, how it ended."""

    purpose: str  # e.g. "grading", "roleplay"
    model: str
    base_url: str
    started_at: datetime  # UTC
    latency_ms: int
    ok: bool
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    attempts: int = 1
    mode: str = ""  # json_schema | json_object_schema | json_object | text | stream | models
    error: str = ""  # exception class and message when not ok

    @property
    def total_tokens(self) -> int | None:
        """Prompt plus completion tokens, when the server reported them."""
        if self.prompt_tokens is None and self.completion_tokens is None:
            return None
        return (self.prompt_tokens or 0) + (self.completion_tokens or 0)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (``started_at`` as ISO text), ready for a JSON column or a DB row."""
        out = asdict(self)
        out["started_at"] = self.started_at.isoformat()
        return out
