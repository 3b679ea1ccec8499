"""Station settings kept in the database (key → JSON value)."""

from __future__ import annotations

import json

DEFAULTS = {
    # The reporting year may start before 1 January: "12-15" makes year 2026 run
    # 15/12/2025 – 14/12/2026, the government reporting cut-off (15/12–14/06, 15/12–14/12);
    # those dates are not re-verified, so the start stays a setting (README, Kỳ báo cáo).
    "period_year_start": "01-01",
}


def get(db, key: str):
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else DEFAULTS.get(key)


def put(db, key: str, value) -> None:
    db.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               [key, json.dumps(value, ensure_ascii=False)])
