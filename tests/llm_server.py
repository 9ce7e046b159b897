"""A scripted OpenAI-compatible chat server on loopback, speaking the real wire format.

`ScriptedLLMServer` listens on 127.0.0.1 (a free port) in a background thread and serves
`POST /v1/chat/completions`. Each request consumes the next `Reply` of its script, in order:

- a text answer or tool calls, as a JSON `chat.completion` or, when the request says `"stream": true`,
  as Server-Sent Events of `chat.completion.chunk`s (role, content pieces, tool calls split into a head
  chunk with index/id/name and several argument fragments, a finish chunk, a usage chunk when
  `stream_options.include_usage`, then `[DONE]`);
- an HTTP error with an OpenAI error body (`error(503)`);
- a stall longer than the client's timeout (`stall(2.0)`), after which nothing useful is sent.

Every request body is recorded with its arrival time. A request that finds the script empty gets an
HTTP 500 and is listed in `unexpected`, so a test can assert that the client sent exactly what it scripted.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

COMPLETIONS_PATH = "/v1/chat/completions"


@dataclass(frozen=True)
class ScriptedCall:
    """One tool call as the model emits it; `arguments` is the raw JSON text (it may be malformed)."""

    name: str
    arguments: str
    id: str


@dataclass(frozen=True)
class Reply:
    """One scripted response. `status` != 200 sends an error; `stall_s` > 0 holds the response that long."""

    text: str = ""
    tool_calls: tuple[ScriptedCall, ...] = ()
    status: int = 200
    stall_s: float = 0.0
    retry_after_ms: int | None = None
    completion_tokens: int = 7


def text(content: str) -> Reply:
    return Reply(text=content)


def tool_calls(*calls: tuple[str, dict[str, Any]], text: str = "") -> Reply:
    """Tool calls with well-formed JSON arguments, ids `call_<n>_<name>`."""
    scripted = tuple(
        ScriptedCall(name=name, arguments=json.dumps(args), id=f"call_{n}_{name}")
        for n, (name, args) in enumerate(calls)
    )
    return Reply(text=text, tool_calls=scripted)


def raw_tool_call(name: str, arguments: str, call_id: str = "call_raw") -> Reply:
    """A tool call whose argument text is sent verbatim (e.g. truncated JSON)."""
    return Reply(tool_calls=(ScriptedCall(name=name, arguments=arguments, id=call_id),))


def error(status: int, *, retry_after_ms: int | None = None) -> Reply:
    return Reply(status=status, retry_after_ms=retry_after_ms)


def stall(seconds: float) -> Reply:
    return Reply(stall_s=seconds)


@dataclass(frozen=True)
class RecordedRequest:
    """A request as received, the reply it got, the usage block sent (if any) and when it arrived."""

    body: dict[str, Any]
    reply: Reply | None
    usage: dict[str, int] | None
    at: float

    @property
    def streamed(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def tool_names(self) -> list[str]:
        return [t["function"]["name"] for t in self.body.get("tools", [])]


@dataclass
class _Script:
    replies: deque[Reply] = field(default_factory=deque)
    requests: list[RecordedRequest] = field(default_factory=list)
    unexpected: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    closing: threading.Event = field(default_factory=threading.Event)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    script: _Script


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: pytest shows failures, not access logs."""

    def do_POST(self) -> None:
        if self.path.rstrip("/") != COMPLETIONS_PATH:
            self._send_json(HTTPStatus.NOT_FOUND, _error_body(404, f"no route {self.path}"))
            return
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length))
        script = self.server.script
        with script.lock:
            reply = script.replies.popleft() if script.replies else None
            usage = _usage(body, reply) if reply is not None and reply.status == 200 else None
            script.requests.append(RecordedRequest(body, reply, usage, time.monotonic()))
            if reply is None:
                script.unexpected.append(body)
        if reply is None:
            self._send_json(HTTPStatus.INTERNAL_SERVER_ERROR, _error_body(500, "script exhausted"))
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (a stall)
            self._respond(body, reply, usage)

    def _respond(self, body: dict[str, Any], reply: Reply, usage: dict[str, int] | None) -> None:
        if reply.stall_s > 0 and self.server.script.closing.wait(reply.stall_s):
            return
        if reply.status != 200:
            headers = {"retry-after-ms": str(reply.retry_after_ms)} if reply.retry_after_ms else {}
            self._send_json(reply.status, _error_body(reply.status, "scripted failure"), headers)
            return
        model = str(body.get("model", "test-model"))
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self._send_sse(_chunks(reply, model, usage if include_usage else None))
        else:
            self._send_json(HTTPStatus.OK, _completion(reply, model, usage))

    def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_sse(self, chunks: Iterator[dict[str, Any]]) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


def _error_body(status: int, message: str) -> dict[str, Any]:
    return {
        "error": {
            "message": message,
            "type": "server_error" if status >= 500 else "invalid_request_error",
            "param": None,
            "code": str(status),
        }
    }


def _usage(body: dict[str, Any], reply: Reply) -> dict[str, int]:
    """Token counts the server reports: a size-based prompt count and the reply's scripted completion count."""
    prompt = max(1, len(json.dumps(body.get("messages", []))) // 4 + len(json.dumps(body.get("tools", []))) // 4)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": reply.completion_tokens,
        "total_tokens": prompt + reply.completion_tokens,
    }


def _finish_reason(reply: Reply) -> str:
    return "tool_calls" if reply.tool_calls else "stop"


def _completion(reply: Reply, model: str, usage: dict[str, int] | None) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.text or None, "refusal": None}
    if reply.tool_calls:
        message["tool_calls"] = [
            {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
            for c in reply.tool_calls
        ]
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": _finish_reason(reply)}],
        "usage": usage,
    }


def split_pieces(value: str, parts: int) -> list[str]:
    """`value` cut into at most `parts` non-empty consecutive pieces (an empty value gives no pieces)."""
    if not value:
        return []
    step = max(1, -(-len(value) // parts))
    return [value[i : i + step] for i in range(0, len(value), step)]


def text_pieces(value: str) -> list[str]:
    """Word-sized streaming pieces that concatenate back to `value` ("Hello", " world", ...)."""
    pieces: list[str] = []
    for n, word in enumerate(value.split(" ")):
        pieces.append(word if n == 0 else f" {word}")
    return [p for p in pieces if p]


def _chunks(reply: Reply, model: str, usage: dict[str, int] | None) -> Iterator[dict[str, Any]]:
    created = int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        base = {"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": created, "model": model}
        return {**base, "choices": [choice], **({"usage": None} if usage is not None else {})}

    yield chunk({"role": "assistant", "content": "", "refusal": None})
    for piece in text_pieces(reply.text):
        yield chunk({"content": piece})
    for index, call in enumerate(reply.tool_calls):
        head = {"index": index, "id": call.id, "type": "function", "function": {"name": call.name, "arguments": ""}}
        yield chunk({"tool_calls": [head]})
        for fragment in split_pieces(call.arguments, 3):
            yield chunk({"tool_calls": [{"index": index, "function": {"arguments": fragment}}]})
    yield chunk({}, _finish_reason(reply))
    if usage is not None:
        yield {
            "id": "chatcmpl-scripted",
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [],
            "usage": usage,
        }


class ScriptedLLMServer:
    """The loopback server; use as a context manager. `base_url` ends in `/v1`, as OpenAI clients expect."""

    def __init__(self) -> None:
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.script = _Script()
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="scripted-llm", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._httpd.script.lock:
            return list(self._httpd.script.requests)

    @property
    def unexpected(self) -> list[dict[str, Any]]:
        with self._httpd.script.lock:
            return list(self._httpd.script.unexpected)

    @property
    def remaining(self) -> int:
        with self._httpd.script.lock:
            return len(self._httpd.script.replies)

    def script(self, *replies: Reply) -> None:
        """Append replies to the script; each request consumes the next one."""
        with self._httpd.script.lock:
            self._httpd.script.replies.extend(replies)

    def start(self) -> ScriptedLLMServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.script.closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
