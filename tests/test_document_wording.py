"""Issue 10: the fixed wording of every document is the station's to edit in Cài đặt →
Mẫu in (storage.documents.wording.TEXTS): an unknown placeholder is refused naming it, and
the printed text follows what was saved."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from operations.base import ADMIN, Actor
from operations.records import save_templates
from printing.render import render
from storage.documents import gather as printouts
from storage.documents import wording
from storage.errors import ValidationError
from storage.records import pledges
from storage.records.areas import areas
from storage.records.households import households
from storage.records.incidents import reintegration_cases, surrendered_items
from storage.records.people import people
from storage.records.reviews import commendations, reviews
from storage.records.teams import teams
from tests.conftest import ACTOR


def printed(db, kind, **options) -> str:
    data = render(printouts.gather(db, ACTOR, kind, **options).data).data
    return " ".join(" ".join(unicodedata.normalize("NFC", p.extract_text()).split())
                    for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def records(db):
    area = areas.create(db, ACTOR, name="Đông", kind="Thôn")
    head = people.create(db, ACTOR, full_name="Nguyễn Văn An", area_id=area.id, birth_year=1970)
    households.create(db, ACTOR, head_id=head.id, area_id=area.id)
    team = teams.create(db, ACTOR, name="Tổ tự quản thôn Đông", kind="Tổ tự phòng, tự quản, tự bảo vệ",
                        launched_on="2024-07-01", area_ids=[area.id])
    review = reviews.create(db, ACTOR, kind="sơ kết", period_start="2026-01-01", period_end="2026-06-30",
                            started_at="2026-07-05 08:00", place="Hội trường UBND xã")
    item = surrendered_items.create(db, ACTOR, received_on="2026-03-02", kind="Pháo", quantity=2, unit="kg")
    award = commendations.create(db, ACTOR, target_kind="tổ", target_name=team.name, team_id=team.id,
                                 level="UBND xã", form="Giấy khen", awarded_on="2026-06-30")
    case = reintegration_cases.create(db, ACTOR, person_id=head.id, source="served_sentence", started_on="2026-01-15")
    return {"area_id": area.id, "team_id": team.id, "review_id": review.id, "item_id": item.id,
            "commendation_id": award.id, "reintegration_id": case.id}


# (wording key, how to print its document, the edited text, what the page then says)
EDITS = [
    ("invitation_opening", ("invitation", "review_id"), "Trân trọng kính mời {don_vi} gửi tới:",
     "Trân trọng kính mời Công an xã Thanh Lâm gửi tới:"),
    ("invitation_closing", ("invitation", "review_id"), "Đề nghị đại biểu đến đúng giờ.",
     "Đề nghị đại biểu đến đúng giờ."),
    ("ceremony_opening", ("ceremony", "area_id"), "Vào {ngay}, tại {dia_diem}, {dia_ban} ký cam kết.",
     "Vào ngày 05 tháng 02 năm 2026, tại Nhà văn hóa thôn Đông, thôn Đông ký cam kết."),
    ("ceremony_closing", ("ceremony", "area_id"), "Buổi lễ kết thúc tốt đẹp.", "Buổi lễ kết thúc tốt đẹp."),
    ("surrender_opening", ("surrender", "item_id"), "Tại {don_vi}, {ngay}, chúng tôi gồm có:",
     "Tại Công an xã Thanh Lâm, ngày 02 tháng 3 năm 2026, chúng tôi gồm có:"),
    ("surrender_closing", ("surrender", "item_id"), "Biên bản lập thành 03 bản; {don_vi} giữ 02 bản.",
     "Biên bản lập thành 03 bản; Công an xã Thanh Lâm giữ 02 bản."),
    ("team_decision_bases", ("team_decision", "team_id"),
     "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;\nCăn cứ quy định về {loai_to};\nXét đề nghị của {don_vi}.",
     "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025; Căn cứ quy định về tổ tự phòng, tự quản, tự bảo vệ; "
     "Xét đề nghị của Công an xã Thanh Lâm."),
    ("commendation_decision_bases", ("commendation_decision", "commendation_id"),
     "Căn cứ Luật Thi đua, khen thưởng năm 2022;\nXét đề nghị của Trưởng {don_vi}.",
     "Căn cứ Luật Thi đua, khen thưởng năm 2022; Xét đề nghị của Trưởng Công an xã Thanh Lâm."),
    ("reintegration_decision_bases", ("reintegration_decision", "reintegration_id"),
     "Căn cứ Nghị định 49/2020/NĐ-CP;\nXét đề nghị của {don_vi}.",
     "Căn cứ Nghị định 49/2020/NĐ-CP; Xét đề nghị của Công an xã Thanh Lâm."),
    ("proposal_opening", ("commendation_proposal", "commendation_id"),
     "{don_vi} kính đề nghị {chu_tich} tặng {hinh_thuc} cho {doi_tuong}.",
     "Công an xã Thanh Lâm kính đề nghị Chủ tịch Ủy ban nhân dân xã Thanh Lâm tặng Giấy khen cho "
     "Tổ tự quản thôn Đông."),
    ("proposal_closing", ("commendation_proposal", "commendation_id"), "Kính trình {chu_tich} xem xét./.",
     "Kính trình Chủ tịch Ủy ban nhân dân xã Thanh Lâm xem xét./."),
]


def test_every_text_has_an_edit_here():
    assert {key for key, *_ in EDITS} == set(wording.TEXTS)


@pytest.mark.parametrize(("key", "document", "edited", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_the_printed_text_follows_the_edit(db, records, key, document, edited, expected):
    kind, record = document
    options = {record: records[record]}
    if kind == "ceremony":
        options["ceremony_date"] = "2026-02-05"
    before = printed(db, kind, **options)
    default = wording.fill_text(db, key, don_vi="Công an xã Thanh Lâm")
    assert expected not in before
    if "{" not in wording.TEXTS[key].default:  # a default without placeholders prints word for word
        assert default in before
    wording.set_texts(db, ACTOR, {key: edited})
    assert expected in printed(db, kind, **options)


@pytest.mark.parametrize("key", list(wording.TEXTS))
def test_an_unknown_placeholder_is_refused_naming_it(db, key):
    item = wording.TEXTS[key]
    with pytest.raises(ValidationError) as caught:
        wording.set_texts(db, ACTOR, {key: "Kính gửi {nguoi_nhan} và {don_vi}, {ngay_hop}."})
    message = caught.value.errors[key]
    unknown = ["{ngay_hop}", "{nguoi_nhan}"] + ([] if "don_vi" in item.placeholders else ["{don_vi}"])
    assert message.startswith(f"{item.label} có chỗ điền không hợp lệ: {', '.join(sorted(unknown))}. Chỉ dùng: ")
    assert wording.texts(db)[key] == item.default
    assert db.conn.execute("SELECT count(*) FROM audit_log WHERE record_uuid = 'document_wording'").fetchone()[0] == 0


def test_an_empty_text_or_an_unknown_one_is_refused_and_nothing_saved(db):
    with pytest.raises(ValidationError) as caught:
        wording.set_texts(db, ACTOR, {"invitation_closing": "Mời.", "ceremony_closing": "  ", "khac": "x"})
    assert caught.value.errors == {"ceremony_closing": "Chưa nhập biên bản lễ ký cam kết: câu kết thúc.",
                                   "khac": "Không có lời văn “khac” để sửa."}
    assert wording.texts(db)["invitation_closing"] == "Rất mong được đón tiếp."


def test_saved_through_the_templates_operation_with_the_rest_all_or_none(db):
    text = pledges.default_text(db)
    actor = Actor(ACTOR, ADMIN)
    common = dict(title=text.title, body=text.body, closing=wording.DEFAULT_MINUTES_CLOSING,
                  margins={"top": 20, "bottom": 20, "left": 30, "right": 15})
    with pytest.raises(ValidationError):
        save_templates(db, actor, text.id, **common, texts={"invitation_closing": "Mời {ai}."})
    assert wording.texts(db)["invitation_closing"] == "Rất mong được đón tiếp."
    save_templates(db, actor, text.id, **common, texts={"invitation_closing": "Kính mời đúng giờ."})
    assert wording.texts(db)["invitation_closing"] == "Kính mời đúng giờ."
    entry = db.conn.execute("SELECT after FROM audit_log WHERE record_uuid = 'document_wording'").fetchone()
    assert entry is not None and "Kính mời đúng giờ." in entry[0]
