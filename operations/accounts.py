"""Accounts: log in, create an account (the administrator at first start, then the
officers), change one's own password, reset another's. The rules (scrypt, roles, the
lockout after wrong tries) live in storage/records/accounts.py."""

from __future__ import annotations

from operations.base import ADMIN, VIEWER, Actor, Changes, Result, operation
from storage.errors import ValidationError
from storage.records import accounts

# Who knocks before logging in: may run only `login`.
ANONYMOUS = Actor("", VIEWER)


@operation(VIEWER, transaction=False)
def login(db, actor, username: str, password: str) -> Result:
    """The account, or LoginError. Not one transaction on purpose: a wrong try is counted
    and committed before the error is raised, so the lockout survives."""
    account = accounts.login(db, username, password)
    return Result(account, Changes().add("accounts"))


@operation(ADMIN)
def create(db, actor, *, username: str, full_name: str, role: str, password: str) -> Result:
    account = accounts.create(db, actor.name, username=username, full_name=full_name, role=role,
                              password=password)
    return Result(account, Changes().add("accounts", account.id))


@operation(VIEWER)
def change_password(db, actor, old: str, new: str) -> Result:
    """The acting account changes its own password."""
    if actor.account is None:
        raise ValidationError("Hãy đăng nhập bằng tài khoản của mình trước khi đổi mật khẩu.")
    accounts.change_password(db, actor.account, old, new)
    return Result(None, Changes().add("accounts", actor.account.id))


@operation(ADMIN)
def reset_password(db, actor, username: str, new: str) -> Result:
    """An administrator sets a new password for someone who forgot theirs."""
    admin = actor.account or accounts.Account(0, "", actor.name, accounts.ADMIN, 1)
    accounts.reset_password(db, admin, username, new)
    return Result(username, Changes().add("accounts"))
