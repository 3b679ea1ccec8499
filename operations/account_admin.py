"""Administering accounts (the command line's `account` family): add, list, set a
password, reset one (and clear the lockout), unlock, disable. All but `list` need an
administrator (on the command line, the owner of the data file acts as one); the rules
live in storage/records/accounts.py. Login, first-start creation and changing one's own
password in the app are in operations/accounts.py."""

from __future__ import annotations

from operations.base import ADMIN, Changes, Result, operation
from storage.records import accounts


@operation(ADMIN)
def add(db, actor, *, username: str, role: str, password: str, full_name: str | None = None) -> Result:
    account = accounts.create(db, actor.name, username=username, full_name=full_name or username, role=role,
                              password=password)
    return Result(account, Changes().add("accounts", account.id))


@operation(ADMIN, transaction=False)
def list_all(db, actor) -> Result:
    return Result(accounts.status(db))


@operation(ADMIN)
def set_password(db, actor, username: str, password: str) -> Result:
    account = accounts.set_password(db, actor.name, username, password)
    return Result(account, Changes().add("accounts", account.id))


@operation(ADMIN)
def reset(db, actor, username: str, password: str) -> Result:
    """A new password and a cleared lockout, for someone who forgot theirs."""
    account = accounts.set_password(db, actor.name, username, password, unlock=True)
    return Result(account, Changes().add("accounts", account.id))


@operation(ADMIN)
def unlock(db, actor, username: str) -> Result:
    account = accounts.unlock(db, actor.name, username)
    return Result(account, Changes().add("accounts", account.id))


@operation(ADMIN)
def disable(db, actor, username: str) -> Result:
    account = accounts.disable(db, actor.name, username)
    return Result(account, Changes().add("accounts", account.id))
