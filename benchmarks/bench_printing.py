"""Printing benchmark (issue 4): 1,000 pledges into one PDF against bare ReportLab
drawing the same text, with the same embedded font, in the same run.

Targets: ≥ 200 pages/s and ≥ 0.5× the bare rate."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from common import Timer, machine  # noqa: I001 (sets sys.path)
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import fonts
from printing.pledges import placeholder_values, render_pledges
from storage import demo
from storage.documents import gather as printouts
from storage.records.pledges import fill

COUNT = 1000
ROUNDS = 3


def bare_reportlab(batch) -> tuple[float, int]:
    """The same text, pledges and sign-in sheet, drawn line by line with
    canvas.drawString: no layout, no wrapping, no justification."""
    fonts.register()
    buffer = io.BytesIO()
    with Timer() as t:
        canvas = Canvas(buffer, pagesize=A4, initialFontName=fonts.NAMES["regular"])
        for household in batch.households:
            lines = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BẢN CAM KẾT",
                     batch.title, f"Kính gửi: {batch.letterhead.issuer}"]
            lines += fill(batch.body, placeholder_values(batch, household)).splitlines()
            lines += ["XÁC NHẬN CỦA TRƯỞNG THÔN", "CHỦ HỘ CAM KẾT", household.head_name]
            y = A4[1] - 25 * mm
            for line in lines:
                canvas.setFont(fonts.NAMES["regular"], 13)
                canvas.drawString(30 * mm, y, line[:95])
                y -= 17
            canvas.showPage()
        rows = [f"{i}  {h.head_name}  {h.birth_year}  {h.address}  {h.masked_cccd}"
                for i, h in enumerate(batch.households, 1)]
        for start in range(0, len(rows), 30):  # the sign-in sheet, 30 rows a page
            y = A4[1] - 25 * mm
            for line in rows[start:start + 30]:
                canvas.setFont(fonts.NAMES["regular"], 11)
                canvas.drawString(30 * mm, y, line[:100])
                y -= 22
            canvas.showPage()
        canvas.save()
    return t.seconds, canvas.getPageNumber() - 1


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = demo.generate(Path(tmp) / "demo.db", households_count=COUNT, seed=9)
        household_ids = [r[0] for r in db.conn.execute("SELECT id FROM households ORDER BY id LIMIT ?", (COUNT,))]
        batch, _ids, _new = printouts.prepare_pledges(db, "bench", household_ids=household_ids)
        render_pledges(batch)  # warm fonts and caches once
        # The best of three runs of each, alternating: two cores shared with other work
        # make a single run swing by half.
        ours_seconds, bare_seconds = float("inf"), float("inf")
        for _ in range(ROUNDS):
            with Timer() as ours:
                rendered = render_pledges(batch, Path(tmp) / "pledges.pdf")
            ours_seconds = min(ours_seconds, ours.seconds)
            seconds, bare_pages = bare_reportlab(batch)
            bare_seconds = min(bare_seconds, seconds)
        db.close()
    ours_rate = rendered.pages / ours_seconds
    bare_rate = bare_pages / bare_seconds
    print(f"Máy: {machine()}")
    print(f"{COUNT} bản cam kết và danh sách ký ({rendered.pages} trang) vào một PDF: {ours_seconds:.2f} s, "
          f"{ours_rate:.0f} trang/s (mục tiêu ≥ 200)")
    print(f"ReportLab trần vẽ cùng chữ ({bare_pages} trang): {bare_seconds:.2f} s, {bare_rate:.0f} trang/s; "
          f"tỷ lệ {ours_rate / bare_rate:.2f}× (mục tiêu ≥ 0,5×)")


if __name__ == "__main__":
    main()
