"""Render the first page of every printed document on a demo database into
docs/documents/ (PNG, through pdftoppm), so a person can look at them.
Run: .venv/bin/python docs/make_documents.py"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from printing.render import render  # noqa: E402
from storage import demo  # noqa: E402
from storage.documents import gather as printouts  # noqa: E402
from storage.query.periods import parse_period  # noqa: E402

OUT = ROOT / "docs" / "documents"


def main() -> None:
    if not shutil.which("pdftoppm"):
        sys.exit("Cần pdftoppm (gói poppler-utils) để chuyển PDF thành ảnh.")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = demo.generate(Path(tmp) / "demo.db", households_count=400, seed=3)
        first = lambda sql: db.conn.execute(sql).fetchone()[0]  # noqa: E731
        jobs = {
            "1-ban-cam-ket": ("pledges", {"area_id": first("SELECT id FROM areas ORDER BY id")}),
            "1-ban-cam-ket-de-trong": ("pledge_form", {}),
            "2-bien-ban-so-ket": ("minutes", {"review_id": first("SELECT id FROM reviews ORDER BY id DESC")}),
            "3-bien-ban-hoa-giai": ("mediation", {"case_id": first(
                "SELECT id FROM mediation_cases WHERE result = 'settled' ORDER BY id DESC")}),
            "4-so-hoa-giai": ("logbook", {"team_id": first(
                "SELECT team_id FROM mediation_cases GROUP BY team_id ORDER BY count(*) DESC"),
                "period": parse_period("2025")}),
            "5-danh-sach-to": ("roster", {"team_id": first(
                "SELECT team_id FROM memberships WHERE end_on IS NULL AND deleted_at IS NULL "
                "GROUP BY team_id ORDER BY count(*) DESC")}),
            "6-nhat-ky-tuan-tra": ("patrols", {"team_id": first("SELECT team_id FROM patrols"),
                                               "period": parse_period("2026-Q3")}),
            "7-bao-cao": ("report", {"period": parse_period("2026-H1")}),
            "8-giay-moi": ("invitation", {"review_id": first("SELECT id FROM reviews ORDER BY id DESC")}),
            "9-bien-ban-le-ky-cam-ket": ("ceremony", {"area_id": first("SELECT id FROM areas ORDER BY id")}),
            "10-bien-ban-giao-nop": ("surrender", {"item_id": first("SELECT id FROM surrendered_items ORDER BY id")}),
            "11-so-tin-bao": ("tips", {"period": parse_period("2026")}),
            "14-quyet-dinh-giup-do-tai-hoa-nhap": ("reintegration_decision", {"reintegration_id": first(
                "SELECT id FROM reintegration_cases ORDER BY id")}),
            "13-to-trinh-khen-thuong": ("commendation_proposal", {"commendation_id": first(
                "SELECT id FROM commendations ORDER BY id")}),
            "12-quyet-dinh-thanh-lap-to": ("team_decision", {"team_id": first(
                "SELECT team_id FROM memberships WHERE end_on IS NULL AND deleted_at IS NULL "
                "GROUP BY team_id ORDER BY count(*) DESC")}),
        }
        for name, (kind, options) in jobs.items():
            pdf = Path(tmp) / f"{name}.pdf"
            render(printouts.gather(db, "tài liệu", kind, **options).data, pdf)
            pages = {"1-ban-cam-ket": ["1"], "4-so-hoa-giai": ["1", "2"]}.get(name, ["1"])
            for page in pages:
                suffix = "" if len(pages) == 1 else f"-trang-{page}"
                subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", page, "-l", page,
                                str(pdf), str(OUT / f"{name}{suffix}")], check=True)
                print(OUT / f"{name}{suffix}.png")
        pledges = Path(tmp) / "1-ban-cam-ket.pdf"
        count = int(subprocess.run(["pdfinfo", str(pledges)], capture_output=True, text=True).stdout
                    .split("Pages:")[1].split()[0])
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(count), "-l", str(count),
                        str(pledges), str(OUT / "1-danh-sach-ky-cam-ket")], check=True)
        db.close()


if __name__ == "__main__":
    main()
