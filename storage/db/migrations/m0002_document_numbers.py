"""Schema version 2: document numbers per kind and year, so a number is never given
twice, and which record holds which number, so a reprint keeps its number."""

SQL = """
CREATE TABLE document_numbers (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
);

CREATE TABLE document_issues (
    kind TEXT NOT NULL,
    record_key TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    issued_at TEXT NOT NULL,
    PRIMARY KEY (kind, record_key)
);
"""

# The chief who signs the station's documents.
SQL += "ALTER TABLE unit ADD COLUMN chief_name TEXT;\n"
