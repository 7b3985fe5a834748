"""E-mails saved from Outlook or a mail program: .eml (stdlib) and Outlook .msg (extract-msg).

The text starts with sender, date and subject; attachments are listed by name and kept with
the document, so readable ones (PDF, Word, …) can be imported too (``read_attachments``).
"""

from __future__ import annotations

import email
import email.policy
import io
from pathlib import Path
from typing import Any

from ..errors import WerkstattError
from . import Attachment, Document, reader
from .text import decode_text
from .web import html_to_text


def _compose(path: Path, sender: str, date: str, subject: str, body: str,
             attachments: list[Attachment]) -> Document:
    head = [f"Von: {sender}", f"Datum: {date}", f"Betreff: {subject}"]
    names = [a.name for a in attachments]
    notes = tuple(f"Anhang: {name}" for name in names)
    text = "\n".join(head) + "\n\n" + body.strip()
    if attachments:
        text += "\n\nAnhänge: " + ", ".join(names)
    return Document(path.name, text, notes=notes, attachments=tuple(attachments))


@reader(".eml")
def read_eml(path: Path, data: bytes) -> Document:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not (message.get("From") or message.get("Subject")):
        raise WerkstattError(f"„{path.name}“ ist keine E-Mail (Absender und Betreff fehlen).")
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        try:
            content = body_part.get_content()
        except (LookupError, UnicodeError):  # an unknown or wrong charset: decode it ourselves
            raw = body_part.get_payload(decode=True)
            content = decode_text(raw) if isinstance(raw, bytes) else str(raw)
        body = html_to_text(content) if body_part.get_content_type() == "text/html" else content
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        attachments.append(Attachment(part.get_filename() or "(ohne Namen)",
                                      payload if isinstance(payload, bytes) else b""))
    return _compose(path, str(message.get("From", "")), str(message.get("Date", "")),
                    str(message.get("Subject", "")), body, attachments)


@reader(".msg")
def read_msg(path: Path, data: bytes) -> Document:
    import extract_msg

    if not data.startswith(b"\xd0\xcf\x11\xe0"):
        raise WerkstattError(f"„{path.name}“ ist keine Outlook-Nachricht (.msg), obwohl es so heißt.")
    try:
        msg: Any = extract_msg.openMsg(io.BytesIO(data))
    except Exception:
        raise WerkstattError(f"„{path.name}“ ist beschädigt und kann nicht gelesen werden.") from None
    try:
        body = msg.body or ""
        if not body.strip() and getattr(msg, "htmlBody", None):
            html = msg.htmlBody
            body = html_to_text(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
        attachments = [Attachment(a.getFilename() or "(ohne Namen)",
                                  a.data if isinstance(a.data, bytes) else b"")
                       for a in msg.attachments]
        return _compose(path, msg.sender or "", str(msg.date or ""), msg.subject or "", body,
                        attachments)
    finally:
        msg.close()
