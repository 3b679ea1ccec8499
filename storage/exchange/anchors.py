"""The anchored audit chain. A station's audit log is hash-chained inside its database;
someone who can drop the append-only triggers could rewrite it and recompute every
hash. Anchors are heads of the chain kept where that person would also have to reach:

- each package carries its chain head (manifest `audit_head`) and `audit/hashes.txt`:
  the head of the previous package, then the hash of every entry since; the superior
  checks that the chain continues the last head it stored, and says so in the report
  and the receipt;
- each export's head is kept in the exports table and, outside the database, in the
  station's numbers file (storage/exchange/identity.py); every backup holds a head;
- the station's `check` looks for every anchor in its chain: a head that is gone means
  the log was cut or rewritten, except heads of a timeline a restore replaced."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storage.records import audit

AUDIT_FILE = "audit/hashes.txt"
_HASH = re.compile(r"^[0-9a-f]{64}$")
_HASH_BYTES = re.compile(rb"[0-9a-f]{64}")
_HASHES = re.compile(rb"(?:[0-9a-f]{64}\n)*")


def previous_head(db) -> str | None:
    """The chain head the station's newest package carried, or None before the first."""
    from storage.exchange import identity

    row = db.conn.execute("SELECT audit_head FROM exports WHERE audit_head IS NOT NULL "
                          "ORDER BY sequence DESC LIMIT 1").fetchone()
    kept = identity.anchors(db)
    return row[0] if row else (kept[-1]["audit_head"] if kept else None)


def hashes_since(db, head: str | None) -> tuple[bool, list[str]]:
    """(whether `head` is in the chain, hashes of the entries after it); all entries when
    `head` is None or gone."""
    start, found = 0, False
    if head is not None:
        row = db.conn.execute("SELECT id FROM audit_log WHERE hash = ?", (head,)).fetchone()
        start, found = (row[0], True) if row else (0, False)
    return found, [row[0] for row in db.conn.execute("SELECT hash FROM audit_log WHERE id > ? ORDER BY id",
                                                     (start,))]


def audit_file(db) -> bytes:
    """`audit/hashes.txt`: the previous package's head, then one hash a line. When that
    head is no longer in the chain the first line is '-' and every entry follows, so the
    superior sees the chain does not continue."""
    head = previous_head(db)
    found, hashes = hashes_since(db, head)
    return ("\n".join([head if found else "-", *hashes]) + "\n").encode("ascii")


def write_audit_file(db, handle) -> None:
    """`audit/hashes.txt` (as audit_file) written into `handle` as the log is read."""
    head = previous_head(db)
    start = None
    if head is not None:
        row = db.conn.execute("SELECT id FROM audit_log WHERE hash = ?", (head,)).fetchone()
        start = row[0] if row else None
    handle.write(((head if start is not None else "-") + "\n").encode("ascii"))
    cursor = db.conn.execute("SELECT hash FROM audit_log WHERE id > ? ORDER BY id", (start or 0,))
    while rows := cursor.fetchmany(5000):
        handle.write("".join(row[0] + "\n" for row in rows).encode("ascii"))


class Hashes(Sequence):
    """The hashes of an audit file, read as a list from the file's own bytes (fixed-width
    lines: 64 hex digits and a line break each, from `start`): 700,000 entries take their
    45 MB once, not again as text and as 120 MB of separate strings."""

    def __init__(self, data: bytes, start: int = 0):
        self.data, self.start = data, start

    def __len__(self) -> int:
        return (len(self.data) - self.start) // 65

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        at = self.start + index * 65
        return self.data[at:at + 64].decode("ascii")

    def __contains__(self, value) -> bool:
        if not isinstance(value, str) or not _HASH.fullmatch(value):
            return False
        needle = value.encode("ascii")
        found = self.data.find(needle, self.start)
        while found >= 0:
            if (found - self.start) % 65 == 0:
                return True
            found = self.data.find(needle, found + 1)
        return False

    def __eq__(self, other) -> bool:
        return list(self) == list(other)


def parse_audit_file(data: bytes) -> tuple[str | None, Hashes] | None:
    """(previous head, hashes) from a package, or None when the file is malformed."""
    if not data.endswith(b"\n"):
        data += b"\n"
    end = data.find(b"\n")
    first = data[:end]
    if not (first == b"-" or _HASH_BYTES.fullmatch(first)):
        return None
    if not _HASHES.fullmatch(data, end + 1):  # one scan, not a match per line
        return None
    return (None if first == b"-" else first.decode("ascii")), Hashes(data, end + 1)


def continues(stored: str | None, previous: str | None, hashes: Sequence[str], head: str) -> bool | None:
    """At the superior: whether a package's chain continues the head stored from the
    station's last package (None when nothing was stored yet: the first anchor)."""
    if hashes and hashes[-1] != head:
        return False
    if stored is None:
        return None
    return stored == head or stored == previous or stored in hashes


@dataclass
class Anchor:
    where: str
    head: str
    at: str


def station_anchors(db, db_path: Path | None) -> list[Anchor]:
    """Every head recorded outside the live chain: exports, the numbers file, backups."""
    from storage.exchange import identity

    found = [Anchor(f"gói số {row[0]} (bảng exports)", row[1], row[2]) for row in db.conn.execute(
        "SELECT sequence, audit_head, created_at FROM exports WHERE audit_head IS NOT NULL ORDER BY sequence")]
    found += [Anchor(f"gói số {item['sequence']} (tệp số gói cạnh tệp dữ liệu)", item["audit_head"], item["at"])
              for item in identity.anchors(db)]
    if db_path is not None:
        from storage.db import backup

        found += [Anchor(f"bản sao lưu {info.path.name}", info.audit_head, info.created.isoformat())
                  for info in backup.list_backups(db_path) if info.audit_head]
    return found


def check(db, db_path: Path | None):
    """The anchors found in the chain, as one CheckResult (storage.db.integrity's)."""
    from storage.db.integrity import CheckResult

    name = "Đối chiếu chuỗi nhật ký với gói đã gửi và bản sao lưu"
    last_restore = db.conn.execute("SELECT max(at) FROM audit_log WHERE action = 'restore_backup'").fetchone()[0]
    anchors = station_anchors(db, db_path)
    missing = []
    for anchor in anchors:
        if anchor.head == audit.GENESIS:
            continue
        if db.conn.execute("SELECT 1 FROM audit_log WHERE hash = ?", (anchor.head,)).fetchone():
            continue
        if last_restore is not None and anchor.at <= last_restore:
            continue  # a timeline a restore replaced
        missing.append(anchor)
    if not missing:
        # a mốc: the newest entry of the trail as a package sent up, or a backup, recorded it
        return CheckResult(name, True, "ổn" if not anchors else
                           f"ổn ({len(anchors)} mốc: gói đã gửi, bản sao lưu, đều còn trong nhật ký)")
    return CheckResult(name, False, f"{len(missing)} mốc không còn trong nhật ký, ví dụ {missing[0].where}: nhật ký "
                                    "đã bị cắt bớt hoặc viết lại sau mốc đó")
