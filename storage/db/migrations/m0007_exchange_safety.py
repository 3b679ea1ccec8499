"""Schema version 7: exchange and safety hardening.

- A package is identified by its content (the SHA-256 of its signed manifest), no
  longer by (station, sequence): a station that restored an old copy may reuse a
  sequence number with other content, and that package must be imported as the newer
  state or shown as a conflict, never dropped as "already imported". The table is
  rebuilt without UNIQUE (station_uuid, sequence) (SQLite cannot drop a constraint);
  packages imported before keep a NULL content hash and are still matched by file hash.
- Each imported package keeps the head of the station's audit chain it carried, and
  each export the head it sent (anchors: storage/exchange/anchors.py), and the
  households and people per area it carried instead of named lists (residents)."""

SQL = """
CREATE TABLE packages_new (
    id INTEGER PRIMARY KEY,
    station_uuid TEXT NOT NULL REFERENCES stations(station_uuid),
    sequence INTEGER NOT NULL,
    period_code TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    created_at TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    full_export INTEGER NOT NULL,
    figures TEXT NOT NULL,
    summary TEXT NOT NULL,
    content_sha256 TEXT,
    audit_head TEXT,
    residents TEXT
);

INSERT INTO packages_new (id, station_uuid, sequence, period_code, period_start, period_end, created_at,
                          imported_at, imported_by, file_sha256, full_export, figures, summary)
SELECT id, station_uuid, sequence, period_code, period_start, period_end, created_at,
       imported_at, imported_by, file_sha256, full_export, figures, summary FROM packages;

DROP TABLE packages;

ALTER TABLE packages_new RENAME TO packages;

CREATE INDEX packages_period ON packages(period_code);

CREATE INDEX packages_station_sequence ON packages(station_uuid, sequence);

CREATE UNIQUE INDEX packages_content ON packages(content_sha256) WHERE content_sha256 IS NOT NULL;

CREATE INDEX packages_file ON packages(file_sha256);

CREATE INDEX stations_signing_key ON stations(signing_key);

ALTER TABLE exports ADD COLUMN audit_head TEXT;
"""
