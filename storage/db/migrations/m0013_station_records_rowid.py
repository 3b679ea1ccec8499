"""Schema version 13 (aggregator): station_records becomes an ordinary table with a unique
index on (station_uuid, table_name, uuid) instead of a WITHOUT ROWID table clustered on that
key. A clustered index B-tree splits its pages in half even when rows arrive in key order,
and every row is a whole record line (~600 bytes): 166 communes' packages took more than
12 GB. Rows of a rowid table are appended into full pages; the unique index holds only the
keys. The same columns, constraint and queries (INSERT OR REPLACE still replaces by key)."""

SQL = """
CREATE TABLE station_records_new (
    station_uuid TEXT NOT NULL,
    table_name TEXT NOT NULL,
    uuid TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    data TEXT NOT NULL
);
INSERT INTO station_records_new (station_uuid, table_name, uuid, version, updated_at, deleted_at, data)
SELECT station_uuid, table_name, uuid, version, updated_at, deleted_at, data FROM station_records;
DROP TABLE station_records;
ALTER TABLE station_records_new RENAME TO station_records;
CREATE UNIQUE INDEX station_records_key ON station_records(station_uuid, table_name, uuid);
"""
