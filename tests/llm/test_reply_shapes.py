"""Replies as today's servers really send them, over real HTTP from the scripted OpenAI-compatible server;
the structured-output downgrade; and separate concurrency pools for role-play and grading."""

from __future__ import annotations

import json
import threading

import pytest

from tests.support.scripted_llm import Reply, ScriptedLLM
from trainer.llm import LLMBadResponse, client
from trainer.llm.client import forget_formats

SCHEMA = {
    "type": "object",
    "properties": {"verdict": {"type": "string"}},
    "required": ["verdict"],
    "additionalProperties": False,
}
ASK = [{"role": "user", "content": "Reply in JSON with a verdict."}]


@pytest.fixture(autouse=True)
def _fresh_formats():
    forget_formats()
    yield
    forget_formats()


def completion(content: str, *, finish: str = "stop", **message: str) -> str:
    """A whole chat.completion body, for replies the plain helpers cannot shape."""
    return json.dumps(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": "grader-test",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, **message},
                    "finish_reason": finish,
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        },
        ensure_ascii=False,
    )


def test_a_think_block_before_the_json_is_skipped(scripted_llm: ScriptedLLM, make_llm_client):
    """Qwen3 / DeepSeek-R1 through vLLM or Ollama: reasoning (with JSON-looking text) comes first."""
    scripted_llm.push(
        Reply.text('<think>\n草稿：{"verdict": "wrong"}，再想想。\n</think>\n\n{"verdict": "ok"}')
    )
    assert make_llm_client().chat_json(ASK, SCHEMA).data == {"verdict": "ok"}


def test_a_think_block_that_never_closes_is_no_answer(scripted_llm: ScriptedLLM, make_llm_client):
    scripted_llm.push(Reply.text('<think>\n先看看 {"verdict": "draft"} 是否合适'))
    with pytest.raises(LLMBadResponse, match="no JSON object"):
        make_llm_client().chat_json(ASK, SCHEMA)


def test_a_separate_reasoning_content_field_is_ignored(scripted_llm: ScriptedLLM, make_llm_client):
    """DeepSeek's API sends the reasoning in ``reasoning_content`` and the answer in ``content``."""
    body = completion('{"verdict": "ok"}', reasoning_content='Thinking: {"verdict": "no"} is too harsh.')
    scripted_llm.push(Reply.raw(body))
    assert make_llm_client().chat_json(ASK, SCHEMA).data == {"verdict": "ok"}


def test_json_inside_a_json_fence(scripted_llm: ScriptedLLM, make_llm_client):
    scripted_llm.push(Reply.text('评分如下：\n```json\n{"verdict": "ok"}\n```\n以上。'))
    assert make_llm_client().chat_json(ASK, SCHEMA).data == {"verdict": "ok"}


@pytest.mark.parametrize(
    "text",
    [
        '【评分结果】{"verdict": "ok"}。',  # full-width brackets and stop around the object
        "结果如下：｛“verdict”：“ok”｝",  # the object's own braces, quotes and colon written full-width
    ],
)
def test_full_width_punctuation_around_the_json(scripted_llm: ScriptedLLM, make_llm_client, text):
    scripted_llm.push(Reply.text(text))
    assert make_llm_client().chat_json(ASK, SCHEMA).data == {"verdict": "ok"}


def test_a_reply_cut_off_at_max_tokens_is_asked_again_with_more_room(
    scripted_llm: ScriptedLLM, make_llm_client
):
    scripted_llm.push(Reply.raw(completion('{"verdict": "o', finish="length")), Reply.json({"verdict": "ok"}))
    assert make_llm_client().chat_json(ASK, SCHEMA, max_tokens=50).data == {"verdict": "ok"}
    first, second = scripted_llm.chat_requests
    assert (first.body["max_tokens"], second.body["max_tokens"]) == (50, 100)


def test_a_reply_cut_off_twice_is_a_typed_error(scripted_llm: ScriptedLLM, make_llm_client):
    cut = completion('{"verdict": "o', finish="length")
    scripted_llm.push(Reply.raw(cut), Reply.raw(cut))
    with pytest.raises(LLMBadResponse, match="cut off at max_tokens"):
        make_llm_client().chat_json(ASK, SCHEMA, max_tokens=50)


def test_one_transient_500_does_not_downgrade_structured_output(scripted_llm: ScriptedLLM, make_llm_client):
    scripted_llm.push(Reply.status(500), Reply.json({"verdict": "1"}), Reply.json({"verdict": "2"}))
    llm = make_llm_client()
    assert llm.chat_json(ASK, SCHEMA).data == {"verdict": "1"}
    assert llm.chat_json(ASK, SCHEMA).data == {"verdict": "2"}
    # the next call asks for json_schema again: one 500 was not taken as "not supported"
    assert [r.format_type for r in scripted_llm.chat_requests] == [
        "json_schema",
        "json_object",
        "json_schema",
    ]


def test_repeated_rejections_downgrade_and_the_format_is_tried_again_later(
    scripted_llm: ScriptedLLM, make_llm_client, monkeypatch
):
    scripted_llm.reject_json_schema = True
    scripted_llm.push(*[Reply.json({"verdict": str(i)}) for i in range(4)])
    llm = make_llm_client()
    for _ in range(3):
        llm.chat_json(ASK, SCHEMA)
    kinds = [r.format_type for r in scripted_llm.chat_requests]
    assert kinds == ["json_schema", "json_object", "json_schema", "json_object", "json_object"]
    monkeypatch.setattr(client, "FORMAT_RETRY_SECONDS", 0.0)  # "a while" has passed
    scripted_llm.reject_json_schema = False
    llm.chat_json(ASK, SCHEMA)
    assert scripted_llm.chat_requests[-1].format_type == "json_schema"


def test_role_play_streams_and_grading_hold_separate_pools(scripted_llm: ScriptedLLM, make_llm_client):
    llm = make_llm_client(max_concurrency=1, stream_concurrency=1, timeout=5)
    scripted_llm.push(
        Reply.stream(["您", "好", "，", "请", "讲"], chunk_delay=0.3), Reply.json({"verdict": "graded"})
    )
    first_piece = threading.Event()
    pieces: list[str] = []

    def play() -> None:
        for piece in llm.stream_chat(ASK, purpose="roleplay"):
            pieces.append(piece)
            first_piece.set()

    stream = threading.Thread(target=play)
    stream.start()
    assert first_piece.wait(5)
    assert llm.chat_json(ASK, SCHEMA, purpose="grading").data == {"verdict": "graded"}
    graded_while_streaming = stream.is_alive()
    stream.join(10)
    assert graded_while_streaming and "".join(pieces) == "您好，请讲"
    assert scripted_llm.max_in_flight == 2
