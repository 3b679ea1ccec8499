"""A unit's keys: Ed25519 to sign what it sends, X25519 (an aggregator) to receive
packages only it can open. Fingerprints are what people compare, on screen and on the
printed summary: 16 groups of 4 hex digits of the SHA-256 of the raw public key."""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from storage.clock import now_iso
from storage.errors import ValidationError
from storage.exchange.schemas import visible
from storage.records import audit, own_keys, unit
from storage.records.own_keys import RAW, RAW_PRIVATE, RAW_PUBLIC, fingerprint  # noqa: F401 (callers use keys.*)

PUBLIC_KEY_FORMAT = "binhyen-public-key"


def ensure_keys(db, actor: str) -> None:
    """Make the keys a unit needs, once: every unit signs; an aggregator also receives."""
    own_keys.make_keys(db, actor, own_keys.purposes_for(unit.get_unit(db).role))


def _row(db, purpose: str):
    row = db.conn.execute("SELECT private_key, public_key FROM own_keys WHERE purpose = ?", (purpose,)).fetchone()
    if row is None:
        raise ValidationError("Đơn vị chưa có khóa " + ("ký" if purpose == "signing" else "nhận gói") +
                              ". Hãy mở ứng dụng hoặc chạy lệnh init để tạo khóa.")
    return row


def signing_key(db) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_row(db, "signing")[0])


def signing_public(db) -> bytes:
    return _row(db, "signing")[1]


def encryption_key(db) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(_row(db, "encryption")[0])


def encryption_public(db) -> bytes:
    return _row(db, "encryption")[1]


def public_key_file(db) -> str:
    """The aggregator's public key as a small JSON text file for the stations."""
    station = unit.get_unit(db)
    if station.role != "aggregator":
        raise ValidationError("Chỉ đơn vị cấp trên (chế độ tổng hợp) mới phát khóa công khai cho các xã.")
    public = encryption_public(db)
    signing = signing_public(db)
    return json.dumps({"format": PUBLIC_KEY_FORMAT, "version": 1, "unit": station.station_name,
                       "unit_uuid": station.uuid, "x25519": base64.b64encode(public).decode(),
                       "fingerprint": fingerprint(public), "ed25519": base64.b64encode(signing).decode(),
                       "signing_fingerprint": fingerprint(signing)}, ensure_ascii=False, indent=2)


MAX_UNIT_NAME = 300  # a package's superior.name (storage/exchange/schemas.py)


def read_public_key_file(text: str) -> tuple[str, bytes, bytes | None]:
    """(unit name, raw X25519 public key, raw Ed25519 key that signs its receipts) from a
    file made by public_key_file(); the signing key is None in a file made before it was
    added. The name comes back without hidden characters, at most MAX_UNIT_NAME long."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != PUBLIC_KEY_FORMAT:
            raise ValueError
        public = base64.b64decode(data["x25519"], validate=True)
        X25519PublicKey.from_public_bytes(public)
        signing = None
        if data.get("ed25519") is not None:
            signing = base64.b64decode(data["ed25519"], validate=True)
            Ed25519PublicKey.from_public_bytes(signing)
        if not isinstance(data["unit"], str):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise ValidationError("Tệp này không phải khóa công khai của đơn vị cấp trên (do Bình Yên tạo).") from None
    if data.get("fingerprint") and data["fingerprint"] != fingerprint(public):
        raise ValidationError("Tệp khóa đã bị sửa: dấu vân tay không khớp với khóa.")
    if signing is not None and data.get("signing_fingerprint") not in (None, fingerprint(signing)):
        raise ValidationError("Tệp khóa đã bị sửa: dấu vân tay khóa ký không khớp với khóa.")
    name = visible(data["unit"])
    if not name or len(name) > MAX_UNIT_NAME:
        raise ValidationError(f"Tên đơn vị trong tệp khóa trống hoặc dài hơn {MAX_UNIT_NAME} ký tự: tệp không do "
                              "Bình Yên tạo hoặc đã bị sửa; hãy xin cấp trên gửi lại tệp khóa.", "file")
    return name, public, signing


class KeyReplacement(ValidationError):
    """Another superior key is already trusted: replacing it needs a confirmed `replace`."""

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        super().__init__(f"Đơn vị đã tin cậy một khóa cấp trên khác (dấu vân tay {old}). Chỉ thay khi cấp trên "
                         f"báo đã đổi khóa và dấu vân tay mới {new} khớp khi đọc qua điện thoại; khi đó chạy lại "
                         "với --replace.", "file")


def trust_superior(db, actor: str, text: str, *, replace: bool = False) -> str:
    """Remember the superior's public key (station side); returns its fingerprint. A
    different key already trusted is replaced only with `replace` (after the person
    confirmed), and the replacement is audited with the old fingerprint."""
    name, public, signing = read_public_key_file(text)
    if unit.get_unit(db).role != "station":
        raise ValidationError("Chỉ Công an xã mới cần khóa của cấp trên.")
    with db.atomic():
        before = db.conn.execute("SELECT fingerprint, signing_key FROM superior_key").fetchone()
        if before and not replace:
            if before[0] != fingerprint(public):
                raise KeyReplacement(before[0], fingerprint(public))
            if before[1] is not None and signing != before[1]:  # the same receiving key, another signing key
                raise KeyReplacement(fingerprint(before[1]), fingerprint(signing) if signing else "không có")
        db.conn.execute("INSERT INTO superior_key(id, name, public_key, fingerprint, trusted_at, trusted_by, "
                        "signing_key) VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                        "public_key = excluded.public_key, fingerprint = excluded.fingerprint, "
                        "trusted_at = excluded.trusted_at, trusted_by = excluded.trusted_by, "
                        "signing_key = excluded.signing_key",
                        (name, public, fingerprint(public), now_iso(), actor, signing))
        after = {"unit": name, "fingerprint": fingerprint(public)}
        if signing is not None:
            after["signing_fingerprint"] = fingerprint(signing)
        audit.append(db, actor, "trust_superior_key", "superior_key", None,
                     {"fingerprint": before[0]} if before else None, after)
    return fingerprint(public)


def superior(db) -> tuple[str, bytes] | None:
    row = db.conn.execute("SELECT name, public_key FROM superior_key WHERE id = 1").fetchone()
    return (row[0], row[1]) if row else None


def superior_signing_key(db) -> bytes | None:
    """The Ed25519 key the superior signs its receipts with, from the key file the
    station trusted; None when that file was made before it carried one."""
    row = db.conn.execute("SELECT signing_key FROM superior_key WHERE id = 1").fetchone()
    return row[0] if row else None


def verify(public_key: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
        return True
    except Exception:  # InvalidSignature or a malformed key: not verified either way
        return False
