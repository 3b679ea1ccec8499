"""The writer lock on the command line: `lock --db DB` says who holds it (the operating
system's lock, storage/db/lock.py); `lock --db DB --take-over` lets the owner of the
data file take over a lock held from another machine (a PC that died with the file open
on a shared folder), after confirming (typed, or --yes)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cli.parser import CommandError
from cli.session import resolve_db


def add_commands(command) -> None:
    lock = command("lock", "ai đang giữ khóa ghi của tệp dữ liệu; tiếp quản khóa của máy khác")
    lock.add_argument("--take-over", dest="take_over", action="store_true",
                      help="tiếp quản khóa do máy khác giữ (chủ tệp dữ liệu, sau khi xác nhận)")
    lock.add_argument("--yes", action="store_true", help="không hỏi lại khi tiếp quản")


def cmd_lock(args) -> int:
    from cli.session import owner
    from operations import writer_lock
    from storage.db import lock

    path = resolve_db(args)
    if not Path(path).is_file():
        raise CommandError(f"Không tìm thấy tệp dữ liệu {path}.")
    holder = writer_lock.status(None, owner(), path).value
    held = holder is not None or lock.is_locked(path)
    if not args.take_over:
        print(lock.describe(holder) if held else "Không chương trình nào đang ghi tệp dữ liệu này.")
        return 0
    if getattr(args, "user", None):
        raise CommandError("Tiếp quản khóa từ dòng lệnh chỉ dành cho chủ tệp dữ liệu (không dùng --user); "
                           "trong ứng dụng, tài khoản quản trị làm được.")
    if os.name == "posix" and Path(path).stat().st_uid != os.getuid():
        raise CommandError("Chỉ chủ tệp dữ liệu mới tiếp quản được khóa ghi.")
    if not held:
        print("Không chương trình nào đang ghi tệp dữ liệu này; không cần tiếp quản.")
        return 0
    if not args.yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise CommandError(lock.describe(holder) + " Tiếp quản cần xác nhận: chạy trong cửa sổ lệnh hoặc "
                               "thêm --yes.")
        print(lock.describe(holder))
        answer = input("Máy đó đã tắt hoặc không còn mở Bình Yên? Gõ “tiếp quản” để tiếp quản khóa: ")
        if answer.strip().lower() != "tiếp quản":
            raise CommandError("Không tiếp quản khóa.")
    previous = writer_lock.take_over(None, owner(), path).value  # then free for the next writer
    who = f"máy {previous.host}" if previous else "chương trình trước"
    print(f"Đã tiếp quản khóa ghi của {who}; tệp dữ liệu đã có thể mở để ghi.")
    return 0


COMMANDS = {"lock": cmd_lock}
