"""The indicator engine on a hand-built district; every expected value is worked out by hand here."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop.app import main
from desktop.models import (
    Activity,
    Complaint,
    GrassrootsUnion,
    HouseholdReview,
    Inspection,
    Member,
    MemberEvent,
    Office,
    ProgressEntry,
    Quota,
    Target,
    UnionRating,
)
from desktop.services.progress import ensure_programme, explain, progress_for
from desktop.store import Store, shared

D = date


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ind") / "ind.sqlite"
    db = Store(path)
    with db.session() as s:
        s.add(Office(role="district", kind="district_federation", code="T1", name="LĐLĐ huyện Thử"))
        u = {
            1: GrassrootsUnion(
                name="U1",
                sector="state",
                employer_type="school",
                founded_on=D(2005, 1, 1),
                chair_elected_on=D(2024, 3, 1),
                chair_trained_on=D(2024, 5, 10),
            ),
            2: GrassrootsUnion(
                name="U2",
                sector="state",
                employer_type="agency",
                founded_on=D(2001, 1, 1),
                chair_elected_on=D(2024, 12, 5),
            ),
            3: GrassrootsUnion(
                name="U3",
                sector="non_state",
                employer_type="private_enterprise",
                founded_on=D(2024, 2, 10),
                workforce_total=40,
                chair_elected_on=D(2024, 2, 10),
                chair_trained_on=D(2024, 4, 1),
            ),
            4: GrassrootsUnion(
                name="U4",
                sector="non_state",
                employer_type="private_enterprise",
                founded_on=D(2024, 12, 3),
                workforce_total=12,
            ),
            5: GrassrootsUnion(
                name="U5",
                sector="non_state",
                employer_type="private_enterprise",
                founded_on=D(2010, 1, 1),
                dissolved_on=D(2024, 5, 31),
                workforce_total=80,
            ),
            6: GrassrootsUnion(
                name="U6", sector="non_state", employer_type="cooperative", founded_on=D(2015, 1, 1)
            ),
            # Dissolved before 2024, yet its record says a chair was elected in February 2024
            # (never trained): a chair of a union that no longer exists is not target 5's.
            7: GrassrootsUnion(
                name="U7",
                sector="state",
                employer_type="agency",
                founded_on=D(2008, 1, 1),
                dissolved_on=D(2023, 11, 30),
                chair_elected_on=D(2024, 2, 1),
            ),
        }
        s.add_all(u.values())
        s.flush()
        s.add_all(
            [
                UnionRating(union_id=u[1].id, year=2024, rating="good"),
                UnionRating(union_id=u[2].id, year=2024, rating="completed"),
                UnionRating(union_id=u[6].id, year=2024, rating="excellent"),
                UnionRating(union_id=u[1].id, year=2023, rating="not_completed"),
            ]
        )
        m = {}
        for n, union in ((1, 1), (2, 1), (3, 2), (4, 3), (5, 3), (6, 5), (7, 5), (8, 6), (9, 2)):
            m[n] = Member(union_id=u[union].id, full_name=f"Đoàn viên {n}", gender="female")
        m[1].party_introduced_on, m[4].party_introduced_on = D(2024, 4, 10), D(2024, 12, 1)
        m[2].smartca_installed_on, m[4].smartca_installed_on = D(2024, 6, 1), D(2024, 12, 20)
        s.add_all(m.values())
        s.flush()

        def ev(n: int, kind: str, on: date, to: int | None = None, frm: int | None = None) -> None:
            s.add(
                MemberEvent(
                    member_id=m[n].id,
                    kind=kind,
                    event_date=on,
                    to_union_id=u[to].id if to else None,
                    from_union_id=u[frm].id if frm else None,
                )
            )

        ev(1, "admitted", D(2015, 1, 1), to=1)
        ev(2, "admitted", D(2024, 3, 15), to=1)
        ev(3, "admitted", D(2018, 1, 1), to=2)
        ev(3, "left", D(2024, 4, 2), frm=2)
        ev(3, "readmitted", D(2024, 10, 1), to=2)
        ev(4, "admitted", D(2024, 2, 20), to=3)
        ev(5, "transferred_in", D(2024, 7, 1), to=3)
        ev(6, "admitted", D(2016, 1, 1), to=5)
        ev(6, "transferred", D(2024, 5, 31), frm=5, to=6)
        ev(7, "admitted", D(2017, 1, 1), to=5)
        ev(7, "transferred_out", D(2024, 5, 31), frm=5)
        ev(8, "admitted", D(2024, 12, 10), to=6)
        ev(9, "admitted", D(2020, 1, 1), to=2)
        ev(9, "left", D(2023, 6, 30), frm=2)
        for n, on, status in (
            (1, D(2023, 12, 15), "poor"),
            (3, D(2023, 12, 15), "near_poor"),
            (6, D(2023, 12, 15), "none"),
            (7, D(2023, 12, 15), "poor"),
            (1, D(2024, 12, 15), "escaped"),
            (3, D(2024, 12, 15), "near_poor"),
            (2, D(2024, 12, 15), "none"),
            (4, D(2024, 12, 15), "poor"),
        ):
            s.add(HouseholdReview(member_id=m[n].id, reviewed_on=on, status=status))
        for kind, on in (
            ("house", D(2024, 8, 8)),
            ("house", D(2024, 12, 12)),
            ("propaganda", D(2024, 12, 1)),
            ("social_criticism", D(2024, 9, 9)),
        ):
            s.add(Activity(task_area=3, kind=kind, title=f"{kind} {on}", held_on=on))
        s.add_all(
            [
                Inspection(
                    kind="finance", scope="grassroots", union_id=u[1].id, inspected_on=D(2024, 3, 1)
                ),
                Inspection(
                    kind="finance", scope="grassroots", union_id=u[5].id, inspected_on=D(2024, 2, 1)
                ),
                Inspection(
                    kind="charter",
                    scope="grassroots",
                    union_id=u[2].id,
                    inspected_on=D(2024, 12, 2),
                ),
                Inspection(kind="finance", scope="same_level", inspected_on=D(2024, 12, 10)),
                Complaint(received_on=D(2024, 3, 1), resolved_on=D(2024, 3, 20), subject="c1"),
                Complaint(received_on=D(2024, 11, 20), subject="c2"),
                Complaint(
                    received_on=D(2024, 5, 5),
                    resolved_on=D(2024, 5, 9),
                    subject="c3",
                    within_authority=False,
                ),
            ]
        )
    db.close()
    ensure_programme(shared(path), 2024)
    db = Store(path)
    with db.session() as s:
        from sqlalchemy import select

        targets = {t.code: t.id for t in s.scalars(select(Target))}
        s.add(Quota(target_id=targets["2a"], unit_code="T1", value=8))
        s.add(ProgressEntry(target_id=targets["1a"], unit_code="T1", period="2024-10", value=85))
        s.add(ProgressEntry(target_id=targets["1a"], unit_code="T1", period="2024-11", value=88))
    db.close()
    return path


# code: (December, January–December), worked out by hand from the fixture above.
EXPECTED = {
    "1a": (None, 88.0),  # entered: nothing for December, the latest entry (November) for the year
    "2a": (1, 4),  # m8 in December; m2, m3 (re-admitted), m4, m8 in the year; m5 came by transfer
    "2b": (1, 3),  # 6 → 7 in December; 4 → 7 over the year (m7 transferred out)
    "3a": (1, 2),  # U4 in December; U3 and U4 in the year
    "3b": (0, 1),  # U3 has 40 workers; U4 only 12
    "4": (0.2, 0.4),  # 1 and 2 introductions over 5 live unions
    "5": (0.0, 66.7),  # U2's chair elected in December untrained; U1 and U3 trained of 3 (not U7)
    "6b": (50.0, 50.0),  # U1 good, U2 completed
    "6c": (33.3, 33.3),  # U6 excellent; U3, U4 not rated yet; U5 dissolved
    "7": (1, 2),
    # Reviewed and in the office at both ends, both windows: m1, m3, m6. Poor or near-poor
    # m1, m3 at the start (2/3), m3 at the end (m1 escaped: 1/3): (2 − 1) ÷ 2 = 50 %. Not
    # counted: m7 who left in May (poor), the newcomers, and (December) m2, m4, m5 unreviewed
    # on 30/11.
    "8": (50.0, 50.0),
    "9a": (None, None),  # the province's target (upper unions it inspected): not a district's
    "9b": (100.0, 100.0),
    "9c": (0.0, 20.0),  # U1 of 5 live unions; U5's inspection does not count, it dissolved
    "9d": (20.0, 20.0),
    "9e": (None, 50.0),  # no complaint in December; c1 of c1, c2 (c3 outside authority)
    "10": (0, 1),
    "11": (1, 2),
}


def test_every_target_by_hand(district: Path) -> None:
    report = progress_for(shared(district), "2024-12")
    got = {t.code: (t.month, t.year_to_date) for t in report.targets}
    for code, (month, ytd) in EXPECTED.items():
        assert got[code][0] == pytest.approx(month, abs=0.001), code
        assert got[code][1] == pytest.approx(ytd, abs=0.001), code
    assert got["6a"] == (None, None)


def test_quota_percent_and_missing_quota_is_null(district: Path) -> None:
    targets = {t.code: t for t in progress_for(shared(district), "2024-12").targets}
    assert targets["2a"].quota == 8 and targets["2a"].percent_of_quota == 50.0
    assert targets["2b"].quota is None and targets["2b"].percent_of_quota is None


def test_mid_year_month(district: Path) -> None:
    targets = {t.code: t for t in progress_for(shared(district), "2024-05").targets}
    assert (targets["2a"].month, targets["2a"].year_to_date) == (0, 2)  # m2 (March), m4 (Feb)
    assert targets["2b"].month == -1  # m7 left the district on 31/05; m6 moved inside it
    assert targets["9b"].year_to_date == 0.0


def test_progress_json_contract(district: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["progress", "--period", "2024-12", "--db", str(district), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == "2024-12"
    assert data["unit"] == {"code": "T1", "name": "LĐLĐ huyện Thử", "role": "district"}
    codes = [t["code"] for t in data["targets"]]
    assert codes == [
        "1a",
        "1b",
        "2a",
        "2b",
        "3a",
        "3b",
        "4",
        "5",
        "6a",
        "6b",
        "6c",
        "7",
        "8",
        "9a",
        "9b",
        "9c",
        "9d",
        "9e",
        "10",
        "11",
    ]
    # programme and programme_missing: documented extras
    assert set(data) == {"period", "unit", "targets", "programme", "programme_missing"}
    assert data["programme_missing"] is False
    assert data["programme"] == "Chương trình công tác công đoàn năm 2024"
    # Exactly DESIGN.md's keys plus the extras docs/targets.md documents.
    design = {"code", "name", "unit", "quota", "month", "year_to_date", "percent_of_quota"}
    extras = {"method", "scope", "province_value", "pacing"}
    for target in data["targets"]:
        assert set(target) == design | extras, target["code"]
    by_code = {t["code"]: t for t in data["targets"]}
    assert {code: t["unit"] for code, t in by_code.items()} == {
        "1a": "percent",
        "1b": "percent",
        "2a": "count",
        "2b": "count",
        "3a": "count",
        "3b": "count",
        "4": "ratio",
        "5": "percent",
        "6a": "percent",
        "6b": "percent",
        "6c": "percent",
        "7": "count",
        "8": "percent",
        "9a": "percent",
        "9b": "percent",
        "9c": "percent",
        "9d": "percent",
        "9e": "percent",
        "10": "count",
        "11": "count",
    }
    two_a = by_code["2a"]
    assert (two_a["unit"], two_a["quota"], two_a["month"], two_a["year_to_date"]) == (
        "count",
        8,
        1,
        4,
    )
    assert two_a["percent_of_quota"] == 50.0
    # Counts are JSON integers (4, not 4.0); rates stay numbers with decimals.
    for code, t in by_code.items():
        if t["unit"] == "count":
            for key in ("quota", "month", "year_to_date"):
                assert t[key] is None or type(t[key]) is int, (code, key)
    assert by_code["2b"]["percent_of_quota"] is None
    assert by_code["9a"]["year_to_date"] is None
    assert by_code["6b"]["year_to_date"] == 50.0
    assert (by_code["2a"]["pacing"], by_code["6b"]["pacing"], by_code["9e"]["pacing"]) == (
        "linear",
        "year_end",
        "level",
    )


def test_explain_lists_the_records(district: Path) -> None:
    name, records = explain(shared(district), "2a", "2024-12")
    assert name == "Phát triển mới đoàn viên"
    assert [r.split(" (")[-1] for r in records] == [
        "kết nạp)",
        "kết nạp)",
        "kết nạp lại)",
        "kết nạp)",
    ]


@pytest.mark.parametrize("period", ["2024-13", "2024", "24-06"])
def test_bad_period_exits_1_with_message(
    district: Path, period: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["progress", "--period", period, "--db", str(district)]) == 1
    assert "không hợp lệ" in capsys.readouterr().err


def test_year_without_programme(district: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Not refused: the year's records go on, the output says the programme has not arrived.
    argv = ["progress", "--period", "2031-01", "--format", "json", "--db", str(district)]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["programme"], data["programme_missing"], data["targets"]) == (None, True, [])


def test_demo_gives_a_value_for_every_upper_union_target(tmp_path: Path) -> None:
    from desktop.demo import generate_demo

    path = tmp_path / "demo.sqlite"
    generate_demo(path, members=3000, seed=2)
    report = progress_for(shared(path), "2024-12")
    for t in report.targets:
        if t.scope == "upper_union":
            assert t.year_to_date not in (None, 0), t.code
            assert t.quota is not None, t.code


def test_explain_8_lists_every_member_behind_the_share(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # On 31/12/2023 m1, m3, m6, m7 were members, all reviewed; on 31/12/2024 m1 … m6 and m8
    # (m3 left in April and came back in October). In at both ends and reviewed by each: m1, m3,
    # m6; poor or near-poor m1, m3 at the start (2/3), m3 at the end (1/3; m1 escaped). m7 left
    # poor: listed, never counted as lifted. m2, m4, m5, m8 came: listed with their status.
    assert main(["progress", "--period", "2024-12", "--db", str(district), "--explain", "8"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "8. Giảm tỷ lệ hộ nghèo, cận nghèo trong đoàn viên, người lao động — lũy kế đến hết "
        "tháng 12/2024:",
        "  Rà soát cả hai đầu kỳ: 3 đoàn viên",
        "  Đầu kỳ 2/3 = 66,67 %",
        "  Cuối kỳ 1/3 = 33,33 %",
        "  Không tính: 1 ra khỏi đơn vị, 4 mới vào, 0 chưa rà soát đầu kỳ",
        "  Đoàn viên 1: hộ nghèo (15/12/2023) → đã thoát nghèo (15/12/2024)",
        "  Đoàn viên 3: hộ cận nghèo (15/12/2023) → hộ cận nghèo (15/12/2024)",
        "  Không tính – Đoàn viên 7: ra khỏi đơn vị 31/05/2024 (chuyển đi), "
        "đầu kỳ hộ nghèo (15/12/2023)",
        "  Không tính – Đoàn viên 2: vào đơn vị 15/03/2024 (kết nạp), "
        "cuối kỳ không nghèo (15/12/2024)",
        "  Không tính – Đoàn viên 4: vào đơn vị 20/02/2024 (kết nạp), cuối kỳ hộ nghèo (15/12/2024)",
        "  Không tính – Đoàn viên 5: vào đơn vị 01/07/2024 (chuyển đến), cuối kỳ chưa rà soát",
        "  Không tính – Đoàn viên 8: vào đơn vị 10/12/2024 (kết nạp), cuối kỳ chưa rà soát",
    ]


def test_explain_2b_for_the_month_and_for_the_year(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["progress", "--period", "2024-12", "--db", str(district), "--explain", "2b"]
    assert main([*argv, "--month"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2b. Tăng thêm đoàn viên — trong tháng 12/2024:",
        "  Đầu kỳ 6 đoàn viên",
        "  Cuối kỳ 7 đoàn viên",
        "  Vào 1, ra 0",
        "  Vào: 10/12/2024 Đoàn viên 8 (kết nạp)",
    ]
    assert main(argv) == 0
    # 4 → 7 over the year: m3 left in April and came back in October, m6 moved inside.
    assert capsys.readouterr().out.splitlines() == [
        "2b. Tăng thêm đoàn viên — lũy kế đến hết tháng 12/2024:",
        "  Đầu kỳ 4 đoàn viên",
        "  Cuối kỳ 7 đoàn viên",
        "  Vào 4, ra 1",
        "  Vào: 20/02/2024 Đoàn viên 4 (kết nạp)",
        "  Vào: 15/03/2024 Đoàn viên 2 (kết nạp)",
        "  Ra: 31/05/2024 Đoàn viên 7 (chuyển đi)",
        "  Vào: 01/07/2024 Đoàn viên 5 (chuyển đến)",
        "  Vào: 10/12/2024 Đoàn viên 8 (kết nạp)",
    ]
    assert main(["progress", "--period", "2024-12", "--db", str(district), "--month"]) == 2
    assert "--month chỉ dùng cùng với --explain CODE." in capsys.readouterr().err
