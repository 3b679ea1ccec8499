"""The named paragraph styles of an official document (Nghị định 30/2020, Phụ lục I)."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm

from printing.fonts import NAMES

BODY_SIZE = 13


def build_styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic, bold_italic = (NAMES[s] for s in ("regular", "bold", "italic", "bolditalic"))
    base = ParagraphStyle("base", fontName=regular, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.3)
    return {
        "body": ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=1 * cm,
                               spaceAfter=6),
        "body_left": ParagraphStyle("body_left", parent=base, alignment=TA_LEFT, spaceAfter=6),
        # A line with dots to fill in by hand: left-aligned, so the words are not spread apart.
        "body_fill": ParagraphStyle("body_fill", parent=base, alignment=TA_LEFT, firstLineIndent=1 * cm,
                                    spaceAfter=6),
        # The same 13 points set closer, for a page that must hold (a pledge with a very
        # long name and address): the size stays within the decree's 13-14.
        "body_tight": ParagraphStyle("body_tight", parent=base, alignment=TA_JUSTIFY, firstLineIndent=1 * cm,
                                     leading=BODY_SIZE * 1.15, spaceAfter=1),
        "heading": ParagraphStyle("heading", parent=base, fontName=bold, alignment=TA_LEFT, spaceBefore=6,
                                  spaceAfter=4),
        "parent_body": ParagraphStyle("parent_body", parent=base, fontSize=13, leading=16, alignment=TA_CENTER),
        "issuer": ParagraphStyle("issuer", parent=base, fontName=bold, fontSize=13, leading=16,
                                 alignment=TA_CENTER),
        "issuer_small": ParagraphStyle("issuer_small", parent=base, fontName=bold, fontSize=12, leading=16,
                                       alignment=TA_CENTER),
        "number": ParagraphStyle("number", parent=base, fontSize=13, leading=16, alignment=TA_CENTER),
        "motto_country": ParagraphStyle("motto_country", parent=base, fontName=bold, fontSize=12.5, leading=16,
                                        alignment=TA_CENTER),
        "motto": ParagraphStyle("motto", parent=base, fontName=bold, fontSize=13.5, leading=16,
                                alignment=TA_CENTER),
        "date_line": ParagraphStyle("date_line", parent=base, fontName=italic, fontSize=13.5, leading=16,
                                    alignment=TA_CENTER),
        "date_right": ParagraphStyle("date_right", parent=base, fontName=italic, alignment=TA_RIGHT,
                                     spaceBefore=6),
        "date_centre": ParagraphStyle("date_centre", parent=base, fontName=italic, alignment=TA_CENTER,
                                      fontSize=13, leading=16),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=14, leading=18,
                                alignment=TA_CENTER, spaceBefore=14),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontName=bold, fontSize=13.5, leading=17,
                                   alignment=TA_CENTER, spaceAfter=10),
        "sign_title": ParagraphStyle("sign_title", parent=base, fontName=bold, fontSize=13, leading=16,
                                     alignment=TA_CENTER),
        "sign_hint": ParagraphStyle("sign_hint", parent=base, fontName=italic, fontSize=12, leading=15,
                                    alignment=TA_CENTER),
        "sign_name": ParagraphStyle("sign_name", parent=base, fontName=bold, fontSize=13, leading=16,
                                    alignment=TA_CENTER),
        "recipients_title": ParagraphStyle("recipients_title", parent=base, fontName=bold_italic, fontSize=12,
                                           leading=14),
        "recipients": ParagraphStyle("recipients", parent=base, fontSize=11, leading=13),
        "cell": ParagraphStyle("cell", parent=base, fontSize=11, leading=13.5),
        "cell_center": ParagraphStyle("cell_center", parent=base, fontSize=11, leading=13.5, alignment=TA_CENTER),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=11, leading=13.5, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=bold, fontSize=11, leading=13.5,
                                    alignment=TA_CENTER),
        "cell_head_small": ParagraphStyle("cell_head_small", parent=base, fontName=bold, fontSize=9.5,
                                          leading=11.5, alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base, fontSize=10, leading=12),
        "page_number": ParagraphStyle("page_number", parent=base, fontSize=13, alignment=TA_CENTER),
    }
