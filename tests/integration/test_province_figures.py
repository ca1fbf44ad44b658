"""The province's own figures never mislead (issue 13): a province of three offices, one of them
behind by months, on both stores.

Ba Tri and Thạnh Phú send June, then December; Châu Thành sends June only. Every expected number
below is worked out by hand from the rows the fixture writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import keyring
import pytest

from desktop.app import main
from desktop.errors import Cancelled
from desktop.models import (
    Activity,
    GrassrootsUnion,
    Inspection,
    Member,
    OfficeInspection,
    OfficeRating,
    ProgressEntry,
    Target,
)
from desktop.progress import CancelToken
from desktop.services.progress import ensure_programme, explain, progress_for
from desktop.services.province_figures import (
    latest_periods,
    province_value_quota,
    registered_offices,
    reporting_offices,
    side_by_side,
)
from desktop.store import Store, shared
from desktop.sync import keystore
from desktop.sync.keys import export_card, trust_card
from desktop.sync.memory_keyring import MemoryKeyring
from desktop.sync.office.export import export_bundle
from tests.unit._sync_fixtures import PROVINCE, add_admitted, make_office, no_passphrase, target

BA_TRI = ("LDLD-BATRI", "Liên đoàn Lao động huyện Ba Tri")
THANH_PHU = ("LDLD-THUNHA", "Liên đoàn Lao động huyện Thạnh Phú")
CHAU_THANH = ("LDLD-CHAUTHANH", "Liên đoàn Lao động huyện Châu Thành")
OFFICES = (BA_TRI, THANH_PHU, CHAU_THANH)


@dataclass(frozen=True)
class Province:
    db: Path | str  # the province: a SQLite file or a PostgreSQL URL
    offices: dict[str, Path]  # office code → its own database (as of its last bundle)


def _office_rows(path: Path, code: str, first_half: bool) -> None:
    """One office's records of the first half of 2024 (`first_half`) or of the second."""
    db = Store(path)
    with db.session() as s:
        targets = {t.code: t.id for t in s.query(Target)}
        union = s.query(GrassrootsUnion).first()
        if union is None:
            union = GrassrootsUnion(
                name=f"CĐCS Trường THCS {code}",
                sector="state",
                employer_type="school",
                founded_on=date(2001, 9, 5),
            )
            s.add(union)
            s.flush()

        def admit(*days: date) -> None:
            for n, day in enumerate(days):
                member = Member(
                    union_id=union.id,
                    full_name=f"Đoàn viên {code} {day.isoformat()} {n}",
                    gender="female",
                    joined_on=day,
                )
                add_admitted(s, member)

        def entry(code_: str, period: str, value: float, counts: tuple[int, int] | None) -> None:
            numerator, denominator = counts if counts else (None, None)
            s.add(
                ProgressEntry(
                    target_id=targets[code_],
                    unit_code=code,
                    period=period,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                )
            )

        def same_level(day: date) -> None:
            s.add(
                Inspection(
                    kind="finance", scope="same_level", inspected_on=day, findings="Tự kiểm tra"
                )
            )

        def criticism(day: date) -> None:
            s.add(
                Activity(
                    task_area=4,
                    kind="social_criticism",
                    title=f"Góp ý dự thảo ({code})",
                    held_on=day,
                )
            )

        if code == BA_TRI[0] and first_half:
            admit(date(2024, 2, 5), date(2024, 3, 6), date(2024, 6, 7))
            same_level(date(2024, 5, 20))
            entry("1a", "2024-06", 80.0, (40, 50))
        elif code == BA_TRI[0]:
            admit(date(2024, 9, 9), date(2024, 12, 2), date(2024, 12, 3))
            entry("1a", "2024-12", 90.0, (45, 50))
            entry("1b", "2024-12", 80.0, (20, 25))
            criticism(date(2024, 12, 10))  # an office's own: not the province's target 10
        elif code == THANH_PHU[0] and first_half:
            admit(date(2024, 1, 15), date(2024, 6, 20))
            entry("1a", "2024-06", 50.0, (20, 40))
        elif code == THANH_PHU[0]:
            admit(date(2024, 12, 12))
            entry("1a", "2024-12", 75.0, (30, 40))
            entry("1b", "2024-11", 70.0, None)  # typed without its counts
        elif code == CHAU_THANH[0]:  # June only: it falls behind
            admit(date(2024, 2, 1), date(2024, 2, 2), date(2024, 2, 3), date(2024, 2, 4))
            same_level(date(2024, 4, 2))
            entry("1a", "2024-06", 10.0, (10, 100))
            criticism(date(2024, 6, 1))
    db.close()


def _province_rows(db: Path | str) -> None:
    """What the province records itself: ratings (6a), inspections of offices (9a), the social
    criticism it led (10); and rows naming an office it never registered, which count nowhere."""
    store = Store(db)
    with store.session() as s:
        for code, grade in ((BA_TRI[0], "good"), (THANH_PHU[0], "done")):
            s.add(OfficeRating(office_code=code, year=2024, grade=grade))
        s.add(OfficeRating(office_code=CHAU_THANH[0], year=2024, grade="excellent"))
        s.add(OfficeRating(office_code=BA_TRI[0], year=2023, grade="not_done"))
        s.add(OfficeRating(office_code="LDLD-KHAC", year=2024, grade="excellent"))
        for code, day, kind in (
            (BA_TRI[0], date(2024, 3, 14), "finance"),
            (BA_TRI[0], date(2024, 8, 1), "charter"),
            (CHAU_THANH[0], date(2024, 11, 5), "charter"),
            ("LDLD-KHAC", date(2024, 12, 5), "finance"),
        ):
            s.add(OfficeInspection(office_code=code, kind=kind, inspected_on=day))
        for day in (date(2024, 7, 8), date(2024, 12, 16)):
            s.add(
                Activity(
                    task_area=4,
                    kind="social_criticism",
                    title="LĐLĐ tỉnh chủ trì phản biện xã hội",
                    held_on=day,
                )
            )
    store.close()


def _merge(db: Path | str, *files: Path) -> None:
    from desktop.services.bundles import process_files

    results = process_files(shared(db), list(files), write=True, passphrase=no_passphrase)
    assert [r.verdict for r in results] == ["merged"] * len(files), [r.message for r in results]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def province(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Province]:
    """Built once per store for the module's tests (which only read it)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    keystore.forget_unlocked()
    folder = tmp_path_factory.mktemp("province-figures")
    try:
        if request.param == "postgresql":
            where: Path | str = target(request.getfixturevalue("pg_cluster").new_database())
        else:
            where = folder / "province.sqlite"
        db = make_office(where, "province", PROVINCE)
        ensure_programme(shared(db), 2024)
        export_card(shared(db), folder / "province.card", passphrase=no_passphrase)
        offices: dict[str, Path] = {}
        for code, name in OFFICES:
            path = Path(make_office(folder / f"{code}.sqlite", "district", (code, name)))
            export_card(shared(path), folder / f"{code}.card", passphrase=no_passphrase)
            trust_card(shared(db), folder / f"{code}.card")
            trust_card(shared(path), folder / "province.card")
            ensure_programme(shared(path), 2024)
            offices[code] = path
        june = []
        for code, _ in OFFICES:
            _office_rows(offices[code], code, first_half=True)
            out = folder / f"{code}-2024-06.udb"
            export_bundle(shared(offices[code]), "2024-06", out, passphrase=no_passphrase)
            june.append(out)
        _merge(db, *june)
        december = []
        for code, _ in (BA_TRI, THANH_PHU):
            _office_rows(offices[code], code, first_half=False)
            out = folder / f"{code}-2024-12.udb"
            export_bundle(shared(offices[code]), "2024-12", out, passphrase=no_passphrase)
            december.append(out)
        _merge(db, *december)
        _province_rows(db)
        argv = ["quotas", "set", "--db", str(db), "--year", "2024", "--unit", PROVINCE[0]]
        assert main([*argv, "--target", "3a", "--value", "25"]) == 0  # its own quotas
        assert main([*argv, "--target", "9a", "--value", "35"]) == 0  # a province target too
        yield Province(db, offices)
    finally:
        keyring.set_keyring(previous)
        keystore.forget_unlocked()


def _by_code(db: Path | str, period: str, unit: str | None = None) -> dict[str, Any]:
    return {t.code: t for t in progress_for(shared(db), period, unit=unit).targets}


def test_whose_figures_a_period_counts(province: Province) -> None:
    with shared(province.db).reading() as con:
        assert registered_offices(con) == sorted(OFFICES)
        assert latest_periods(con) == {
            BA_TRI[0]: "2024-12",
            THANH_PHU[0]: "2024-12",
            CHAU_THANH[0]: "2024-06",
        }
        assert reporting_offices(con, "2024-12") == ((BA_TRI[0], THANH_PHU[0]), (CHAU_THANH[0],))
        assert reporting_offices(con, "2024-06") == (
            (BA_TRI[0], CHAU_THANH[0], THANH_PHU[0]),
            (),
        )


def test_december_leaves_out_the_office_still_at_june(province: Province) -> None:
    report = progress_for(shared(province.db), "2024-12")
    assert report.missing_units == (CHAU_THANH[0],)
    wide = {t.code: t for t in report.targets}
    # 2a: Ba Tri 6 in the year (3 of them after June), Thạnh Phú 3; Châu Thành's four of
    # February are in its June bundle and must not be added to a December figure.
    assert (wide["2a"].month, wide["2a"].year_to_date, wide["2a"].units_counted) == (3, 9, 2)
    # 2b likewise: nobody left, so the members in the two offices grew by what they admitted.
    assert (wide["2b"].month, wide["2b"].year_to_date) == (3, 9)
    # June counts all three offices: 3 + 2 + 4 admitted by then.
    june = progress_for(shared(province.db), "2024-06")
    assert june.missing_units == ()
    assert {t.code: t.year_to_date for t in june.targets}["2a"] == 9
    assert {t.code: t.units_counted for t in june.targets}["2a"] == 3


def test_entered_percentages_add_up_the_counts(province: Province) -> None:
    wide = _by_code(province.db, "2024-12")
    # 1a: (45 + 30) / (50 + 40) of Ba Tri's and Thạnh Phú's December: 83,33 %, not the mean
    # 82,5 % of 90 % and 75 %, and never Châu Thành's 10 % of June.
    assert (wide["1a"].month, wide["1a"].year_to_date) == (83.33, 83.33)
    assert (wide["1a"].units_counted, wide["1a"].without_counts) == (2, 0)
    # 1b: Ba Tri 20/25; Thạnh Phú typed 70 % without its counts: left out, and said.
    assert (wide["1b"].month, wide["1b"].year_to_date) == (80.0, 80.0)
    assert (wide["1b"].units_counted, wide["1b"].without_counts) == (1, 1)
    june = _by_code(province.db, "2024-06")
    assert june["1a"].month == round(100 * (40 + 20 + 10) / (50 + 40 + 100), 2)  # 36.84
    assert june["1a"].month == 36.84


def test_explaining_a_figure_names_the_offices_left_out(province: Province) -> None:
    _, lines = explain(shared(province.db), "1b", "2024-12")
    assert lines == (
        "Chỉ tiêu nhập tay theo tháng; toàn tỉnh cộng số liệu của các đơn vị.",
        f"{BA_TRI[0]} (tháng 12/2024): 20/25 người = 80 %",
        f"{THANH_PHU[0]} (tháng 11/2024): 70 % nhập không kèm số người, không tính",
        f"Không tính (chưa có số liệu tháng 12/2024): {CHAU_THANH[0]}",
    )
    _, lines = explain(shared(province.db), "1b", "2024-12", year_to_date=False)
    assert lines[2] == f"{THANH_PHU[0]}: chưa nhập"
    _, lines = explain(shared(province.db), "2a", "2024-12", year_to_date=False)
    assert lines == (
        f"02/12/2024 Đoàn viên {BA_TRI[0]} 2024-12-02 1 (kết nạp)",
        f"03/12/2024 Đoàn viên {BA_TRI[0]} 2024-12-03 2 (kết nạp)",
        f"12/12/2024 Đoàn viên {THANH_PHU[0]} 2024-12-12 0 (kết nạp)",
        f"Không tính (chưa có số liệu tháng 12/2024): {CHAU_THANH[0]}",
    )


def test_the_province_own_targets(province: Province) -> None:
    wide = _by_code(province.db, "2024-12")
    # 9b: Ba Tri (May) and Châu Thành (April) checked themselves, of three registered offices.
    assert (wide["9b"].month, wide["9b"].year_to_date, wide["9b"].units_counted) == (0.0, 66.7, 3)
    # 10: the province's own two; Ba Tri's and Châu Thành's own do not count.
    assert (wide["10"].month, wide["10"].year_to_date, wide["10"].units_counted) == (1, 2, 0)
    # 6a: Ba Tri good, Châu Thành excellent (behind or not), Thạnh Phú only "done": 2/3.
    assert (wide["6a"].month, wide["6a"].year_to_date, wide["6a"].units_counted) == (
        66.7,
        66.7,
        3,
    )
    # 9a: the province inspected Ba Tri (twice) and Châu Thành in 2024, none in December.
    assert (wide["9a"].month, wide["9a"].year_to_date) == (0.0, 66.7)
    assert _by_code(province.db, "2024-11")["9a"].month == 33.3
    assert _by_code(province.db, "2024-02")["9a"].year_to_date == 0.0
    _, lines = explain(shared(province.db), "9a", "2024-12")
    assert lines == (
        "2/3 công đoàn cấp trên",
        f"14/03/2024 {BA_TRI[0]}",
        f"05/11/2024 {CHAU_THANH[0]}",
        f"{THANH_PHU[0]}: chưa được tỉnh kiểm tra",
    )
    _, lines = explain(shared(province.db), "9b", "2024-12")
    assert lines == (
        "2/3 công đoàn cấp trên",
        f"20/05/2024 {BA_TRI[0]}",
        f"02/04/2024 {CHAU_THANH[0]}",
        f"{THANH_PHU[0]}: chưa tự kiểm tra tài chính cùng cấp",
    )


def test_province_quotas(province: Province) -> None:
    wide = _by_code(province.db, "2024-12")
    assert (wide["2a"].quota, wide["2a"].percent_of_quota) == (9000, round(100 * 9 / 9000, 1))
    assert wide["2a"].percent_of_quota == 0.1
    assert (wide["6a"].quota, wide["6a"].percent_of_quota) == (85.0, round(100 * 66.7 / 85, 1))
    assert (wide["1a"].quota, wide["2b"].quota, wide["10"].quota) == (90.0, 3500, 1)
    assert wide["3b"].quota is None  # «ưu tiên»: no figure
    # Its own rows (quotas set --unit LDLD-BENTRE) in place of the programme's figure.
    assert (wide["3a"].quota, wide["9a"].quota) == (25, 35.0)
    assert wide["9a"].percent_of_quota == round(100 * 66.7 / 35, 1)
    assert [province_value_quota(v) for v in ("9.000", "≥ 85 %", "90–95 %", "ưu tiên")] == [
        9000.0,
        85.0,
        90.0,
        None,
    ]


def test_side_by_side_is_each_office_own_figures(province: Province) -> None:
    seen: list[str] = []
    table = side_by_side(shared(province.db), "2024-12", progress=lambda f, t="": seen.append(t))
    assert [(o.code, o.latest_period, o.missing) for o in table.offices] == [
        (BA_TRI[0], "2024-12", False),
        (CHAU_THANH[0], "2024-06", True),
        (THANH_PHU[0], "2024-12", False),
    ]
    assert table.missing_units == (CHAU_THANH[0],)
    assert seen[-2] == f"Đang tính số liệu của {THANH_PHU[1]} (3/3)…"
    own = {code: _by_code(province.db, "2024-12", unit=code) for code in (BA_TRI[0], THANH_PHU[0])}
    # Each office's column is what its own database says for December.
    at_office = {code: _by_code(province.offices[code], "2024-12") for code in own}
    for row in table.rows:
        assert row.by_office[CHAU_THANH[0]] is None
        for code in own:
            mine = row.by_office[code]
            assert mine == own[code][row.code]
            assert (mine.month, mine.year_to_date) == (
                at_office[code][row.code].month,
                at_office[code][row.code].year_to_date,
            )
    rows = {row.code: row for row in table.rows}
    assert rows["2a"].province.year_to_date == 9 and rows["2a"].units_counted == 2
    assert rows["2a"].quota == 9000
    # Counts add up across the offices counted, as the province column says.
    assert rows["2a"].province.year_to_date == sum(
        rows["2a"].by_office[c].year_to_date
        for c in own  # type: ignore[union-attr]
    )
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        side_by_side(shared(province.db), "2024-12", cancel=token)


def test_progress_json_names_the_missing_offices(
    province: Province, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    argv = ["progress", "--period", "2024-12", "--format", "json", "--db", str(province.db)]
    assert main(argv) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["missing_units"] == [CHAU_THANH[0]]
    targets = {t["code"]: t for t in printed["targets"]}
    assert (targets["2a"]["year_to_date"], targets["2a"]["units_counted"]) == (9, 2)
    assert (targets["1b"]["year_to_date"], targets["1b"]["entered_without_counts"]) == (80.0, 1)
    assert targets["2a"]["quota"] == 9000 and targets["9b"]["units_counted"] == 3
    assert main(["progress", "--period", "2024-12", "--db", str(province.db)]) == 0
    text = capsys.readouterr().out
    assert (
        f"Chưa có số liệu tháng 12/2024 (không tính vào số liệu toàn tỉnh): {CHAU_THANH[0]}."
        in text
    )
    assert "1b: 1 đơn vị nhập tỷ lệ không kèm số người (không tính vào tỷ lệ toàn tỉnh)." in text
    # One office's own figures carry no province extras.
    assert main([*argv, "--unit", BA_TRI[0]]) == 0
    one = json.loads(capsys.readouterr().out)
    assert "missing_units" not in one and "units_counted" not in one["targets"][0]


def test_the_year_end_review_judges_against_the_province_quotas(province: Province) -> None:
    from desktop.reports.catalogue import build_report
    from desktop.reports.content import Table

    report = build_report("year-end-review", shared(province.db), "2024")
    table = next(
        b for b in report.blocks if isinstance(b, Table) and b.columns[-1].header == "Đánh giá"
    )
    verdicts = {row[0]: (row[3].value, row[5], row[6]) for row in table.rows}  # type: ignore[attr-defined]
    # (quota, % of quota, verdict): 2a 9 of the programme's 9.000; 1b 80 % of 70 %; 10 the
    # province's two of «≥ 1»; 6a 66,7 % of 85 %; 3a against its own quota of 25.
    assert verdicts["2a"] == (9000, 0.1, "Chưa đạt")
    assert verdicts["1b"] == (70.0, 114.3, "Vượt")
    assert verdicts["10"] == (1, 200.0, "Vượt")
    assert verdicts["6a"] == (85.0, 78.5, "Chưa đạt")
    assert verdicts["3a"][0] == 25


def test_an_office_that_handed_over_drops_out(province: Province) -> None:
    from sqlalchemy import text

    from desktop.models import Handover

    store = shared(province.db)
    with store.unit_of_work() as uow:
        uow.session.add(
            Handover(
                from_code=CHAU_THANH[0],
                from_name=CHAU_THANH[1],
                to_code=BA_TRI[0],
                to_name=BA_TRI[1],
                handed_over_on="2024-07-01",
                last_sequence=1,
                notice_sequence=2,
                notice_bundle_id="00000000-0000-4000-8000-00000000ab01",
                notice_manifest_sha256="0" * 64,
            )
        )
    try:
        with store.reading() as con:
            assert [code for code, _ in registered_offices(con)] == [BA_TRI[0], THANH_PHU[0]]
            assert reporting_offices(con, "2024-12") == ((BA_TRI[0], THANH_PHU[0]), ())
        wide = _by_code(province.db, "2024-12")
        assert progress_for(store, "2024-12").missing_units == ()
        assert (wide["6a"].year_to_date, wide["6a"].units_counted) == (50.0, 2)  # Ba Tri of 2
    finally:
        with store.unit_of_work() as uow:
            uow.session.execute(text("DELETE FROM handover"))
