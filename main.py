"""Bình Yên: with no command it opens the desktop app, with a command it runs the command
line (cli/). Nothing else lives here: see docs/architecture.md."""

from __future__ import annotations

import sys


def open_app(db: str | None) -> int:
    """The desktop app on `db` (or the last file used). Only here does the command line's
    caller reach Qt: cli/ never imports ui/."""
    try:
        from ui.app import run
    except ImportError as error:
        print(f"Không mở được giao diện: thiếu thư viện ({error.name}). Hãy cài lại bằng lệnh make run.",
              file=sys.stderr)
        return 2
    return run(db)


def main(argv: list[str] | None = None) -> int:
    from cli import main as run_command_line

    return run_command_line(argv, open_app=open_app)


if __name__ == "__main__":
    sys.exit(main())
