"""Time stamps and new ids, in one place so tests and demo data can pin them."""

from __future__ import annotations

import uuid
from datetime import date, datetime


def now_iso() -> str:
    return datetime.now().isoformat(timespec="seconds")


def today() -> date:
    return date.today()


def new_uuid() -> str:
    return str(uuid.uuid4())
