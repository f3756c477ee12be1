"""The LLM client over real HTTP against the scripted OpenAI-compatible server."""

from __future__ import annotations

import threading
import time

import pytest

from tests.support.scripted_llm import Reply, ScriptedLLM
from trainer.llm import (
    CallRecord,
    LLMBadResponse,
    LLMClient,
    LLMNotConfigured,
    LLMRateLimited,
    LLMRequestRejected,
    LLMSettings,
    LLMTimeout,
    LLMUnavailable,
    client_from_config,
    parse_json_object,
)

SCHEMA = {
    "type": "object",
    "properties": {"verdict": {"type": "string"}},
    "required": ["verdict"],
    "additionalProperties": False,
}
ASK = [{"role": "user", "content": "Reply in JSON with a verdict."}]


def test_json_schema_reply_is_parsed_and_recorded(scripted_llm: ScriptedLLM, make_llm_client):
    records: list[CallRecord] = []
    client = make_llm_client(on_call=records.append, api_key="sk-test-123")
    scripted_llm.push(Reply.json({"verdict": "ok"}, usage=(120, 30)))

    reply = client.chat_json(ASK, SCHEMA, purpose="grading")

    assert reply.data == {"verdict": "ok"}
    (request,) = scripted_llm.chat_requests
    assert request.format_type == "json_schema"
    assert request.response_format["json_schema"]["schema"] == SCHEMA
    assert request.body["model"] == "grader-test"
    assert request.body["temperature"] == 0
    assert request.headers["authorization"] == "Bearer sk-test-123"
    (record,) = records
    assert record == reply.record
    assert (record.ok, record.purpose, record.model, record.attempts) == (True, "grading", "grader-test", 1)
    assert (record.prompt_tokens, record.completion_tokens, record.total_tokens) == (120, 30, 150)
    assert record.latency_ms >= 0 and record.mode == "json_schema"
    assert record.to_dict()["started_at"].endswith("+00:00")


def test_json_inside_prose_and_fences_is_extracted(scripted_llm: ScriptedLLM, make_llm_client):
    client = make_llm_client()
    scripted_llm.push(Reply.text('Here is my grading:\n```json\n{"verdict": "多行\n文本"}\n```\nDone.'))
    assert client.chat_json(ASK, SCHEMA).data == {"verdict": "多行\n文本"}


def test_llamacpp_style_500_on_json_schema_falls_back_and_is_remembered(
    scripted_llm: ScriptedLLM, make_llm_client
):
    scripted_llm.reject_json_schema = True
    scripted_llm.push(*[Reply.json({"verdict": v}) for v in ("first", "again", "third")])
    client = make_llm_client()

    assert client.chat_json(ASK, SCHEMA).data == {"verdict": "first"}
    assert [r.format_type for r in scripted_llm.chat_requests] == ["json_schema", "json_object"]
    # llama.cpp enforces a schema given with json_object, so it is sent along.
    assert scripted_llm.chat_requests[1].response_format["schema"] == SCHEMA
    assert "JSON" in scripted_llm.chat_requests[1].text

    # Rejected a second time in a row, json_schema is skipped by later clients for the same endpoint.
    assert client.chat_json(ASK, SCHEMA).data == {"verdict": "again"}
    assert make_llm_client().chat_json(ASK, SCHEMA).data == {"verdict": "third"}
    assert [r.format_type for r in scripted_llm.chat_requests] == [
        "json_schema",
        "json_object",
        "json_schema",
        "json_object",
        "json_object",
    ]


def test_endpoint_without_any_response_format_gets_plain_text_request(
    scripted_llm: ScriptedLLM, make_llm_client
):
    scripted_llm.push(
        Reply.status(400, "response_format not supported"),
        Reply.status(400, "unknown field schema"),
        Reply.status(400, "response_format not supported"),
        Reply.text('I think {"verdict": "plain"} fits.'),
    )
    reply = make_llm_client().chat_json(ASK, SCHEMA)
    assert reply.data == {"verdict": "plain"}
    assert [r.response_format for r in scripted_llm.chat_requests] == [
        {"type": "json_schema", "json_schema": {"name": "result", "schema": SCHEMA, "strict": True}},
        {"type": "json_object", "schema": SCHEMA},
        {"type": "json_object"},
        None,
    ]
    assert reply.record.mode == "text" and reply.record.attempts == 4


def test_429_then_success_is_retried(scripted_llm: ScriptedLLM, make_llm_client):
    records: list[CallRecord] = []
    scripted_llm.push(Reply.status(429, "slow down"), Reply.json({"verdict": "after wait"}))
    reply = make_llm_client(on_call=records.append).chat_json(ASK, SCHEMA)
    assert reply.data == {"verdict": "after wait"}
    assert len(scripted_llm.chat_requests) == 2
    assert [(r.ok, r.attempts) for r in records] == [(True, 2)]


def test_retry_after_header_is_honoured_within_backoff_max(scripted_llm: ScriptedLLM, make_llm_client):
    scripted_llm.push(Reply.status(429, headers={"Retry-After": "0.3"}), Reply.json({"verdict": "ok"}))
    started = time.monotonic()
    make_llm_client(backoff_max=0.3).chat_json(ASK, SCHEMA)
    assert time.monotonic() - started >= 0.29


def test_persistent_429_raises_rate_limited_after_the_retries(scripted_llm: ScriptedLLM, make_llm_client):
    scripted_llm.push(*[Reply.status(429)] * 5)
    with pytest.raises(LLMRateLimited):
        make_llm_client(max_retries=2).chat_json(ASK, SCHEMA)
    assert len(scripted_llm.chat_requests) == 3


def test_transient_server_error_is_retried(scripted_llm: ScriptedLLM, make_llm_client):
    scripted_llm.push(Reply.status(503), Reply.status(502), Reply.json({"verdict": "up again"}))
    assert make_llm_client().chat_json(ASK, SCHEMA).data == {"verdict": "up again"}
    assert len(scripted_llm.chat_requests) == 3


def test_slow_server_raises_timeout(scripted_llm: ScriptedLLM, make_llm_client):
    records: list[CallRecord] = []
    scripted_llm.push(Reply.slow(3), Reply.slow(3))
    started = time.monotonic()
    with pytest.raises(LLMTimeout):
        make_llm_client(on_call=records.append, timeout=0.2, max_retries=1).chat_json(ASK, SCHEMA)
    assert time.monotonic() - started < 2
    assert len(scripted_llm.chat_requests) == 2
    (record,) = records
    assert not record.ok and record.error.startswith("LLMTimeout") and record.attempts == 2


def test_server_down_raises_unavailable(scripted_llm: ScriptedLLM, make_llm_client):
    records: list[CallRecord] = []
    client = make_llm_client(on_call=records.append)
    scripted_llm.stop()
    with pytest.raises(LLMUnavailable):
        client.chat_json(ASK, SCHEMA)
    assert [(r.ok, r.attempts) for r in records] == [(False, 3)]


def test_auth_failure_is_not_retried(scripted_llm: ScriptedLLM, make_llm_client):
    scripted_llm.push(Reply.status(401, "invalid api key"), Reply.json({"verdict": "never sent"}))
    with pytest.raises(LLMRequestRejected) as info:
        make_llm_client(api_key="wrong").chat_json(ASK, SCHEMA)
    assert info.value.status_code == 401 and "invalid api key" in str(info.value)
    assert len(scripted_llm.chat_requests) == 1


@pytest.mark.parametrize(
    "reply",
    [
        Reply.raw("{this is not json"),
        Reply.raw('{"choices": []}'),
        Reply.text("I would rather not give a verdict."),
        Reply.text("   "),
    ],
    ids=["malformed-body", "no-choices", "prose-without-json", "empty-content"],
)
def test_unusable_reply_raises_bad_response(scripted_llm: ScriptedLLM, make_llm_client, reply: Reply):
    scripted_llm.push(reply)
    with pytest.raises(LLMBadResponse):
        make_llm_client().chat_json(ASK, SCHEMA)


def test_stream_yields_chunks_in_order(scripted_llm: ScriptedLLM, make_llm_client):
    records: list[CallRecord] = []
    pieces = ["您好，", "我是", "王女士。", "我的快递", "到底在哪？"]
    scripted_llm.push(Reply.stream(pieces, chunk_delay=0.01))
    got = list(make_llm_client(on_call=records.append).stream_chat([{"role": "user", "content": "你好"}]))
    assert got == pieces
    assert scripted_llm.chat_requests[0].body["stream"] is True
    assert [(r.ok, r.mode, r.purpose) for r in records] == [(True, "stream", "roleplay")]


def test_stream_retries_before_the_first_chunk(scripted_llm: ScriptedLLM, make_llm_client):
    scripted_llm.push(Reply.status(429), Reply.stream(["a", "b"]))
    assert "".join(make_llm_client().stream_chat(ASK)) == "ab"


def test_stream_cut_off_raises_after_the_pieces_it_got(scripted_llm: ScriptedLLM, make_llm_client):
    scripted_llm.push(Reply.stream(["这件事", "你们必须"], finish=False))
    got: list[str] = []
    with pytest.raises(LLMBadResponse):
        for piece in make_llm_client().stream_chat(ASK):
            got.append(piece)
    assert got == ["这件事", "你们必须"]


def test_concurrency_limit_caps_calls_in_flight(scripted_llm: ScriptedLLM, make_llm_client):
    client = make_llm_client(max_concurrency=2, timeout=2)
    scripted_llm.push(*[Reply.json({"verdict": str(i)}, delay=0.1) for i in range(6)])
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(client.chat_json(ASK, SCHEMA).data["verdict"]))
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert sorted(results) == [str(i) for i in range(6)]
    assert scripted_llm.max_in_flight == 2


def test_server_killed_mid_batch_fails_the_rest_with_typed_errors(scripted_llm: ScriptedLLM, make_llm_client):
    scripted_llm.push(Reply.json({"verdict": "1"}), Reply.json({"verdict": "2"}), Reply.kill())
    client = make_llm_client()
    outcomes: list[str] = []
    for _ in range(4):
        try:
            outcomes.append(client.chat_json(ASK, SCHEMA).data["verdict"])
        except LLMUnavailable as exc:
            outcomes.append(type(exc).__name__)
    assert outcomes == ["1", "2", "LLMUnavailable", "LLMUnavailable"]
    assert not scripted_llm.running


def test_list_models(scripted_llm: ScriptedLLM, make_llm_client):
    assert make_llm_client().list_models() == ["scripted-model"]


def test_on_call_failure_does_not_break_the_call(scripted_llm: ScriptedLLM, make_llm_client, caplog):
    def broken(record: CallRecord) -> None:
        raise RuntimeError("database is down")

    scripted_llm.push(Reply.json({"verdict": "fine"}))
    assert make_llm_client(on_call=broken).chat_json(ASK, SCHEMA).data == {"verdict": "fine"}
    assert "on_call failed" in caplog.text


def test_settings_from_environment_style_mapping():
    env = {
        "OPENAI_BASE_URL": "http://localhost:11434/v1/",
        "LLM_MODEL": "qwen2.5:7b",
        "LLM_TIMEOUT": "12.5",
        "LLM_MAX_RETRIES": "1",
        "LLM_MAX_CONCURRENCY": "8",
    }
    s = LLMSettings.from_mapping(env)
    assert (s.base_url, s.model, s.timeout, s.max_retries, s.max_concurrency) == (
        "http://localhost:11434/v1",
        "qwen2.5:7b",
        12.5,
        1,
        8,
    )
    assert s.configured and s.api_key == ""
    # LLM_* wins over OPENAI_*; an OpenAI key alone means OpenAI itself with a default model.
    both = LLMSettings.from_mapping({"LLM_API_KEY": "sk-a", "OPENAI_API_KEY": "sk-b"})
    assert both.api_key == "sk-a" and both.configured and both.endpoint == "https://api.openai.com/v1"
    assert "sk-a" not in str(both.describe())
    assert not LLMSettings.from_mapping({}).configured
    assert not LLMSettings.from_mapping({"LLM_BASE_URL": "http://x/v1"}).configured  # no model
    with pytest.raises(ValueError, match="LLM_TIMEOUT"):
        LLMSettings.from_mapping({"LLM_TIMEOUT": "soon"})


def test_client_refuses_unconfigured_settings():
    with pytest.raises(LLMNotConfigured):
        LLMClient(LLMSettings())
    assert client_from_config({}) is None


def test_client_from_config_and_plain_text_reply(scripted_llm: ScriptedLLM):
    records: list[CallRecord] = []
    config = {"LLM_BASE_URL": scripted_llm.base_url, "LLM_MODEL": "local", "LLM_BACKOFF_BASE": "0.001"}
    client = client_from_config(config, on_call=records.append)
    assert client is not None
    scripted_llm.push(Reply.status(500), Reply.text("我要的是退款，不是优惠券！"))
    with client:
        assert (
            client.chat_text([{"role": "user", "content": "给您一张优惠券"}]) == "我要的是退款，不是优惠券！"
        )
    assert scripted_llm.chat_requests[-1].response_format is None
    assert [(r.ok, r.attempts, r.mode) for r in records] == [(True, 2, "text")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('Result: {"a": {"b": [1, 2]}} and {"c": 3}', {"a": {"b": [1, 2]}}),
        ('{broken {"a": 2}', {"a": 2}),
        ("[1, 2]", None),
        ("no json here", None),
    ],
)
def test_parse_json_object(text: str, expected):
    assert parse_json_object(text) == expected
