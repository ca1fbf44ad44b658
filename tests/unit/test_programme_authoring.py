"""A year's programme as data: read from the database, started from an earlier year, saved over
the year it replaces (targets kept by code), written as a programme file, and the catalogue of
measures with parameters counted on a history whose answers are worked out by hand below."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import UserError
from desktop.models import (
    Activity,
    GrassrootsUnion,
    Inspection,
    Member,
    MemberEvent,
    Narrative,
    ProgressEntry,
    Quota,
    TaskArea,
    UnionRating,
)
from desktop.programme.authoring import (
    new_programme,
    programme_json,
    programme_of,
    programme_years,
    save_programme,
    with_digest,
)
from desktop.programme.catalogue import check_measure, measure_for
from desktop.programme.loader import (
    TargetDef,
    TaskAreaDef,
    parse_programme,
    parse_programme_bytes,
    shipped_programme,
)
from desktop.programme.metrics import Measured
from desktop.programme.records import Records
from desktop.services.office import init_office
from desktop.services.progress import ensure_programme, progress_for
from desktop.store import Store, shared
from desktop.text import fold, name_sort_key

D = date
Q1 = (D(2026, 1, 1), D(2026, 3, 31))


@pytest.fixture
def office(tmp_path: Path) -> Path:
    path = tmp_path / "tinh.sqlite"
    init_office(
        shared(path), role="province", unit_code="LDLD-BENTRE", unit_name="LĐLĐ tỉnh Bến Tre"
    )
    return path


def _ids(path: Path, year: int) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as con:
        return dict(
            con.execute(
                "SELECT t.code, t.id FROM target t JOIN programme p ON p.id = t.programme_id "
                "WHERE p.year = ? AND t.deleted_at IS NULL",
                (year,),
            ).fetchall()
        )


def test_the_database_programme_reads_back_from_its_own_json(office: Path) -> None:
    assert programme_of(shared(office), 2024) is None and programme_years(shared(office)) == ()
    ensure_programme(shared(office), 2024)
    held = programme_of(shared(office), 2024)
    shipped = shipped_programme(2024)
    assert held is not None and shipped is not None
    assert programme_years(shared(office)) == (2024,)
    # Everything the shipped file says, as the database holds it (the digest is of the JSON).
    assert replace(held, sha256="") == replace(shipped, sha256="")
    body = programme_json(held)
    assert parse_programme_bytes(body, Path("ct.json")) == held
    data = json.loads(body)
    assert list(data) == ["format", "year", "number", "title", "theme", "targets", "task_areas"]
    assert data["targets"][2] == {
        "code": "2a",
        "name": "Phát triển mới đoàn viên",
        "unit": "count",
        "method": "computed",
        "scope": "upper_union",
        "metric": "new_members",
        "province_value": "9.000",
        "min": 9000,
        "max": None,
        "pacing": "linear",
    }


def test_a_new_year_is_the_earlier_one_with_its_year(office: Path) -> None:
    made = new_programme(shared(office), 2026, 2024)
    shipped = shipped_programme(2024)
    assert shipped is not None
    assert made.title == "Chương trình công tác công đoàn năm 2026"
    assert replace(made, sha256="") == replace(
        shipped, year=2026, title="Chương trình công tác công đoàn năm 2026", sha256=""
    )
    assert programme_of(shared(office), 2026) is None  # nothing saved yet
    save_programme(shared(office), made)
    assert programme_of(shared(office), 2026) == made
    # Without --from: the latest year before, held or shipped (2026 now).
    assert new_programme(shared(office), 2027, None).targets == made.targets
    with pytest.raises(UserError) as exc:
        new_programme(shared(office), 2026, 2024)
    assert exc.value.message == (
        "Đã có chương trình công tác năm 2026: không tạo lại. Xem bằng «uniondesk programme "
        "show --year 2026», sửa bằng «uniondesk programme import TỆP --year 2026»."
    )
    with pytest.raises(UserError) as exc:
        new_programme(shared(office), 2023, None)
    assert exc.value.message.startswith("Chưa có chương trình nào trước năm 2023 để chép")
    with pytest.raises(UserError) as exc:
        new_programme(shared(office), 2028, 2019)
    assert exc.value.message == (
        "Chưa có chương trình năm 2019 để chép sang năm 2028 (các năm đã có: 2024, 2026)."
    )


def _edited(path: Path) -> tuple[TargetDef, ...]:
    """2026 with 2a's quota text changed, 11 dropped, a new target 12 first."""
    held = programme_of(shared(path), 2026)
    assert held is not None
    twelve = TargetDef(
        code="12",
        name="Đoàn viên chuyển đi, ra khỏi tổ chức",
        unit="count",
        method="computed",
        scope="upper_union",
        metric="member_events",
        province_value="≤ 500",
        value_min=None,
        value_max=500,
        pacing="linear",
        measure=check_measure("member_events", {"kinds": ["left", "transferred_out"]}),
    )
    kept = tuple(
        replace(t, province_value="9.500", value_min=9500) if t.code == "2a" else t
        for t in held.targets
        if t.code != "11"
    )
    return (twelve, *kept)


def test_saving_over_a_year_keeps_each_target_row_by_code(office: Path) -> None:
    save_programme(shared(office), new_programme(shared(office), 2026, 2024))
    before = _ids(office, 2026)
    db = Store(office)
    with db.session() as s:
        s.add(Quota(target_id=before["2a"], unit_code="LDLD-BATRI", value=450))
        s.add(ProgressEntry(target_id=before["1a"], unit_code="", period="2026-02", value=91))
    db.close()
    held = programme_of(shared(office), 2026)
    assert held is not None
    edited = replace(held, targets=_edited(office), theme="Chủ đề năm 2026")
    save_programme(shared(office), edited)

    after = programme_of(shared(office), 2026)
    assert after == with_digest(edited)
    ids = _ids(office, 2026)
    assert {code: ids[code] for code in before if code != "11"} == {
        code: i for code, i in before.items() if code != "11"
    }
    assert "11" not in ids and "12" in ids
    with closing(sqlite3.connect(office)) as con:
        rows = con.execute(
            "SELECT t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id"
        ).fetchall()
        assert rows == [("2a", 450.0)]
        assert con.execute(
            "SELECT detail FROM audit_event ORDER BY id DESC LIMIT 1"
        ).fetchone() == (
            "chương trình công tác năm 2026: thay thế (20 chỉ tiêu; thêm 1; sửa 1; bỏ 11; "
            "10 nhiệm vụ)",
        )

    # 11 comes back: its old row, not a second one.
    save_programme(shared(office), held)
    assert _ids(office, 2026)["11"] == before["11"]


def test_a_target_or_task_area_in_use_cannot_be_left_out(office: Path) -> None:
    save_programme(shared(office), new_programme(shared(office), 2026, 2024))
    ids = _ids(office, 2026)
    db = Store(office)
    with db.session() as s:
        s.add(Quota(target_id=ids["2a"], unit_code="LDLD-BATRI", value=450))
        s.add(ProgressEntry(target_id=ids["2a"], unit_code="LDLD-BATRI", period="2026-01", value=3))
        area = s.scalars(select(TaskArea.id).where(TaskArea.number == 3)).one()
        s.add(Narrative(task_area_id=area, period="2026-01", text="Thăm hỏi đoàn viên"))
    db.close()
    held = programme_of(shared(office), 2026)
    assert held is not None
    without_2a = replace(held, targets=tuple(t for t in held.targets if t.code != "2a"))
    with pytest.raises(UserError) as exc:
        save_programme(shared(office), without_2a)
    assert exc.value.message == (
        "Không bỏ được chỉ tiêu «2a» (Phát triển mới đoàn viên) khỏi chương trình năm 2026: "
        "đã giao cho 1 đơn vị, đã có 1 kết quả nhập. Giữ chỉ tiêu này, hoặc xóa chỉ tiêu giao "
        "và kết quả nhập của nó trước."
    )
    without_3 = replace(held, task_areas=tuple(a for a in held.task_areas if a.number != 3))
    with pytest.raises(UserError) as exc:
        save_programme(shared(office), without_3)
    assert exc.value.message.startswith("Không bỏ được nhiệm vụ 3 (Tập trung thực hiện")
    assert exc.value.message.endswith(
        "đã có 1 bản tình hình thực hiện ghi theo nhiệm vụ này. Giữ nhiệm vụ này trong chương trình."
    )
    assert programme_of(shared(office), 2026) == held


def test_a_measure_object_is_read_and_checked_naming_the_target(tmp_path: Path) -> None:
    data = json.loads(programme_json(new_programme_from_shipped()))
    data["targets"][3]["metric"] = "unions_share"
    data["targets"][3]["unit"] = "percent"
    data["targets"][3]["measure"] = {"sector": "state", "property": "rated_good"}
    path = tmp_path / "2026.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    read = parse_programme(path)
    assert read.targets[3].measure == '{"property":"rated_good","sector":"state"}'
    assert json.loads(programme_json(read))["targets"][3]["measure"] == {
        "property": "rated_good",
        "sector": "state",
    }
    for measure, why in (
        ({"property": "loved"}, "tham số «property» của «unions_share» không nhận «loved» "
         "(chọn: rated_good, chair_trained, inspected)"),
        ({"property": "rated_good", "colour": "red"}, "cách tính «unions_share» không có tham số "
         "«colour» (có: property, sector, inspection_kind)"),
        ({"property": "inspected"}, "tham số «inspection_kind» chỉ dùng với «property» = "
         "«inspected», và khi đó phải có"),
    ):  # fmt: skip
        data["targets"][3]["measure"] = measure
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(UserError) as exc:
            parse_programme(path)
        assert exc.value.message == f"Tệp chương trình 2026.json, chỉ tiêu «2b»: {why}"
    data["targets"][3].pop("measure")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UserError) as exc:
        parse_programme(path)
    assert exc.value.message == (
        "Tệp chương trình 2026.json, chỉ tiêu «2b»: cách tính «unions_share» cần tham số "
        "«property» (thuộc tính: rated_good, chair_trained, inspected)"
    )
    with pytest.raises(UserError) as exc:
        check_measure("new_members", {"kinds": ["left"]}, target="2a")
    assert exc.value.message == (
        "Chỉ tiêu «2a»: cách tính «new_members» không có tham số (bỏ «kinds»)"
    )
    with pytest.raises(UserError) as exc:
        check_measure("members_counted", {}, target="X")
    assert exc.value.message.startswith(
        "Chỉ tiêu «X»: không có cách tính tự động «members_counted» (danh mục: new_members, "
    )


def new_programme_from_shipped() -> object:
    shipped = shipped_programme(2024)
    assert shipped is not None
    return replace(shipped, year=2026)


# The catalogue on a hand-built history ---------------------------------------------------------


def _union(s: object, name: str, sector: str, **more: object) -> str:
    union = GrassrootsUnion(
        name=name,
        name_key=fold(name),
        sector=sector,
        employer_type="agency" if sector == "state" else "private_enterprise",
        founded_on=D(2010, 1, 1),
        **more,
    )
    s.add(union)  # type: ignore[attr-defined]
    s.flush()  # type: ignore[attr-defined]
    return union.id


def _member(
    s: object, union: str, name: str, events: tuple[tuple[str, date], ...], **more: object
) -> None:
    member = Member(
        union_id=union,
        full_name=name,
        name_key=fold(name),
        sort_key=name_sort_key(name),
        gender="female" if " Thị " in name else "male",
        **more,
    )
    s.add(member)  # type: ignore[attr-defined]
    s.flush()  # type: ignore[attr-defined]
    for kind, on in events:
        s.add(MemberEvent(member_id=member.id, kind=kind, event_date=on))  # type: ignore[attr-defined]


@pytest.fixture
def history(tmp_path: Path) -> Path:
    path = tmp_path / "huyen.sqlite"
    init_office(shared(path), role="district", unit_code="LDLD-THU", unit_name="LĐLĐ huyện Thử")
    db = Store(path)
    with db.session() as s:
        u1 = _union(s, "CĐCS Trường THCS An Hòa", "state", chair_trained_on=D(2025, 5, 1))
        u2 = _union(s, "CĐCS Công ty May Việt", "non_state", chair_trained_on=D(2026, 4, 10))
        u3 = _union(s, "CĐCS UBND xã Tân Lợi", "state")
        u4 = _union(s, "CĐCS Công ty Gỗ Phú", "non_state", dissolved_on=D(2026, 2, 1))
        for union, rating, on in (
            (u1, "good", D(2026, 3, 15)),
            (u3, "completed", D(2026, 3, 20)),
            (u2, "excellent", D(2026, 4, 2)),
            (u4, "excellent", D(2026, 1, 5)),
        ):
            s.add(UnionRating(union_id=union, year=2026, rating=rating, rated_on=on))
        for union, kind, on in (
            (u2, "finance", D(2026, 2, 10)),
            (u3, "charter", D(2026, 3, 1)),
            (u1, "charter", D(2026, 3, 5)),
            (u4, "finance", D(2026, 1, 20)),
            (u1, "finance", D(2025, 12, 20)),
        ):
            s.add(Inspection(kind=kind, scope="grassroots", union_id=union, inspected_on=on))
        old = D(2015, 1, 5)
        _member(
            s,
            u1,
            "Nguyễn Văn An",
            (("admitted", D(2026, 1, 10)),),
            smartca_installed_on=D(2026, 2, 1),
        )
        _member(
            s,
            u1,
            "Trần Thị Bình",
            (("admitted", old), ("left", D(2026, 2, 20))),
            smartca_installed_on=D(2025, 11, 11),
        )
        _member(
            s,
            u2,
            "Lê Văn Cường",
            (("admitted", old), ("transferred_out", D(2026, 3, 31))),
            smartca_installed_on=D(2026, 3, 31),
        )
        _member(s, u2, "Phạm Thị Dung", (("admitted", old), ("transferred_out", D(2025, 12, 31))))
        _member(s, u3, "Hồ Văn Em", (("admitted", D(2010, 2, 2)), ("left", D(2020, 1, 1)),
                                     ("readmitted", D(2026, 4, 1))))  # fmt: skip
        for kind, on, title, houses, people in (
            ("house", D(2026, 1, 15), "Nhà Mái ấm cho chị Bình", 3, 40),
            ("house", D(2026, 3, 2), "Nhà tình thương ấp 3", None, 25),
            ("house", D(2025, 12, 20), "Nhà Mái ấm ấp 1", 2, 10),
            ("propaganda", D(2026, 2, 2), "Tuyên truyền Bộ luật Lao động", None, 120),
        ):
            s.add(
                Activity(
                    task_area=3, kind=kind, title=title, held_on=on, houses=houses,
                    participants=people,
                )
            )  # fmt: skip
    db.close()
    return path


def _measure(path: Path, metric: str, params: dict[str, object]) -> Measured:
    with Store(path, migrate=False) as store, store.reading() as con:
        return measure_for(metric, check_measure(metric, params))(Records(con), *Q1)


def test_member_events_count_the_chosen_kinds_in_the_window(history: Path) -> None:
    # In 01/01–31/03/2026: Bình left 20/02, Cường went 31/03. Dung went 31/12/2025 (before),
    # An was admitted 10/01, Em readmitted 01/04 (after).
    gone = _measure(history, "member_events", {"kinds": ["left", "transferred_out"]})
    assert gone == Measured(
        2,
        (
            "2 biến động (chuyển đi, ra khỏi tổ chức) từ 01/01/2026 đến 31/03/2026",
            "20/02/2026 Trần Thị Bình (ra khỏi tổ chức)",
            "31/03/2026 Lê Văn Cường (chuyển đi)",
        ),
    )
    came = _measure(history, "member_events", {"kinds": ["readmitted", "admitted"]})
    assert came.value == 1 and came.records[1:] == ("10/01/2026 Nguyễn Văn An (kết nạp)",)


def test_members_dated_count_a_date_field_in_the_window(history: Path) -> None:
    # SmartCA: An 01/02/2026, Cường 31/03/2026 (the window's last day); Bình 11/11/2025 is before.
    assert _measure(history, "members_dated", {"field": "smartca_installed_on"}) == Measured(
        2,
        (
            "2 đoàn viên có ngày cài đặt chữ ký số SmartCA trong kỳ",
            "01/02/2026 Nguyễn Văn An",
            "31/03/2026 Lê Văn Cường",
        ),
    )


def test_activities_count_or_add_up_a_figure(history: Path) -> None:
    # House activities in the quarter: 15/01 (3 houses) and 02/03 (no number: one house).
    assert _measure(history, "activities", {"kind": "house"}).value == 2
    assert _measure(history, "activities", {"kind": "house", "sum": "houses"}) == Measured(
        4,
        (
            "Cộng số căn nhà của 2 hoạt động xây nhà: 4",
            "15/01/2026 Nhà Mái ấm cho chị Bình: 3 nhà",
            "02/03/2026 Nhà tình thương ấp 3: chưa ghi số, tính 1",
        ),
    )
    assert (
        _measure(history, "activities", {"kind": "propaganda", "sum": "participants"}).value == 120
    )


def test_unions_share_over_the_unions_live_at_the_window_end(history: Path) -> None:
    # Live on 31/03/2026: An Hòa, May Việt, Tân Lợi (Gỗ Phú dissolved 01/02/2026).
    # Rated good or better for 2026 by 31/03: An Hòa (May Việt's rating came 02/04): 1/3.
    rated = _measure(history, "unions_share", {"property": "rated_good"})
    assert rated == Measured(
        33.3,
        (
            "1/3 CĐCS xếp loại hoàn thành tốt nhiệm vụ trở lên trong năm "
            "(CĐCS đang hoạt động ngày 31/03/2026)",
            "CĐCS Trường THCS An Hòa",
        ),
    )
    # State sector: An Hòa and Tân Lợi, one of them good: 1/2.
    state = _measure(history, "unions_share", {"property": "rated_good", "sector": "state"})
    assert state.value == 50.0
    assert state.records[0] == (
        "1/2 CĐCS khu vực nhà nước xếp loại hoàn thành tốt nhiệm vụ trở lên trong năm "
        "(CĐCS đang hoạt động ngày 31/03/2026)"
    )
    # Chair trained by 31/03: An Hòa only (May Việt's on 10/04): 1/3.
    assert _measure(history, "unions_share", {"property": "chair_trained"}).value == 33.3
    # Financially inspected in the quarter: May Việt (Gỗ Phú is dissolved, An Hòa's was in 2025).
    finance = {"property": "inspected", "inspection_kind": "finance"}
    assert _measure(history, "unions_share", finance).records[1:] == ("CĐCS Công ty May Việt",)
    # Charter supervision: Tân Lợi and An Hòa: 2/3.
    charter = {"property": "inspected", "inspection_kind": "charter"}
    assert _measure(history, "unions_share", charter).value == 66.7


def test_progress_reads_a_parameterised_target(history: Path) -> None:
    programme = shipped_programme(2024)
    assert programme is not None
    gone = TargetDef(
        code="12",
        name="Đoàn viên chuyển đi, ra khỏi tổ chức",
        unit="count",
        method="computed",
        scope="upper_union",
        metric="member_events",
        province_value="≤ 500",
        value_min=None,
        value_max=500,
        measure=check_measure("member_events", {"kinds": ["left", "transferred_out"]}),
    )
    year = replace(
        programme,
        year=2026,
        targets=(gone,),
        task_areas=(TaskAreaDef(1, "Tổ chức", ()),),
    )
    # An office holds a programme as the province's package brings it (replace_programme).
    from desktop.programme.authoring import replace_programme

    db = Store(history)
    with db.session() as s:
        replace_programme(s, year)
    db.close()
    report = progress_for(shared(history), "2026-03")
    assert [(t.code, t.month, t.year_to_date) for t in report.targets] == [("12", 1, 2)]
