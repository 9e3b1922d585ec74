"""A local, scripted, OpenAI-wire-compatible server, used only to RECORD cassettes.

`FakeOpenAI(script)` serves `POST /v1/chat/completions` (and Azure's
`/openai/deployments/<name>/chat/completions`) on 127.0.0.1 with a random port. Each request
is answered by the `script`: a function of the request's JSON body and of how many requests
for the same part came before it (0 for the first, 1 for a re-ask or a retry, ...). The part
is the function name in tools mode, or the schema title instructor embeds in JSON modes.

Answers are real chat-completion JSON (ids derived from the request, a fixed `created`, and
token usage estimated from the sizes), so the cassettes recorded through it are in OpenAI's
wire format and deterministic: recording twice gives the same files.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from assistant.llm.models import PARTS

CREATED = 1_767_225_600  # 2026-01-01T00:00:00Z


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    """A JSON-serialisable body, or raw text (for a broken body)."""
    headers: dict[str, str] = field(default_factory=dict)


Script = Callable[[dict[str, Any], int], Reply]


PART_NAMES = tuple(part.model.__name__ for part in PARTS)


def part_of(request: Mapping[str, Any]) -> str:
    """The response model a request asks for: the function name in tools mode, else the
    schema title instructor puts in the system message."""
    tools = request.get("tools") or []
    if tools:
        return str(tools[0]["function"]["name"])
    messages = request.get("messages") or [{}]
    content = messages[0].get("content")
    if isinstance(content, str):
        for name in PART_NAMES:
            if re.search(rf'"title": "{name}"', content):
                return name
    return ""


def _tokens(value: Any) -> int:
    return max(1, len(json.dumps(value)) // 4)


def _completion(request: Mapping[str, Any], message: dict[str, Any], finish: str) -> dict:
    digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
    prompt = _tokens(request.get("messages", [])) + _tokens(request.get("tools", []))
    return {
        "id": f"chatcmpl-fake{digest[:20]}",
        "object": "chat.completion",
        "created": CREATED,
        "model": request.get("model", "fake-model"),
        "system_fingerprint": "fp_fake",
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": _tokens(message),
            "total_tokens": prompt + _tokens(message),
            "prompt_tokens_details": {"cached_tokens": 0},
        },
    }


def answer(request: Mapping[str, Any], data: Any, *, finish: str = "stop") -> Reply:
    """The model's answer `data` (a dict, or a string sent as-is) in the request's mode."""
    text = data if isinstance(data, str) else json.dumps(data)
    tools = request.get("tools") or []
    if tools:
        name = tools[0]["function"]["name"]
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        message = {
            "role": "assistant",
            "content": None,
            "refusal": None,
            "tool_calls": [
                {
                    "id": f"call_{digest}",
                    "type": "function",
                    "function": {"name": name, "arguments": text},
                }
            ],
        }
        finish = "tool_calls" if finish == "stop" else finish
    else:
        if "```json" in json.dumps(request.get("messages", [])):
            text = f"```json\n{text}\n```"  # md_json mode: as a model would fence it
        message = {"role": "assistant", "content": text, "refusal": None}
    return Reply(body=_completion(request, message, finish))


def chunk_of(request: Mapping[str, Any]) -> int:
    """Which piece of a split contract the request carries (1 when it is whole)."""
    found = re.search(r"This is part (\d+) of \d+", json.dumps(request.get("messages", [])))
    return int(found.group(1)) if found else 1


def refusal(request: Mapping[str, Any], text: str) -> Reply:
    message = {"role": "assistant", "content": None, "refusal": text}
    return Reply(body=_completion(request, message, "stop"))


def error(status: int, message: str, kind: str, code: str | None = None, **headers: str) -> Reply:
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return Reply(
        status=status, body=body, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )


def by_part(answers: Mapping[str, Callable[[dict[str, Any], int], Reply]]) -> Script:
    """A script that hands each request to the entry for its part; parts not listed get
    an empty answer (every field left empty)."""

    def script(request: dict[str, Any], n: int) -> Reply:
        handler = answers.get(part_of(request))
        return handler(request, n) if handler else answer(request, {})

    return script


class FakeOpenAI:
    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def azure_endpoint(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _reply(self, path: str, body: bytes) -> Reply:
        if not path.split("?")[0].endswith("/chat/completions"):
            return error(404, f"no route {path}", "invalid_request_error")
        request = json.loads(body)
        with self._lock:
            self.requests.append(request)
            part = part_of(request)
            n = self._seen[part]
            self._seen[part] += 1
        return self.script(request, n)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                reply = fake._reply(self.path, self.rfile.read(length))
                payload = (
                    reply.body.encode()
                    if isinstance(reply.body, str)
                    else json.dumps(reply.body).encode()
                )
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler

    @contextmanager
    def running(self) -> Iterator[FakeOpenAI]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            thread.join(timeout=5)
