"""What comes from outside (an export folder, an OParl server): read within limits, shown
without control characters.

``read_inside`` reads only a regular file inside the folder it was given, its size checked
before a byte is read: a link that leads out of the folder, a device (``/dev/zero``), a FIFO,
a socket or a sparse giant is refused with one German line instead of filling the memory or
hanging. What it returns goes to a reader child to be parsed under that child's limits.

``printable`` is for every text that reaches a message, a progress line or a log: control
characters (escape sequences among them), bidi overrides and lone surrogates become spaces.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..errors import WerkstattError

_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str, limit: int = 300) -> str:
    """``text`` as one line a terminal or log shows as it is, at most ``limit`` characters."""
    return " ".join(_UNSHOWN.sub(" ", text).split())[:limit]


def read_inside(path: Path, root: Path | None, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes inside
    ``root`` (after following links; ``None``: a file the user named, wherever it is),
    else a ``WerkstattError`` saying why it is not read."""
    name = printable(path.name, 120)
    try:
        real = path.resolve(strict=True)
        inside = root is None or real.is_relative_to(root.resolve(strict=True))
        before = os.stat(real)
    except (OSError, RuntimeError):  # gone, a dangling or looping link, no permission
        raise WerkstattError(f"„{name}“ kann nicht gelesen werden (fehlt oder verweist ins "
                             "Leere).") from None
    if not inside:
        raise WerkstattError(f"„{name}“ verweist auf eine Datei außerhalb des Ordners und wird "
                             "nicht gelesen.")
    if not stat.S_ISREG(before.st_mode):  # looked at before opening: a device is never opened
        raise WerkstattError(f"„{name}“ ist keine gewöhnliche Datei (Gerät, Pipe oder "
                             "Ähnliches) und wird nicht gelesen.")
    _check_size(name, before.st_size, limit)
    flags = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_BINARY", 0))
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise WerkstattError(f"„{name}“ kann nicht gelesen werden ({exc.strerror}).") from None
    with os.fdopen(fd, "rb") as fh:
        now = os.fstat(fh.fileno())  # the file opened is still the one looked at
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (before.st_dev,
                                                                          before.st_ino):
            raise WerkstattError(f"„{name}“ wurde beim Lesen ausgetauscht und wird nicht gelesen.")
        _check_size(name, now.st_size, limit)
        try:
            data = fh.read(limit + 1)  # a file that grows meanwhile stops at the limit
        except OSError as exc:
            raise WerkstattError(f"„{name}“ kann nicht gelesen werden ({exc.strerror}).") from None
    _check_size(name, len(data), limit)
    return data


def _check_size(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise WerkstattError(f"„{name}“ ist mit {size / 2**20:.1f} MB zu groß (höchstens "
                             f"{limit / 2**20:.0f} MB); nicht gelesen.")
