"""Audit entries keep what changed, not whole rows twice: an insert keeps the record's
meaningful fields once, an update the changed fields' old and new values, a delete or
restore only what the entry itself does not say. Entries written before stay byte for
byte as they were, still verify in the chain and still show in a record's history."""

from storage.db.integrity import full_check
from storage.query.audit_words import Describer
from storage.records import audit
from storage.records.models import models
from storage.records.people import people
from tests.conftest import ACTOR

ROW = "SELECT actor, action, table_name, record_uuid, before, after FROM audit_log ORDER BY id DESC LIMIT 1"


def test_a_new_record_keeps_its_meaningful_fields_once(db, area):
    person = people.create(db, ACTOR, full_name="Nguyễn Thị Hương", gender="nữ", birth_date="03/02/1980",
                           cccd="037180001234", phone="0912345678", area_id=area.id)
    # no id, uuid, times, version, sort key, search text, name parts, empty fields, nor
    # the birth year the birth date already gives
    assert db.conn.execute(ROW).fetchone() == (
        ACTOR, "create", "people", person.uuid, None,
        f'{{"area_id": {area.id}, "birth_date": "1980-02-03", "cccd": "037180001234", '
        '"full_name": "Nguyễn Thị Hương", "gender": "female", "phone": "0912345678"}')
    # a birth year with no date is what was typed: kept
    alone = people.create(db, ACTOR, full_name="Lê Văn Tám", birth_year=1975)
    assert db.conn.execute(ROW).fetchone() == (
        ACTOR, "create", "people", alone.uuid, None, '{"birth_year": 1975, "full_name": "Lê Văn Tám"}')


def test_a_bulk_insert_keeps_the_same_shape_as_one_insert(db, area):
    one = models.create(db, ACTOR, name="Camera an ninh thôn Đông", kind="Tự quản về ANTT", area_ids=[area.id])
    single = db.conn.execute(ROW).fetchone()
    (bulk_id,) = models.create_many(db, ACTOR, [{"name": "Camera an ninh thôn Đông 2", "kind": "Tự quản về ANTT",
                                                 "area_ids": [area.id]}])
    bulk = db.conn.execute(ROW).fetchone()
    assert single == (ACTOR, "create", "models", one.uuid, None,
                      f'{{"area_ids": [{area.id}], "exemplary": 0, "kind": "self_management", '
                      '"name": "Camera an ninh thôn Đông", "status": "active"}')
    assert bulk == (ACTOR, "create", "models", models.get(db, bulk_id).uuid, None,
                    f'{{"area_ids": [{area.id}], "exemplary": 0, "kind": "self_management", '
                    '"name": "Camera an ninh thôn Đông 2", "status": "active"}')


def test_an_update_keeps_only_the_changed_fields(db, person):
    people.update(db, "Trần Thị Sửa", person.id, phone="0987654321", full_name="Nguyễn Thị Hường")
    # the name parts, sort key, search text, time and version change too: not kept
    assert db.conn.execute(ROW).fetchone() == (
        "Trần Thị Sửa", "update", "people", person.uuid,
        '{"full_name": "Nguyễn Thị Hương", "phone": "0912345678"}',
        '{"full_name": "Nguyễn Thị Hường", "phone": "0987654321"}')
    (entry,) = [e for e in audit.history(db, person.uuid) if e.action == "update"]
    assert audit.changes(entry) == [("full_name", "Nguyễn Thị Hương", "Nguyễn Thị Hường"),
                                    ("phone", "0912345678", "0987654321")]
    assert Describer(db).changes(entry) == ("họ và tên: Nguyễn Thị Hương → Nguyễn Thị Hường; "
                                            "điện thoại: 0912345678 → 0987654321")


def test_an_update_that_changes_nothing_keeps_no_values(db, person):
    people.update(db, ACTOR, person.id, phone="0912345678")
    assert db.conn.execute(ROW).fetchone() == (ACTOR, "update", "people", person.uuid, None, None)
    assert people.get(db, person.id).version == 2


def test_delete_and_restore_keep_only_what_the_entry_does_not_say(db, person):
    people.delete(db, "Trần Thị Xóa", person.id)
    stamp, by = db.conn.execute("SELECT deleted_at, deleted_by FROM people WHERE id = ?", (person.id,)).fetchone()
    assert db.conn.execute(ROW).fetchone() == ("Trần Thị Xóa", "delete", "people", person.uuid, None, None)
    assert by == "Trần Thị Xóa"
    people.restore(db, ACTOR, person.id)
    assert db.conn.execute(ROW).fetchone() == (
        ACTOR, "restore", "people", person.uuid, f'{{"deleted_at": "{stamp}"}}', None)
    words = Describer(db)
    assert [(e.action, words.changes(e)) for e in audit.history(db, person.uuid)] == [
        ("create", "tạo mới"), ("delete", "chuyển vào thùng rác"), ("restore", "lấy lại từ thùng rác")]
    assert audit.verify_chain(db) is None


# Two entries exactly as the previous code wrote them (whole rows, an update holding the
# whole row twice), with the hashes it gave them.
OLD_UUID = "5d7c1f0e-2b8a-4c61-9a3e-0f4d6b2e8c11"
OLD_ROW = ('{{"address": null, "area_id": null, "birth_date": "1980-02-03", "birth_year": 1980, "cccd": null, '
           '"created_at": "2025-03-01T08:00:00", "family_name": "Nguyễn", "full_name": "Nguyễn Thị Hương", '
           '"gender": "female", "given_name": "Hương", "household_id": null, "id": 1, "middle_name": "Thị", '
           '"notes": null, "occupation": null, "phone": "{phone}", "relation_to_head": null, '
           '"updated_at": "{updated}", "uuid": "' + OLD_UUID + '", "version": {version}}}')
OLD_CREATE = OLD_ROW.format(phone="0912345678", updated="2025-03-01T08:00:00", version=1)
OLD_UPDATE = OLD_ROW.format(phone="0987654321", updated="2025-03-02T09:30:00", version=2)
OLD_ENTRIES = [
    (1, "2025-03-01T08:00:00", "cán bộ cũ", "create", "people", OLD_UUID, None, OLD_CREATE, audit.GENESIS,
     "e42171d2375257de21c137e1491fc993614cc5718eb9b0f4b8ddb71dc9e3d483"),
    (2, "2025-03-02T09:30:00", "cán bộ cũ", "update", "people", OLD_UUID, OLD_CREATE, OLD_UPDATE,
     "e42171d2375257de21c137e1491fc993614cc5718eb9b0f4b8ddb71dc9e3d483",
     "23b2a7010f0bfa85e0bbc20aae104b13a5a5d2774c9ae0fb248128d8ad1f8d8d"),
]


def test_old_whole_row_entries_stay_as_written_verify_and_show_in_the_history(empty_db, qtbot):
    from ui.history import HistoryDialog

    db = empty_db
    db.conn.executemany("INSERT INTO audit_log(id, at, actor, action, table_name, record_uuid, before, after, "
                        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", OLD_ENTRIES)
    assert audit.verify_chain(db) is None
    # new, slim entries follow on the same chain
    person = people.create(db, ACTOR, uuid=OLD_UUID, full_name="Nguyễn Thị Hương", gender="nữ",
                           birth_date="1980-02-03", phone="0987654321")
    people.update(db, ACTOR, person.id, phone="0911222333")
    assert audit.verify_chain(db) is None
    assert [c for c in full_check(db) if c.name == "Chuỗi nhật ký thao tác"][0].ok
    assert db.conn.execute("SELECT * FROM audit_log WHERE id <= 2 ORDER BY id").fetchall() == OLD_ENTRIES
    old, new = db.conn.execute("SELECT after FROM audit_log WHERE action = 'update' ORDER BY id").fetchall()
    assert len(new[0]) * 10 < len(old[0])  # '{"phone": "0911222333"}' against the whole row

    # both shapes read the same way: only what changed, in an officer's words
    entries = audit.history(db, OLD_UUID)
    assert [(e.id, e.action, audit.changes(e)) for e in entries] == [
        (1, "create", [("birth_date", None, "1980-02-03"), ("birth_year", None, 1980),
                       ("family_name", None, "Nguyễn"), ("full_name", None, "Nguyễn Thị Hương"),
                       ("gender", None, "female"), ("given_name", None, "Hương"), ("middle_name", None, "Thị"),
                       ("phone", None, "0912345678"), ("uuid", None, OLD_UUID)]),
        (2, "update", [("phone", "0912345678", "0987654321")]),
        (3, "create", [("birth_date", None, "1980-02-03"), ("full_name", None, "Nguyễn Thị Hương"),
                       ("gender", None, "female"), ("phone", None, "0987654321")]),
        (4, "update", [("phone", "0987654321", "0911222333")]),
    ]
    dialog = HistoryDialog(db, OLD_UUID, "Nguyễn Thị Hương")
    qtbot.addWidget(dialog)
    shown = [[dialog.table.item(row, column).text() for column in range(5)]
             for row in range(dialog.table.rowCount())]
    newest = shown[0][0]
    assert shown == [
        [newest, ACTOR, "sửa", "Người: Nguyễn Thị Hương", "điện thoại: 0987654321 → 0911222333"],
        [shown[1][0], ACTOR, "tạo", "Người: Nguyễn Thị Hương", "tạo mới"],
        ["09:30 02/03/2025", "cán bộ cũ", "sửa", "Người: Nguyễn Thị Hương", "điện thoại: 0912345678 → 0987654321"],
        ["08:00 01/03/2025", "cán bộ cũ", "tạo", "Người: Nguyễn Thị Hương", "tạo mới"],
    ]


def test_the_log_page_reads_entries_whose_values_are_parsed_only_when_described(db, person):
    people.update(db, ACTOR, person.id, phone="0987654321")
    (entry,) = audit.entries(db, action="update", limit=5)
    assert isinstance(entry._after, str)  # not parsed yet: a page describes only what it shows
    assert (entry.before, entry.after) == ({"phone": "0912345678"}, {"phone": "0987654321"})
    assert entry == audit.history(db, person.uuid)[-1]


def test_a_records_history_is_found_through_the_short_uuid_index(db, person):
    """Migration 12 keeps 8 characters of the uuid in the index: the history's real query
    (as SQLite ran it) still searches that index rather than reading the whole log."""
    assert db.conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'audit_log' AND type = 'index'"
                           ).fetchall() == [("audit_record_start",)]
    people.update(db, ACTOR, person.id, phone="0987654321")
    ran = []
    db.conn.set_trace_callback(ran.append)
    try:
        entries = audit.history(db, person.uuid)
    finally:
        db.conn.set_trace_callback(None)
    assert [e.action for e in entries] == ["create", "update"]
    (query,) = [sql for sql in ran if "FROM audit_log" in sql]
    plan = [row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + query)]
    assert plan[0] == "SEARCH audit_log USING INDEX audit_record_start (<expr>=?)"
    assert not [step for step in plan if step.startswith("SCAN")], plan
    # another record whose uuid starts with the same 8 characters stays out of it
    twin = people.create(db, ACTOR, uuid=person.uuid[:8] + "-0000-4000-8000-000000000000", full_name="Lê Văn Tám")
    assert [e.record_uuid for e in audit.history(db, person.uuid)] == [person.uuid, person.uuid]
    assert [e.action for e in audit.history(db, twin.uuid)] == ["create"]


def test_the_log_page_names_records_in_a_few_queries_and_says_the_same(db, area, person):
    from storage.records import trash
    from ui.history import row_texts

    people.update(db, "Trần Thị Sửa", person.id, area_id=None)
    gone = people.create(db, ACTOR, full_name="Lê Văn Tám", area_id=area.id)
    people.delete(db, ACTOR, gone.id)
    assert trash.empty(db, ACTOR) == 1  # purged: its entries remain, its name is gone
    found = audit.entries(db, limit=2000)
    one_by_one = [row_texts(entry, Describer(db)) for entry in found]
    ran = []
    db.conn.set_trace_callback(ran.append)
    try:
        words = Describer(db)
        words.prefetch(found)
        together = [row_texts(entry, words) for entry in found]
    finally:
        db.conn.set_trace_callback(None)
    assert together == one_by_one
    by_record = [t for t in together if t[3].startswith("Người")]
    assert [t[2:] for t in by_record] == [
        ("xóa vĩnh viễn", "Người", "xóa vĩnh viễn khỏi thùng rác"),
        ("xóa", "Người", "chuyển vào thùng rác"),
        ("tạo", "Người", "tạo mới"),
        ("sửa", "Người: Nguyễn Thị Hương", "địa bàn: Thôn Đông → —"),
        ("tạo", "Người: Nguyễn Thị Hương", "tạo mới"),
    ]
    # the names of every record: one query per kind (people, areas, list items, units…)
    kinds = {entry.table_name for entry in found if entry.record_uuid}
    assert len([sql for sql in ran if sql.startswith("SELECT")]) <= len(kinds) + 2, ran


def test_a_file_written_by_an_old_version_keeps_its_entries_byte_for_byte(tmp_path, qtbot):
    """The schema-4 file written by the old code (tests/fixtures/codes): its 1,383 whole-row
    entries stay byte for byte through every migration (12 included), the chain holds, and a
    new slim entry follows it; the record's history shows both."""
    import gzip
    import sqlite3
    from pathlib import Path

    from storage.db.connection import open_database
    from ui.history import HistoryDialog

    path = tmp_path / "old.sqlite"
    path.write_bytes(gzip.decompress(
        (Path(__file__).resolve().parent / "fixtures" / "codes" / "old-v4.sqlite.gz").read_bytes()))
    old = sqlite3.connect(path)
    written = old.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
    old.close()
    assert len(written) == 1383
    db = open_database(path)
    try:
        assert db.conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall() == written
        assert audit.verify_chain(db) is None
        person_id, uuid, name, phone = db.conn.execute(
            "SELECT id, uuid, full_name, phone FROM people WHERE phone IS NOT NULL ORDER BY id LIMIT 1").fetchone()
        (old_after,) = db.conn.execute("SELECT after FROM audit_log WHERE record_uuid = ?", (uuid,)).fetchone()
        assert '"created_at"' in old_after and '"uuid"' in old_after  # the whole row, as the old code wrote it
        people.update(db, ACTOR, person_id, phone="0911222333")
        assert db.conn.execute(ROW).fetchone() == (
            ACTOR, "update", "people", uuid, f'{{"phone": "{phone}"}}', '{"phone": "0911222333"}')
        assert audit.verify_chain(db) is None
        assert db.conn.execute("SELECT * FROM audit_log WHERE id <= 1383 ORDER BY id").fetchall() == written
        dialog = HistoryDialog(db, uuid, name)
        qtbot.addWidget(dialog)
        assert [[dialog.table.item(row, column).text() for column in (2, 3, 4)]
                for row in range(dialog.table.rowCount())] == [
            ["sửa", f"Người: {name}", f"điện thoại: {phone} → 0911222333"],
            ["tạo", f"Người: {name}", "tạo mới"],
        ]
    finally:
        db.close()
