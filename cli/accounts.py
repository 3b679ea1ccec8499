"""Accounts on the command line, run by an administrator (--user) or the owner of the
data file:

    python main.py account add --db DB NAME --role admin|officer|viewer [--full-name TEXT]
    python main.py account list --db DB [--json]
    python main.py account passwd|reset|unlock|disable --db DB NAME

A new password comes from BINHYEN_NEW_PASSWORD or is asked twice in the terminal."""

from __future__ import annotations

import getpass
import json
import os
import sys

from cli.parser import CommandError
from cli.session import open_existing

ACTIONS = ("add", "list", "passwd", "reset", "unlock", "disable")
ROLES = ("admin", "officer", "viewer")


def add_commands(command) -> None:
    import argparse

    account = command("account", "quản lý tài khoản cán bộ: add, list, passwd, reset, unlock, disable "
                                 "(người quản trị hoặc chủ tệp dữ liệu)")
    actions = account.add_subparsers(dest="action", metavar="VIỆC", parser_class=type(account))
    actions.required = True
    helps = {"add": "thêm tài khoản", "list": "liệt kê tài khoản và trạng thái",
             "passwd": "đặt mật khẩu mới cho một tài khoản", "reset": "đặt lại mật khẩu và mở khóa",
             "unlock": "mở khóa tài khoản bị khóa do nhập sai", "disable": "vô hiệu hóa tài khoản"}
    for action in ACTIONS:
        sub = actions.add_parser(action, help=helps[action], description=helps[action])
        sub.add_argument("--db", help="tệp dữ liệu", default=argparse.SUPPRESS)
        sub.add_argument("--user", help="tài khoản quản trị", default=argparse.SUPPRESS)
        if action == "list":
            sub.add_argument("--json", action="store_true", help="in ra dạng JSON (mã, không nhãn; để máy khác đọc)")
            continue
        sub.add_argument("name", help="tên đăng nhập")
        if action == "add":
            sub.add_argument("--role", choices=ROLES, required=True,
                             help="admin (quản trị), officer (cán bộ), viewer (chỉ xem)")
            sub.add_argument("--full-name", dest="full_name", help="họ và tên người dùng tài khoản")


def new_password(name: str) -> str:
    password = os.environ.get("BINHYEN_NEW_PASSWORD")
    if password is not None:
        return password
    if sys.stdin is None or not sys.stdin.isatty():
        raise CommandError("Thiếu mật khẩu mới: đặt biến môi trường BINHYEN_NEW_PASSWORD hoặc chạy trong cửa sổ lệnh.")
    first = getpass.getpass(f"Mật khẩu mới của {name}: ")
    if getpass.getpass("Nhập lại mật khẩu mới: ") != first:
        raise CommandError("Hai lần nhập mật khẩu không khớp; không đổi gì.")
    return first


def cmd_account(args) -> int:
    from operations import account_admin
    from storage.vocabulary import label

    password = new_password(args.name) if args.action in ("add", "passwd", "reset") else None
    db = open_existing(args)
    try:
        actor = args.actor
        if args.action == "list":
            rows = account_admin.list_all(db, actor).value
        elif args.action == "add":
            account = account_admin.add(db, actor, username=args.name, role=args.role, password=password,
                                        full_name=args.full_name).value
        elif args.action == "passwd":
            account = account_admin.set_password(db, actor, args.name, password).value
        elif args.action == "reset":
            account = account_admin.reset(db, actor, args.name, password).value
        elif args.action == "unlock":
            account = account_admin.unlock(db, actor, args.name).value
        else:
            account = account_admin.disable(db, actor, args.name).value
    finally:
        db.close()
    if args.action == "list":
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=1))
        for row in [] if args.json else rows:
            state = "vô hiệu hóa" if not row["active"] else \
                f"khóa đến {row['locked_until']}" if row["locked_until"] else "đang dùng"
            print(f"{row['username']}\t{row['full_name']}\t{label('account_role', row['role'])}\t{state}")
        return 0
    done = {"add": "Đã thêm tài khoản", "passwd": "Đã đặt mật khẩu mới cho", "reset":
            "Đã đặt lại mật khẩu và mở khóa", "unlock": "Đã mở khóa", "disable": "Đã vô hiệu hóa"}[args.action]
    print(f"{done} {account.username} ({label('account_role', account.role)}).")
    return 0


COMMANDS = {"account": cmd_account}
