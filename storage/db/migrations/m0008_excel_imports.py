"""Schema version 8: the history of Excel imports (Tệp → Lịch sử nhập), so a whole import
can be undone: which file, when, by whom, and every record it created or updated."""

SQL = """
CREATE TABLE excel_imports (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    sheet TEXT,
    kind TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_count INTEGER NOT NULL DEFAULT 0,
    updated_count INTEGER NOT NULL DEFAULT 0,
    refused_count INTEGER NOT NULL DEFAULT 0,
    undone_at TEXT,
    undone_by TEXT
);
CREATE TABLE excel_import_records (
    import_id INTEGER NOT NULL REFERENCES excel_imports(id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('created', 'updated')),
    PRIMARY KEY (import_id, table_name, record_id)
);
CREATE INDEX excel_imports_file ON excel_imports(file_sha256);
"""
