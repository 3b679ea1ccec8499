"""The command line: `python main.py COMMAND …` or, installed, `binhyen-cli COMMAND …`."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Callable

from cli.commands import COMMANDS
from cli.parser import CommandError, build_parser, command_families


def handlers() -> dict:
    found = dict(COMMANDS)
    for family in command_families():
        found.update(family.COMMANDS)
    return found


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LONG_WORD = 200  # a name, id or path pasted 10,000 characters long: the line stays readable


def _bounded(line: str) -> str:
    """The error line with every word longer than _LONG_WORD (a hostile value the message
    quotes back) cut to its start and end around “…”."""
    line = _CONTROLS.sub("�", line)  # a NUL or an escape sequence quoted back never reaches the terminal
    return " ".join(word if len(word) <= _LONG_WORD else f"{word[:100]}…{word[-60:]}"
                    for word in line.split(" "))


def _refuse_out_onto_data_file(args) -> None:
    """`export --out xa.db --db xa.db` renamed the package over the data file itself: every
    record gone. An --out that is the data file (or its -wal, -shm, -journal, its writer
    lock .lock, its package number .so-goi.json) is refused."""
    from pathlib import Path

    out = getattr(args, "out", None)
    if not out or args.command in ("init", "demo"):
        return
    from cli.session import resolve_db
    from storage.db.files import companion_of

    data = resolve_db(args)
    if companion_of(Path(out), data):  # also its writer lock and its package number (.lock, .so-goi.json)
        raise CommandError(f"Tệp ra {out} chính là tệp dữ liệu {data} hoặc tệp đi kèm nó: ghi vào đó sẽ làm hỏng "
                           "dữ liệu; hãy chọn tên tệp khác cho --out.")


def main(argv: list[str] | None = None, open_app: Callable[[str | None], int] | None = None) -> int:
    """Run one command. With no command, `open_app(db)` opens the desktop app: main.py
    passes it, so the command line itself never imports Qt or ui/ (installed as
    binhyen-cli, no command only says how to ask for help)."""
    from storage.db.files import private_umask
    from storage.errors import StorageError

    private_umask()  # the app and every command: what they write is readable by the user only

    for name in ("stdout", "stderr"):  # a windowed program (binhyen.exe) has no console
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")  # Vietnamese on a Windows console too
    try:
        args = build_parser().parse_args(argv)
        _refuse_out_onto_data_file(args)
        handler = handlers().get(args.command)
        if handler is not None:
            return handler(args)
        if open_app is None:
            raise CommandError("Thiếu lệnh. Xem các lệnh: binhyen-cli -h")
        return open_app(getattr(args, "db", None))
    except (CommandError, StorageError) as error:
        print(_bounded(str(error).splitlines()[0]) if str(error) else "Lỗi không rõ.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped early (| head): nothing more to say
        sys.stderr.close()
        return 0
    except ValueError as error:
        if "null" not in str(error):
            raise
        print("Đường dẫn hoặc giá trị chứa ký tự không hợp lệ (ký tự NUL).", file=sys.stderr)
        return 2
    except (sqlite3.Error, OSError, MemoryError) as error:  # disk full, read-only, damaged, locked: one sentence
        from cli.session import LOCKED_BY
        from storage.db.files import failure_sentence
        from storage.db.lock import describe

        holder = next(iter(LOCKED_BY.values()), None)
        print(failure_sentence(error, describe(holder) if holder is not None else None), file=sys.stderr)
        return 2
    finally:
        from cli.session import release_taken

        release_taken()

