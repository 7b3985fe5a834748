"""Write a minimal Outlook .msg (Compound File Binary, version 3) for the import tests.

Run once: python tests/data/office/make_msg.py  -> tests/data/office/terminanfrage.msg
Only what readers need: message class, subject, sender, body, submit time, one attachment.
Streams under 4,096 bytes live in the mini stream (64-byte sectors), as the format requires.
"""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


class Entry:
    def __init__(self, name: str, kind: int, data: bytes = b"", children: list[Entry] | None = None):
        self.name, self.kind, self.data = name, kind, data
        self.children = children or []
        self.start, self.sid = END, 0
        self.left = self.right = self.child = NOSTREAM


def _key(e: Entry) -> tuple[int, str]:
    return (len(e.name), e.name.upper())


def build(root_children: list[Entry]) -> bytes:
    root = Entry("Root Entry", 5, children=root_children)
    entries: list[Entry] = []

    def number(e: Entry) -> None:
        e.sid = len(entries)
        entries.append(e)
        for c in e.children:
            number(c)

    number(root)
    for e in entries:  # children as a right-leaning chain, sorted like the spec's tree
        kids = sorted(e.children, key=_key)
        if kids:
            e.child = kids[0].sid
            for a, b in zip(kids, kids[1:]):
                a.right = b.sid
    sectors: list[bytes] = []
    fat: list[int] = []

    def put(data: bytes) -> int:
        if not data:
            return END
        first = len(sectors)
        chunks = [data[i:i + SECTOR].ljust(SECTOR, b"\0") for i in range(0, len(data), SECTOR)]
        for i, chunk in enumerate(chunks):
            sectors.append(chunk)
            fat.append(first + i + 1 if i < len(chunks) - 1 else END)
        return first

    mini = b""
    minifat: list[int] = []
    for e in entries:
        if e.kind != 2:
            continue
        if len(e.data) >= CUTOFF:
            e.start = put(e.data)
        elif e.data:
            e.start = len(mini) // MINI
            count = -(-len(e.data) // MINI)
            mini += e.data.ljust(count * MINI, b"\0")
            minifat += [e.start + i + 1 for i in range(count - 1)] + [END]
    root.data = mini
    root.start = put(mini) if mini else END
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat) if minifat else b""
    minifat_bytes += struct.pack("<I", FREE) * ((-len(minifat_bytes) // 4) % (SECTOR // 4))
    minifat_start = put(minifat_bytes) if minifat_bytes else END
    n_minifat = len(minifat_bytes) // SECTOR
    directory = b""
    for e in entries:
        name = utf16(e.name) + b"\0\0"
        directory += struct.pack(
            "<64sHBBIII16sIQQIII", name.ljust(64, b"\0"), len(name), e.kind, 1,
            e.left, e.right, e.child, b"\0" * 16, 0, 0, 0,
            e.start if e.kind in (2, 5) else 0, len(e.data) if e.kind in (2, 5) else 0, 0)
    empty = struct.pack("<64sHBBIII16sIQQIII", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                        b"\0" * 16, 0, 0, 0, 0, 0, 0)
    while len(directory) % SECTOR:
        directory += empty
    padded = directory
    first_dir = len(sectors)
    n_dir = len(padded) // SECTOR
    for i in range(n_dir):
        sectors.append(padded[i * SECTOR:(i + 1) * SECTOR])
        fat.append(first_dir + i + 1 if i < n_dir - 1 else END)
    n_fat = 1
    while (len(fat) + n_fat) > n_fat * (SECTOR // 4):
        n_fat += 1
    fat_start = len(sectors)
    fat.extend([FATSECT] * n_fat)
    fat.extend([FREE] * (n_fat * (SECTOR // 4) - len(fat)))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    for i in range(n_fat):
        sectors.append(fat_bytes[i * SECTOR:(i + 1) * SECTOR])
    difat = [fat_start + i for i in range(n_fat)] + [FREE] * (109 - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x3E, 3,
        0xFFFE, 9, 6, b"\0" * 6, 0, n_fat, first_dir, 0, CUTOFF, minifat_start, n_minifat,
        END, 0)
    header += struct.pack("<109I", *difat)
    return header + b"".join(sectors)


def prop_stream(props: list[tuple[int, bytes]], top_level: bool, attachments: int = 0) -> bytes:
    head = (struct.pack("<8sIIII8s", b"\0" * 8, 0, attachments, 0, attachments, b"\0" * 8)
            if top_level else b"\0" * 8)
    return head + b"".join(struct.pack("<II", tag, 6) + value.ljust(8, b"\0")
                           for tag, value in props)


def filetime(moment: dt.datetime) -> bytes:
    epoch = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
    return struct.pack("<Q", int((moment - epoch).total_seconds() * 10_000_000))


def string_prop(prop_id: int, text: str) -> Entry:
    return Entry(f"__substg1.0_{prop_id:04X}001F", 2, utf16(text))


def main() -> None:
    sent = dt.datetime(2026, 11, 23, 8, 15, tzinfo=dt.UTC)
    body = ("Sehr geehrte Damen und Herren,\r\n\r\nbitte senden Sie mir die Unterlagen zur "
            "Sondernutzung des Gehwegs vor dem Haus Hüxstraße 8 für einen Umzug am "
            "12. Dezember 2026.\r\n\r\nMit freundlichen Grüßen\r\nPeter Öztürk")
    attachment = Entry("__attach_version1.0_#00000000", 1, children=[
        string_prop(0x3707, "halteverbot.txt"), string_prop(0x3704, "halteve~1.txt"),
        Entry("__substg1.0_37010102", 2, b"Halteverbot 12.12.2026, 8 bis 14 Uhr"),
        Entry("__properties_version1.0", 2, prop_stream([(0x37050003, struct.pack("<I", 1))],
                                                       top_level=False)),
    ])
    message = [
        string_prop(0x001A, "IPM.Note"),
        string_prop(0x0037, "Antrag auf Sondernutzung Hüxstraße 8"),
        string_prop(0x0C1A, "Peter Öztürk"),
        string_prop(0x0C1F, "peter.oeztuerk@example.org"),
        string_prop(0x0065, "peter.oeztuerk@example.org"),
        string_prop(0x1000, body),
        Entry("__nameid_version1.0", 1, children=[
            Entry("__substg1.0_00020102", 2, b""), Entry("__substg1.0_00030102", 2, b""),
            Entry("__substg1.0_00040102", 2, b"")]),
        Entry("__properties_version1.0", 2, prop_stream(
            [(0x00390040, filetime(sent)), (0x0E060040, filetime(sent))], top_level=True,
            attachments=1)),
        attachment,
    ]
    target = Path(__file__).with_name("terminanfrage.msg")
    target.write_bytes(build(message))
    print(f"written: {target}")


if __name__ == "__main__":
    main()
