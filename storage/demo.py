"""A realistic demo commune: a real commune of the official list, its areas and
households with Vietnamese names, teams, models, pledges, two years of patrols,
mediation cases, tips, surrendered items, reviews and commendations.

Same seed, same data (uuids included). Written in batches, each its own transaction,
through the same repositories as everything else, with progress and cancel."""

from __future__ import annotations

import random
import uuid as uuid_module
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from storage.clock import today
from storage.db.connection import open_database
from storage.demo_evaluation import make_evaluation
from storage.errors import StorageError, ValidationError
from storage.records import lists, unit
from storage.records.areas import areas
from storage.records.households import households
from storage.records.incidents import reintegration_cases, surrendered_items, tips
from storage.records.mediation import MEDIATOR, PARTY, mediation_cases
from storage.records.models import models
from storage.records.patrols import patrols
from storage.records.people import people
from storage.records.pledges import default_text, pledges
from storage.records.repository import Repository
from storage.records.reviews import area_assessments, commendations, reviews
from storage.records.teams import memberships, teams
from storage.reference import names, provinces

ACTOR = "dữ liệu mẫu"
BATCH = 2000
MAX_HOUSEHOLDS = 200_000

Progress = Callable[[int, int, str], None]


class Cancelled(StorageError):
    def __init__(self):
        super().__init__("Đã hủy tạo dữ liệu mẫu.")


def _date_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _n(value: int) -> str:
    """18.489, as every number on screen is written."""
    return f"{value:,}".replace(",", ".")


SECURITY_TEAMS_FROM = date(2024, 7, 1)  # Luật Lực lượng tham gia bảo vệ ANTT ở cơ sở in force


class DemoBuilder:
    def __init__(self, db, households_count: int, seed: int, progress: Progress | None,
                 cancelled: Callable[[], bool] | None):
        self.db = db
        self.n = households_count
        self.rng = random.Random(seed)
        self.progress = progress or (lambda done, total, message: None)
        self.cancelled = cancelled or (lambda: False)
        self.today = today()
        self.start = date(self.today.year - 2, 1, 1)
        self.cccd_counter = 0
        self.steps_done = 0
        self.steps_total = 14

    # ---- helpers -----------------------------------------------------------------
    def uuid(self) -> str:
        return str(uuid_module.UUID(int=self.rng.getrandbits(128), version=4))

    def step(self, message: str) -> None:
        if self.cancelled():
            raise Cancelled()
        self.steps_done += 1
        self.progress(self.steps_done, self.steps_total, message)

    def insert(self, repo: Repository, rows: list[dict]) -> list[int]:
        ids = []
        for offset in range(0, len(rows), BATCH):
            if self.cancelled():
                raise Cancelled()
            chunk = rows[offset:offset + BATCH]
            for row in chunk:
                row.setdefault("uuid", self.uuid())
            ids += repo.create_many(self.db, ACTOR, chunk)
        return ids

    def person_name(self, gender: str, family: str | None = None) -> str:
        surnames, weights = names.surnames()
        family = family or self.rng.choices(surnames, weights)[0]
        middles, middle_weights = names.middle_names()[gender]
        middle = self.rng.choices(middles, middle_weights)[0]
        given = self.rng.choice(names.given_names()[gender])
        return f"{family} {middle} {given}"

    def cccd(self, province_code: int, gender: str, birth_year: int) -> str:
        # Province of birth (3), gender and century (1), year (2), then a unique serial.
        century_digit = (0 if birth_year < 2000 else 2) + (1 if gender == "nữ" else 0)
        # 7919 is prime to 10^6, so the serials of the first million people never repeat.
        self.cccd_counter += 1
        serial = (self.cccd_counter * 7919) % 1_000_000
        return f"{province_code:03d}{century_digit}{birth_year % 100:02d}{serial:06d}"

    # Mobile prefixes in use since 2018 (Viettel 032–039, 086, 096–098; VinaPhone 081–085,
    # 088, 091, 094; MobiFone 070, 076–079, 089, 090, 093): "031…" was a Hải Phòng landline.
    MOBILE_PREFIXES = ("032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098",
                       "081", "082", "083", "084", "085", "088", "091", "094",
                       "070", "076", "077", "078", "079", "089", "090", "093")

    def phone(self) -> str:
        return self.rng.choice(self.MOBILE_PREFIXES) + f"{self.rng.randint(0, 9_999_999):07d}"

    # ---- the commune ---------------------------------------------------------------
    def build(self, province_code: int | None) -> None:
        rng = self.rng
        pool = provinces.communes_of(province_code) if province_code else provinces.communes()
        if not pool:
            raise ValidationError(f"Không có xã/phường nào thuộc mã tỉnh {province_code}.", "province")
        commune = rng.choice(pool)
        self.commune = commune
        self.province = provinces.province_by_code(commune.province_code)
        unit.initialise(self.db, ACTOR, role="station", province=self.province.code,
                        commune=commune.code)
        self.step(f"Đã chọn {commune.name}, {self.province.name}")
        self.make_areas()
        self.make_people_and_households()
        self.make_area_leaders()
        self.make_teams()
        self.make_models()
        self.make_pledges()
        self.make_patrols()
        self.make_mediation()
        self.make_tips_items_reintegration()
        self.make_reviews_and_commendations()
        self.make_assessments()
        self.step(make_evaluation(self, ACTOR))  # storage/demo_evaluation.py: the year's evaluation
        self.db.conn.execute("PRAGMA optimize")
        self.step("Hoàn tất")

    def make_areas(self) -> None:
        count = max(3, min(300, round(self.n / 150)))
        kind = "Tổ dân phố" if self.commune.kind == "phường" else "Thôn"
        places = names.place_names()[:]
        self.rng.shuffle(places)
        rows = []
        for index in range(count):
            name = places[index] if index < len(places) else f"số {index + 1}"
            rows.append({"name": f"{kind} {name}" if index >= len(places) else name, "kind": kind})
        self.area_ids = self.insert(areas, rows)
        self.area_households: dict[int, list[int]] = {a: [] for a in self.area_ids}
        self.area_adults: dict[int, list[int]] = {a: [] for a in self.area_ids}
        self.born: dict[int, int] = {}  # person id -> birth year, for those of full age
        # As written in running text: "thôn Tân Lập", "tổ dân phố số 3".
        self.area_name = {a: f"{r['kind'].lower()} {r['name']}" if index < len(places) else r["name"].lower()
                          for index, (a, r) in enumerate(zip(self.area_ids, rows))}
        self.step(f"Đã tạo {_n(count)} địa bàn")

    def make_people_and_households(self) -> None:
        rng, year = self.rng, self.today.year
        person_rows, plans = [], []
        for index in range(self.n):
            area_id = self.area_ids[index % len(self.area_ids)]
            gender = "nam" if rng.random() < 0.72 else "nữ"
            family = rng.choices(*names.surnames())[0]
            head_year = rng.randint(year - 80, year - 24)
            address = f"Số {rng.randint(1, 250)}, {self.area_name[area_id]}"
            members = [(self.person_name(gender, family), gender, head_year, "chủ hộ")]
            if rng.random() < 0.8:
                spouse_gender = "nữ" if gender == "nam" else "nam"
                members.append((self.person_name(spouse_gender), spouse_gender,
                                min(year - 20, head_year + rng.randint(-4, 6)),
                                "vợ" if gender == "nam" else "chồng"))
            child_year = head_year + rng.randint(20, 30)
            for _ in range(rng.choices([0, 1, 2, 3, 4], [10, 22, 38, 20, 10])[0]):
                if child_year > year - 1:
                    break  # a young head has fewer children yet (not three born the same year)
                child_gender = rng.choice(["nam", "nữ"])
                members.append((self.person_name(child_gender, family if gender == "nam" else None),
                                child_gender, child_year, "con"))
                child_year += rng.choices([1, 2, 3, 4, 5, 6], [3, 25, 30, 20, 12, 10])[0]
            first = len(person_rows)
            for full_name, g, born, relation in members:
                adult = year - born >= 14
                birth = date(born, rng.randint(1, 12), rng.randint(1, 28))
                person_rows.append({
                    "full_name": full_name, "gender": g, "birth_date": birth.isoformat(),
                    "cccd": self.cccd(self.province.code, g, born) if adult else None,
                    "phone": self.phone() if adult and rng.random() < 0.6 else None,
                    "address": address, "area_id": area_id, "relation_to_head": relation,
                    "occupation": rng.choice(["Làm ruộng", "Buôn bán", "Công nhân", "Giáo viên",
                                              "Lao động tự do", "Hưu trí", "Học sinh"]) if adult else None,
                })
            plans.append((area_id, address, first, len(person_rows)))
        self.step(f"Đang ghi {_n(len(person_rows))} nhân khẩu")
        # Heads first, then their households (which link the head), then the members.
        head_rows = [person_rows[first] for _, _, first, _ in plans]
        head_ids = self.insert(people, head_rows)
        household_ids = self.insert(households, [
            {"head_id": head_id, "address": address, "area_id": area_id}
            for head_id, (area_id, address, _, _) in zip(head_ids, plans)])
        member_rows, person_ids = [], [0] * len(person_rows)
        for head_id, household_id, (area_id, _, first, last) in zip(head_ids, household_ids, plans):
            self.area_households[area_id].append(household_id)
            person_ids[first] = head_id
            for position in range(first + 1, last):
                member_rows.append({**person_rows[position], "household_id": household_id})
        member_ids = iter(self.insert(people, member_rows))
        for _, _, first, last in plans:
            for position in range(first + 1, last):
                person_ids[position] = next(member_ids)
        for (area_id, _, first, last) in plans:
            # Teams, mediators and commendations take people of full age (18): members of a
            # Tổ bảo vệ ANTT must be (Luật Lực lượng tham gia bảo vệ ANTT ở cơ sở 2023: from 18);
            # a 14-year-old was one.
            for p in range(first, last):
                born = int(person_rows[p]["birth_date"][:4])
                if year - born >= 18:
                    self.area_adults[area_id].append(person_ids[p])
                    self.born[person_ids[p]] = born
        self.person_count = len(person_ids)
        self.step(f"Đã tạo {_n(self.n)} hộ gia đình, {_n(len(person_ids))} nhân khẩu")

    def make_area_leaders(self) -> None:
        """Each thôn or tổ dân phố has its head (trưởng thôn, tổ trưởng), a resident of it."""
        year = self.today.year
        for area_id in self.area_ids:
            fit = [p for p in self.area_adults[area_id] if 30 <= year - self.born[p] <= 68]
            if fit:
                name = self.db.conn.execute("SELECT full_name FROM people WHERE id = ?",
                                            (self.rng.choice(fit),)).fetchone()[0]
                areas.update(self.db, ACTOR, area_id, leader_name=name)

    def make_teams(self) -> None:
        rng = self.rng
        team_rows, member_plans = [], []

        def plan(kind: str, name: str, area_list: list[int], size: int):
            launched = _date_between(rng, date(self.today.year - 6, 1, 1), self.start)
            if kind == "Tổ bảo vệ an ninh, trật tự" and self.today > SECURITY_TEAMS_FROM + timedelta(days=90):
                # founded under the 2023 law, in force 01/07/2024: in the months after it
                launched = SECURITY_TEAMS_FROM + timedelta(days=rng.randint(0, 60))
            row = {"name": name, "kind": kind, "area_ids": area_list,
                   "launched_on": launched.isoformat(),
                   "founding_decision": f"{rng.randint(10, 450)}/QĐ-UBND"}
            if rng.random() < 0.04:
                row.update(status="đã kết thúc",
                           ended_on=_date_between(rng, max(self.start, launched) + timedelta(days=30),
                                                  self.today - timedelta(days=30)).isoformat(),
                           end_reason="Sáp nhập địa bàn, không còn phù hợp")
            team_rows.append(row)
            candidates = [p for a in area_list for p in self.area_adults[a] if self.born[p] + 19 <= launched.year]
            member_plans.append(rng.sample(candidates, min(size, len(candidates))))

        for index, area_id in enumerate(self.area_ids):
            area = self.area_name[area_id]
            plan("Tổ bảo vệ an ninh, trật tự", f"Tổ bảo vệ ANTT {area}", [area_id], rng.randint(3, 6))
            plan("Tổ tự phòng, tự quản, tự bảo vệ", f"Tổ tự quản {area}", [area_id], rng.randint(5, 9))
            plan("Tổ hòa giải", f"Tổ hòa giải {area}", [area_id], rng.randint(4, 7))
            if index % 3 == 0:
                plan("Tổ an ninh nhân dân", f"Tổ ANND {area}", [area_id], rng.randint(5, 8))
            if index % 5 == 0:
                family = rng.choices(*names.surnames())[0]
                plan("Dòng họ tự quản về ANTT", f"Dòng họ {family} tự quản {area}", [area_id],
                     rng.randint(4, 7))
            for group in range(max(1, len(self.area_households[area_id]) // 40)):
                plan("Nhóm liên gia tự quản", f"Liên gia số {group + 1} {area}", [area_id],
                     rng.randint(3, 5))
        self.team_ids = self.insert(teams, team_rows)
        rows = []
        for team_id, team_row, chosen in zip(self.team_ids, team_rows, member_plans):
            for position, person_id in enumerate(chosen):
                role = "tổ trưởng" if position == 0 else "tổ phó" if position == 1 else "tổ viên"
                start = team_row["launched_on"]
                end = team_row.get("ended_on")
                if not end and position > 2 and rng.random() < 0.08:
                    end = _date_between(rng, max(self.start, date.fromisoformat(start)) + timedelta(days=1),
                                        self.today - timedelta(days=10)).isoformat()
                rows.append({"person_id": person_id, "team_id": team_id, "role": role,
                             "start_on": start, "end_on": end})
        self.insert(memberships, rows)
        self.team_members = {}
        for row in rows:
            self.team_members.setdefault(row["team_id"], []).append(row["person_id"])
        self.team_kind = {t: r["kind"] for t, r in zip(self.team_ids, team_rows)}
        self.team_area = {t: r["area_ids"][0] for t, r in zip(self.team_ids, team_rows)}
        self.team_row = dict(zip(self.team_ids, team_rows))
        self.step(f"Đã tạo {_n(len(self.team_ids))} tổ với {_n(len(rows))} thành viên")

    def make_models(self) -> None:
        rng = self.rng
        catalogue = [("Camera an ninh", "Tự quản về ANTT"),
                     ("Khu dân cư không có tội phạm và tệ nạn xã hội", "Phòng chống tội phạm"),
                     ("Tiếng kẻng an ninh", "Tự quản về ANTT"),
                     ("Hòm thư tố giác tội phạm", "Phòng chống tội phạm"),
                     ("Xứ đạo an lành - văn minh", "Tôn giáo, dân tộc"),
                     ("Tổ liên gia an toàn phòng cháy, chữa cháy", "Phòng cháy, chữa cháy"),
                     ("Dòng họ tự quản về an ninh, trật tự", "Tự quản về ANTT"),
                     ("Đoạn đường tự quản an toàn giao thông", "An toàn giao thông"),
                     ("Gia đình giúp người lầm lỗi tái hòa nhập", "Giúp đỡ người tái hòa nhập")]
        rows = []
        for name, kind in rng.sample(catalogue, rng.randint(5, len(catalogue))):
            points = rng.sample(self.area_ids, rng.randint(1, max(1, len(self.area_ids) // 2)))
            rows.append({"name": name, "kind": kind, "area_ids": points,
                         "launched_on": _date_between(rng, date(self.today.year - 5, 1, 1),
                                                      self.today - timedelta(days=60)).isoformat(),
                         "exemplary": 1 if rng.random() < 0.35 else 0,
                         "status": "nhân rộng" if len(points) > 3 else "đang hoạt động"})
        self.insert(models, rows)
        self.step(f"Đã tạo {_n(len(rows))} mô hình")

    def make_pledges(self) -> None:
        rng = self.rng
        text = default_text(self.db)
        rows = []
        for year in (self.today.year - 1, self.today.year):
            for area_id, household_ids in self.area_households.items():
                ceremony = date(year, rng.randint(1, 3), rng.randint(1, 28))
                place = f"Nhà văn hóa {self.area_name[area_id]}"
                for household_id in household_ids:
                    roll = rng.random()
                    status = "đã ký" if roll < 0.93 else "đã in" if roll < 0.98 else "hủy"
                    rows.append({"household_id": household_id, "text_id": text.id,
                                 "ceremony_date": ceremony.isoformat(), "ceremony_place": place,
                                 "status": status, "printed_at": f"{ceremony.isoformat()}T08:00:00",
                                 "signed_on": ceremony.isoformat() if status == "đã ký" else None})
        self.insert(pledges, rows)
        self.step(f"Đã tạo {_n(len(rows))} bản cam kết")

    def make_patrols(self) -> None:
        rng = self.rng
        police = f"Công an {unit.get_unit(self.db).commune_type or 'xã'}"  # "báo Công an phường" in a phường
        findings = [("Phát hiện nhóm thanh niên tụ tập uống rượu gây ồn ào lúc khuya",
                     f"Nhắc nhở, giải tán; báo {police}"),
                    ("Phát hiện xe máy dựng không khóa trước cổng chợ", "Nhắc chủ xe, bàn giao tài sản"),
                    ("Phát hiện đối tượng lạ mặt lảng vảng quanh khu dân cư", f"Kiểm tra giấy tờ, báo {police}"),
                    ("Phát hiện đường dây điện bị chập, nguy cơ cháy", "Báo điện lực, cảnh báo người dân"),
                    ("Phát hiện đốt pháo trái phép", f"Lập biên bản, thu giữ pháo, báo {police}")]
        rows = []
        patrol_teams = [t for t in self.team_ids
                        if self.team_kind[t] in ("Tổ bảo vệ an ninh, trật tự", "Tổ an ninh nhân dân")]
        for team_id in patrol_teams:
            row = self.team_row[team_id]
            # an evening patrol of today has not happened yet when the demo is made
            team_end = date.fromisoformat(row["ended_on"]) if row.get("ended_on") else self.today - timedelta(days=1)
            day = max(self.start, date.fromisoformat(row["launched_on"])) + timedelta(days=rng.randint(0, 3))
            members = self.team_members.get(team_id, [])
            while day <= team_end:
                found = rng.random() < 0.15
                what, handling = rng.choice(findings) if found else (None, None)
                start_hour = rng.choice([19, 20, 21, 22])
                rows.append({"team_id": team_id, "patrol_date": day.isoformat(),
                             "start_time": f"{start_hour}:00", "end_time": f"{(start_hour + 3) % 24:02d}:00",
                             "route": f"Các trục đường chính {self.area_name[self.team_area[team_id]]}",
                             "area_ids": [self.team_area[team_id]],
                             "member_ids": rng.sample(members, min(len(members), rng.randint(2, 4))),
                             "findings": what, "handling": handling})
                day += timedelta(days=rng.choice([3, 4, 4, 5]))
        self.insert(patrols, rows)
        self.step(f"Đã tạo {_n(len(rows))} ca tuần tra")

    def make_mediation(self) -> None:
        rng = self.rng
        contents = {
            "Đất đai": "Tranh chấp ranh giới đất vườn giữa hai hộ liền kề",
            "Hôn nhân và gia đình": "Mâu thuẫn vợ chồng do kinh tế gia đình",
            "Hàng xóm láng giềng": "Mâu thuẫn do nước thải chảy sang nhà bên cạnh",
            "Dân sự": "Tranh chấp tiền vay mượn giữa hai gia đình",
            "Khác": "Mâu thuẫn do vật nuôi phá hoại hoa màu",
        }
        mediators = [t for t in self.team_ids if self.team_kind[t] == "Tổ hòa giải"]
        rows = []
        count = max(4, round(self.n / 60 * 2))
        for index in range(count):
            team_id = rng.choice(mediators)
            received = _date_between(rng, self.start, self.today - timedelta(days=1))
            category = rng.choice(list(contents))
            parties = []
            married = category == "Hôn nhân và gia đình"  # a husband and a wife of about the same age
            age = rng.randint(25, 65)
            for index in range(2):
                gender = ("nam", "nữ")[index] if married else rng.choice(["nam", "nữ"])
                parties.append({"role": PARTY, "name": self.person_name(gender),
                                "age": age + rng.randint(-4, 6) if married else rng.randint(25, 75),
                                "address": self.area_name[self.team_area[team_id]]})
            member_names = [r[0] for r in self.db.conn.execute(
                "SELECT p.full_name FROM memberships m JOIN people p ON p.id = m.person_id "
                "WHERE m.team_id = ? LIMIT 3", (team_id,))]
            people_rows = parties + [{"role": MEDIATOR, "name": n} for n in member_names[:2]]
            roll = rng.random()
            if index == count - 1 and not any(r["result"] == "không thành" for r in rows):
                roll = 0.9  # every demo shows a case that did not settle (its minutes differ)
            age_days = (self.today - received).days
            result = ("đang hòa giải" if age_days < 20 and roll < 0.6 else
                      "thành" if roll < 0.82 else "không thành")
            result_on = None if result == "đang hòa giải" else min(
                self.today, received + timedelta(days=rng.randint(1, 20))).isoformat()
            rows.append({
                "team_id": team_id, "received_on": received.isoformat(), "category": category,
                "content": contents[category], "people": people_rows, "result": result,
                "result_on": result_on,
                "agreement": "Hai bên thống nhất thỏa thuận, cam kết không để tái diễn mâu thuẫn"
                if result == "thành" else ("Hai bên chưa thống nhất; hướng dẫn gửi đơn đến UBND "
                                           f"{self.commune.kind}"
                                           if result == "không thành" else None),
                "sessions": [{"held_on": result_on or received.isoformat(),
                              "place": f"Nhà văn hóa {self.area_name[self.team_area[team_id]]}"}],
            })
        self.insert(mediation_cases, rows)
        self.step(f"Đã tạo {_n(len(rows))} vụ việc hòa giải")

    def make_tips_items_reintegration(self) -> None:
        rng = self.rng
        channels = list(lists.SEEDS[lists.TIP_CHANNELS].values())
        tip_rows = [{
            "received_on": _date_between(rng, self.start, self.today).isoformat(),
            "channel": rng.choice(channels),
            "content": rng.choice(["Nghi vấn có người tụ tập đánh bạc", "Nghi vấn mua bán ma túy",
                                   "Phát hiện người lạ tạm trú không khai báo",
                                   "Nghi vấn tàng trữ pháo nổ", "Trộm cắp gia cầm"]),
            "valuable": 1 if rng.random() < 0.3 else 0,
            "informant_name": self.person_name(rng.choice(["nam", "nữ"])),
            "area_id": rng.choice(self.area_ids),
        } for _ in range(max(3, round(self.n / 100 * 2)))]
        self.insert(tips, tip_rows)
        kinds = [("Vũ khí quân dụng", "khẩu", 1, 1), ("Súng tự chế", "khẩu", 1, 2),
                 ("Vật liệu nổ", "kg", 1, 5), ("Công cụ hỗ trợ", "chiếc", 1, 3),
                 ("Dao, kiếm và vũ khí thô sơ", "cái", 1, 6), ("Pháo", "kg", 1, 20)]
        item_rows = []
        for _ in range(max(3, round(self.n / 300 * 2))):
            kind, unit_name, low, high = rng.choice(kinds)
            item_rows.append({"received_on": _date_between(rng, self.start, self.today).isoformat(),
                              "kind": kind, "quantity": rng.randint(low, high), "unit": unit_name,
                              "from_whom": self.person_name(rng.choice(["nam", "nữ"])),
                              "area_id": rng.choice(self.area_ids)})
        self.insert(surrendered_items, item_rows)
        adults = [p for a in self.area_ids for p in self.area_adults[a]]
        reintegration_rows = []
        for person_id in rng.sample(adults, min(len(adults), max(2, self.n // 500))):
            started = _date_between(rng, self.start, self.today - timedelta(days=10))
            status = rng.choices(["đang giúp đỡ", "đã tái hòa nhập", "tái phạm"], [6, 3, 1])[0]
            reintegration_rows.append({
                "person_id": person_id, "source": rng.choice(["chấp hành xong án phạt tù", "đặc xá",
                                                              "giáo dục tại xã, phường"]),
                "started_on": started.isoformat(), "status": status,
                "ended_on": None if status == "đang giúp đỡ" else
                _date_between(rng, started, self.today).isoformat(),
                "helper": "Tổ tự quản và gia đình"})
        self.insert(reintegration_cases, reintegration_rows)
        self.step(f"Đã tạo {_n(len(tip_rows))} tin báo, {_n(len(item_rows))} lần giao nộp, "
                  f"{_n(len(reintegration_rows))} trường hợp giúp đỡ")

    def make_reviews_and_commendations(self) -> None:
        rng = self.rng
        station = unit.get_unit(self.db)
        level = station.commune_type or "xã"  # xã, phường, đặc khu: said in lower case mid-sentence
        # the station's chief, a deputy and an officer: people of the demo, not their titles
        adults = sorted(p for a in self.area_ids for p in self.area_adults[a])
        chief, deputy, clerk = (self.db.conn.execute("SELECT full_name FROM people WHERE id = ?",
                                                     (adults[i],)).fetchone()[0] for i in (0, 1, 2))
        if not station.chief_name:  # the unit's own signatures (báo cáo, giấy mời) name the chief the minutes name
            unit.units.update(self.db, ACTOR, station.id, chief_name=chief)
        chief = station.chief_name or chief
        areas_word = "trưởng các tổ dân phố" if self.commune.kind == "phường" else "trưởng các thôn"
        review_rows = []
        for year in (self.today.year - 2, self.today.year - 1, self.today.year):
            for kind, start, end, held in (("sơ kết", date(year, 1, 1), date(year, 6, 30), date(year, 7, 10)),
                                           ("tổng kết", date(year, 1, 1), date(year, 12, 31), date(year, 12, 20))):
                if held > self.today:
                    continue
                review_rows.append({
                    "kind": kind, "title": f"Hội nghị {kind} phong trào toàn dân bảo vệ an ninh Tổ quốc "
                                           f"{'6 tháng đầu năm' if kind == 'sơ kết' else 'năm'} {year}",
                    "period_start": start.isoformat(), "period_end": min(end, held).isoformat(),
                    "started_at": f"{held.isoformat()}T08:00", "ended_at": f"{held.isoformat()}T11:00",
                    "place": f"Hội trường UBND {self.commune.name[:1].lower()}{self.commune.name[1:]}",
                    "chair": chief if kind == "tổng kết" else deputy,
                    "chair_position": f"{'Trưởng' if kind == 'tổng kết' else 'Phó Trưởng'} Công an {level}",
                    "secretary": clerk, "secretary_position": f"Cán bộ Công an {level}",
                    "attendees_present": f"Đại diện Đảng ủy, UBND {level}, Ủy ban MTTQ {level}; {areas_word}",
                    "attendees_absent": "Không",
                    "agenda": "Đánh giá kết quả phong trào; phân loại; khen thưởng; nhiệm vụ kỳ tới",
                    "strengths": "Các tổ hoạt động đều; tuần tra duy trì thường xuyên",
                    "weaknesses": "Một số tổ chưa ghi chép nhật ký đầy đủ",
                    "classification": "Phong trào xếp loại Khá",
                    "commendation_proposals": "Đề nghị khen thưởng các tổ có thành tích xuất sắc",
                    "next_tasks": "Tiếp tục củng cố các tổ; nhân rộng mô hình hiệu quả",
                })
        self.insert(reviews, review_rows)
        rows = []
        for _ in range(max(4, len(self.area_ids) // 2)):
            team_id = rng.choice(self.team_ids)
            rows.append({"target_kind": "tổ", "team_id": team_id,
                         **rng.choice([{"level": "UBND xã", "form": "Giấy khen"},  # what each may award
                                       {"level": "Công an tỉnh", "form": "Giấy khen"},
                                       {"level": "UBND tỉnh", "form": "Bằng khen"}]),
                         "awarded_on": _date_between(rng, self.start, self.today).isoformat(),
                         "decision_number": f"{rng.randint(10, 999)}/QĐ-UBND",
                         "reason": "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc"})
        for _ in range(max(3, len(self.area_ids) // 3)):
            rows.append({"target_kind": "cá nhân", "person_id": rng.choice(self.area_adults[rng.choice(self.area_ids)]),
                         "level": rng.choice(["UBND xã", "Công an xã", "Công an tỉnh"]), "form": "Giấy khen",
                         "awarded_on": _date_between(rng, self.start, self.today).isoformat(),
                         "decision_number": f"{rng.randint(10, 999)}/QĐ-CAX",
                         "reason": "Tích cực tham gia tuần tra, cung cấp tin có giá trị"})
        self.insert(commendations, rows)
        self.step(f"Đã tạo {_n(len(review_rows))} cuộc sơ kết, tổng kết và {_n(len(rows))} khen thưởng")

    def make_assessments(self) -> None:
        rng = self.rng
        rows = []
        for year in (self.today.year - 2, self.today.year - 1):
            for area_id in self.area_ids:
                registered = 1 if rng.random() < 0.97 else 0
                recognised = 1 if registered and rng.random() < 0.8 else 0
                rows.append({"area_id": area_id, "year": year, "registered": registered,
                             "recognised": recognised,
                             "classification": rng.choices(["Xuất sắc", "Khá", "Trung bình", "Yếu"],
                                                           [2, 5, 2, 1 if not recognised else 0])[0]})
        self.insert(area_assessments, rows)
        self.step(f"Đã đánh giá {_n(len(self.area_ids))} địa bàn qua hai năm")


def generate(path: str | Path | None, *, households_count: int = 3000, seed: int = 1,
             province_code: int | None = None, progress: Progress | None = None,
             cancelled: Callable[[], bool] | None = None, db=None):
    """Create a new demo station database at `path` (which must not exist yet) and
    return it open. A cancelled or failed run leaves no file behind."""
    if not 1 <= households_count <= MAX_HOUSEHOLDS:
        raise ValidationError(f"Số hộ phải từ 1 đến {MAX_HOUSEHOLDS:,}".replace(",", ".")
                              + f" (đang là {households_count}).", "households")
    if province_code is not None:
        provinces.province_by_code(province_code)
    target = Path(path) if path not in (None, ":memory:") else None
    if target is not None and target.exists():
        raise ValidationError(f"Tệp {target} đã có. Dữ liệu mẫu chỉ tạo vào tệp mới; hãy chọn tên khác.",
                              "db")
    db = db or open_database(target)
    try:
        DemoBuilder(db, households_count, seed, progress, cancelled).build(province_code)
    except BaseException:
        db.close()
        if target is not None:
            for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
                leftover.unlink(missing_ok=True)
        raise
    return db
