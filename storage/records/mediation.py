"""Grassroots mediation cases (Luật Hòa giải ở cơ sở 2013): the parties, the mediators,
the sessions, and the result that goes into the logbook."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage import vocabulary
from storage.records import lists
from storage.records.repository import Child, Record, Repository
from storage.records.validate import Checker
from storage.text import fold, nfc

RESULTS = tuple(vocabulary.VOCABULARIES["mediation_result"])  # codes; labels in storage/vocabulary.py
IN_PROGRESS, SETTLED, NOT_SETTLED = RESULTS
PARTY, RELATED, MEDIATOR, INVITED = "party", "related", "mediator", "invited"
PERSON_ROLES = tuple(vocabulary.VOCABULARIES["mediation_role"])

EXCLUDED_WARNING = (
    "Theo Điều 3 Luật Hòa giải ở cơ sở, không hòa giải ở cơ sở các vụ việc vi phạm pháp luật "
    "phải bị truy cứu trách nhiệm hình sự hoặc bị xử lý vi phạm hành chính. Hãy chuyển vụ việc "
    "cho cơ quan có thẩm quyền giải quyết."
)


@dataclass(kw_only=True)
class MediationCase(Record):
    received_on: str
    category: str
    content: str
    team_id: int | None = None
    agreement: str | None = None
    result: str = IN_PROGRESS
    result_on: str | None = None
    follow_up: str | None = None
    place: str | None = None
    excluded_matter: int = 0
    excluded_reason: str | None = None
    notes: str | None = None
    people: list[dict] = field(default_factory=list)
    sessions: list[dict] = field(default_factory=list)

    def with_role(self, role: str) -> list[dict]:
        return [p for p in self.people if p["role"] == role]

    @property
    def parties(self) -> list[dict]:
        return self.with_role(PARTY)

    @property
    def mediators(self) -> list[dict]:
        return self.with_role(MEDIATOR)

    @property
    def warning(self) -> str | None:
        return EXCLUDED_WARNING if self.excluded_matter else None


class MediationCases(Repository[MediationCase]):
    table = "mediation_cases"
    record = MediationCase
    label = "vụ việc hòa giải"
    order_by = "received_on DESC, id DESC"
    children = {
        "people": Child("mediation_people", "case_id",
                        ("role", "name", "age", "address", "person_id", "position"), "position"),
        "sessions": Child("mediation_sessions", "case_id", ("held_on", "place", "notes"), "held_on"),
    }

    def clean(self, db, values, current):
        check = Checker(values)
        category = lists.check_item(check, db, "category", "lĩnh vực", lists.MEDIATION_CATEGORIES,
                                    current.category if current else None)
        out = {
            "team_id": check.reference(db, "team_id", "teams", "tổ hòa giải"),
            "received_on": check.date("received_on", "ngày tiếp nhận", required=True, not_future=True),
            "category": category,
            "content": check.text("content", "nội dung chính của vụ việc", required=True, max_len=5000),
            "agreement": check.text("agreement", "nội dung thỏa thuận", max_len=5000),
            "result": check.code("result", "kết quả", "mediation_result", default=IN_PROGRESS),
            "result_on": check.date("result_on", "ngày có kết quả", not_future=True),
            "follow_up": check.text("follow_up", "theo dõi thực hiện", max_len=5000),
            "place": check.text("place", "địa điểm hòa giải", max_len=500),
            "excluded_matter": check.flag("excluded_matter"),
            "excluded_reason": check.text("excluded_reason", "lý do không thuộc phạm vi hòa giải",
                                          max_len=1000),
            "notes": check.text("notes", "ghi chú"),
            "people": self._clean_people(check, db),
            "sessions": self._clean_sessions(check),
        }
        check.order("received_on", out["received_on"], "result_on", out["result_on"],
                    "ngày tiếp nhận", "ngày có kết quả")
        if out["result"] != IN_PROGRESS:
            if not out["result_on"]:
                check.fail("result_on", "Hãy nhập ngày có kết quả hòa giải.")
            if not any(p["role"] == MEDIATOR for p in out["people"]):
                check.fail("people", "Vụ việc đã có kết quả cần ghi ít nhất một hòa giải viên.")
        if out["result"] == SETTLED and not out["agreement"]:
            check.fail("agreement", "Hòa giải thành cần ghi nội dung các bên đã thỏa thuận.")
        if out["excluded_matter"] and out["result"] == SETTLED:
            check.fail("result", EXCLUDED_WARNING)
        check.done()
        return out

    def _clean_people(self, check: Checker, db) -> list[dict]:
        people = []
        for index, raw in enumerate(check.values.get("people") or []):
            name = nfc(raw.get("name"))
            given_role = raw.get("role") or PARTY
            role = vocabulary.code_of("mediation_role", given_role)
            if not name:
                check.fail("people", f"Người thứ {index + 1} trong vụ việc chưa có họ tên.")
                continue
            if role is None:
                check.fail("people", f"Vai trò “{given_role}” không hợp lệ; hãy chọn một trong: "
                                     + ", ".join(vocabulary.labels("mediation_role").values()) + ".")
                role = given_role
            age = raw.get("age")
            if age not in (None, ""):
                try:
                    age = int(age)
                except (TypeError, ValueError):
                    check.fail("people", f"Tuổi của {name} phải là số.")
                    age = None
                if age is not None and not 0 <= age <= 130:
                    check.fail("people", f"Tuổi của {name} ({age}) không hợp lệ.")
            else:
                age = None
            people.append({"role": role, "name": name, "age": age,
                           "address": nfc(raw.get("address")) or None,
                           "person_id": raw.get("person_id") or None, "position": index})
        if sum(1 for p in people if p["role"] == PARTY) < 2:
            check.fail("people", "Vụ việc hòa giải cần ít nhất hai bên (ghi họ tên từng bên).")
        return people

    def _clean_sessions(self, check: Checker) -> list[dict]:
        sessions = []
        for raw in check.values.get("sessions") or []:
            sub = Checker(raw)
            held_on = sub.date("held_on", "ngày hòa giải", required=True, not_future=True)
            for message in sub.errors.values():
                check.fail("sessions", message)
            sessions.append({"held_on": held_on, "place": nfc(raw.get("place")) or None,
                             "notes": nfc(raw.get("notes")) or None})
        return sessions

    def derived(self, db, clean):
        names = " ".join(p["name"] for p in clean["people"])
        category = lists.label_of(db, lists.MEDIATION_CATEGORIES, clean["category"])
        return {"search_text": fold(f"{names} {category} {clean['content']}")}

    def display_name(self, record):
        parties = " và ".join(p["name"] for p in record.parties[:2])
        return f"Vụ việc giữa {parties}" if parties else f"Vụ việc số {record.id}"


mediation_cases = MediationCases()
