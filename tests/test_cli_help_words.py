"""Every option of every command explains itself in Vietnamese: argparse's own English
defaults ("show program's version number and exit") once reached `binhyen-cli -h`."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from cli.parser import build_parser

ROOT = Path(__file__).resolve().parent.parent
VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def parsers(parser: argparse.ArgumentParser, path: str = "binhyen-cli"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from parsers(child, f"{path} {name}")


def test_every_option_has_a_vietnamese_help_text():
    english = []
    for path, parser in parsers(build_parser()):
        for action in parser._actions:
            if not action.option_strings or action.help == argparse.SUPPRESS:
                continue
            text = (action.help or "").lower()
            if not VIETNAMESE & set(text):
                english.append(f"{path} {'/'.join(action.option_strings)}: {action.help!r}")
    assert english == []


def test_the_main_help_reads_in_vietnamese():
    shown = subprocess.run([sys.executable, "main.py", "-h"], cwd=ROOT, capture_output=True,
                           text=True, timeout=60).stdout
    assert "  --version         hiện số phiên bản rồi thoát" in shown
    assert "show program" not in shown
