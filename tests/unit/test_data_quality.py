"""Chất lượng dữ liệu on a province built row by row, on SQLite and on PostgreSQL: every finding
is known from the rows put in."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.models import GrassrootsUnion, Member, ProgressEntry, Target, UnitKey
from desktop.services.data_quality import (
    ACTIONS,
    DUPLICATE_ID,
    FORK,
    LATE,
    NO_COUNTS,
    quality_findings,
)
from desktop.services.office import init_office
from desktop.services.progress import ensure_programme
from desktop.store import shared
from desktop.sync.ledger import insert_ledger_row
from tests.unit._sync_fixtures import rows_of

BATRI = ("LDLD-BATRI", "Liên đoàn Lao động huyện Ba Tri")
THUNHA = ("LDLD-THUNHA", "Liên đoàn Lao động huyện Thạnh Phú")
MOCAY = ("LDLD-MOCAY", "Liên đoàn Lao động huyện Mỏ Cày Nam")
TODAY = date(2024, 7, 29)  # June's bundles were due on 28/07


def _ledger(unit: str, sequence: int, period: str, verdict: str, sha: str, file: str = "") -> dict:
    return {
        "bundle_id": f"{unit}-{sequence}-{verdict}",
        "unit_code": unit,
        "sequence": sequence,
        "period": period,
        "manifest_sha256": sha,
        "previous_manifest_sha256": "",
        "signing_key_id": f"key-{unit}",
        "verdict": verdict,
        "reason": "",
        "gaps": "",
        "record_counts": "{}",
        "summary": "{}",
        "file_name": file,
        "created_at": "",
        "received_at": datetime(2024, 7, 1, 8, 0),
        "merged_at": datetime(2024, 7, 1, 8, 0) if verdict == "merged" else None,
    }


def province(where: str) -> str:
    """Three registered offices: Ba Tri up to June, Thạnh Phú at March with an open fork, Mỏ Cày
    never sent; one citizen ID active in Ba Tri and Thạnh Phú, another active in one and gone
    from the other; entered percentages with and without counts."""
    store = shared(where)
    init_office(store, role="province", unit_code="LDLD-BENTRE", unit_name="LĐLĐ tỉnh Bến Tre")
    ensure_programme(store, 2024)
    with store.unit_of_work() as uow:
        s = uow.session
        for number, (code, name) in enumerate((BATRI, THUNHA, MOCAY), start=1):
            s.add(
                UnitKey(
                    key_id=f"key-{code}",
                    unit_code=code,
                    unit_name=name,
                    role="district",
                    own=False,
                    sign_public=f"{number:064x}",
                    box_public=f"{number:064x}",
                    fingerprint=f"{number:040d}",
                )
            )
        unions = {}
        for code, union in (
            (BATRI[0], "CĐCS Trường Tiểu học An Hòa"),
            (THUNHA[0], "CĐCS Công ty TNHH Thủy sản Đông Hải"),
        ):
            row = GrassrootsUnion(name=union, sector="state", unit_code=code)
            s.add(row)
            s.flush()
            unions[code] = row.id
        for code, name, citizen_id, status in (
            (BATRI[0], "Nguyễn Văn Đức", "083080000101", "active"),
            (THUNHA[0], "Nguyễn Văn Đức", "083080000101", "active"),
            (BATRI[0], "Trần Thị Hoà", "083080000102", "active"),
            (THUNHA[0], "Trần Thị Hoà", "083080000102", "left"),
            (THUNHA[0], "Lê Thị Ánh", "083080000103", "active"),
        ):
            s.add(
                Member(
                    union_id=unions[code],
                    full_name=name,
                    gender="female",
                    citizen_id=citizen_id,
                    status=status,
                    unit_code=code,
                )
            )
        targets = {t.code: t.id for t in s.query(Target)}
        for code, target, period, value, counts in (
            (BATRI[0], "1a", "2024-05", 91.5, None),
            (BATRI[0], "1a", "2024-06", 90.0, (90.0, 100.0)),
            (THUNHA[0], "1b", "2024-03", 40.0, None),
            (THUNHA[0], "1a", "2024-03", 80.0, None),
            (THUNHA[0], "2a", "2024-03", 7.0, None),  # a count: no counts behind it to ask for
        ):
            s.add(
                ProgressEntry(
                    target_id=targets[target],
                    unit_code=code,
                    period=period,
                    value=value,
                    numerator=counts[0] if counts else None,
                    denominator=counts[1] if counts else None,
                )
            )
        con = uow.plain()
        for row in (
            _ledger(BATRI[0], 1, "2024-05", "merged", "a1"),
            _ledger(BATRI[0], 2, "2024-06", "merged", "a2"),
            _ledger(THUNHA[0], 1, "2024-03", "merged", "b1"),
            _ledger(THUNHA[0], 1, "2024-04", "fork", "b1x", "goi-du-lieu-ldld-thunha-04-2024.udb"),
        ):
            insert_ledger_row(con, row)
    return where


@pytest.fixture
def filled(db_target: str) -> str:
    return province(db_target)


def test_every_finding_named_with_what_to_do(filled: str) -> None:
    found = quality_findings(shared(filled), TODAY, full_ids=True)
    assert [g.heading for g in found.groups] == [
        "Một số CCCD đang là đoàn viên ở hai đơn vị (1)",
        "Đơn vị gửi gói chậm hoặc thiếu tháng (3)",
        "Gói bị rẽ nhánh đang chờ tỉnh quyết định (1)",
        "Tỷ lệ % nhập tay chưa có số đếm (2)",
    ]
    assert found.total == 7 and found.full_ids
    (duplicate,) = found.group(DUPLICATE_ID).findings
    assert duplicate.text == (
        "Số CCCD 083080000101: Nguyễn Văn Đức (CĐCS Trường Tiểu học An Hòa, LDLD-BATRI – "
        "Liên đoàn Lao động huyện Ba Tri); Nguyễn Văn Đức (CĐCS Công ty TNHH Thủy sản Đông Hải, "
        "LDLD-THUNHA – Liên đoàn Lao động huyện Thạnh Phú)."
    )
    assert duplicate.offices == (BATRI[0], THUNHA[0])
    assert [(t.text, t.periods) for t in found.group(LATE).findings] == [
        (
            "LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri: gói mới nhất tháng 6/2024, "
            "thiếu tháng 1–4/2024.",
            ("2024-01", "2024-02", "2024-03", "2024-04"),
        ),
        (
            "LDLD-MOCAY – Liên đoàn Lao động huyện Mỏ Cày Nam: chưa gửi gói nào, "
            "thiếu tháng 1–6/2024, quá hạn gửi gói tháng 6/2024 (hạn 28/07/2024).",
            ("2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"),
        ),
        (
            "LDLD-THUNHA – Liên đoàn Lao động huyện Thạnh Phú: gói mới nhất tháng 3/2024, "
            "thiếu tháng 1, 2, 4–6/2024, quá hạn gửi gói tháng 6/2024 (hạn 28/07/2024).",
            ("2024-01", "2024-02", "2024-04", "2024-05", "2024-06"),
        ),
    ]
    assert [t.text for t in found.group(FORK).findings] == [
        "LDLD-THUNHA – Liên đoàn Lao động huyện Thạnh Phú: gói số 1 (tệp "
        "goi-du-lieu-ldld-thunha-04-2024.udb) trùng số với gói đã gộp mà nội dung khác "
        "(thường do đơn vị khôi phục bản sao lưu cũ); tỉnh đang giữ đến gói số 1 (tháng 3/2024)."
    ]
    assert [(t.text, t.offices, t.periods) for t in found.group(NO_COUNTS).findings] == [
        (
            "LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri, tháng 5/2024: 1a 91,5 %.",
            (BATRI[0],),
            ("2024-05",),
        ),
        (
            "LDLD-THUNHA – Liên đoàn Lao động huyện Thạnh Phú, tháng 3/2024: 1a 80 %, 1b 40 %.",
            (THUNHA[0],),
            ("2024-03",),
        ),
    ]
    assert rows_of(filled, "SELECT action, detail FROM audit_event ORDER BY id")[-1] == (
        "view",
        "chất lượng dữ liệu: 1 số CCCD trùng giữa các đơn vị (số CCCD đầy đủ)",
    )
    assert found.group(FORK).action == ACTIONS[FORK]
    assert "Nhận gói" in found.group(FORK).action


def test_ids_masked_for_a_viewer_and_a_decided_fork_or_a_transfer_clears_the_finding(
    filled: str,
) -> None:
    from desktop.services.accounts import SignedIn, sign_in_as

    store = shared(filled)
    sign_in_as(SignedIn("xem", "Trần Văn Xem", "viewer"))
    try:
        seen = quality_findings(store, TODAY, full_ids=True)  # asked for, not granted
        assert not seen.full_ids
        (duplicate,) = seen.group(DUPLICATE_ID).findings
        assert duplicate.citizen_id == "083•••••••01"
        assert duplicate.text.startswith("Số CCCD 083•••••••01: Nguyễn Văn Đức")
        assert "083080000101" not in " ".join(f.text for g in seen.groups for f in g.findings)
    finally:
        sign_in_as(None)

    with store.unit_of_work() as uow:
        s = uow.session
        member = s.query(Member).filter_by(unit_code=THUNHA[0], citizen_id="083080000101").one()
        member.status = "left"
        insert_ledger_row(uow.plain(), _ledger(THUNHA[0], 1, "2024-03", "resolved_keep", "b1"))
    found = quality_findings(store, TODAY)
    assert found.group(DUPLICATE_ID).findings == ()
    assert found.group(FORK).findings == ()
    assert found.total == 5
