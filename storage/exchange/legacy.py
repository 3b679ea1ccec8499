"""Packages of format 1.x carried Vietnamese labels where 2.0 carries codes. The
aggregator still reads them: a record's or a figure's label is read as the code it
names (storage/vocabulary.py), so stations on the old version and on the new one add
up together. A label that names no code (a list item the station added itself) stays
as it is: it is shown as it was sent, never lost.

The station's lines are stored as they were signed; these functions map them when they
are read, so importing the same 1.x package again still finds them unchanged."""

from __future__ import annotations

from storage import vocabulary

# Lists of entries in the period figures: section -> (list name, key, vocabulary).
FIGURE_LISTS = (
    ("teams", "by_kind", "kind", "team_kind"),
    ("surrendered", "by_kind", "kind", "item_kind"),
    ("mediation", "by_category", "category", "mediation_category"),
    ("commendations", "by_level", "level", "commendation_level"),
)


def as_code(kind: str, value):
    """The code a 1.x value names; a code or an unknown value comes back unchanged."""
    if not isinstance(value, str):
        return value
    return vocabulary.code_of(kind, value) or value


def record_codes(table: str, data: dict | None) -> dict | None:
    """The data of one record line with every coded column as a code."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for (name, column), kind in vocabulary.COLUMNS.items():
        if name == table and column in out:
            out[column] = as_code(kind, out[column])
    if table == "mediation_cases" and isinstance(out.get("people"), list):
        out["people"] = [{**person, "role": as_code("mediation_role", person.get("role"))}
                         if isinstance(person, dict) else person for person in out["people"]]
    return out


def figure_codes(figures: dict) -> dict:
    """Period figures with the entries of their breakdowns keyed by code; an entry of a
    1.x package keeps the label it was sent with for showing."""
    out = dict(figures)
    for section, name, key, kind in FIGURE_LISTS:
        entries = (out.get(section) or {}).get(name)
        if not isinstance(entries, list):
            continue
        mapped = []
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get(key), str):
                code = as_code(kind, entry[key])
                shown = entry.get("label") or vocabulary.label(kind, entry[key])
                entry = {**entry, key: code, "label": shown}
            mapped.append(entry)
        out[section] = {**out[section], name: mapped}
    return out
