"""Schema version 1: everything a commune station keeps."""

# Every record table carries these; written out per table so this file never changes.
META = """
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    deleted_by TEXT"""


def _searchable(table: str, kind: str, code: int) -> str:
    """Triggers keeping the FTS5 index current: only live rows are indexed. Updates
    fire only when the folded text or the trash state changes."""
    return f"""
CREATE TRIGGER {table}_search_ai AFTER INSERT ON {table} WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, body, kind) VALUES (new.id * 8 + {code}, new.search_text, '{kind}');
END;
CREATE TRIGGER {table}_search_au AFTER UPDATE OF search_text, deleted_at ON {table} BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + {code};
    INSERT INTO search_index(rowid, body, kind)
        SELECT new.id * 8 + {code}, new.search_text, '{kind}' WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER {table}_search_ad AFTER DELETE ON {table} BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + {code};
END;
"""


SQL = f"""
CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE unit ({META},
    role TEXT NOT NULL CHECK (role IN ('station', 'aggregator')),
    province_code INTEGER,
    province_name TEXT,
    commune_code INTEGER,
    commune_name TEXT,
    commune_type TEXT,
    district_name TEXT,
    station_name TEXT NOT NULL,
    parent_body TEXT NOT NULL,
    superior_unit TEXT,
    place_name TEXT,
    address TEXT,
    phone TEXT
);

CREATE TABLE list_items ({META},
    list_name TEXT NOT NULL,
    label TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX list_items_list ON list_items(list_name, position);

CREATE TABLE areas ({META},
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    households_count INTEGER CHECK (households_count IS NULL OR households_count >= 0),
    population INTEGER CHECK (population IS NULL OR population >= 0),
    leader_name TEXT,
    notes TEXT,
    sort_key TEXT NOT NULL,
    search_text TEXT NOT NULL
);

CREATE TABLE households ({META},
    head_id INTEGER REFERENCES people(id),
    address TEXT,
    area_id INTEGER REFERENCES areas(id),
    notes TEXT,
    search_text TEXT NOT NULL
);
CREATE INDEX households_area ON households(area_id);
CREATE INDEX households_head ON households(head_id);

CREATE TABLE people ({META},
    full_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    middle_name TEXT NOT NULL,
    given_name TEXT NOT NULL,
    gender TEXT CHECK (gender IS NULL OR gender IN ('nam', 'nữ')),
    birth_date TEXT,
    birth_year INTEGER,
    cccd TEXT CHECK (cccd IS NULL OR (length(cccd) = 12 AND cccd NOT GLOB '*[^0-9]*')),
    phone TEXT,
    address TEXT,
    area_id INTEGER REFERENCES areas(id),
    household_id INTEGER REFERENCES households(id),
    relation_to_head TEXT,
    occupation TEXT,
    notes TEXT,
    sort_key TEXT NOT NULL,
    search_text TEXT NOT NULL
);
CREATE UNIQUE INDEX people_cccd ON people(cccd) WHERE cccd IS NOT NULL;
CREATE INDEX people_sort ON people(sort_key) WHERE deleted_at IS NULL;
CREATE INDEX people_area ON people(area_id);
CREATE INDEX people_household ON people(household_id);

CREATE TABLE teams ({META},
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    launched_on TEXT,
    founding_decision TEXT,
    status TEXT NOT NULL DEFAULT 'đang hoạt động',
    ended_on TEXT,
    end_reason TEXT,
    notes TEXT,
    sort_key TEXT NOT NULL,
    search_text TEXT NOT NULL
);

CREATE TABLE team_areas (
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    area_id INTEGER NOT NULL REFERENCES areas(id),
    PRIMARY KEY (team_id, area_id)
);
CREATE INDEX team_areas_area ON team_areas(area_id);

CREATE TABLE memberships ({META},
    person_id INTEGER NOT NULL REFERENCES people(id),
    team_id INTEGER NOT NULL REFERENCES teams(id),
    role TEXT NOT NULL,
    start_on TEXT NOT NULL,
    end_on TEXT,
    notes TEXT
);
CREATE INDEX memberships_team ON memberships(team_id);
CREATE INDEX memberships_person ON memberships(person_id);

CREATE TABLE models ({META},
    name TEXT NOT NULL,
    kind TEXT,
    launched_on TEXT,
    exemplary INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'đang hoạt động',
    ended_on TEXT,
    end_reason TEXT,
    description TEXT,
    sort_key TEXT NOT NULL,
    search_text TEXT NOT NULL
);

CREATE TABLE model_points (
    model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    area_id INTEGER NOT NULL REFERENCES areas(id),
    PRIMARY KEY (model_id, area_id)
);

CREATE TABLE pledge_texts ({META},
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE pledges ({META},
    household_id INTEGER NOT NULL REFERENCES households(id),
    text_id INTEGER REFERENCES pledge_texts(id),
    text_version INTEGER,
    ceremony_date TEXT,
    ceremony_place TEXT,
    status TEXT NOT NULL DEFAULT 'chưa in',
    printed_at TEXT,
    signed_on TEXT,
    notes TEXT
);
CREATE INDEX pledges_household ON pledges(household_id);
CREATE INDEX pledges_date ON pledges(ceremony_date) WHERE deleted_at IS NULL;
CREATE INDEX pledges_signed ON pledges(signed_on, household_id) WHERE deleted_at IS NULL AND status = 'đã ký';

CREATE TABLE patrols ({META},
    team_id INTEGER NOT NULL REFERENCES teams(id),
    patrol_date TEXT NOT NULL,
    start_time TEXT,
    end_time TEXT,
    route TEXT,
    findings TEXT,
    handling TEXT,
    notes TEXT
);
CREATE INDEX patrols_team_date ON patrols(team_id, patrol_date);
CREATE INDEX patrols_date ON patrols(patrol_date) WHERE deleted_at IS NULL;

CREATE TABLE patrol_members (
    patrol_id INTEGER NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (patrol_id, person_id)
);

CREATE TABLE patrol_areas (
    patrol_id INTEGER NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
    area_id INTEGER NOT NULL REFERENCES areas(id),
    PRIMARY KEY (patrol_id, area_id)
);

CREATE TABLE mediation_cases ({META},
    team_id INTEGER REFERENCES teams(id),
    received_on TEXT NOT NULL,
    category TEXT NOT NULL,
    content TEXT NOT NULL,
    agreement TEXT,
    result TEXT NOT NULL DEFAULT 'đang hòa giải',
    result_on TEXT,
    follow_up TEXT,
    excluded_matter INTEGER NOT NULL DEFAULT 0,
    excluded_reason TEXT,
    notes TEXT,
    search_text TEXT NOT NULL
);
CREATE INDEX mediation_received ON mediation_cases(received_on);

CREATE TABLE mediation_people (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES mediation_cases(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    age INTEGER,
    address TEXT,
    person_id INTEGER REFERENCES people(id),
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mediation_people_case ON mediation_people(case_id);

CREATE TABLE mediation_sessions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES mediation_cases(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    place TEXT,
    notes TEXT
);

CREATE TABLE tips ({META},
    received_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    content TEXT NOT NULL,
    valuable INTEGER NOT NULL DEFAULT 0,
    informant_name TEXT,
    informant_contact TEXT,
    area_id INTEGER REFERENCES areas(id),
    outcome TEXT
);
CREATE INDEX tips_received ON tips(received_on);

CREATE TABLE surrendered_items ({META},
    received_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT,
    quantity REAL NOT NULL CHECK (quantity > 0),
    unit TEXT NOT NULL,
    from_whom TEXT,
    area_id INTEGER REFERENCES areas(id),
    notes TEXT
);

CREATE TABLE reintegration_cases ({META},
    person_id INTEGER NOT NULL REFERENCES people(id),
    source TEXT NOT NULL,
    started_on TEXT NOT NULL,
    ended_on TEXT,
    status TEXT NOT NULL,
    helper TEXT,
    notes TEXT
);

CREATE TABLE reviews ({META},
    kind TEXT NOT NULL,
    title TEXT,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    place TEXT,
    chair TEXT,
    secretary TEXT,
    attendees_present TEXT,
    attendees_absent TEXT,
    agenda TEXT,
    strengths TEXT,
    weaknesses TEXT,
    classification TEXT,
    commendation_proposals TEXT,
    next_tasks TEXT
);

CREATE TABLE commendations ({META},
    target_kind TEXT NOT NULL,
    team_id INTEGER REFERENCES teams(id),
    person_id INTEGER REFERENCES people(id),
    area_id INTEGER REFERENCES areas(id),
    target_name TEXT NOT NULL,
    level TEXT NOT NULL,
    form TEXT NOT NULL,
    awarded_on TEXT NOT NULL,
    decision_number TEXT,
    reason TEXT
);

CREATE TABLE area_assessments ({META},
    area_id INTEGER NOT NULL REFERENCES areas(id),
    year INTEGER NOT NULL,
    registered INTEGER NOT NULL DEFAULT 0,
    recognised INTEGER NOT NULL DEFAULT 0,
    classification TEXT,
    notes TEXT
);
CREATE UNIQUE INDEX area_assessments_year ON area_assessments(area_id, year);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    table_name TEXT,
    record_uuid TEXT,
    before TEXT,
    after TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_record ON audit_log(record_uuid);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'Nhật ký thao tác chỉ được ghi thêm, không được sửa.');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'Nhật ký thao tác chỉ được ghi thêm, không được xóa.');
END;

CREATE VIRTUAL TABLE search_index USING fts5(
    body, kind UNINDEXED, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3'
);
{_searchable("areas", "area", 5)}
{_searchable("people", "person", 1)}
{_searchable("households", "household", 2)}
{_searchable("teams", "team", 3)}
{_searchable("mediation_cases", "mediation", 4)}
{_searchable("models", "model", 6)}
"""
