"""Fixtures of the council library's tests: local OParl servers (http and https), a fast
reader for downloaded text files."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from werkstatt.documents import Document
from werkstatt.gremien import oparl as oparl_module

from .oparl_server import OParlServer


@pytest.fixture
def oparl() -> Iterator[Callable[..., OParlServer]]:
    """Start a server: ``oparl(papers=15)``; every server started is stopped afterwards."""
    started: list[OParlServer] = []

    def start(**options: Any) -> OParlServer:
        server = OParlServer(**options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def fast_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library reads the downloaded ``.txt`` files in this process (the real reader starts
    a child process per file, which ``test_full_sync`` exercises)."""
    def read(name: str, data: bytes) -> Document:
        return Document(name=name, text=data.decode("utf-8"))

    monkeypatch.setattr(oparl_module, "read_data", read)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (``openssl``), and its key."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key


@pytest.fixture
def tls(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A server context for ``OParlServer(tls=...)``; the client trusts its certificate as
    it trusts the system's (``SSL_CERT_FILE``), with the usual checks of name and chain."""
    cert, key = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context
