"""``make loadtest URL=…``: simulated users against the city's OpenAI-compatible inference
server (llama.cpp's ``llama-server``, vLLM): time to first token and tokens/s, for IT.

At each level (default 1, 4, 16 users) all users start together; each sends its requests one
after another: the app's real prompts (``Request.build``, system and user message) of
"zusammenfassung" on the council papers of ``benchmarks/evalset`` and of "einfache-sprache"
and "email-antwort" on their evaluation cases, streamed from ``/v1/chat/completions``. Per
level: TTFT median and 95th percentile, tokens/s per user (median over requests: whole
request, and decoding only) and of all users together. Bounded: ``--requests`` per user, no
new request after ``--max-seconds``; one untimed warm-up request first. Nothing fails on
slowness: the exit code is 1 only when the server cannot be reached at all. Without
``--url`` it starts llama-cpp-python's server (``scripts/llama_server.py``, one request at a
time) with the default model on 127.0.0.1 and stops it at the end.
Run: make loadtest URL=https://llm.example:8443 LOADTEST_ARGS="--ca-bundle ca.pem"
  or .venv/bin/python benchmarks/loadtest.py [--url URL] [--users 1,4,16] [--requests 2]
"""
from __future__ import annotations

import argparse
import collections
import http.client
import json
import math
import os
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkstatt import catalog  # noqa: E402
from werkstatt.engine import physical_cores  # noqa: E402
from werkstatt.pipeline import Request  # noqa: E402
from werkstatt.templates import get_template, load_templates  # noqa: E402

EVALSET = ROOT / "benchmarks" / "evalset"
MAX_CHARS = 4000  # keeps a prompt under about 1,500 tokens
CONNECT_TIMEOUT, READ_TIMEOUT = 10.0, 600.0
Body = dict[str, Any]  # a chat completion request


@dataclass
class Result:
    error: str = ""  # empty when the stream ended properly
    ttft: float | None = None
    tokens: int = 0
    total: float = 0.0
    decode: float = 0.0  # seconds after the first token
    usage: bool = False  # tokens from the stream's usage, not counted chunks


class Server:
    """Where the requests go: base URL, optional CA file and API key (never printed)."""

    def __init__(self, url: str, ca_bundle: str | None, api_key: str) -> None:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        self.https, self.host, self.port = parts.scheme == "https", parts.hostname or "", parts.port
        self.prefix = parts.path.rstrip("/").removesuffix("/v1")
        self.context = ssl.create_default_context(cafile=ca_bundle) if self.https else None
        self.headers = {"Content-Type": "application/json"}
        if api_key:
            self.headers["Authorization"] = f"Bearer {api_key}"

    def open(self, method: str, path: str, body: Body | None = None
             ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        conn = (http.client.HTTPSConnection(self.host, self.port, timeout=CONNECT_TIMEOUT,
                                            context=self.context) if self.https
                else http.client.HTTPConnection(self.host, self.port, timeout=CONNECT_TIMEOUT))
        try:
            conn.connect()
            assert conn.sock is not None
            conn.sock.settimeout(READ_TIMEOUT)
            conn.request(method, self.prefix + path, json.dumps(body) if body else None,
                         self.headers)
            return conn, conn.getresponse()
        except BaseException:
            conn.close()
            raise

    def models(self) -> list[str]:
        conn, response = self.open("GET", "/v1/models")
        with closing(conn):
            data = response.read()
        if response.status >= 400:
            raise http.client.HTTPException(f"HTTP {response.status}")
        return [m["id"] for m in json.loads(data).get("data", [])]


def error_name(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "Verbindung abgelehnt"
    if isinstance(exc, TimeoutError):
        return "Zeitüberschreitung"
    if isinstance(exc, ssl.SSLError):
        return "TLS-Fehler"
    if isinstance(exc, (http.client.IncompleteRead, ConnectionResetError)):
        return "Stream abgebrochen"
    return str(exc) if str(exc).startswith("HTTP ") else type(exc).__name__


def stream(server: Server, body: Body) -> Result:
    """One streamed chat completion, timed; errors are a result, never an exception."""
    result, start, finished, chunks = Result(), time.monotonic(), False, 0
    try:
        conn, response = server.open("POST", "/v1/chat/completions", body)
        with closing(conn):
            if response.status >= 400:
                response.read()
                return Result(error=f"HTTP {response.status}")
            for raw in response:  # server-sent events: "data: {...}" lines, "data: [DONE]"
                line = raw.decode("utf-8", "replace").strip()
                if not line.startswith("data:"):
                    continue
                if line[5:].strip() == "[DONE]":
                    break
                event = json.loads(line[5:])
                for choice in event.get("choices") or []:
                    if (choice.get("delta") or {}).get("content"):
                        chunks += 1
                        if result.ttft is None:
                            result.ttft = time.monotonic() - start
                    finished = finished or bool(choice.get("finish_reason"))
                if (event.get("usage") or {}).get("completion_tokens") is not None:
                    result.tokens, result.usage = event["usage"]["completion_tokens"], True
        if not finished:  # [DONE] or the end without a finish_reason: cut short
            result.error = "Stream abgebrochen"
    except ValueError:
        result.error = "unlesbares Ereignis"
    except (OSError, http.client.HTTPException) as exc:
        result.error = error_name(exc)
    result.tokens = result.tokens if result.usage else chunks
    result.total = time.monotonic() - start
    result.decode = result.total - result.ttft if result.ttft is not None else 0.0
    return result


def prompts(model: str, max_tokens: int) -> list[tuple[str, Body]]:
    """(template id, body): the app's prompts on real documents, templates interleaved."""
    load_templates()  # every template valid, as in the app
    papers = [p.read_text(encoding="utf-8").split("\n\n", 1)[1].strip()  # without "Quelle:"
              for p in sorted(EVALSET.glob("*.txt"))]
    cases: dict[str, list[tuple[dict[str, str], str]]] = collections.defaultdict(list)
    for path in sorted((EVALSET / "cases").glob("*.toml")):
        case = tomllib.loads(path.read_text(encoding="utf-8"))
        cases[case["template"]].append((dict(case.get("values", {})), case["input"]))
    mix = {"zusammenfassung": [({"laenge": "mittel"}, paper) for paper in papers],
           "einfache-sprache": cases["einfache-sprache"], "email-antwort": cases["email-antwort"]}
    result = []
    for i in range(max(len(v) for v in mix.values())):
        for template_id, inputs in mix.items():
            values, document = inputs[i % len(inputs)]
            prompt = Request.build(get_template(template_id), values, document[:MAX_CHARS]).prompt
            result.append((template_id, {
                "model": model, "stream": True, "max_tokens": max_tokens, "temperature": 0.3,
                "top_p": 0.9, "cache_prompt": True, "stream_options": {"include_usage": True},
                "messages": [{"role": "system", "content": prompt.system},
                             {"role": "user", "content": prompt.user}]}))
    return result


def level(server: Server, users: int, requests: int, max_seconds: float,
          bodies: list[Body], offset: int) -> tuple[list[Result], float]:
    """All users at once, each its requests in turn; no new request after ``max_seconds``."""
    results: list[Result] = []
    start = time.monotonic()

    def user(u: int) -> None:
        for i in range(requests):  # the next templates in turn; each level other documents
            if time.monotonic() - start < max_seconds:
                body = bodies[(offset + u * requests + i) % len(bodies)]
                results.append(stream(server, body))  # list.append is atomic

    threads = [threading.Thread(target=user, args=(u,), daemon=True) for u in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.monotonic() - start


def summary(users: int, results: list[Result], wall: float) -> dict[str, Any]:
    ok = [r for r in results if not r.error]
    ttft = sorted(r.ttft for r in ok if r.ttft is not None)
    rate = [r.tokens / r.total for r in ok if r.total > 0]
    decode = [(r.tokens - 1) / r.decode for r in ok if r.tokens > 1 and r.decode > 0]

    def med(v: list[float]) -> str:
        return f"{statistics.median(v):.2f}" if v else "–"
    return {"Nutzer": users, "Anfragen ok": len(ok), "Fehler": len(results) - len(ok),
            "TTFT Median (s)": med(ttft),
            "TTFT p95 (s)": f"{ttft[math.ceil(0.95 * len(ttft)) - 1]:.2f}" if ttft else "–",
            "Token/s je Nutzer": med(rate), "Token/s Dekodieren": med(decode),
            "Token/s gesamt": f"{sum(r.tokens for r in ok) / wall:.2f}", "Dauer (s)": f"{wall:.1f}",
            "_errors": collections.Counter(r.error for r in results if r.error),
            "_usage": any(r.usage for r in ok)}


def machine() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "?")
    except OSError:
        cpu = "?"
    return f"{cpu}, {os.cpu_count()} logische Kerne"


def start_server(log: IO[bytes]) -> tuple[subprocess.Popen[bytes], str]:
    """llama-cpp-python's server with the default model on a free local port."""
    entry = catalog.default_model()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # interrupt_requests False: by default a waiting request cuts the running stream short
    command = [sys.executable, "scripts/llama_server.py", "--model", str(entry.path),
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096",
               "--model_alias", entry.id, "--interrupt_requests", "False",
               "--n_threads", str(physical_cores())]  # as the app (the server's default: half)
    return (subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                             start_new_session=True), f"http://127.0.0.1:{port}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="base URL, e.g. http://127.0.0.1:8080 (else: own server)")
    parser.add_argument("--model", help="model name (default: the first of /v1/models)")
    parser.add_argument("--users", default="1,4,16", help="levels of concurrent users")
    parser.add_argument("--requests", type=int, default=2, help="requests per user and level")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--max-seconds", type=float, default=300.0,
                        help="per level: no new request after this")
    parser.add_argument("--ca-bundle", help="CA file for https")
    parser.add_argument("--api-key", default=os.environ.get("WERKSTATT_LOADTEST_KEY", ""),
                        help="Bearer key (default: env WERKSTATT_LOADTEST_KEY)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that ``finally`` stops the server
    process, url, log = None, args.url, tempfile.TemporaryFile()
    try:
        if not url:
            process, url = start_server(log)
        server = Server(url, args.ca_bundle, args.api_key)
        deadline, problem = time.monotonic() + (120 if process else 0), ""
        while True:
            try:
                models = server.models()
                break
            except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
                problem = error_name(exc)
            if time.monotonic() >= deadline or (process and process.poll() is not None):
                print(f"Server {url} nicht erreichbar: {problem}")
                if process:
                    log.seek(0)
                    print(log.read().decode("utf-8", "replace")[-2000:])
                return 1
            time.sleep(1)
        model = args.model or (models[0] if models else "")
        named = prompts(model, args.max_tokens)
        bodies = [body for _, body in named]
        print(f"Server {url}, Modell {model}, {machine()}; je Nutzer {args.requests} Anfragen, "
              f"höchstens {args.max_tokens} Token; Vorlagen: "
              f"{', '.join(dict.fromkeys(t for t, _ in named))}")
        warm = stream(server, {**bodies[-1], "max_tokens": 1})  # loads the weights, untimed
        if warm.error:
            print(f"Aufwärmanfrage: {warm.error}")
        rows, offset = [], 0
        for users in [int(u) for u in args.users.split(",") if u.strip()]:
            rows.append(summary(users, *level(server, users, args.requests, args.max_seconds,
                                              bodies, offset)))
            offset += users * args.requests
            print("  ".join(f"{k} {v}" for k, v in rows[-1].items() if not k.startswith("_")))
            if rows[-1]["_errors"]:
                print("  Fehler: " + ", ".join(f"{n}× {e}" for e, n in rows[-1]["_errors"].items()))
        keys = [k for k in rows[0] if not k.startswith("_")] if rows else []
        counted = ("aus usage.completion_tokens" if any(r["_usage"] for r in rows)
                   else "als Stream-Abschnitte (keine usage im Stream)")
        print(f"\nLasttest: Modell {model}, {machine()}; max_tokens {args.max_tokens}; "
              f"Token gezählt {counted}\n")
        print("| " + " | ".join(keys) + " |\n|" + "---:|" * len(keys))
        for row in rows:
            print("| " + " | ".join(str(row[k]) for k in keys) + " |")
        return 0
    except KeyboardInterrupt:
        print("\nAbgebrochen.")
        return 130
    finally:
        if process and process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):  # also a second Ctrl+C
                process.kill()
                process.wait()
        log.close()


if __name__ == "__main__":
    sys.exit(main())
