"""The superior's view: figures summed over its stations for a period (in the same
shape as a station's, so each additive count is the sum of the stations' counts and
each ratio is recomputed from the sums), and who has and hasn't reported."""

from __future__ import annotations

import json
from dataclasses import dataclass

from storage.exchange.legacy import figure_codes, record_codes
from storage.query.periods import Period
from storage.records import unit
from storage.text import text_sort_key

# Lists of entries merged by their key; the other fields are summed.
LIST_KEYS = {"by_kind": ("kind", "unit"), "by_name": ("name",), "by_month": ("month",),
             "by_category": ("category",), "by_level": ("level",)}
NOT_ADDITIVE = {"year"}  # the same for every station, never summed
RATIOS = {("areas", "ratio_recognised"): (("recognised_safe",), ("total",)),
          ("households", "ratio_pledged"): (("pledged",), ("total",)),
          ("mediation", "ratio_settled"): (("settled",), ("settled", "not_settled")),
          ("evaluation", "ratio_recognised"): (("recognised",), ("subjects",))}


def latest_figures(db, period_code: str) -> dict[str, dict]:
    """station uuid → the figures of its newest package for exactly this period."""
    rows = db.conn.execute(
        "SELECT p.station_uuid, p.figures FROM packages p WHERE p.period_code = ? AND p.id = "
        "(SELECT id FROM packages q WHERE q.station_uuid = p.station_uuid AND q.period_code = ? "
        "ORDER BY sequence DESC, created_at DESC, id DESC LIMIT 1)",
        (period_code, period_code)).fetchall()
    return {station: figure_codes(json.loads(figures)) for station, figures in rows}


def _merge_lists(name: str, lists: list[list[dict]]) -> list[dict]:
    keys = LIST_KEYS[name]
    merged: dict[tuple, dict] = {}
    for entries in lists:
        for entry in entries:
            key = tuple(entry.get(k) for k in keys if k in entry)
            target = merged.setdefault(key, {k: entry[k] for k in keys if k in entry})
            for field, value in entry.items():
                if field in keys:
                    continue
                if isinstance(value, bool):
                    target[field] = target.get(field, False) or value
                elif field == "label":
                    target.setdefault("label", value)  # the first station's label of a code
                elif isinstance(value, (int, float)):
                    target[field] = target.get(field, 0) + value
    return sorted(merged.values(), key=lambda e: tuple(str(e.get(k)) for k in keys))


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _sum_values(section: str, key: str, values: list):
    """One field summed over the stations that sent it: lists merged, numbers added
    (a text or a null another station sent in the same field is left out), a flag
    true if any station's is; a ratio is recomputed afterwards."""
    if key in LIST_KEYS and any(isinstance(v, list) for v in values):
        return _merge_lists(key, [[e for e in v if isinstance(e, dict)] for v in values if isinstance(v, list)])
    if (section, key) in RATIOS:
        return 0.0  # recomputed below
    if key in NOT_ADDITIVE:
        return values[0]
    if values and all(isinstance(v, bool) for v in values):
        return any(values)
    numbers = [v for v in values if _is_number(v)]
    if numbers:
        return sum(numbers)
    return next((v for v in values if v is not None), values[0] if values else None)


def sum_figures(all_figures: list[dict], period: Period) -> dict:
    """The stations' figures summed: every section and field any station sent (a
    station's package with fewer sections counts for none of the others)."""
    total: dict = {"period": {"code": period.code, "start": period.start.isoformat(),
                              "end": period.end.isoformat(), "label": period.label}}
    fields: dict[str, dict[str, None]] = {}  # section → its fields, in the order first seen
    for figures in all_figures:
        for section, values in figures.items():
            if section != "period" and isinstance(values, dict):
                fields.setdefault(section, {}).update(dict.fromkeys(values))
    for section, keys in fields.items():
        present = [f[section] for f in all_figures if isinstance(f.get(section), dict)]
        total[section] = {key: _sum_values(section, key, [f[key] for f in present if key in f]) for key in keys}
    for (section, key), (parts, wholes) in RATIOS.items():
        if section in total:
            part = sum(v for p in parts if _is_number(v := total[section].get(p)))
            whole = sum(v for w in wholes if _is_number(v := total[section].get(w)))
            total[section][key] = round(part / whole, 4) if whole else 0.0
    return total


def aggregate(db, period: Period, by_station: bool = False) -> dict:
    per_station = latest_figures(db, period.code)
    names = dict(db.conn.execute("SELECT station_uuid, station_name FROM stations").fetchall())
    result = sum_figures(list(per_station.values()), period) if per_station else {"period": {
        "code": period.code, "start": period.start.isoformat(), "end": period.end.isoformat(),
        "label": period.label}}
    result["stations_reported"] = len(per_station)
    if by_station:
        result["by_station"] = [{"station_uuid": s, "station_name": names.get(s, s), "figures": f}
                                for s, f in sorted(per_station.items(), key=lambda i: names.get(i[0], ""))]
    return result


@dataclass
class StationStatus:
    commune_code: int | None
    commune_name: str
    station_uuid: str | None
    last_sequence: int | None
    last_period: str | None
    last_imported: str | None
    reported: bool


def reporting_grid(db, period_code: str) -> list[StationStatus]:
    """Every commune of the aggregator's province (official list), whether it reported
    for the period, and its newest package; stations outside the list come last."""
    from storage.reference import provinces

    aggregator = unit.get_unit(db)
    stations = {row[0]: row for row in db.conn.execute(
        "SELECT s.commune_code, s.station_uuid, s.station_name, s.last_sequence, "
        "(SELECT period_code FROM packages p WHERE p.station_uuid = s.station_uuid ORDER BY sequence DESC LIMIT 1), "
        "(SELECT max(imported_at) FROM packages p WHERE p.station_uuid = s.station_uuid), "
        "EXISTS (SELECT 1 FROM packages p WHERE p.station_uuid = s.station_uuid AND p.period_code = ?) "
        "FROM stations s", (period_code,))}
    grid = []
    communes = provinces.communes_of(aggregator.province_code) if aggregator.province_code else []
    for commune in sorted(communes, key=lambda c: text_sort_key(c.short_name)):
        row = stations.pop(commune.code, None)
        grid.append(StationStatus(commune.code, commune.name, row[1] if row else None, row[3] if row else None,
                                  row[4] if row else None, row[5] if row else None, bool(row and row[6])))
    for code, row in stations.items():
        grid.append(StationStatus(code, row[2], row[1], row[3], row[4], row[5], bool(row[6])))
    return grid


def known_stations(db) -> list[tuple[str, str]]:
    """(uuid, name) of the stations that have sent at least one package."""
    return [(row[0], row[1]) for row in db.conn.execute(
        "SELECT station_uuid, station_name FROM stations ORDER BY station_name")]


def station_records(db, station_uuid: str, table: str) -> list[dict]:
    """A station's records of one kind as imported (read-only at the superior); values a
    1.x package sent as labels come back as codes (storage/exchange/legacy.py)."""
    return [{"uuid": r[0], "version": r[1], "updated_at": r[2], "deleted_at": r[3],
             "data": record_codes(table, json.loads(r[4])["data"])} for r in db.conn.execute(
        "SELECT uuid, version, updated_at, deleted_at, data FROM station_records "
        "WHERE station_uuid = ? AND table_name = ? ORDER BY updated_at DESC", (station_uuid, table))]
