"""Inference servers for the server-mode tests: llama-cpp-python's own OpenAI-compatible
server with the default model (``scripts/llama_server.py``), and a scripted one that answers
what a broken or hostile server would."""

from __future__ import annotations

import http.server
import json
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TLS = ROOT / "tests" / "data" / "tls"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LlamaServer:
    """``python -m llama_cpp.server`` on 127.0.0.1 with the default model, on as many threads
    as the app would use (the server's own default is half of them)."""

    def __init__(self, log: Path, n_ctx: int = 4096) -> None:
        from werkstatt import catalog
        from werkstatt.engine import physical_cores

        entry = catalog.default_model()
        self.model = entry.id
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "llama_server.py"), "--model", str(entry.path),
             "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(n_ctx),
             "--model_alias", self.model, "--n_threads", str(physical_cores())],
            stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(self.url + "/v1/models", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"llama_cpp.server did not start: see {log}")
            time.sleep(0.3)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


Reply = Callable[[http.server.BaseHTTPRequestHandler], None]


class ScriptedServer:
    """An HTTP server on 127.0.0.1 whose replies a test writes; it records every request.
    ``tls``: https with the test certificate of ``tests/data/tls`` (signed by its city CA)."""

    def __init__(self, chat: Reply, models: tuple[str, ...] = ("stadt-modell",),
                 tls: bool = False) -> None:
        self.requests: list[tuple[str, str, dict]] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                owner.requests.append(("GET", self.path, {}))
                if self.path == "/v1/models":
                    send_json(self, {"object": "list", "data": [{"id": m} for m in models]})
                else:
                    send_json(self, {"detail": "Not Found"}, 404)

            def do_POST(self) -> None:  # noqa: N802 - http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.requests.append(("POST", self.path, body))
                if self.path.endswith("/chat/completions"):
                    chat(self)
                else:
                    send_json(self, {"detail": "Not Found"}, 404)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        if tls:  # the handshake happens at accept; one a client refuses ends that connection only
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(TLS / "server.pem", TLS / "server.key")
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            self.url = "https" + self.url[4:]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send_json(handler: http.server.BaseHTTPRequestHandler, body: object, status: int = 200) -> None:
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def send_events(handler: http.server.BaseHTTPRequestHandler, events: list[bytes],
                delay: float = 0.0) -> None:
    """A streamed answer: each event as it would come, then the connection closes."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()
    handler.close_connection = True
    for event in events:
        try:
            handler.wfile.write(event)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the client hung up (a cancel)
        time.sleep(delay)


def piece(text: str, finish: str | None = None) -> bytes:
    choice = {"index": 0, "delta": {"content": text} if text else {}, "finish_reason": finish}
    return b"data: " + json.dumps({"choices": [choice]}).encode() + b"\n\n"
