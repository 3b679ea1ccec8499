"""Bản cam kết: one page per household from the station's template, as a batch for a
signing ceremony, followed by the sign-in sheet (CCCD masked but for the last 4 digits)."""

from __future__ import annotations

import re

from reportlab.lib.units import mm

from printing.layout import OfficialDocument, Rendered, date_line, date_words
from storage.documents.data import PledgeBatch, PledgeHousehold

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Placeholders whose value is the same on every page of a batch.
SAME_FOR_THE_BATCH = {"ngay_ky", "noi_ky", "don_vi", "xa"}


def fill(body: str, values: dict[str, str]) -> str:
    """Replace each {name} with its value (unknown names were refused when the template
    was saved, storage.records.pledges)."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), body)


def _subtitle(title: str) -> str:
    rest = title[len("Bản cam kết"):].strip() if title.lower().startswith("bản cam kết") else title
    return rest[:1].upper() + rest[1:]


def placeholder_values(batch: PledgeBatch, household: PledgeHousehold) -> dict[str, str]:
    return {"chu_ho": household.head_name, "nam_sinh": household.birth_year or "........",
            "cccd": household.cccd or "............................", "dia_chi": household.address,
            "dia_ban": household.area_name, "so_nhan_khau": str(household.members),
            "ngay_ky": date_words(batch.ceremony_date), "noi_ky": batch.ceremony_place,
            "don_vi": batch.letterhead.issuer, "xa": batch.commune_name}


def pledge_page(document: OfficialDocument, batch: PledgeBatch, household: PledgeHousehold) -> None:
    """One household's pledge, on one page. What is the same on every page (the heading,
    the fixed commitments, the date line, the signature titles) is stamped from forms
    drawn once; only the lines that name the household are laid out per page. A very
    long name and address set the page's lines closer so that it still holds."""
    start = len(document.story)
    _pledge_page(document, batch, household, "body")
    if len(household.head_name) + len(household.address) > LONG and _height(document, start) > _room(document):
        del document.story[start:]
        _pledge_page(document, batch, household, "body_tight")


LONG = 160  # characters of name and address below which the default text always fits


def _height(document: OfficialDocument, start: int) -> float:
    width, total = document.frame_width, 0.0
    for flowable in document.story[start:]:
        total += flowable.wrap(width, 10_000)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _room(document: OfficialDocument) -> float:
    return document.page_size[1] - (document.margins.top + document.margins.bottom) * mm


def _pledge_page(document: OfficialDocument, batch: PledgeBatch, household: PledgeHousehold, style: str,
                 *, blank: bool = False) -> None:
    document.start_document()

    def heading() -> list:
        start = len(document.story)
        document.national_heading()
        document.heading("Bản cam kết", _subtitle(batch.title))
        document.story.append(document.paragraph(f"Kính gửi: {batch.letterhead.issuer}", "subtitle"))
        fixed = document.story[start:]
        del document.story[start:]
        return fixed

    document.form_block(("pledge-heading", batch.title, batch.letterhead.issuer), heading)
    values = placeholder_values(batch, household)
    if blank:
        values.update(BLANK)
    run: list = []
    for template_line in batch.body.splitlines():
        if not template_line.strip():
            continue
        names = set(_PLACEHOLDER.findall(template_line))
        if names and names <= SAME_FOR_THE_BATCH:  # the unit, the place, the date: stamped too
            run.append(document.paragraph(fill(template_line.strip(), values), style))
            continue
        if names:  # names the household: laid out on this page
            if run:
                document.form_block(("pledge-text", style, tuple(p.text for p in run)), run)
                run = []
            # A blank form's dotted lines are set left: justified, their words spread apart.
            document.story.append(document.paragraph(fill(template_line.strip(), values),
                                                     "body_fill" if blank else style))
        else:
            run.append(document.paragraph(template_line.strip(), style))
    if run:
        document.form_block(("pledge-text", style, tuple(p.text for p in run)), run)
    on = batch.ceremony_date
    place = batch.letterhead.place_name
    dated = date_line(place, on) if on else f"{place or '……………'}, {date_words(None)}"
    # The date is the household head's: centred over the head's signature.
    document.signature_row([(f"Xác nhận của {batch.confirmer_title.lower()}", "(Ký, ghi rõ họ tên)", ""),
                            ("Chủ hộ cam kết", "(Ký, ghi rõ họ tên)", household.head_name)], dated)


def sign_in_sheet(document: OfficialDocument, batch: PledgeBatch) -> None:
    head = batch.letterhead
    document.start_document()
    document.letterhead(head.parent_body, head.issuer, None, head.place_name, batch.ceremony_date or head.on)
    when = date_words(batch.ceremony_date)
    document.heading("Danh sách hộ gia đình ký cam kết",
                     f"{batch.area_name}, {when}" + (f", tại {batch.ceremony_place}" if batch.ceremony_place else ""))
    rows = [[str(i), h.head_name, h.birth_year, h.address, h.masked_cccd, "", ""]
            for i, h in enumerate(batch.households, 1)]
    # Rows at least 12 mm tall: room for a signature by hand, and the day it was signed.
    document.table(["STT", "Họ và tên chủ hộ", "Năm sinh", "Địa chỉ", "Số CCCD", "Ngày ký", "Chữ ký"], rows,
                   [6, 22, 8, 24, 15, 11, 14], align={0: "cell_center", 2: "cell_center"}, row_height=12 * mm)
    document.story.append(document.paragraph(f"Tổng số: {len(batch.households)} hộ.", "body_left"))
    document.signatures([(f"Xác nhận của {batch.confirmer_title.lower()}", "(Ký, ghi rõ họ tên)", ""),
                         ("Người lập danh sách", "(Ký, ghi rõ họ tên)", "")])


BLANK = {"chu_ho": "…………………………………………", "nam_sinh": "…………", "cccd": "………………………………",
         "dia_chi": "……………………………………………………………", "dia_ban": "……………………", "so_nhan_khau": "……"}


def render_blank_pledge(batch: PledgeBatch, target=None, progress=None, cancelled=None,
                        margins=None) -> Rendered | None:
    """The pledge with dotted lines in place of the household's details, for households
    not yet in the register: filled in by hand at the ceremony."""
    document = OfficialDocument("Bản cam kết (mẫu để trống)", margins)
    household = PledgeHousehold("", "", "", "", "", "", 0)
    _pledge_page(document, batch, household, "body", blank=True)
    return document.render(target, cancelled)


def render_pledges(batch: PledgeBatch, target=None, progress=None, cancelled=None,
                   margins=None) -> Rendered | None:
    """The batch in one PDF: a page per household, then the sign-in sheet."""
    if not batch.households:
        return render_blank_pledge(batch, target, progress, cancelled, margins)
    document = OfficialDocument(f"Bản cam kết — {batch.area_name}", margins)
    total = len(batch.households)
    for index, household in enumerate(batch.households, 1):
        if cancelled and cancelled():
            return None
        pledge_page(document, batch, household)
        if progress and index % 50 == 0:
            progress(index, total + 1, f"Đã dựng {index}/{total} bản cam kết")
    sign_in_sheet(document, batch)
    if progress:
        progress(total, total + 1, "Đang ghi tệp PDF…")
    return document.render(target, cancelled)
