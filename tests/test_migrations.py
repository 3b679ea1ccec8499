import sqlite3

import pytest

from storage.db import migrations
from storage.db.connection import open_database
from storage.errors import DatabaseFileError


def test_empty_file_is_migrated_with_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "new.db"
    db = open_database(path)
    assert migrations.current_version(db) == migrations.LATEST
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    rows = list(db.query("SELECT version, name FROM schema_migrations"))
    assert rows[0] == {"version": 1, "name": "m0001_initial"}
    for table in ("people", "households", "teams", "memberships", "models", "pledges", "patrols",
                  "mediation_cases", "tips", "surrendered_items", "reintegration_cases", "reviews",
                  "commendations", "audit_log", "search_index"):
        assert table in db.table_names()
    for column in ("uuid", "created_at", "updated_at", "version", "deleted_at"):
        assert column in db["people"].columns_dict
    db.close()
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_reopening_applies_nothing(tmp_path):
    path = tmp_path / "again.db"
    open_database(path).close()
    db = open_database(path)
    assert migrations.migrate(db, path) == []
    # one row per migration (numbers are reserved per change and may leave gaps: 15 before 14)
    assert db["schema_migrations"].count == len(migrations.MIGRATIONS)
    assert migrations.current_version(db) == migrations.LATEST
    db.close()


def test_upgrade_from_version_1_backs_up_first_and_keeps_rows(tmp_path):
    import sqlite3 as sqlite

    from storage.db.migrations import MIGRATIONS, split_statements

    path = tmp_path / "old.db"
    conn = sqlite.connect(path)
    for statement in split_statements(MIGRATIONS[0][2].SQL):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'm0001_initial', '2026-01-01T00:00:00')")
    conn.execute("INSERT INTO settings VALUES ('period_year_start', '\"12-15\"')")
    conn.commit()
    conn.close()
    db = open_database(path)
    assert migrations.current_version(db) == migrations.LATEST
    assert "document_numbers" in db.table_names() and "chief_name" in db["unit"].columns_dict
    assert db["settings"].get("period_year_start")["value"] == '"12-15"'
    backups = list((tmp_path / "backups").glob("old-*-truoc-nang-cap-2.db"))
    assert len(backups) == 1
    assert len(list((tmp_path / "backups").iterdir())) == 1  # one copy before the whole upgrade
    copy = sqlite.connect(backups[0])
    assert copy.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == 1
    copy.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    db = open_database(path)
    db.execute("INSERT INTO schema_migrations VALUES (999, 'm0999_future', '2030-01-01')")
    db.close()
    with pytest.raises(DatabaseFileError, match="phiên bản Bình Yên mới hơn"):
        open_database(path)


def test_foreign_database_and_garbage_file_are_refused(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseFileError, match="không phải của Bình Yên"):
        open_database(other)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(DatabaseFileError, match="không phải là tệp dữ liệu Bình Yên"):
        open_database(garbage)


def test_statement_splitter_keeps_trigger_bodies():
    script = "CREATE TABLE a(x);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n"
    assert len(migrations.split_statements(script)) == 2
