"""Schema version 6: the year's evaluation (Thông tư 124/2021/TT-BCA, QĐ 510/QĐ-BCA-V05,
HD 01/HD-BCA-V05, Thông tư 14/2024/TT-BCA; see domain.md "The year's evaluation").

- organisations: agencies, enterprises and schools on the commune's territory, with the
  category that decides the exclusions of TT 124 Điều 1;
- evaluation_entries: one per subject (area, organisation or the commune) and year: the
  Q1 registration with its resolution and plan, the recognition decision; the criteria
  marks and the classification scores hang under it. The result is computed, never typed;
- team_gradings / member_gradings: the yearly grading of teams and members;
- security_members: the Tổ bảo vệ an ninh, trật tự member's eligibility and file;
- movement_events: tuyên truyền, tập huấn, Ngày hội 19/8 per area;
- model_teams: the teams that carry out a model (HD 22).
Every enumeration is an ASCII code (storage/vocabulary.py)."""

from datetime import datetime

META = """
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    deleted_by TEXT"""

SQL = f"""
CREATE TABLE organisations ({META},
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('agency', 'enterprise', 'school')),
    category TEXT NOT NULL,
    staff_count INTEGER CHECK (staff_count IS NULL OR staff_count >= 0),
    area_id INTEGER REFERENCES areas(id),
    address TEXT,
    head_name TEXT,
    notes TEXT,
    sort_key TEXT NOT NULL
);

CREATE TABLE evaluation_entries ({META},
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('area', 'organisation', 'commune')),
    area_id INTEGER REFERENCES areas(id),
    organisation_id INTEGER REFERENCES organisations(id),
    year INTEGER NOT NULL,
    registered INTEGER NOT NULL DEFAULT 0,
    registered_on TEXT,
    resolution_number TEXT,
    resolution_date TEXT,
    plan_number TEXT,
    plan_date TEXT,
    decision_number TEXT,
    decision_date TEXT,
    notes TEXT,
    CHECK ((subject_kind = 'area') = (area_id IS NOT NULL)),
    CHECK ((subject_kind = 'organisation') = (organisation_id IS NOT NULL))
);
CREATE UNIQUE INDEX evaluation_entries_area ON evaluation_entries(area_id, year) WHERE area_id IS NOT NULL;
CREATE UNIQUE INDEX evaluation_entries_org ON evaluation_entries(organisation_id, year)
    WHERE organisation_id IS NOT NULL;
CREATE UNIQUE INDEX evaluation_entries_commune ON evaluation_entries(year) WHERE subject_kind = 'commune';

CREATE TABLE evaluation_marks (
    entry_id INTEGER NOT NULL REFERENCES evaluation_entries(id) ON DELETE CASCADE,
    criterion TEXT NOT NULL,
    met INTEGER CHECK (met IS NULL OR met IN (0, 1)),
    evidence TEXT,
    PRIMARY KEY (entry_id, criterion)
);

CREATE TABLE evaluation_scores (
    entry_id INTEGER NOT NULL REFERENCES evaluation_entries(id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    points REAL NOT NULL CHECK (points >= 0),
    PRIMARY KEY (entry_id, item)
);

CREATE TABLE team_gradings ({META},
    team_id INTEGER NOT NULL REFERENCES teams(id),
    year INTEGER NOT NULL,
    level TEXT CHECK (level IS NULL OR level IN ('excellent', 'good', 'completed', 'not_completed')),
    under_complaint INTEGER NOT NULL DEFAULT 0,
    tasks_percent REAL CHECK (tasks_percent IS NULL OR tasks_percent BETWEEN 0 AND 100),
    regular_meetings INTEGER NOT NULL DEFAULT 0,
    member_breach INTEGER NOT NULL DEFAULT 0,
    notes TEXT
);
CREATE UNIQUE INDEX team_gradings_year ON team_gradings(team_id, year);

CREATE TABLE member_gradings ({META},
    membership_id INTEGER NOT NULL REFERENCES memberships(id),
    year INTEGER NOT NULL,
    level TEXT CHECK (level IS NULL OR level IN ('excellent', 'good', 'completed', 'not_completed')),
    under_complaint INTEGER NOT NULL DEFAULT 0,
    notes TEXT
);
CREATE UNIQUE INDEX member_gradings_year ON member_gradings(membership_id, year);

CREATE TABLE security_members ({META},
    membership_id INTEGER NOT NULL UNIQUE REFERENCES memberships(id),
    education TEXT CHECK (education IS NULL OR education IN
        ('none', 'primary', 'lower_secondary', 'upper_secondary', 'vocational', 'university')),
    hard_area INTEGER NOT NULL DEFAULT 0,
    resident_since TEXT,
    health_ok INTEGER NOT NULL DEFAULT 0,
    clean_record INTEGER NOT NULL DEFAULT 0,
    file_application INTEGER NOT NULL DEFAULT 0,
    file_cv INTEGER NOT NULL DEFAULT 0,
    file_health INTEGER NOT NULL DEFAULT 0,
    file_school INTEGER NOT NULL DEFAULT 0,
    decision_number TEXT,
    decision_date TEXT,
    notes TEXT
);

CREATE TABLE movement_events ({META},
    kind TEXT NOT NULL CHECK (kind IN ('propaganda', 'training', 'festival')),
    area_id INTEGER REFERENCES areas(id),
    held_on TEXT NOT NULL,
    place TEXT,
    participants INTEGER CHECK (participants IS NULL OR participants >= 0),
    content TEXT,
    notes TEXT
);
CREATE INDEX movement_events_date ON movement_events(held_on) WHERE deleted_at IS NULL;

CREATE TABLE model_teams (
    model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    PRIMARY KEY (model_id, team_id)
);
CREATE INDEX model_teams_team ON model_teams(team_id);
"""


def after(db) -> None:
    """Carry the old per-area yes/no flags (area_assessments) into the registrations: a
    registered area keeps its registration; 'recognised' was typed, so it is kept only as
    a note; the result is now computed from the criteria."""
    import uuid as uuids

    rows = db.conn.execute(
        "SELECT area_id, year, registered, recognised, created_at, updated_at "
        "FROM area_assessments WHERE deleted_at IS NULL").fetchall()
    for area_id, year, registered, recognised, created, updated in rows:
        note = "Trước đây ghi: đã được công nhận." if recognised else None
        db.conn.execute(
            "INSERT INTO evaluation_entries (uuid, created_at, updated_at, subject_kind, area_id, "
            "year, registered, notes) VALUES (?, ?, ?, 'area', ?, ?, ?, ?)",
            (str(uuids.uuid4()), created, updated, area_id, year, registered, note))
    # New entries of the renamable lists (issue 13): VNeID as a tip channel, and the kinds
    # of surrendered items seen in the articles. Written out here so this never changes.
    columns = {r[1] for r in db.conn.execute("PRAGMA table_info(list_items)")}
    if "code" not in columns:
        return
    stamp = datetime.now().isoformat(timespec="seconds")
    for list_name, code, label in NEW_LIST_ITEMS:
        if db.conn.execute("SELECT 1 FROM list_items WHERE list_name = ? AND code = ?",
                           (list_name, code)).fetchone():
            continue
        position = db.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM list_items "
                                   "WHERE list_name = ?", (list_name,)).fetchone()[0]
        db.conn.execute("INSERT INTO list_items (uuid, created_at, updated_at, list_name, label, "
                        "position, code) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (str(uuids.uuid4()), stamp, stamp, list_name, label, position, code))


NEW_LIST_ITEMS = (
    ("tip_channel", "vneid", "VNeID (Kiến nghị, phản ánh về ANTT)"),
    ("item_kind", "ammunition", "Đạn"),
    ("item_kind", "detonator", "Kíp nổ"),
    ("item_kind", "electrofishing", "Máy kích cá"),
    ("item_kind", "sky_lantern", "Đèn trời"),
    ("item_kind", "other", "Khác"),
)
