"""The one host and port of IT's policy (``inference_server``), reached over HTTP(S).

``ServerConnection`` sends a request to that server and nowhere else: it follows no redirect
(a 3xx is a failure) and uses no proxy from the environment (``http.client`` reads none).
Every transport error and every HTTP error status becomes one ``ServerFailure`` with a German
sentence; a server's own words in it are shortened and cleaned (``printable``), the draft's
text keeps only line breaks and tabs of the control characters (``draft_text``). The API key
comes from the policy or from a generic Windows credential (``read_credential``); either is
checked before it goes into a header (``serverpolicy.api_key_problem``) and kept out of crash
reports (``crashlog.keep_secret``).

Imported only in server mode, by ``remote.py``.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import ssl
import sys
import unicodedata
from typing import Any

from ..crashlog import keep_secret
from ..errors import ServerFailure, WerkstattError
from ..policy import Policy
from ..serverpolicy import api_key_problem

CONNECT_TIMEOUT = 10.0  # seconds to reach the server
READ_TIMEOUT = 300.0  # seconds without a byte from the server (a long input on a busy server)
MAX_BODY = 4 << 20  # one non-streamed reply (model list, token count), and an error's body


def server_label(url: str) -> str:
    """"host:port" of a base URL (the port only where it is not the scheme's own)."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    default = ":443" if scheme == "https" else ":80"
    return host[:-len(default)] if host.endswith(default) else host


# ANSI/VT escape sequences (CSI, OSC, other ESC sequences, C1's CSI), as a terminal reads them
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
                      r"|\x9b[0-?]*[ -/]*[@-~]")


def printable(text: str, limit: int = 200) -> str:
    """A server's own words for a message, a log or the terminal: shortened, without escape
    sequences and control characters (a hostile server must not fill or garble the message
    box, nor colour, move or rewrite the terminal)."""
    text = _ESCAPES.sub(" ", text)
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def draft_text(text: str) -> str:
    """A piece of the draft as the server sent it, without the control characters other than
    line break and tab (C0, DEL, C1: escape sequences lose their ESC, a "\\r" its overwrite)
    and with lone surrogates as U+FFFD (no file, database or window takes them)."""
    if text.isprintable():
        return text
    return "".join("\ufffd" if unicodedata.category(c) == "Cs" else c for c in text
                   if c in "\n\t" or unicodedata.category(c) != "Cc")


def credential_type() -> type:
    """Windows' CREDENTIALW structure (wincred.h), for ``CredReadW`` (and a test's ``CredWriteW``)."""
    import ctypes
    from ctypes import wintypes

    class Credential(ctypes.Structure):
        _fields_ = [("Flags", wintypes.DWORD), ("Type", wintypes.DWORD),
                    ("TargetName", wintypes.LPWSTR), ("Comment", wintypes.LPWSTR),
                    ("LastWritten", wintypes.FILETIME), ("CredentialBlobSize", wintypes.DWORD),
                    ("CredentialBlob", ctypes.POINTER(ctypes.c_ubyte)),
                    ("Persist", wintypes.DWORD), ("AttributeCount", wintypes.DWORD),
                    ("Attributes", ctypes.c_void_p), ("TargetAlias", wintypes.LPWSTR),
                    ("UserName", wintypes.LPWSTR)]

    return Credential


def read_credential(name: str) -> str:
    """The password of a generic Windows credential (Credential Manager), for the API key;
    ``cmdkey /generic:NAME /user:… /pass:…`` stores it as UTF-16, other tools as UTF-8."""
    if sys.platform != "win32":
        raise WerkstattError(f"Die Anmeldeinformation „{name}“ gibt es nur unter Windows "
                             "(Richtlinie inference_api_credential).")
    import ctypes

    advapi = ctypes.windll.advapi32
    pointer = ctypes.POINTER(credential_type())()
    if not advapi.CredReadW(name, 1, 0, ctypes.byref(pointer)):  # 1: CRED_TYPE_GENERIC
        raise WerkstattError(f"Die Anmeldeinformation „{name}“ für den KI-Server fehlt auf "
                             "diesem PC. Bitte die IT informieren.")
    try:
        blob = ctypes.string_at(pointer.contents.CredentialBlob,
                                pointer.contents.CredentialBlobSize)
    finally:
        advapi.CredFree(pointer)
    return credential_key(blob, name)


def credential_key(blob: bytes, name: str) -> str:
    """The API key in a credential's password (UTF-16 as ``cmdkey`` stores it, else UTF-8),
    checked as the policy's key is; a message never shows it."""
    where = (f"Die Anmeldeinformation „{name}“ für den KI-Server (Richtlinie "
             "inference_api_credential)")
    try:
        key = blob.decode("utf-16-le") if b"\x00" in blob else blob.decode("utf-8")
    except UnicodeDecodeError:
        raise WerkstattError(f"{where} ist kein lesbarer Text. Bitte die IT informieren.") from None
    keep_secret(key)
    problem = api_key_problem(key)
    if problem:
        raise WerkstattError(f"{where} {problem} (der Schlüssel wird hier nicht angezeigt). "
                             "Bitte die IT informieren.")
    return key


class ServerConnection:
    """The one host and port of the policy, reached over HTTP(S)."""

    def __init__(self, policy: Policy) -> None:
        assert policy.inference_server
        self.url = policy.inference_server
        self.fallback = policy.allow_local_fallback
        self.label = server_label(self.url)
        scheme, _, rest = self.url.partition("://")
        netloc, _, path = rest.partition("/")
        self.https = scheme == "https"
        self.prefix = "/" + path if path else ""
        parsed = http.client.HTTPConnection(netloc)  # host and port as http.client reads them
        self.host, self.port = parsed.host, parsed.port
        self.context: ssl.SSLContext | None = None
        if self.https:
            try:
                self.context = ssl.create_default_context(cafile=policy.inference_ca_bundle)
            except (OSError, ssl.SSLError) as exc:
                raise WerkstattError(
                    f"Das Zertifikat der Stadt für den KI-Server ({policy.inference_ca_bundle}) "
                    f"ist nicht lesbar ({exc}). Bitte die IT informieren (Richtlinie "
                    "inference_ca_bundle).") from None
        key = policy.inference_api_key or (read_credential(policy.inference_api_credential)
                                           if policy.inference_api_credential else "")
        keep_secret(key)
        problem = api_key_problem(key) if key else ""
        if problem:  # a policy built in code, not read by load_policy
            raise WerkstattError(f"Der API-Schlüssel für den KI-Server {problem} (der Schlüssel "
                                 "wird hier nicht angezeigt). Bitte die IT informieren "
                                 "(Richtlinie inference_api_key).")
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if key:
            self.headers["Authorization"] = f"Bearer {key}"

    def connect(self) -> http.client.HTTPConnection:
        if self.https:
            return http.client.HTTPSConnection(self.host, self.port, timeout=CONNECT_TIMEOUT,
                                               context=self.context)
        return http.client.HTTPConnection(self.host, self.port, timeout=CONNECT_TIMEOUT)

    def send(self, conn: http.client.HTTPConnection, method: str, path: str,
             body: dict[str, Any] | None = None) -> http.client.HTTPResponse:
        """Send a request and wait for the response's headers. Failures are German."""
        try:
            conn.request(method, self.prefix + path, headers=self.headers,
                         body=None if body is None else json.dumps(body).encode("utf-8"))
            if conn.sock is not None:
                conn.sock.settimeout(READ_TIMEOUT)
            return conn.getresponse()
        except BaseException as exc:
            conn.close()
            raise self.failure(exc) from None

    def call(self, method: str, path: str, body: dict[str, Any] | None = None,
             quiet: bool = False) -> Any:
        """A short request's JSON reply; ``quiet``: None instead of a failure on 4xx/5xx."""
        conn = self.connect()
        response = self.send(conn, method, path, body)
        try:
            data = self.read(response)
        finally:
            conn.close()
        if response.status != 200:
            if quiet:
                return None
            raise self.refused(response.status, data)
        try:
            return json.loads(data) if len(data) <= MAX_BODY else None
        except (ValueError, RecursionError):  # not JSON, not UTF-8, nested beyond the parser
            return None

    def read(self, response: http.client.HTTPResponse) -> bytes:
        """A reply's body, at most one byte more than ``MAX_BODY``. Failures are German."""
        try:
            return response.read(MAX_BODY + 1)
        except BaseException as exc:
            raise self.failure(exc) from None

    def failure(self, exc: BaseException) -> ServerFailure:
        """A transport error as one German sentence."""
        name = f"Der KI-Server {self.label}"
        if isinstance(exc, ssl.SSLCertVerificationError):
            return self._fail(f"Das Zertifikat des KI-Servers {self.label} ist nicht "
                              "vertrauenswürdig. Bitte die IT informieren (Richtlinie "
                              "inference_ca_bundle).")
        if isinstance(exc, ssl.SSLError):
            return self._fail(f"Die verschlüsselte Verbindung zum KI-Server {self.label} ist "
                              f"gescheitert ({printable(exc.reason or str(exc), 80)}).")
        if isinstance(exc, (socket.timeout, TimeoutError)):
            return self._fail(f"{name} antwortet nicht (keine Antwort nach "
                              f"{int(READ_TIMEOUT)} s).")
        if isinstance(exc, ConnectionRefusedError):
            return self._fail(f"{name} ist nicht erreichbar (Verbindung abgelehnt).")
        if isinstance(exc, socket.gaierror):
            return self._fail(f"{name} ist nicht bekannt (Name nicht auflösbar). Ist der PC "
                              "im Netz der Stadt?")
        if isinstance(exc, (http.client.HTTPException, ConnectionError)):
            return self._fail(f"Die Verbindung zum KI-Server {self.label} ist abgebrochen.")
        if isinstance(exc, OSError):
            return self._fail(f"{name} ist nicht erreichbar ({printable(str(exc.strerror or exc), 80)}).")
        raise exc

    def refused(self, status: int, data: bytes) -> ServerFailure:
        """An HTTP error status as one German sentence (with the server's own words)."""
        detail = ""
        try:
            body = json.loads(data[:MAX_BODY])
            error = body.get("error", body.get("detail", "")) if isinstance(body, dict) else ""
            detail = str(error.get("message", "") if isinstance(error, dict) else error)
        except (ValueError, RecursionError):
            pass
        said = f" Der Server meldet: „{printable(detail)}“" if detail else ""
        name = f"Der KI-Server {self.label}"
        if status in (401, 403):
            return self._fail(f"{name} hat die Anmeldung abgelehnt (HTTP {status}). Bitte die "
                              "IT informieren (Richtlinie inference_api_key).")
        if status in (429, 503):
            return self._fail(f"{name} ist ausgelastet (HTTP {status}). Bitte in einigen "
                              "Minuten erneut versuchen.")
        if 300 <= status < 400:
            return self._fail(f"{name} leitet an eine andere Adresse weiter (HTTP {status}); "
                              "dorthin sendet die KI-Werkstatt nichts. Bitte die IT "
                              "informieren (Richtlinie inference_server).")
        if status >= 500:
            return self._fail(f"{name} meldet einen Fehler (HTTP {status}).{said}")
        return self._fail(f"{name} hat die Anfrage abgelehnt (HTTP {status}).{said}")

    def _fail(self, reason: str) -> ServerFailure:
        return ServerFailure(reason, self.fallback)

    def garbled(self) -> ServerFailure:
        return self._fail(f"Der KI-Server {self.label} hat eine unverständliche Antwort "
                          "geschickt.")

    def cut(self) -> ServerFailure:
        return self._fail(f"Die Verbindung zum KI-Server {self.label} ist während der Antwort "
                          "abgebrochen.")

    def endless(self) -> ServerFailure:
        return self._fail(f"Der KI-Server {self.label} sendet ohne Ende, aber keinen Text; die "
                          "Antwort wurde abgebrochen.")
