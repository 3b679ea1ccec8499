"""The unit's own key pairs (table own_keys): made once, never shown. Kept in records so
that setting up a unit (unit.initialise) can make them without reaching up into
storage/exchange, which builds signing, encryption and key files on top of this."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from storage.clock import now_iso
from storage.records import audit

RAW = serialization.Encoding.Raw
RAW_PUBLIC = serialization.PublicFormat.Raw
RAW_PRIVATE = serialization.PrivateFormat.Raw


def purposes_for(role: str) -> list[str]:
    """Every unit signs what it sends; an aggregator also receives encrypted packages."""
    return ["signing"] + (["encryption"] if role == "aggregator" else [])


def fingerprint(public_key: bytes) -> str:
    digest = hashlib.sha256(public_key).hexdigest().upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def make_keys(db, actor: str, purposes: list[str]) -> None:
    """Make each missing key pair of `purposes`, with an audit entry per key."""
    with db.atomic():
        for purpose in purposes:
            if db.conn.execute("SELECT 1 FROM own_keys WHERE purpose = ?", (purpose,)).fetchone():
                continue
            private = Ed25519PrivateKey.generate() if purpose == "signing" else X25519PrivateKey.generate()
            public = private.public_key().public_bytes(RAW, RAW_PUBLIC)
            db.conn.execute("INSERT INTO own_keys(purpose, private_key, public_key, created_at) VALUES (?, ?, ?, ?)",
                            (purpose, private.private_bytes(RAW, RAW_PRIVATE, serialization.NoEncryption()),
                             public, now_iso()))
            audit.append(db, actor, "create_key", "own_keys", None, None,
                         {"purpose": purpose, "fingerprint": fingerprint(public)})
