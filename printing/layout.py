"""The layout of an official Vietnamese document, written once (Nghị định 30/2020/NĐ-CP,
Phụ lục I): A4, margins, the letterhead (parent body, issuer with its short rule, number;
national name and motto with its rule, the italic place and date), the title, page
numbers from page 2 centred in the top margin, signature blocks and "Nơi nhận".

A file may hold several documents (a batch of pledges): each starts with
`start_document()` and numbers its own pages."""

from __future__ import annotations

import io
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from printing import fonts
from printing.styles import build_styles

COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Margins:
    """Millimetres; the decree allows top/bottom 20–25, left 30–35, right 15–20."""
    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15

    def check(self) -> None:
        for name, value, low, high in (("trên", self.top, 20, 25), ("dưới", self.bottom, 20, 25),
                                       ("trái", self.left, 30, 35), ("phải", self.right, 15, 20)):
            if not low <= value <= high:
                raise ValueError(f"Lề {name} phải từ {low} đến {high} mm theo Nghị định 30/2020 "
                                 f"(đang là {value:g} mm).")


def text(value) -> str:
    """NFC and escaped, ready for a Paragraph; line breaks kept."""
    cleaned = unicodedata.normalize("NFC", "" if value is None else str(value))
    return escape(cleaned).replace("\n", "<br/>")


def date_line(place: str, on: date) -> str:
    """'Thanh Lâm, ngày 05 tháng 02 năm 2026': a leading zero for days under 10 and for
    months 1 and 2, as the decree asks."""
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"{place}, ngày {on.day:02d} tháng {month} năm {on.year}"


def recipient_lines(recipients: list[str]) -> list[str]:
    """'Nơi nhận' items as Nghị định 30/2020 shows them: each ends with ";", the last
    (usually "Lưu: VT") with "."."""
    items = [r.strip().rstrip(";.,") for r in recipients if r and r.strip()]
    return [item + ("." if index == len(items) - 1 else ";") for index, item in enumerate(items)]


def signer_block(signer, fallback_title: str, fallback_name: str = "") -> tuple[str, str, str]:
    """(title lines, hint, name) of the unit's signature from a data.Signer."""
    if signer is None:
        return fallback_title, "", fallback_name
    return "\n".join(signer.titles), "", signer.name


def capital(value: str) -> str:
    """A table cell's label begins with a capital ("Tổ trưởng", "Nam"): the vocabulary's
    labels are written for the middle of a sentence."""
    return value[:1].upper() + value[1:] if value else value


def date_words(on: date | None) -> str:
    if on is None:
        return "ngày ..... tháng ..... năm ........"
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"ngày {on.day:02d} tháng {month} năm {on.year}"


NBSP = "\u00a0"
# Runs that a line never breaks inside, in any paragraph: a period or a year ("6 tháng
# đầu năm 2026", "năm 2026", not "năm" at a line's end and "2026" alone below it) and
# the levels of more than one word ("đặc khu", "tổ dân phố"); in a date line, the whole
# date after the place ("Mường Khương, / ngày 05 tháng 02 năm 2026" at worst).
_ALWAYS_TOGETHER = re.compile(r"\d+ tháng (?:đầu|cuối) năm \d{4}|năm \d{4}|(?:tổ trưởng )?tổ dân phố|đặc khu",
                              re.IGNORECASE)
_DATE_TOGETHER = re.compile(r"ngày \S+ tháng \S+ năm \S+")
_DATE_STYLES = ("date_line", "date_centre", "date_right")
_LEVELS = ("tổ dân phố", "đặc khu", "thành phố", "phường", "thôn", "tỉnh", "xã")


def _bound(match: re.Match) -> str:
    return match.group(0).replace(" ", NBSP)


def keep_together(value: str, *, whole_date: bool = False) -> str:
    value = _ALWAYS_TOGETHER.sub(_bound, value)
    return _DATE_TOGETHER.sub(_bound, value) if whole_date else value


def _name_word(words: list[str], index: int) -> bool:
    """Whether words[index] goes on a proper name: a capitalised word or a number
    ("Móng Cái 1"), or a dash between two ("Xuân Hương - Đà Lạt")."""
    word = words[index]
    if word in ("-", "–"):
        return index + 1 < len(words) and words[index + 1][:1].isupper()
    return word[:1].isupper() or word[:1].isdigit()


def keep_names(value: str, font: str, size: float, width: float) -> str:
    """A unit's or an area's name kept on one line with its level ("phường An Tường",
    "TỔ DÂN PHỐ AN LẠC") when that fits in `width`, else the name alone: a line breaks
    before the name, never inside it ("CÔNG AN XÃ MƯỜNG / KHƯƠNG", "XÁC NHẬN CỦA TỔ
    TRƯỞNG TỔ / DÂN PHỐ")."""
    words = value.split(" ")
    out, index = [], 0
    while index < len(words):
        level = next((n for n in (lvl.count(" ") + 1 for lvl in _LEVELS)
                      if " ".join(words[index:index + n]).casefold() in _LEVELS), 0)
        start = end = index + level
        while level and end < len(words) and end - start < 8 and _name_word(words, end) \
                and not words[end - 1].endswith((",", ";", ":", ".")):
            end += 1
        if end > start:
            for first in (index, start):
                run = " ".join(words[first:end])
                if stringWidth(run, font, size) <= width:
                    out += words[index:first] + [run.replace(" ", NBSP)]
                    index = end
                    break
            else:
                out.append(words[index])
                index += 1
            continue
        out.append(words[index])
        index += 1
    return " ".join(out)


class ReusedParagraph(Paragraph):
    """A paragraph that repeats (a pledge's fixed wording on every page of a batch): its
    markup is parsed once and its lines broken once per width.

    ReportLab splits a paragraph at the foot of a page by deleting the line breaks it
    computed (`blPara`) or by making pieces of the same class; a cached size must then
    never stand in for lines that are gone. So the cache holds only while `blPara` does,
    and a split is made by a plain Paragraph, leaving this shared object untouched."""

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        if getattr(self, "_wrapped_width", None) == availWidth and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        plain = Paragraph(self.text, self.style, bulletText=self.bulletText)
        plain.wrap(availWidth, availHeight)
        pieces = plain.split(availWidth, availHeight)
        return [self] if pieces == [plain] else pieces


class FormBlock(Flowable):
    """Flowables drawn once into a PDF form (XObject) and stamped wherever the same block
    recurs: the fixed wording of a pledge is laid out and drawn once per batch, not once
    per household. The block never splits, so it suits parts shorter than a page."""

    def __init__(self, key: tuple, flowables: list):
        super().__init__()
        self.key, self.flowables = key, flowables
        self._wrapped_width = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        if self._wrapped_width != availWidth:
            self.placed = []
            height = 0.0
            for index, flowable in enumerate(self.flowables):
                _w, h = flowable.wrap(availWidth, availHeight)
                before = flowable.getSpaceBefore() if index else 0
                self.placed.append((flowable, height + before, h))
                height += before + h + flowable.getSpaceAfter()
            self.width, self.height, self._wrapped_width = availWidth, height, availWidth
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        drawn = canvas.__dict__.setdefault("_binhyen_forms", {})
        name = drawn.get(self.key)
        if name is None:
            name = drawn[self.key] = f"BinhYenForm{len(drawn)}"
            canvas.beginForm(name, 0, 0, self.width, self.height)
            for flowable, top, height in self.placed:
                flowable.drawOn(canvas, 0, self.height - top - height)
            canvas.endForm()
        canvas.doForm(name)


class NamesRow(Flowable):
    """The signers' full names in bold, centred under their columns, below room to sign;
    drawn as plain strings (cheap enough to do on each of a thousand pages). A name too
    long for its column shrinks a little, then wraps onto more lines; it never runs past
    the column. When the page is nearly full (a very long name and address), the names
    get smaller and the room to sign shorter, down to limits, so that the page holds."""

    SIZE = 13
    SMALLEST = 10
    LEAST_ROOM = 15 * mm

    def __init__(self, names: list[str], room: float, shares: list[float] | None = None):
        super().__init__()
        self.names = [unicodedata.normalize("NFC", n or "") for n in names]
        self.room = room
        # Each column's share of the width (the titles' columns above): equal by default.
        self.shares = shares or [1 / len(self.names)] * len(self.names)
        self._laid = None
        self._room = room

    def _lay_out(self, width: float, smallest: float) -> list[tuple[float, list[str]]]:
        """(font size, lines) of each name in a column of `width`."""
        font = fonts.NAMES["bold"]
        laid = []
        for name, share in zip(self.names, self.shares, strict=True):
            column = width * share - 8
            size = self.SIZE
            while size > smallest and stringWidth(name, font, size) > column:
                size -= 0.5
            lines = [name] if stringWidth(name, font, size) <= column else simpleSplit(name, font, size, column)
            laid.append((size, lines))
        return laid

    @staticmethod
    def _height(laid, room: float) -> float:
        return room + max(size * 1.3 * len(lines) for size, lines in laid)

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        self.width = availWidth
        self._laid, self._room = self._lay_out(availWidth, 11), self.room
        if self._height(self._laid, self._room) > availHeight:
            tight = self._lay_out(availWidth, self.SMALLEST)
            room = max(self.LEAST_ROOM, availHeight - self._height(tight, 0))
            if self._height(tight, room) <= availHeight:
                self._laid, self._room = tight, room
        return availWidth, self._height(self._laid, self._room)

    def draw(self):
        left = 0.0
        for share, (size, lines) in zip(self.shares, self._laid, strict=True):
            self.canv.setFont(fonts.NAMES["bold"], size)
            for number, line in enumerate(lines):
                y = 3 + (len(lines) - 1 - number) * size * 1.3
                self.canv.drawCentredString(self.width * (left + share / 2), y, line)
            left += share


class KeepWithPrevious(Flowable):
    """A block (signatures) that must share its page with what comes before it. When the
    two do not fit in the space left, what comes before is split so that its last lines
    (or rows) go to the next page with the block; a block never starts a page alone."""

    TAIL = 30  # points of the previous flowable that move with the block at least

    def __init__(self, previous: Flowable, block: Flowable):
        super().__init__()
        self.previous, self.block = previous, block

    def getSpaceBefore(self):  # noqa: N802 (ReportLab's names)
        return self.previous.getSpaceBefore()

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        _w, self._h1 = self.previous.wrap(availWidth, availHeight)
        _w, self._h2 = self.block.wrap(availWidth, availHeight)
        self._gap = max(self.previous.getSpaceAfter(), self.block.getSpaceBefore())
        self.width, self.height = availWidth, self._h1 + self._gap + self._h2
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight:
            return [self]
        room = min(availHeight, self._h1 - self.TAIL)
        frame = getattr(self, "_frame", None)
        pieces = []
        if room > 0:
            self.previous._frame = frame  # a table decides from its frame whether to split a row
            try:
                pieces = self.previous.split(availWidth, room)
            finally:
                self.previous.__dict__.pop("_frame", None)
        if len(pieces) >= 2:
            return pieces[:-1] + [KeepWithPrevious(pieces[-1], self.block)]
        if frame is not None and getattr(frame, "_atTop", 0):
            return [self.previous, self.block]  # a whole page cannot hold them: let them part
        return []  # on to the next page together

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (ReportLab's names)
        self.previous.drawOn(canvas, x, y + self._h2 + self._gap, _sW)
        self.block.drawOn(canvas, x, y, _sW)


def _ruled_table(data: list[list], widths: list[float], heads: int, commands: list, row_height: float,
                 head_commands: list | None = None) -> Table:
    """A ruled table with `heads` header rows repeated on each page (none: a table's
    last rows set apart to keep with what follows). A row taller than a page (a
    500-character route beside long findings) splits inside the row rather than ending
    in a LayoutError. `head_commands` style the header rows only (a heading spanning
    the columns it groups); a table set apart without its header goes without them.
    6 points follow the table, so that the next paragraph does not touch its rule."""
    rows = len(data) - heads
    table = RowTable(data, colWidths=widths, repeatRows=heads, splitInRow=1,
                     minRowHeights=[0] * heads + [row_height] * rows if row_height else None, spaceAfter=6)
    shaded = [("BACKGROUND", (0, 0), (-1, 0), "#eeeeee")] if heads else []
    table.setStyle(_table_style(commands + shaded + (head_commands or [] if heads else [])))
    table.parts = (data, widths, heads, commands, row_height, head_commands)
    return table


class RowTable(Table):
    """A table whose rows move to the next page whole, and split inside a row only when
    the row cannot fit on a whole page (a 500-character route beside 2,000 characters
    of findings); ReportLab would otherwise split a row wherever a page ends."""

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        frame = getattr(self, "_frame", None)
        self.splitInRow = 0  # the pieces are made with this value; each decides for itself
        pieces = super().split(availWidth, availHeight)
        # Rows not measured yet (a piece of a table split before) have no height: None.
        tallest = max((h for h in self._rowHeights[self.repeatRows:] if h is not None), default=0)
        if not pieces and frame is not None and (getattr(frame, "_atTop", 0) or tallest > frame._height):
            self.splitInRow = 1
            pieces = super().split(availWidth, availHeight)
        elif len(pieces) == 2:
            pieces = self._no_lone_row(pieces, availWidth, availHeight, frame)
        return pieces

    def _no_lone_row(self, pieces, availWidth, availHeight, frame):  # noqa: N803 (ReportLab's names)
        """Neither page keeps a single row of the table: the last row alone on the next
        page takes the one before it along; a single row under the header at the foot of
        a page goes over with the rest (unless the page is empty: then it must stay)."""
        heads = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        body = len(self._cellvalues) - heads
        first = len(pieces[0]._cellvalues) - heads
        second = body - first
        if body < 4 or first < 1:
            return pieces
        if first == 1 and not getattr(frame, "_atTop", 0):
            return []
        if second == 1 and self._rowHeights[heads + first - 1] is not None:
            shorter = availHeight - self._rowHeights[heads + first - 1] - 0.01
            retried = super().split(availWidth, shorter)
            if len(retried) == 2 and len(retried[0]._cellvalues) - heads >= 2:
                return retried
        return pieces


CELL_PADDING = 12  # ReportLab's 6 points on each side of a cell
_NUMBER = re.compile(r"[\d\s.+/:()\-–]+")


def _unbreakable(value: str) -> list[str]:
    """The parts of a cell that must stay on one line: words of a heading, dates
    (05/02/2026), times (08:00), phone and CCCD numbers."""
    return [word for word in value.split() if word]


def fit_columns(width: float, weights: list[float], header: list[str], rows: list[list], head_style,
                cell_style) -> list[float]:
    """Column widths in proportion to `weights`, widened where a heading word, a date or
    a number would otherwise be broken inside itself ("ST/T", "12/03/20/26"); the room
    is taken from the columns that have it to spare."""
    total = sum(weights)
    widths = [width * w / total for w in weights]
    needed = []
    for index, heading in enumerate(header):
        need = max((stringWidth(w, head_style.fontName, head_style.fontSize) for w in _unbreakable(heading)),
                   default=0)
        for row in rows[:400]:
            cell = row[index] if index < len(row) else ""
            if not isinstance(cell, str) or not cell or len(cell) > 40 or not any(ch.isdigit() for ch in cell):
                continue
            # A number written with spaces ("0912 345 678", "08:00 – 10:00") is one unit.
            parts = [cell] if _NUMBER.fullmatch(cell) else [w for w in _unbreakable(cell)
                                                              if any(ch.isdigit() for ch in w)]
            need = max([need] + [stringWidth(w, cell_style.fontName, cell_style.fontSize) for w in parts])
        needed.append(need + CELL_PADDING + 1)
    short = sum(max(0.0, n - w) for n, w in zip(needed, widths, strict=True))
    if short <= 0:
        return widths
    spare = [max(0.0, w - n) for n, w in zip(needed, widths, strict=True)]
    if sum(spare) < short:  # cannot fit everything: keep the proportions
        return widths
    share = short / sum(spare)
    return [max(n, w - s * share) if n > w else w - s * share for n, w, s in zip(needed, widths, spare, strict=True)]


def _table_style(commands: list) -> TableStyle:
    """Every table names our font: ReportLab would otherwise select Helvetica for each
    cell, putting a font without Vietnamese letters into the page."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.NAMES["regular"])] + commands)


class Rule(Flowable):
    """A centred horizontal line of a given width (under the issuer and the motto)."""

    def __init__(self, width: float, thickness: float = 0.7, space: float = 2):
        super().__init__()
        self.rule_width, self.thickness, self.space = width, thickness, space

    def wrap(self, available_width, available_height):
        self.available = available_width
        return available_width, self.space * 2 + self.thickness

    def draw(self):
        x = (self.available - self.rule_width) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, self.space, x + self.rule_width, self.space)


class DocumentStart(Flowable):
    """Marks where a document begins, so its pages are numbered from 1."""

    def wrap(self, *args):
        return 0, 0

    def draw(self):
        self.canv._doctemplate.document_start = self.canv.getPageNumber()


class OfficialDocument:
    def __init__(self, title: str, margins: Margins | None = None, *, landscape_pages: bool = False):
        """`margins` may also be a (top, bottom, left, right) tuple in millimetres."""
        if isinstance(margins, (tuple, list)):
            margins = Margins(*margins)
        self.fonts = fonts.register()
        self.styles = build_styles()
        self.margins = margins or Margins()
        self.margins.check()
        self.title = title
        self.landscape = landscape_pages
        self.story: list = []
        self._paragraphs: dict[tuple[str, str], Paragraph] = {}
        self._forms: dict[tuple, FormBlock] = {}

    # ---- building blocks -----------------------------------------------------------
    def paragraph(self, value, style: str = "body", markup: bool = False, within: float | None = None
                  ) -> Paragraph:
        """A paragraph; the same text in the same style is built once and reused. A year
        or a period never breaks from its number; `within` (points: the line's width) keeps
        the names of units and areas whole too (titles, letterheads, signature titles)."""
        content = value if markup else text(value)
        if within is not None:
            shape = self.styles[style]
            content = keep_names(content, shape.fontName, shape.fontSize, within)
        content = keep_together(content, whole_date=style in _DATE_STYLES)
        key = (content, style)
        if key not in self._paragraphs:
            self._paragraphs[key] = ReusedParagraph(content, self.styles[style])
        return self._paragraphs[key]

    def start_document(self, *, new_page: bool = True) -> None:
        if self.story and new_page:
            self.story.append(PageBreak())
        self.story.append(DocumentStart())

    def letterhead(self, parent_body: str, issuer: str, number: str | None, place: str, on: date | None) -> None:
        """`on` None: the date is written by hand when signed (a draft for another signer)."""
        issuer_caps = text(issuer.upper())
        width = self.frame_width
        issuer_width = stringWidth(issuer.upper(), fonts.NAMES["bold"], 13)
        # The decree allows the issuer 12-13 points: 12 when that keeps it on one line
        # ("CÔNG AN PHƯỜNG TƯƠNG MAI" rather than "MAI" alone on a second line).
        issuer_style = "issuer"
        if issuer_width > width * 0.42 - 2 and stringWidth(issuer.upper(), fonts.NAMES["bold"], 12) <= width * 0.42 - 2:
            issuer_style, issuer_width = "issuer_small", stringWidth(issuer.upper(), fonts.NAMES["bold"], 12)
        motto_width = stringWidth(MOTTO, fonts.NAMES["bold"], 13.5)
        left = [self.paragraph(parent_body.upper(), "parent_body"),
                self.paragraph(issuer_caps, issuer_style, markup=True, within=width * 0.42 - 2),
                Rule(min(issuer_width, 120) * 0.6)]
        if number:
            left.append(self.paragraph(f"Số: {number}", "number"))
        right = [self.paragraph(COUNTRY, "motto_country"), self.paragraph(MOTTO, "motto"),
                 Rule(motto_width), Spacer(1, 4),
                 self.paragraph(date_line(place, on) if on else f"{place}, {date_words(None)}", "date_line")]
        table = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        self.story.append(table)

    def national_heading(self) -> None:
        """The national name and motto alone, centred (citizens' documents: pledges)."""
        self.story += [self.paragraph(COUNTRY, "motto_country"), self.paragraph(MOTTO, "motto"),
                       Rule(stringWidth(MOTTO, fonts.NAMES["bold"], 13.5))]

    def section(self, value: str) -> None:
        """A section heading ("I. THÀNH PHẦN"): never the last line of a page."""
        self.story += [CondPageBreak(self.KEEP_AFTER_HEADING), Paragraph(text(value), self.styles["heading"])]

    KEEP_AFTER_HEADING = 72  # points: the heading and three lines, or a table's header and first row

    def heading(self, title: str, subtitle: str | None = None) -> None:
        self.story.append(CondPageBreak(self.KEEP_AFTER_HEADING + 40))
        self.story.append(self.paragraph(title.upper(), "title", within=self.frame_width))
        if subtitle:
            self.story.append(self.paragraph(subtitle, "subtitle", within=self.frame_width))
        else:
            self.story.append(Spacer(1, 8))

    def body(self, value, style: str = "body") -> None:
        for line in unicodedata.normalize("NFC", value or "").splitlines():
            if line.strip():
                self.story.append(self.paragraph(line.strip(), style))

    def labelled(self, label: str, value) -> None:
        """'Label: value' as a body paragraph, the label in bold."""
        shown = text(value) or "…"
        style = self.styles["body_fill" if "……" in shown else "body"]
        self.story.append(Paragraph(f"<b>{text(label)}:</b> {shown}", style))

    def blank_lines(self, count: int = 3) -> None:
        """Dotted lines to fill in by hand, where nothing was entered: a document never
        invents what was said or agreed."""
        dot = "…"
        per_line = int(self.frame_width / stringWidth(dot, fonts.NAMES["regular"], 13)) - 1
        for _ in range(count):
            self.story.append(self.paragraph(dot * per_line, "body_left"))

    def form_block(self, key: tuple, flowables) -> None:
        """Add flowables that recur identically (same key) as one stamped form: laid out
        once (the first block of a key is placed again) and drawn once. `flowables` may
        be a function making them, called only the first time a key is seen."""
        block = self._forms.get(key)
        if block is None:
            block = self._forms[key] = FormBlock(key, flowables() if callable(flowables) else flowables)
        self.story.append(block)

    def signature_row(self, blocks: list[tuple[str, str, str]], date_text: str | None = None) -> None:
        """Signature columns whose titles are stamped from a form and whose names are
        drawn per page (a pledge batch: the same titles, a different head each page).
        `date_text` is centred over the last column (the person who signs and dates)."""
        shares = [1 / len(blocks)] * len(blocks)
        if date_text and len(blocks) > 1:
            # The date on one line over the last signer: its column widens (to 62%) for it.
            shape = self.styles["date_centre"]
            need = (stringWidth(date_text, shape.fontName, shape.fontSize) + CELL_PADDING + 2) / self.frame_width
            if need > shares[-1]:
                last = min(need, 0.62)
                shares = [(1 - last) / (len(blocks) - 1)] * (len(blocks) - 1) + [last]

        def titles_row() -> list:
            widths = [self.frame_width * share for share in shares]
            titles = [[self.paragraph(title.upper(), "sign_title", within=width - CELL_PADDING),
                       self.paragraph(hint, "sign_hint")] for (title, hint, _name), width in zip(blocks, widths,
                                                                                                  strict=True)]
            if date_text:
                dated = self.paragraph(date_text, "date_centre")
                titles = [[dated if index == len(titles) - 1 else Spacer(1, dated.style.leading)] + cell
                          for index, cell in enumerate(titles)]
            row = Table([titles], colWidths=widths)
            row.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 10)]))
            return [row]

        self.form_block(("signature-titles", date_text, tuple(b[:2] for b in blocks)), titles_row)
        self.story.append(NamesRow([name for _t, _h, name in blocks], 22 * mm, shares))

    def signatures(self, blocks: list[tuple[str, str, str]], recipients: list[str] | None = None) -> None:
        """Blocks of (authority and title, hint, full name); 'Nơi nhận' on the left when given."""
        cells = []
        width = self.frame_width
        column = (width * 0.55 if recipients is not None else width) / len(blocks) - CELL_PADDING
        for title, hint, name in blocks:
            cells.append([self.paragraph(title.upper(), "sign_title", within=column),
                          self.paragraph(hint, "sign_hint") if hint else Spacer(1, 1),
                          Spacer(1, 22 * mm), self.paragraph(name, "sign_name")])
        width = self.frame_width
        if recipients is not None:
            listing = [Paragraph("Nơi nhận:", self.styles["recipients_title"])] + [
                Paragraph(f"- {text(r)}", self.styles["recipients"]) for r in recipient_lines(recipients)]
            row = [listing] + cells
            widths = [width * 0.45] + [width * 0.55 / len(cells)] * len(cells)
        else:
            row = cells
            widths = [width / len(cells)] * len(cells)
        table = RowTable([row], colWidths=widths)  # a name of 2,000 characters still prints
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 10)]))
        self.keep_with_previous(table)

    def keep_with_previous(self, block: Flowable) -> None:
        """Add `block` so that it never starts a page without what comes before it."""
        previous = None
        while self.story and isinstance(self.story[-1], (Spacer, CondPageBreak)):
            self.story.pop()
        if self.story and not isinstance(self.story[-1], (PageBreak, DocumentStart, KeepTogether)):
            previous = self.story.pop()
        if previous is None:
            self.story.append(block)
            return
        block = KeepWithPrevious(previous, block)
        # A short total ("Tổng số: 14 hộ.", an amount in words) after a table: the table's
        # last rows come too. They are set apart as a table of their own, so that the long
        # table before them flows as usual (keeping the whole of it would lay it out again
        # on each page).
        if (isinstance(previous, Paragraph) and len(previous.text) < 200 and self.story
                and getattr(self.story[-1], "parts", None)):
            data, widths, heads, commands, row_height, head_commands = self.story.pop().parts
            tail = 2 if len(data) - heads > 2 else len(data) - heads
            if len(data) - heads > tail:
                first = _ruled_table(data[:-tail], widths, heads, commands, row_height, head_commands)
                first.spaceAfter = 0  # its last rows follow it directly
                self.story.append(first)
                last = _ruled_table(data[-tail:], widths, 0, commands, row_height)
            else:
                last = _ruled_table(data, widths, heads, commands, row_height, head_commands)
            block = KeepWithPrevious(last, block)
        self.story.append(block)

    def table(self, header: list[str], rows: list[list], widths: list[float], *, numbered_header: bool = False,
              align: dict[int, str] | None = None, compact: bool = False, row_height: float = 0,
              groups: list[tuple[int, int, str]] | None = None) -> None:
        """A ruled table whose header repeats on every page; long text wraps. `compact`
        sets the header a size smaller, for the logbook's ten narrow columns; `row_height`
        (points) is the least height of a data row (room to sign by hand); `groups`
        (first column, last column, heading) put a heading over the columns it groups,
        as the logbook's "Kết quả hòa giải" over "Hòa giải thành" and "không thành"."""
        styles = self.styles
        align = align or {}
        head_style = styles["cell_head_small"] if compact else styles["cell_head"]
        column_widths = fit_columns(self.frame_width, widths, header, rows, head_style, styles["cell"])
        data = [[Paragraph(text(h), head_style) for h in header]]
        head_commands = []
        if groups:
            grouped = {i for first, last, _h in groups for i in range(first, last + 1)}
            top: list = [data[0][i] if i not in grouped else "" for i in range(len(header))]
            for first, last, heading in groups:
                top[first] = Paragraph(text(heading), head_style)
                head_commands.append(("SPAN", (first, 0), (last, 0)))
            head_commands += [("SPAN", (i, 0), (i, 1)) for i in range(len(header)) if i not in grouped]
            head_commands.append(("BACKGROUND", (0, 1), (-1, 1), "#eeeeee"))
            data = [top, [data[0][i] if i in grouped else "" for i in range(len(header))]]
        if numbered_header:
            data.append([Paragraph(f"({i + 1})", styles["cell_center"]) for i in range(len(header))])
        for row in rows:
            data.append([self._cell(cell, styles[align.get(i, "cell")], column_widths[i])
                         for i, cell in enumerate(row)])
        heads = len(data) - len(rows)
        cell = styles["cell"]
        commands = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTSIZE", (0, 0), (-1, -1), cell.fontSize), ("LEADING", (0, 0), (-1, -1), cell.leading)]
        for index, style_name in align.items():
            where = {"cell_center": "CENTER", "cell_right": "RIGHT"}.get(style_name)
            if where:
                commands.append(("ALIGN", (index, 0), (index, -1), where))
        self.story.append(_ruled_table(data, column_widths, heads, commands, row_height, head_commands))



    @staticmethod
    def _cell(value, style, width: float):
        """A plain string when it fits on one line (tables of a thousand rows lay out
        ten times faster), a wrapping Paragraph when it does not."""
        if isinstance(value, Flowable):
            return value
        content = unicodedata.normalize("NFC", "" if value is None else str(value))
        if "\n" not in content and stringWidth(content, style.fontName, style.fontSize) <= width - 14:
            return content
        return [Paragraph(text(content), style)]  # a list: ReportLab splits a row only inside lists

    def space(self, height_mm: float = 4) -> None:
        self.story.append(Spacer(1, height_mm * mm))

    def page_break(self) -> None:
        self.story.append(PageBreak())

    @property
    def page_size(self):
        return landscape(A4) if self.landscape else A4

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - (self.margins.left + self.margins.right) * mm

    def _frame(self, size) -> Frame:
        m = self.margins
        return Frame(m.left * mm, m.bottom * mm, size[0] - (m.left + m.right) * mm,
                     size[1] - (m.top + m.bottom) * mm, leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0)

    def _number_page(self, canvas, doc) -> None:
        number = canvas.getPageNumber() - getattr(doc, "document_start", 1) + 1
        if number >= 2:
            canvas.saveState()
            canvas.setFont(fonts.NAMES["regular"], 13)
            width = canvas._pagesize[0]
            canvas.drawCentredString(width / 2, canvas._pagesize[1] - self.margins.top * mm / 2 - 4, str(number))
            canvas.restoreState()

    def render(self, target=None, cancelled=None) -> Rendered | None:
        """Build the PDF; write it to the path `target` atomically (a temporary file
        beside it, renamed when complete) when one is given. None when `cancelled()`
        turns true while pages are laid out."""
        buffer = io.BytesIO()
        doc = BaseDocTemplate(buffer, pagesize=self.page_size, title=self.title, author="Bình Yên",
                              creator="Bình Yên", leftMargin=self.margins.left * mm,
                              rightMargin=self.margins.right * mm, topMargin=self.margins.top * mm,
                              bottomMargin=self.margins.bottom * mm,
                              # The canvas starts every page in Helvetica unless told otherwise,
                              # a font with no Vietnamese letters in every page's resources.
                              initialFontName=fonts.NAMES["regular"], initialFontSize=13)
        portrait_size, landscape_size = A4, landscape(A4)
        first = "landscape" if self.landscape else "portrait"
        # Numbered when the page is complete: by then a document that starts on it has
        # said so (DocumentStart), and its first page stays unnumbered.
        templates = [PageTemplate(id="portrait", frames=[self._frame(portrait_size)], pagesize=portrait_size,
                                  onPageEnd=self._number_page),
                     PageTemplate(id="landscape", frames=[self._frame(landscape_size)], pagesize=landscape_size,
                                  onPageEnd=self._number_page)]
        doc.addPageTemplates(sorted(templates, key=lambda t: t.id != first))
        doc.document_start = 1
        if cancelled is not None:
            def check(_canvas, _doc):
                if cancelled():
                    raise _Cancelled

            for template in doc.pageTemplates:
                template.beforeDrawPage = check
        try:
            doc.build(list(self.story))
        except _Cancelled:
            return None
        rendered = Rendered(buffer.getvalue(), doc.page)
        if target is not None:
            _write_atomically(Path(target), rendered.data)
        return rendered


def _write_atomically(path: Path, data: bytes) -> None:
    """A temporary file beside `path`, on disk, then renamed over it: never half a PDF.
    Only the developers' scripts (docs/, benchmarks/) give render() a target; every
    operation renders to memory and writes through storage.db.files, which refuses
    folders and devices (printing/ takes nothing from storage/ but the dataclasses)."""
    if path.exists() and not path.is_file():
        raise IsADirectoryError(f"{path} không phải tệp thường")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


class _Cancelled(Exception):
    """The person cancelled while pages were laid out."""


@dataclass
class Rendered:
    data: bytes
    pages: int


