"""Trợ giúp → Hướng dẫn sử dụng: the Vietnamese guide, docs/huong-dan.md, inside the app.
The guide is split in parts, one per page, each opened by an HTML comment
"<!-- trang: KEY -->" (KEY as in main_window's page list); F1 opens the part for the page
in front. A bundle without the docs folder reads resources/huong-dan.md."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
)

from ui import screen
from ui.i18n import button_box, tr

ROOT = Path(__file__).resolve().parent.parent
PLACES = (ROOT / "docs" / "huong-dan.md", ROOT / "resources" / "huong-dan.md")
PICTURE_WIDTH = 600
_MARK = re.compile(r"^<!--\s*trang:\s*([\w-]+)\s*-->\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Part:
    key: str      # the page key ("areas"), "" for the introduction
    title: str
    text: str     # Markdown


def guide_path() -> Path | None:
    return next((p for p in PLACES if p.exists()), None)


def parts(path: Path | None = None) -> list[Part]:
    """The guide's parts in order: the introduction, then one per marked section."""
    path = path or guide_path()
    if path is None:
        return [Part("", tr("Hướng dẫn sử dụng"), tr("Không tìm thấy tệp hướng dẫn (docs/huong-dan.md)."))]
    text = path.read_text(encoding="utf-8")
    pieces = _MARK.split(text)
    found = [Part("", tr("Giới thiệu"), pieces[0].strip())]
    for key, body in zip(pieces[1::2], pieces[2::2]):
        body = body.strip()
        heading = next((line.lstrip("#").strip() for line in body.splitlines() if line.startswith("#")), key)
        found.append(Part(key, heading, body))
    return found


class HelpDialog(QDialog):
    """The guide: its parts on the left, the chosen part on the right."""

    def __init__(self, parent=None, key: str = ""):
        super().__init__(parent)
        self.setWindowTitle(tr("Hướng dẫn sử dụng Bình Yên"))
        self.parts = parts()
        path = guide_path()
        self.list = QListWidget(self)
        for part in self.parts:
            item = QListWidgetItem(part.title, self.list)
            item.setData(Qt.ItemDataRole.UserRole, part.key)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        if path is not None:
            self.browser.setSearchPaths([str(path.parent)])  # the screenshots beside the guide
        splitter = QSplitter(self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 640])
        buttons = button_box(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show_row)
        self.resize(900, 640)
        screen.fit_size(self)
        self.show_part(key)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.parts):
            self.browser.setMarkdown(self.parts[row].text)
            self._fit_pictures()

    def _fit_pictures(self) -> None:
        """Screenshots at most PICTURE_WIDTH wide and never wider than the text beside them
        (the height follows): no sideways scrolling."""
        width = max(160, min(PICTURE_WIDTH, self.browser.viewport().width() - 24))
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            piece = block.begin()
            while not piece.atEnd():
                fragment = piece.fragment()
                picture = fragment.charFormat()
                if picture.isImageFormat():
                    picture = picture.toImageFormat()
                    picture.setWidth(width)
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(picture)
                piece += 1
            block = block.next()

    def resizeEvent(self, event):  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_pictures()

    def show_part(self, key: str) -> None:
        """The part for page `key`; the introduction when the page has none."""
        keys = [part.key for part in self.parts]
        self.list.setCurrentRow(keys.index(key) if key in keys else 0)

    def current_key(self) -> str:
        return self.parts[max(0, self.list.currentRow())].key
