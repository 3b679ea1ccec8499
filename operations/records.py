"""Writing records: the forms of every page, delete and restore (trash, Ctrl+Z), team
members, pledge statuses, the unit's identity, the lists a person may edit and the
settings of Cài đặt; and the search of the command line. The record kinds and their
rules live in storage/records; here each job is one transaction with a declared role
(docs/architecture.md, "The path of one record")."""

from __future__ import annotations

from operations.base import ADMIN, OFFICER, VIEWER, Changes, Result, operation
from storage.query.search import search as search_records
from storage.records import list_usage, lists, pledges, settings, teams, trash, unit
from storage.records.registry import repository_for


@operation(OFFICER)
def create(db, actor, table: str, values: dict) -> Result:
    """A new record of `table` (people, households, memberships …) from a form."""
    record = repository_for(table).create(db, actor.name, **values)
    return Result(record, Changes().add(table, record.id))


@operation(OFFICER)
def update(db, actor, table: str, record_id: int, values: dict, *,
           expected_version: int | None = None) -> Result:
    """Save a changed record; `expected_version` refuses to overwrite someone else's
    newer change (ConflictError)."""
    record = repository_for(table).update(db, actor.name, record_id, expected_version=expected_version,
                                          **values)
    return Result(record, Changes().add(table, record.id))


@operation(OFFICER)
def delete(db, actor, table: str, record_ids: list[int]) -> Result:
    """Move records to the trash, all or none."""
    repo = repository_for(table)
    for record_id in record_ids:
        repo.delete(db, actor.name, record_id)
    return Result(len(record_ids), Changes().add(table, *record_ids))


@operation(OFFICER)
def restore(db, actor, items: list[tuple[str, int]]) -> Result:
    """Take records of any kind back out of the trash (the trash page, Ctrl+Z), all or none."""
    changes = Changes()
    for table, record_id in items:
        trash.restore(db, actor.name, table, record_id)
        changes.add(table, record_id)
    return Result(len(items), changes)


@operation(OFFICER)
def empty_trash(db, actor) -> Result:
    """Erase for good what nothing live points to; returns how many were erased."""
    tables = {item.table for item in trash.items(db)}
    erased = trash.empty(db, actor.name)
    changes = Changes()
    for table in sorted(tables):
        changes.add(table)
    return Result(erased, changes)


@operation(OFFICER)
def mark_pledges(db, actor, pledge_ids: list[int], status: str, on: str | None = None) -> Result:
    """Set the status of pledges (e.g. signed today)."""
    pledges.mark(db, actor.name, pledge_ids, status, on=on)
    return Result(len(pledge_ids), Changes().add("pledges", *pledge_ids))


@operation(OFFICER)
def change_member_role(db, actor, membership_id: int, role: str, on: str) -> Result:
    """A member takes another role in the team from `on`."""
    membership = teams.change_role(db, actor.name, membership_id, role, on)
    return Result(membership, Changes().add("memberships", membership_id, membership.id))


@operation(OFFICER)
def end_membership(db, actor, membership_id: int, end_on: str) -> Result:
    """A member leaves the team on `end_on`."""
    membership = teams.end_membership(db, actor.name, membership_id, end_on)
    return Result(membership, Changes().add("memberships", membership_id))


@operation(ADMIN)
def update_unit(db, actor, values: dict) -> Result:
    """The unit's identity (Cài đặt → Đơn vị): names, province, commune, place."""
    station = unit.get_unit(db)
    saved = unit.units.update(db, actor.name, station.id, **values)
    return Result(saved, Changes().add("unit", station.id))


@operation(OFFICER)
def add_list_item(db, actor, list_name: str, label: str) -> Result:
    """A new item at the end of an editable list (Cài đặt → Danh mục)."""
    position = lists.list_items.count(db, "list_name = ?", [list_name])
    item = lists.list_items.create(db, actor.name, list_name=list_name, label=label, position=position)
    return Result(item, Changes().add("list_items", item.id))


@operation(OFFICER)
def rename_list_item(db, actor, item_id: int, label: str) -> Result:
    """A new label for an item; records keep its code, their search texts follow."""
    item = lists.list_items.update(db, actor.name, item_id, label=label)
    changes = Changes().add("list_items", item_id)
    for table, ids in list_usage.refresh_search_texts(db, item.list_name, item.code).items():
        changes.add(table, *ids)
    return Result(item, changes)


@operation(OFFICER)
def delete_list_item(db, actor, item_id: int) -> Result:
    lists.list_items.delete(db, actor.name, item_id)
    return Result(item_id, Changes().add("list_items", item_id))


@operation(ADMIN)
def set_setting(db, actor, key: str, value) -> Result:
    """A unit-wide setting (e.g. the day the reporting year starts)."""
    if key not in settings.DEFAULTS:
        from storage.errors import ValidationError

        raise ValidationError(f"Không có cài đặt “{key}”.")
    settings.put(db, key, value)
    return Result(value, Changes().add("settings"))


@operation(VIEWER, transaction=False)
def search(db, actor, query: str, *, limit: int = 50) -> Result:
    """People, households, teams and mediation cases matching `query` (accents optional)."""
    return Result(search_records(db, query, limit=limit))


@operation(OFFICER)
def save_templates(db, actor, text_id: int, *, title: str, body: str, closing: str, margins: dict,
                   signers: dict | None = None, texts: dict | None = None) -> Result:
    """Cài đặt → Mẫu in: the pledge text, the closing sentence of minutes, the page
    margins, who signs each document for the unit and the fixed wording of the other
    documents (storage.documents.wording.TEXTS), all or none."""
    from storage.documents import wording

    pledges.pledge_texts.update(db, actor.name, text_id, title=title, body=body, is_default=1)
    wording.set_minutes_closing(db, actor.name, closing)
    wording.set_margins(db, actor.name, **margins)
    if signers is not None:
        wording.set_signers(db, actor.name, signers)
    if texts is not None:
        wording.set_texts(db, actor.name, texts)
    return Result(text_id, Changes().add("pledge_texts", text_id).add("settings"))
