"""A real OpenAI-compatible HTTP server whose replies each test scripts.

The server listens on 127.0.0.1 on a free port and implements ``POST /v1/chat/completions`` (plain and
``stream: true`` server-sent events) and ``GET /v1/models``. A test queues :class:`Reply` objects; each chat
request takes the next one. Every request received is recorded, so a test can check what the client sent.

    llm = ScriptedLLM().start()
    llm.push(Reply.status(429), Reply.json({"empathy": {"score": 2, "evidence": "", "rationale": ""}}))
    ... point the client at llm.base_url ...
    assert len(llm.chat_requests) == 2
    llm.stop()

``llm.reject_json_schema = True`` answers any request whose ``response_format`` is ``json_schema`` with a
500, as llama.cpp's server does, without taking a reply from the queue. :meth:`Reply.kill` drops the
connection and stops the whole server (a server dying mid-batch); :meth:`ScriptedLLM.stop` does the same
from the test's side.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer to a chat request. Build with the class methods."""

    kind: str  # content | status | raw | stream | drop | kill
    content: str = ""
    status_code: int = 200
    body: bytes = b""
    chunks: tuple[str, ...] = ()
    chunk_delay: float = 0.0
    finish: bool = True  # stream: send the final chunk with finish_reason and [DONE]
    delay: float = 0.0  # seconds to wait before answering
    headers: dict[str, str] = field(default_factory=dict)
    usage: tuple[int, int] | None = None  # (prompt_tokens, completion_tokens); estimated when None

    @classmethod
    def text(cls, content: str, *, delay: float = 0.0, usage: tuple[int, int] | None = None) -> Reply:
        """A normal completion whose message content is ``content``."""
        return cls("content", content=content, delay=delay, usage=usage)

    @classmethod
    def json(cls, data: Any, *, delay: float = 0.0, usage: tuple[int, int] | None = None) -> Reply:
        """A normal completion whose content is ``data`` serialised as JSON."""
        return cls.text(json.dumps(data, ensure_ascii=False), delay=delay, usage=usage)

    @classmethod
    def status(
        cls, code: int, message: str = "scripted error", *, headers: dict[str, str] | None = None
    ) -> Reply:
        """An HTTP error with an OpenAI-style error body."""
        body = json.dumps({"error": {"message": message, "type": "scripted", "code": code}}).encode()
        return cls("status", status_code=code, body=body, headers=dict(headers or {}))

    @classmethod
    def raw(
        cls, body: bytes | str, *, status_code: int = 200, content_type: str = "application/json"
    ) -> Reply:
        """Send ``body`` as is, e.g. a malformed JSON document."""
        data = body.encode() if isinstance(body, str) else body
        return cls("raw", status_code=status_code, body=data, headers={"Content-Type": content_type})

    @classmethod
    def slow(cls, seconds: float, then: Reply | None = None) -> Reply:
        """Wait ``seconds`` before answering (with ``then``, or an empty JSON object)."""
        reply = then or cls.text("{}")
        reply.delay = seconds
        return reply

    @classmethod
    def stream(cls, chunks: list[str], *, chunk_delay: float = 0.0, finish: bool = True) -> Reply:
        """A streamed reply sent as one SSE event per chunk; ``finish=False`` cuts it off early."""
        return cls("stream", chunks=tuple(chunks), chunk_delay=chunk_delay, finish=finish)

    @classmethod
    def drop(cls) -> Reply:
        """Close the connection without answering."""
        return cls("drop")

    @classmethod
    def kill(cls) -> Reply:
        """Close the connection without answering and stop the server: later requests are refused."""
        return cls("kill")


@dataclass
class RecordedRequest:
    """A request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any  # the decoded JSON body, or None

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The chat messages of a completion request."""
        return list((self.body or {}).get("messages") or [])

    @property
    def response_format(self) -> dict[str, Any] | None:
        """The ``response_format`` the client asked for, if any."""
        return (self.body or {}).get("response_format")

    @property
    def format_type(self) -> str | None:
        """``json_schema``, ``json_object`` or None when no response_format was sent."""
        rf = self.response_format
        return rf.get("type") if isinstance(rf, dict) else None

    @property
    def text(self) -> str:
        """All message contents joined, for assertions on the prompt."""
        return "\n".join(str(m.get("content") or "") for m in self.messages)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: ScriptedLLM

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: clients hanging up on a slow reply is part of what tests script."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"  # one request per connection; a stream ends when the socket closes

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Keep test output clean."""

    def _read_body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return {"_raw": raw.decode(errors="replace")}

    def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        hdrs = {"Content-Type": "application/json", **(headers or {})}
        for k, v in hdrs.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        owner = self.server.owner
        owner._record(
            RecordedRequest("GET", self.path, {k.lower(): v for k, v in self.headers.items()}, None)
        )
        if self.path.rstrip("/") == "/v1/models":
            data = {
                "object": "list",
                "data": [{"id": owner.model, "object": "model", "owned_by": "scripted"}],
            }
            self._send(200, json.dumps(data).encode())
        else:
            self._send(404, b'{"error": {"message": "not found"}}')

    def do_POST(self) -> None:
        owner = self.server.owner
        body = self._read_body()
        req = RecordedRequest("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        owner._record(req)
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, b'{"error": {"message": "not found"}}')
            return
        if owner.reject_json_schema and req.format_type == "json_schema":
            self._send(
                500, b'{"error": {"code": 500, "message": "response_format type json_schema unsupported"}}'
            )
            return
        reply = owner._next_reply(req)
        slot = owner._enter()
        try:
            self._answer(owner, req, reply, body, slot)
        finally:
            owner._leave(slot)

    def _answer(
        self, owner: ScriptedLLM, req: RecordedRequest, reply: Reply, body: Any, slot: list[bool]
    ) -> None:
        if reply.delay and owner._stopping.wait(reply.delay):
            return
        if reply.kind != "stream":
            # Counted out before the bytes go out: a client that has read the answer may send its next
            # request at once, before this thread would get back to a ``finally``.
            owner._leave(slot)
        model = str((body or {}).get("model") or owner.model)
        if reply.kind in ("drop", "kill"):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            if reply.kind == "kill":
                threading.Thread(target=owner.stop, daemon=True).start()
        elif reply.kind in ("status", "raw"):
            self._send(reply.status_code, reply.body, reply.headers)
        elif reply.kind == "stream":
            self._stream(reply, model)
        else:
            prompt_tokens, completion_tokens = reply.usage or (_estimate(req.text), _estimate(reply.content))
            data = {
                "id": f"chatcmpl-{owner.served}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply.content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            }
            self._send(200, json.dumps(data, ensure_ascii=False).encode())

    def _stream(self, reply: Reply, model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

        def event(delta: dict[str, Any], finish: str | None) -> None:
            chunk = {
                "id": "chatcmpl-stream",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()

        event({"role": "assistant", "content": ""}, None)
        for piece in reply.chunks:
            if reply.chunk_delay and self.server.owner._stopping.wait(reply.chunk_delay):
                return
            event({"content": piece}, None)
        if reply.finish:
            event({}, "stop")
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()


def _estimate(text: str) -> int:
    """A rough token count so usage figures are plausible and grow with the text."""
    return max(1, len(text) // 2)


class ScriptedLLM:
    """The scripted server. ``start()`` binds a free port on 127.0.0.1; ``stop()`` closes it."""

    def __init__(self, model: str = "scripted-model") -> None:
        self.model = model
        self.reject_json_schema = False
        self.requests: list[RecordedRequest] = []
        self.served = 0
        self.in_flight = 0
        self.max_in_flight = 0  # the most chat requests being answered at the same moment
        self.responder: Callable[[RecordedRequest], Reply] | None = None
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------------------
    def start(self) -> ScriptedLLM:
        """Start serving in a background thread; returns self."""
        server = _Server(("127.0.0.1", 0), _Handler)
        server.owner = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the port, so new connections are refused. Safe to call twice."""
        with self._lock:
            server, self._server = self._server, None
        self._stopping.set()
        if server is not None:
            server.shutdown()
            server.server_close()

    @property
    def running(self) -> bool:
        """Whether the server still accepts connections."""
        return self._server is not None

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL, ending in ``/v1``."""
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> ScriptedLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- scripting ---------------------------------------------------------------------------------------
    def push(self, *replies: Reply) -> ScriptedLLM:
        """Queue replies; each chat request takes the next one."""
        with self._lock:
            self._queue.extend(replies)
        return self

    @property
    def pending(self) -> int:
        """How many queued replies have not been used yet."""
        with self._lock:
            return len(self._queue)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """The chat completion requests received so far, in order."""
        with self._lock:
            return [r for r in self.requests if r.path.rstrip("/").endswith("/chat/completions")]

    def _record(self, req: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(req)

    def _enter(self) -> list[bool]:
        """Count a chat request in; the returned slot is handed back to :meth:`_leave`."""
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        return [True]

    def _leave(self, slot: list[bool]) -> None:
        """Count the request of ``slot`` out, once however often it is called."""
        with self._lock:
            if slot and slot.pop():
                self.in_flight -= 1

    def _next_reply(self, req: RecordedRequest) -> Reply:
        with self._lock:
            self.served += 1
            if self._queue:
                return self._queue.popleft()
        if self.responder is not None:
            return self.responder(req)
        return Reply.status(500, "the test scripted no reply for this request")
