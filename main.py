"""Bình Yên: with no command it opens the desktop app, with a command it runs the command
line (cli/). Nothing else lives here: see docs/architecture.md."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from cli import main as run_command_line

    return run_command_line(argv)


if __name__ == "__main__":
    sys.exit(main())
