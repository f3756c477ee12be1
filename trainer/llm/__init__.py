"""The one module every LLM call goes through: settings, the client, typed errors and call records.

settings = LLMSettings.from_mapping(app.config)
if settings.configured:
    client = LLMClient(settings, on_call=store_record)
    reply = client.chat_json(messages, schema, purpose="grading")
"""

from trainer.llm.client import FORMAT_MODES, JSONReply, LLMClient, client_from_config, forget_formats
from trainer.llm.errors import (
    LLMBadResponse,
    LLMError,
    LLMNotConfigured,
    LLMRateLimited,
    LLMRequestRejected,
    LLMTimeout,
    LLMUnavailable,
)
from trainer.llm.jsontext import parse_json_object
from trainer.llm.records import CallRecord
from trainer.llm.settings import LLMSettings

__all__ = [
    "FORMAT_MODES",
    "CallRecord",
    "JSONReply",
    "LLMBadResponse",
    "LLMClient",
    "LLMError",
    "LLMNotConfigured",
    "LLMRateLimited",
    "LLMRequestRejected",
    "LLMSettings",
    "LLMTimeout",
    "LLMUnavailable",
    "client_from_config",
    "forget_formats",
    "parse_json_object",
]
