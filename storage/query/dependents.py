"""What depends on records about to go to the trash, in an officer's words: the list
page asks before deleting a person who heads a household or serves in a team, a
household with members or pledges, a team with members or patrols, an area with
households, people or teams. Read-only."""

from __future__ import annotations

LIVE = "deleted_at IS NULL"


def _names(rows, limit: int = 3) -> str:
    names = [row[0] for row in rows if row[0]]
    shown = ", ".join(names[:limit])
    return shown + (f" và {len(names) - limit} nơi khác" if len(names) > limit else "")


def _count(db, sql: str, ids: list[int]) -> int:
    marks = ",".join("?" * len(ids))
    return db.conn.execute(sql.format(ids=marks), ids).fetchone()[0]


def describe(db, table: str, ids: list[int]) -> list[str]:
    """Phrases naming what depends on `ids` of `table` (empty when nothing does)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    found: list[str] = []
    if table == "people":
        heads = db.conn.execute(
            f"SELECT p.full_name FROM households h JOIN people p ON p.id = h.head_id "
            f"WHERE h.head_id IN ({marks}) AND h.{LIVE}", ids).fetchall()
        if heads:
            found.append(f"là chủ hộ của {len(heads)} hộ (hộ vẫn còn nhưng sẽ không có chủ hộ)")
        teams = db.conn.execute(
            f"SELECT DISTINCT t.name FROM memberships m JOIN teams t ON t.id = m.team_id "
            f"WHERE m.person_id IN ({marks}) AND m.{LIVE} AND m.end_on IS NULL AND t.{LIVE}", ids).fetchall()
        if teams:
            found.append(f"đang là thành viên của {len(teams)} tổ ({_names(teams)}); "
                         "số thành viên của tổ sẽ giảm")
        cases = _count(db, f"SELECT count(*) FROM reintegration_cases WHERE person_id IN ({{ids}}) AND {LIVE}",
                       ids)
        if cases:
            found.append(f"có {cases} hồ sơ giúp đỡ tái hòa nhập")
    elif table == "households":
        members = _count(db, f"SELECT count(*) FROM people p JOIN households h ON h.id = p.household_id "
                             f"WHERE p.household_id IN ({{ids}}) AND p.id IS NOT h.head_id AND p.{LIVE}", ids)
        if members:
            found.append(f"{members} nhân khẩu trong hộ (vẫn giữ trong sổ, không còn thuộc hộ nào)")
        pledges = _count(db, f"SELECT count(*) FROM pledges WHERE household_id IN ({{ids}}) AND {LIVE}", ids)
        if pledges:
            found.append(f"{pledges} bản cam kết của hộ")
    elif table == "teams":
        members = _count(db, f"SELECT count(*) FROM memberships m JOIN people p ON p.id = m.person_id "
                             f"WHERE m.team_id IN ({{ids}}) AND m.{LIVE} AND m.end_on IS NULL AND p.{LIVE}", ids)
        if members:
            found.append(f"{members} thành viên đang tham gia tổ")
        patrols = _count(db, f"SELECT count(*) FROM patrols WHERE team_id IN ({{ids}}) AND {LIVE}", ids)
        if patrols:
            found.append(f"{patrols} ca tuần tra của tổ")
    elif table == "areas":
        for sql, words in ((f"SELECT count(*) FROM households WHERE area_id IN ({{ids}}) AND {LIVE}", "hộ"),
                           (f"SELECT count(*) FROM people WHERE area_id IN ({{ids}}) AND {LIVE}", "người"),
                           ("SELECT count(DISTINCT ta.team_id) FROM team_areas ta JOIN teams t ON t.id = ta.team_id "
                            f"WHERE ta.area_id IN ({{ids}}) AND t.{LIVE}", "tổ phụ trách")):
            count = _count(db, sql, ids)
            if count:
                found.append(f"{count} {words} thuộc địa bàn")
    return found
