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


def sum_figures(all_figures: list[dict], period: Period) -> dict:
    total: dict = {"period": {"code": period.code, "start": period.start.isoformat(),
                              "end": period.end.isoformat(), "label": period.label}}
    sections = [s for s in (all_figures[0] if all_figures else {}) if s != "period"]
    for section in sections:
        out: dict = {}
        for key, sample in all_figures[0][section].items():
            values = [f[section][key] for f in all_figures if key in f.get(section, {})]
            if key in LIST_KEYS:
                out[key] = _merge_lists(key, values)
            elif (section, key) in RATIOS:
                out[key] = 0.0  # recomputed below
            elif key in NOT_ADDITIVE:
                out[key] = sample
            elif isinstance(sample, bool):
                out[key] = any(values)
            elif isinstance(sample, (int, float)):
                out[key] = sum(values)
            else:
                out[key] = sample
        total[section] = out
    for (section, key), (parts, wholes) in RATIOS.items():
        if section in total:
            part = sum(total[section][p] for p in parts)
            whole = sum(total[section][w] for w in wholes)
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
