"""Schema version 3: handing up to the superior. A unit's own keys, the superior's
public key a station trusts, the packages a station exported; and, at an aggregator,
the stations it knows, the packages it imported and each station's records."""

SQL = """
CREATE TABLE own_keys (
    purpose TEXT PRIMARY KEY CHECK (purpose IN ('signing', 'encryption')),
    private_key BLOB NOT NULL,
    public_key BLOB NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE superior_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    public_key BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    trusted_at TEXT NOT NULL,
    trusted_by TEXT NOT NULL
);

CREATE TABLE exports (
    sequence INTEGER PRIMARY KEY,
    period_code TEXT NOT NULL,
    full_export INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    encrypted INTEGER NOT NULL,
    counts TEXT NOT NULL
);

CREATE TABLE stations (
    station_uuid TEXT PRIMARY KEY,
    station_name TEXT NOT NULL,
    commune_code INTEGER,
    province_code INTEGER,
    signing_key BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    trusted_at TEXT NOT NULL,
    trusted_by TEXT NOT NULL,
    last_sequence INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stations_commune ON stations(commune_code);

CREATE TABLE packages (
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
    UNIQUE (station_uuid, sequence)
);
CREATE INDEX packages_period ON packages(period_code);

CREATE TABLE station_records (
    station_uuid TEXT NOT NULL,
    table_name TEXT NOT NULL,
    uuid TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (station_uuid, table_name, uuid)
) WITHOUT ROWID;
"""
