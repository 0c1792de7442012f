"""A local fake of Stream's HTTP API (the one SaaS the tests cannot reach): it records each request (path,
query, JSON body, auth headers) and answers with the smallest body the official SDKs accept. Used by the
Stream Chat and Stream Video adapter tests through the `fake_stream` fixture."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest

from app.config import settings
from tests.json_http import JsonHandler, serve

SECRET = "stream-test-secret-" + "x" * 24


class FakeStream(JsonHandler):
    calls: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
        url = urlparse(self.path)
        FakeStream.calls.append({"path": url.path, "query": parse_qs(url.query), "body": body,
                                 "auth": self.headers.get("Authorization"),
                                 "auth_type": self.headers.get("stream-auth-type")})
        parts = url.path.strip("/").split("/")
        if url.path.startswith("/channels/"):
            answer = {"channel": {"id": parts[2]}}
        elif url.path.startswith("/api/v2/video/call/"):
            answer = {"call": {"type": parts[4], "id": parts[5], "cid": f"{parts[4]}:{parts[5]}"}, "members": [],
                      "created": True}
        else:
            answer = {"users": {}}
        self.reply(201, {**answer, "duration": "1ms"})


@pytest.fixture
def fake_stream(monkeypatch):
    server = serve(FakeStream)
    FakeStream.calls = []
    monkeypatch.setattr(settings, "stream_api_key", "key123")
    monkeypatch.setattr(settings, "stream_api_secret", SECRET)
    monkeypatch.setattr(settings, "stream_base_url", f"http://127.0.0.1:{server.server_port}")
    yield FakeStream.calls
    server.shutdown()
