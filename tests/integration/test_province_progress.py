"""`progress` on a province database: province-wide sums and one office with --unit (the
province's own rules in detail: test_province_figures.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop.app import main
from desktop.errors import UserError
from desktop.models import (
    GrassrootsUnion,
    Inspection,
    Member,
    MemberEvent,
    ProgressEntry,
    Quota,
    Target,
)
from desktop.services.progress import ensure_programme, explain, progress_for
from desktop.store import Store, shared
from desktop.sync.keys import export_card, trust_card
from desktop.sync.office.export import export_bundle
from tests.integration.test_bundle_roundtrip import add_programme_work
from tests.unit._sync_fixtures import (
    DISTRICT,
    OTHER_DISTRICT,
    Exchange,
    make_office,
    memory_keyring,
    no_passphrase,
)

__all__ = ["memory_keyring"]


def _second_district(ex: Exchange) -> Path:
    """Thạnh Phú: one union founded before 2024, two women admitted in April 2024, and the
    province's finance inspection of the office on 10/04/2024 (target 9a)."""
    path = make_office(ex.folder / "thanh-phu.sqlite", "district", OTHER_DISTRICT)
    export_card(shared(path), ex.folder / "thanh-phu.card", passphrase=no_passphrase)
    trust_card(shared(ex.province), ex.folder / "thanh-phu.card")
    trust_card(shared(path), ex.folder / "province.card")
    ensure_programme(shared(path), 2024)
    db = Store(path)
    with db.session() as s:
        union = GrassrootsUnion(
            name="CĐCS Trường THCS Thạnh Phong",
            sector="state",
            employer_type="school",
            founded_on=date(2001, 9, 5),
        )
        s.add(union)
        s.flush()
        for day, name in ((3, "Phạm Thị Ngọc"), (17, "Võ Thị Mỹ")):
            member = Member(union_id=union.id, full_name=name, gender="female")
            s.add(member)
            s.flush()
            s.add(
                MemberEvent(
                    member_id=member.id,
                    kind="admitted",
                    event_date=date(2024, 4, day),
                    to_union_id=union.id,
                )
            )
        target = s.query(Target).filter(Target.code == "1a").one()
        s.add(
            ProgressEntry(
                target_id=target.id, unit_code=OTHER_DISTRICT[0], period="2024-06", value=80.0
            )
        )
        s.add(
            Inspection(
                kind="finance",
                scope="by_province",
                inspected_on=date(2024, 4, 10),
                findings="LĐLĐ tỉnh kiểm tra tài chính",
            )
        )
    db.close()
    return path


def _with_counts(district: Path) -> None:
    """Ba Tri's 1a of June with the counts behind it: 183 reached of 200 in scope (91,5 %)."""
    db = Store(district)
    with db.session() as s:
        entry = s.query(ProgressEntry).filter(ProgressEntry.period == "2024-06").one()
        entry.value, entry.numerator, entry.denominator = 91.5, 183, 200
    db.close()


def _province_quotas(province: Path) -> None:
    ensure_programme(shared(province), 2024)
    db = Store(province)
    with db.session() as s:
        target = s.query(Target).filter(Target.code == "2a").one()
        s.add(Quota(target_id=target.id, unit_code=DISTRICT[0], value=500))
        s.add(Quota(target_id=target.id, unit_code=OTHER_DISTRICT[0], value=300))
    db.close()


def test_province_wide_figures_add_up_the_offices_and_each_unit_equals_its_own(
    tmp_path: Path, memory_keyring, capsys: pytest.CaptureFixture[str]
) -> None:
    ex = Exchange(tmp_path)
    add_programme_work(ex.district)
    _with_counts(ex.district)
    other = _second_district(ex)
    _province_quotas(ex.province)
    thanh_phu = tmp_path / "thanh-phu-2024-06.udb"
    export_bundle(shared(other), "2024-06", thanh_phu, passphrase=no_passphrase)
    assert [r.verdict for r in ex.merge(ex.export("2024-06"), thanh_phu)] == ["merged", "merged"]

    ba_tri = {t.code: t for t in progress_for(shared(ex.district), "2024-06").targets}
    own = {t.code: t for t in progress_for(shared(other), "2024-06").targets}
    assert (ba_tri["2a"].year_to_date, own["2a"].year_to_date) == (3.0, 2.0)
    for unit, expected in ((DISTRICT[0], ba_tri), (OTHER_DISTRICT[0], own)):
        report = progress_for(shared(ex.province), "2024-06", unit=unit)
        assert report.unit.code == unit
        seen = {t.code: t for t in report.targets}
        assert {c: (t.month, t.year_to_date) for c, t in seen.items()} == {
            c: (t.month, t.year_to_date) for c, t in expected.items()
        }
    assert (
        progress_for(shared(ex.province), "2024-06", unit=OTHER_DISTRICT[0]).unit.name
        == (OTHER_DISTRICT[1])
    )

    wide = {t.code: t for t in progress_for(shared(ex.province), "2024-06").targets}
    assert wide["2a"].year_to_date == 5.0  # 3 in Ba Tri + 2 in Thạnh Phú
    assert wide["2a"].month == 0.0  # nobody admitted in June
    # The province's quota is its programme figure (9.000), not what it allocated (500 + 300).
    assert wide["2a"].quota == 9000
    assert wide["2a"].percent_of_quota == round(100 * 5 / 9000, 1)
    assert wide["3a"].year_to_date == 1.0  # only Ba Tri founded a union in 2024
    # Ba Tri typed 1a with its counts (183/200), Thạnh Phú a bare 80 %: left out, never averaged.
    assert (wide["1a"].month, wide["1a"].units_counted, wide["1a"].without_counts) == (91.5, 1, 1)
    # 9a is the province's own inspections of offices (office_inspection): Thạnh Phú's own note
    # «by_province» in its register does not count.
    assert (wide["9a"].month, wide["9a"].year_to_date, wide["9a"].units_counted) == (0.0, 0.0, 2)
    assert own["9a"].year_to_date is None  # an upper union's own database does not measure it
    name, lines = explain(shared(ex.province), "9a", "2024-06")
    assert name == "Tỉnh kiểm tra giám sát tài chính và Điều lệ Công đoàn cấp trên trực tiếp cơ sở"
    assert lines == (
        "0/2 công đoàn cấp trên",
        f"{DISTRICT[0]}: chưa được tỉnh kiểm tra",
        f"{OTHER_DISTRICT[0]}: chưa được tỉnh kiểm tra",
    )

    capsys.readouterr()
    argv = ["progress", "--db", str(ex.province), "--period", "2024-06", "--format", "json"]
    assert main([*argv, "--unit", OTHER_DISTRICT[0]]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["unit"]["code"] == OTHER_DISTRICT[0]
    assert {t["code"]: t["year_to_date"] for t in printed["targets"]}["2a"] == 2.0


def test_an_unknown_unit_is_refused_by_name(tmp_path: Path, memory_keyring) -> None:
    ex = Exchange(tmp_path)
    with pytest.raises(UserError, match="không có số liệu của đơn vị «LDLD-KHONGCO»"):
        progress_for(shared(ex.province), "2024-06", unit="LDLD-KHONGCO")
