"""What every operation shares: who acts (`Actor`), the role an operation needs, one
transaction around its writes, and what it changed (`Changes`), from which the app
refreshes its pages. Modelled on Anki's CollectionOp / OpChanges (docs/architecture.md).

An operation is a plain function `op(db, actor, ...) -> Result` decorated with
`@operation(role)`. The app runs it through its one background-task helper; the command
line calls it directly. Neither holds logic the other lacks: permissions, locks, backups
before risky work and audit entries live in the operation."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storage import vocabulary
from storage.errors import StorageError

VIEWER, OFFICER, ADMIN = "viewer", "officer", "admin"
_RANK = {VIEWER: 0, OFFICER: 1, ADMIN: 2}
ROLE_LABELS = vocabulary.VOCABULARIES["account_role"]  # viewer, officer, admin -> their labels
# Databases made before the codes migration store the labels.
STORED_ROLES = {label: code for code, label in ROLE_LABELS.items()}

# Every operation, by its dotted name ("records.delete"): the test that maps commands and
# app actions to operations reads this.
REGISTRY: dict[str, Callable] = {}


class PermissionDenied(StorageError):
    """The acting account may not run this operation."""


@dataclass(frozen=True)
class Actor:
    """Who is working: the name written in the audit trail, and the role. `account` is
    the storage.records.accounts.Account when someone logged in (None for the owner of
    the data file on the command line, who acts as its local administrator)."""
    name: str
    role: str = ADMIN
    account: Any = None

    @classmethod
    def from_account(cls, account) -> Actor:
        return cls(account.full_name, STORED_ROLES.get(account.role, account.role), account)

    def may(self, role: str) -> bool:
        return _RANK.get(self.role, -1) >= _RANK[role]


@dataclass
class Changes:
    """What an operation changed: table names, and per table the local ids touched."""
    tables: set[str] = field(default_factory=set)
    ids: dict[str, set[int]] = field(default_factory=dict)

    def add(self, table: str, *record_ids: int | None) -> Changes:
        self.tables.add(table)
        if record_ids:
            self.ids.setdefault(table, set()).update(i for i in record_ids if i is not None)
        return self

    def merge(self, other: Changes) -> Changes:
        for table in other.tables:
            self.add(table, *other.ids.get(table, ()))
        return self

    def __bool__(self) -> bool:
        return bool(self.tables)


@dataclass
class Result:
    """What an operation returns: its value and what it changed."""
    value: Any = None
    changes: Changes = field(default_factory=Changes)


class WrongUnit(StorageError):
    """The data file belongs to the other kind of unit (a station's job on the superior's
    file, or the reverse)."""


UNIT_REFUSALS = {
    "station": "Tệp dữ liệu này là của cấp trên (tổng hợp báo cáo các xã); việc này chỉ làm trên "
               "tệp dữ liệu của Công an xã, phường, đặc khu.",
    "aggregator": "Tệp dữ liệu này là của Công an xã, phường, đặc khu; việc này chỉ làm trên tệp "
                  "dữ liệu của cấp trên.",
}


def operation(role: str, *, transaction: bool = True, name: str | None = None, unit: str | None = None):
    """Declare an operation: `role` is the least role that may run it; with `transaction`
    the whole body runs in one transaction (nested writes become savepoints); with `unit`
    ("station" or "aggregator") it runs only on that kind of data file. The body returns
    a Result, or a plain value (wrapped with no changes)."""
    if role not in _RANK or unit not in (None, *UNIT_REFUSALS):
        raise ValueError(role)

    def wrap(function: Callable) -> Callable:
        dotted = name or f"{function.__module__.rsplit('.', 1)[-1]}.{function.__name__}"

        @functools.wraps(function)
        def run(db, actor: Actor, *args, **kwargs) -> Result:
            check_role(actor, role)
            if unit is not None:
                check_unit(db, unit)
            if transaction:
                with db.atomic():
                    result = function(db, actor, *args, **kwargs)
            else:
                result = function(db, actor, *args, **kwargs)
            return result if isinstance(result, Result) else Result(result)

        run.role = role
        run.unit = unit
        run.operation_name = dotted
        REGISTRY[dotted] = run
        return run

    return wrap


def check_unit(db, unit: str) -> None:
    from storage.records.unit import get_unit

    if get_unit(db).role != unit:
        raise WrongUnit(UNIT_REFUSALS[unit])


def check_role(actor: Actor, role: str) -> None:
    if not actor.may(role):
        needed = "quản trị" if role == ADMIN else "cán bộ hoặc quản trị"
        raise PermissionDenied(f"Tài khoản {ROLE_LABELS.get(actor.role, actor.role)} không được làm việc này; "
                               f"cần tài khoản {needed}.")
