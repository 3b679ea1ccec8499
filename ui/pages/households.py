"""Hộ gia đình & cam kết: households with their members and pledges; pledges by area,
status and year, marked signed after a ceremony."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from operations import records
from storage import vocabulary
from storage.errors import StorageError, ValidationError
from storage.query import lookups
from storage.records import pledges as pledge_module
from storage.records.households import households, members
from storage.records.people import people
from storage.records.pledges import pledges
from ui import fields as f
from ui import screen
from ui.errors import show_error
from ui.formatting import format_date, format_number
from ui.i18n import tr
from ui.list_page import ListPage
from ui.pages.people import create_person
from ui.record_form import RecordForm


def household_fields(context):
    return [
        f.Picker("head_id", "Chủ hộ", "person", required=True,
                 create_new=lambda parent: create_person(context, parent, {"relation_to_head": "head"})),
        f.Reference("area_id", "Địa bàn", "area", required=True),
        f.Text("address", "Địa chỉ", placeholder="Số nhà, đường, xóm"),
        f.DateField("moved_in_on", "Ngày chuyển đến",
                    hint="Chỉ ghi khi hộ mới chuyển đến; để trống nếu hộ đã ở đây từ trước."),
        f.Text("notes", "Ghi chú", multiline=True),
    ]


def create_household(context, parent) -> tuple[int | None, str]:
    form = RecordForm(parent, context.db, context.operator, households, household_fields(context),
                      tr("Thêm hộ gia đình"))
    if form.exec() and form.saved_id:
        context.notify("households")
        label = lookups.label(context.db, "household", form.saved_id)
        context.status.emit(tr("Đã thêm {0}.").format(label))
        return form.saved_id, label
    return None, ""


def pledge_fields(context):
    return [
        f.Picker("household_id", "Hộ gia đình", "household", required=True,
                 create_new=lambda parent: create_household(context, parent)),
        f.Reference("text_id", "Mẫu bản cam kết", "pledge_text"),
        f.DateField("ceremony_date", "Ngày tổ chức ký"),
        f.Text("ceremony_place", "Nơi tổ chức ký"),
        f.Choice("status", "Trạng thái", vocabulary.choices("pledge_status")),
        f.DateField("signed_on", "Ngày ký"),
        f.Text("notes", "Ghi chú", multiline=True),
    ]


class HouseholdDetail(QLabel):
    def __init__(self, context):
        super().__init__()
        self.context = context
        self.setWordWrap(True)
        self.setMargin(8)

    def show_record(self, household_id):
        if not household_id:
            self.setText(tr("Chọn một hộ để xem nhân khẩu và bản cam kết."))
            return
        db = self.context.db
        lines = [tr("<b>Nhân khẩu</b>")]
        for person in members(db, household_id):
            lines.append(f"• {person['full_name']} — {vocabulary.label('relation', person['relation_to_head'])}"
                         f"{', sinh năm ' + str(person['birth_year']) if person['birth_year'] else ''}")
        lines.append(tr("<b>Bản cam kết</b>"))
        found = pledges.list(db, "household_id = ?", [household_id])
        for pledge in found:
            lines.append(f"• {format_date(pledge.ceremony_date)}: {vocabulary.label('pledge_status', pledge.status)}"
                         + (f", ký ngày {format_date(pledge.signed_on)}" if pledge.signed_on else ""))
        if not found:
            lines.append(tr("Chưa có bản cam kết nào."))
        self.setText("<br>".join(lines))


class PledgesPage(ListPage):
    def __init__(self, context):
        super().__init__(context, "pledges", pledges, lambda page: pledge_fields(context),
                         singular=tr("bản cam kết"),
                         defaults=lambda: {"text_id": pledge_module.default_text(context.db).id,
                                           "status": "unprinted"})
        self.sign_button = QPushButton(tr("Đánh dấu đã ký hôm nay"), self)
        self.sign_button.clicked.connect(self.mark_signed)
        self.extra_buttons.insertWidget(3, self.sign_button)
        self.extra_menu = [(tr("Đánh dấu đã ký hôm nay"), self.mark_signed)]

    def mark_signed(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        try:
            self.context.run(records.mark_pledges, ids, "signed", on=date.today().isoformat())
        except StorageError as error:
            show_error(self, error)
            return
        self.context.status.emit(tr("Đã ghi nhận {0} hộ ký cam kết.").format(format_number(len(ids))))


class HouseholdsPage(ListPage):
    """The household form lists its members and adds them on the spot ("+ Thêm nhân
    khẩu…": the person's form opens with the household and its area filled in, the
    relation to choose); a new household is saved first so its members can point to it."""

    def open_form(self, record_id=None, defaults=None):
        form = super().open_form(record_id, defaults)
        context = self.context
        box = QGroupBox(tr("Nhân khẩu trong hộ"), form)
        column = QVBoxLayout(box)
        listing = QLabel(box)
        listing.setObjectName("household_members")
        listing.setWordWrap(True)
        add = QPushButton(tr("+ Thêm nhân khẩu…"), box)
        add.setObjectName("add_member")
        add.setAutoDefault(False)
        add.setToolTip(tr("Thêm một người vào hộ này: địa bàn lấy theo hộ, chọn quan hệ với chủ hộ"))
        column.addWidget(listing)
        column.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        form.extra.addWidget(box)

        def show_members() -> None:
            found = members(context.db, form.record_id) if form.record_id else []
            before = box.sizeHint().height()
            listing.setText("\n".join(
                f"• {p['full_name']} — {vocabulary.label('relation', p['relation_to_head']) or tr('chưa ghi quan hệ')}"
                for p in found) or tr("Chưa có ai. Chọn chủ hộ và địa bàn, rồi thêm từng người trong hộ."))
            grown = box.sizeHint().height() - before if form.isVisible() else box.sizeHint().height()
            if grown > 0:  # the fields above keep their room; the form grows (within the screen)
                form.resize(form.width(), form.height() + grown)
                screen.fit_size(form)

        def saved_household() -> int | None:
            """The household's id, saving a new one first (as Lưu would, without closing)."""
            if form.record_id is not None:
                return form.record_id
            form.clear_errors()
            try:
                record = records.create(context.db, context.operator, households.table, form.values()).value
            except ValidationError as error:
                form.show_errors(error)
                return None
            except StorageError as error:
                show_error(form, error)
                return None
            form.record_id, form.version, form.saved_id = record.id, record.version, record.id
            context.notify("households")
            # Saved now: Hủy would no longer undo it, so the button says what it does
            form.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Đóng"))
            form.initial = form.typed()
            context.status.emit(tr("Đã lưu hộ gia đình; thêm từng người trong hộ, rồi bấm Lưu hoặc Đóng."))
            return record.id

        def add_member() -> None:
            household_id = saved_household()
            if household_id is None:
                return
            area_id = form.field("area_id").get()
            person_id, name = create_person(context, form, {"household_id": household_id, "area_id": area_id,
                                                            "address": form.field("address").get()})
            if person_id:
                form.version = households.get(context.db, household_id).version
                show_members()

        def head_chosen() -> None:
            """The household lives where its head lives: a new household takes the head's
            area and, when none is typed, address; its members then take that address."""
            head_id = form.field("head_id").get()
            if form.record_id is None and head_id is not None:
                head = people.get(context.db, head_id)
                if head.area_id is not None:
                    form.field("area_id").set(head.area_id)
                if head.address and not form.field("address").get():  # and at the head's address
                    form.field("address").set(head.address)

        add.clicked.connect(add_member)
        form.field("head_id").widget.changed.connect(head_chosen)
        show_members()
        return form


def make_page(context) -> QTabWidget:
    tabs = QTabWidget()
    tabs.addTab(HouseholdsPage(context, "households", households, lambda page: household_fields(context),
                               singular=tr("hộ gia đình"), detail=HouseholdDetail(context)), tr("Hộ gia đình"))
    tabs.addTab(PledgesPage(context), tr("Bản cam kết"))
    return tabs
