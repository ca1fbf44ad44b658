"""Approval and return: the province accepts an office's month or returns it with a reason; the
receipts package carries the decision to the office, which sees it and answers with its next
bundle for that month; the province sees it answered and accepts (issue 13, «Must show»)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.store import shared
from tests.unit._sync_fixtures import (
    BOTH_STORES,
    DISTRICT,
    Exchange,
    exchange_for,
    memory_keyring,
    no_passphrase,
    parse_cli,
)

__all__ = ["memory_keyring"]

UNIT = DISTRICT[0]


@pytest.fixture
def ex(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return exchange_for(request, tmp_path)


def _merged_june(ex: Exchange) -> Path:
    june = ex.export("2024-06")
    [result] = ex.merge(june)
    assert result.verdict == "merged", result.message
    return june


@BOTH_STORES
def test_the_province_returns_a_month_with_a_reason_and_lists_it(ex: Exchange) -> None:
    from desktop.services.decisions import decide, decisions

    _merged_june(ex)
    view = decide(shared(ex.province), UNIT, "06/2024", "return", "  Thiếu  số liệu 1a ")
    assert (view.unit_code, view.period, view.decision) == (UNIT, "2024-06", "returned")
    assert view.reason == "Thiếu số liệu 1a" and view.label == "bị trả lại"
    [listed] = decisions(shared(ex.province))
    assert (listed.id, listed.reason, listed.sent, listed.answered_by) == (
        view.id,
        "Thiếu số liệu 1a",
        False,
        "",
    )
    audit = ex.province_rows(
        "SELECT action, detail FROM audit_event WHERE action = 'period_decision'"
    )
    assert audit == [("period_decision", f"{UNIT} tháng 6/2024: bị trả lại (Thiếu số liệu 1a)")]
    # A later decision on the month replaces it.
    decide(shared(ex.province), UNIT, "2024-06", "accept")
    [listed] = decisions(shared(ex.province), UNIT)
    assert (listed.decision, listed.reason) == ("accepted", "")


@BOTH_STORES
def test_refusals_name_what_is_wrong_and_write_nothing(ex: Exchange) -> None:
    from desktop.services.decisions import decide

    _merged_june(ex)
    province = shared(ex.province)
    with pytest.raises(UserError) as caught:
        decide(province, UNIT, "2024-06", "return", "   ")
    assert "cần lý do" in caught.value.message
    with pytest.raises(UserError) as caught:
        decide(province, "LDLD-KHONGCO", "2024-06", "accept")
    assert "Đơn vị «LDLD-KHONGCO» chưa đăng ký" in caught.value.message
    assert UNIT in caught.value.message
    with pytest.raises(UserError) as caught:
        decide(province, UNIT, "2024-05", "accept")
    assert caught.value.message.startswith("Chưa gộp gói dữ liệu tháng 5/2024 nào của LDLD-BATRI")
    assert "tháng 6/2024" in caught.value.message
    with pytest.raises(UserError) as caught:
        decide(shared(ex.district), UNIT, "2024-06", "accept")
    assert "Chỉ LĐLĐ tỉnh" in caught.value.message
    assert ex.province_rows("SELECT COUNT(*) FROM period_decision") == [(0,)]


def test_the_command_prints_the_decision(ex: Exchange, capsys: pytest.CaptureFixture[str]) -> None:
    _merged_june(ex)
    args = parse_cli(
        [
            "bundle",
            "decide",
            "--unit",
            UNIT,
            "--period",
            "06/2024",
            "return",
            "--reason",
            "Sai số đoàn viên",
            "--db",
            str(ex.province),
        ]
    )
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert "Đã ghi: báo cáo tháng 6/2024 của LDLD-BATRI bị trả lại, lý do: Sai số đoàn viên." in out
    args = parse_cli(
        [
            "bundle",
            "decide",
            "--unit",
            UNIT,
            "--period",
            "2024-07",
            "accept",
            "--db",
            str(ex.province),
        ]
    )
    with pytest.raises(UserError) as caught:
        args.handler(args)
    assert "Chưa gộp gói dữ liệu tháng 7/2024 nào của LDLD-BATRI" in caught.value.message


def _receipts_to_office(ex: Exchange, name: str) -> str:
    """The province's receipts package for Ba Tri, taken at the office: what the office is told."""
    from desktop.services.bundles import export_package, process_files

    out = ex.folder / name
    export_package(shared(ex.province), "receipts", UNIT, out, passphrase=no_passphrase)
    [taken] = process_files(shared(ex.district), [out], write=True, passphrase=no_passphrase)
    assert taken.verdict == "accepted", taken.message
    return str(taken.message)


@BOTH_STORES
def test_return_travels_to_the_office_which_answers_and_the_province_accepts(
    ex: Exchange,
) -> None:
    from desktop.services.decisions import decide, decisions, returned_open

    _merged_june(ex)
    returned = decide(shared(ex.province), UNIT, "2024-06", "return", "Thiếu số liệu chỉ tiêu 1a")
    said = _receipts_to_office(ex, "receipts-1.udp")
    assert "Nhận 1 quyết định mới của LĐLĐ tỉnh về báo cáo tháng (1 tháng bị trả lại" in said
    # The province knows the decision went out.
    [at_province] = decisions(shared(ex.province))
    assert at_province.sent and not at_province.answered_by
    # The office holds it under its own code, with the province's id.
    [at_office] = returned_open(shared(ex.district))
    assert (at_office.id, at_office.unit_code, at_office.period) == (returned.id, UNIT, "2024-06")
    assert (at_office.decision, at_office.reason) == ("returned", "Thiếu số liệu chỉ tiêu 1a")
    # Taking the same package again changes nothing.
    assert ex.province_rows("SELECT COUNT(*) FROM period_decision") == [(1,)]

    # The office corrects June and sends it again: the bundle names the decision it answers.
    again = ex.export("2024-06", "ba-tri-2024-06-lan-2.udb")
    assert returned_open(shared(ex.district)) == []
    [checked] = ex.verify(again)  # says so before anything is written
    assert checked.verdict == "ok"
    assert "Gói này trả lời báo cáo bị trả lại (tháng 6/2024)" in checked.message
    assert decisions(shared(ex.province))[0].answered_by == ""
    [merged] = ex.merge(again)
    assert merged.verdict == "merged", merged.message
    assert "Gói này trả lời báo cáo bị trả lại (tháng 6/2024)" in merged.message
    [at_province] = decisions(shared(ex.province))
    bundle_id = ex.province_rows(
        "SELECT bundle_id FROM bundle_ledger WHERE verdict = 'merged' ORDER BY id DESC"
    )[0][0]
    assert at_province.answered_by == bundle_id and not at_province.open

    accepted = decide(shared(ex.province), UNIT, "2024-06", "accept")
    [at_province] = decisions(shared(ex.province))
    assert (at_province.id, at_province.decision) == (accepted.id, "accepted")
    _receipts_to_office(ex, "receipts-2.udp")
    [at_office] = decisions(shared(ex.district))
    assert (at_office.id, at_office.decision, at_office.label) == (
        accepted.id,
        "accepted",
        "đã chấp nhận",
    )
    # The next June bundle answers nothing any more.
    ex.export("2024-06", "ba-tri-2024-06-lan-3.udb")
    assert ex.province_rows("SELECT COUNT(*) FROM period_decision") == [(2,)]


@BOTH_STORES
def test_the_to_do_lists_say_what_each_side_must_do(ex: Exchange) -> None:
    from desktop.services.dashboard import to_do

    def province(period: str) -> list[tuple[str, str, bool]]:
        return [(i.key, i.text, i.done) for i in to_do(shared(ex.province), period)]

    _merged_june(ex)
    assert province("2024-06") == [
        ("province_missing", "Đã nhận gói tháng 6/2024 của cả 1 đơn vị", True),
        (
            "province_undecided",
            "Báo cáo tháng 6/2024 chưa chấp nhận hay trả lại: LDLD-BATRI (màn hình Tổng hợp)",
            False,
        ),
        ("province_forks", "Không có gói rẽ nhánh nào chờ quyết định", True),
    ]
    from desktop.services.decisions import decide

    decide(shared(ex.province), UNIT, "2024-06", "return", "Thiếu số liệu 1a")
    assert province("2024-07") == [
        (
            "province_missing",
            "Chưa nhận gói tháng 7/2024 của 1 đơn vị: LDLD-BATRI (màn hình Nhận gói)",
            False,
        ),
        (
            "province_returned",
            "Chờ đơn vị gửi lại báo cáo bị trả lại: LDLD-BATRI tháng 6/2024",
            False,
        ),
        ("province_forks", "Không có gói rẽ nhánh nào chờ quyết định", True),
    ]
    assert province("2024-06")[1][1:] == (
        "Đã chấp nhận hoặc trả lại báo cáo tháng 6/2024 của mọi đơn vị đã gửi",
        True,
    )
    # The office: the returned month comes first, then what it owes for the month.
    _receipts_to_office(ex, "r.udp")
    office = to_do(shared(ex.district), "2024-06")
    assert (office[0].key, office[0].text, office[0].done) == (
        "returned:2024-06",
        "LĐLĐ tỉnh trả lại báo cáo tháng 6/2024: Thiếu số liệu 1a. Cần sửa rồi xuất và gửi lại "
        "gói tháng 6/2024 (màn hình Đồng bộ)",
        False,
    )
    assert [i.key for i in office[1:]] == ["bundle", "report", "ratings"]
    ex.merge(ex.export("2024-06", "again.udb"))
    assert [i.key for i in to_do(shared(ex.district), "2024-06")] == ["bundle", "report", "ratings"]
    assert (
        "Đơn vị đã gửi lại báo cáo bị trả lại, chờ tỉnh xem: LDLD-BATRI tháng 6/2024",
        False,
    ) in [(i.text, i.done) for i in to_do(shared(ex.province), "2024-06")]


def test_a_viewer_may_not_decide(ex: Exchange) -> None:
    from desktop.services.accounts import VIEWER, SignedIn, sign_in_as
    from desktop.services.decisions import decide

    _merged_june(ex)
    sign_in_as(SignedIn("lan", "Lê Thị Lan", VIEWER))
    try:
        with pytest.raises(UserError) as caught:
            decide(shared(ex.province), UNIT, "2024-06", "accept")
    finally:
        sign_in_as(None)
    assert caught.value.message == "Tài khoản lan (Chỉ xem) không được sửa dữ liệu."
    assert ex.province_rows("SELECT COUNT(*) FROM period_decision") == [(0,)]


def test_bundle_list_shows_each_side_the_decisions(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.decisions import decide

    _merged_june(ex)
    view = decide(shared(ex.province), UNIT, "2024-06", "return", "Thiếu số liệu 1a")
    on = view.decided_at.strftime("%d/%m/%Y")
    args = parse_cli(["bundle", "list", "--db", str(ex.province)])
    assert args.handler(args) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "Quyết định về báo cáo tháng của các đơn vị:",
        f"  LDLD-BATRI – tháng 6/2024: bị trả lại ngày {on} – lý do: Thiếu số liệu 1a. "
        "Chờ đơn vị gửi lại. Chưa gửi cho đơn vị (gói biên nhận).",
    ]
    _receipts_to_office(ex, "r.udp")
    args = parse_cli(["bundle", "list", "--db", str(ex.district)])
    assert args.handler(args) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "LĐLĐ tỉnh đã xem báo cáo tháng:",
        f"  Tháng 6/2024: bị trả lại ngày {on} – lý do: Thiếu số liệu 1a. "
        "Cần sửa rồi xuất và gửi lại gói tháng 6/2024.",
    ]


def test_a_month_returned_after_a_later_one_was_sent_is_answered_by_the_next_bundle(
    ex: Exchange,
) -> None:
    from desktop.services.dashboard import to_do
    from desktop.services.decisions import decide, decisions

    _merged_june(ex)
    [july] = ex.merge(ex.export("2024-07"))
    assert july.verdict == "merged", july.message
    returned = decide(shared(ex.province), UNIT, "2024-06", "return", "Thiếu số liệu 1a")
    _receipts_to_office(ex, "r.udp")
    # June can no longer be sent (a bundle never goes back in time): the next one answers.
    assert to_do(shared(ex.district), "2024-07")[0].text == (
        "LĐLĐ tỉnh trả lại báo cáo tháng 6/2024: Thiếu số liệu 1a. Cần sửa rồi xuất gói mới "
        "(đã gửi gói tháng 7/2024 nên không gửi lại gói tháng 6/2024 được; gói mới mang toàn bộ "
        "dữ liệu, kể cả phần sửa) (màn hình Đồng bộ)"
    )
    [august] = ex.merge(ex.export("2024-08"))
    assert "Gói này trả lời báo cáo bị trả lại (tháng 6/2024)" in august.message
    [at_province] = decisions(shared(ex.province))
    assert (at_province.id, at_province.open) == (returned.id, False)
    # Answered once: September's bundle names it no more.
    [september] = ex.merge(ex.export("2024-09"))
    assert "trả lời" not in september.message


def test_the_command_s_exit_status(ex: Exchange, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.app import main

    _merged_june(ex)
    base = ["bundle", "decide", "--unit", UNIT, "--period", "2024-06", "--db", str(ex.province)]
    capsys.readouterr()
    assert main([*base, "return"]) == 1  # refused: a return needs its reason
    assert "cần lý do" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:  # accept or return, nothing else
        main([*base, "reject"])
    assert usage.value.code == 2
    capsys.readouterr()
    assert main([*base, "accept"]) == 0
    assert capsys.readouterr().out.startswith(
        "Đã ghi: báo cáo tháng 6/2024 của LDLD-BATRI đã chấp nhận."
    )


@pytest.mark.usefixtures("vietnam_clock")
def test_a_decision_is_dated_by_the_clock_of_the_pc_that_shows_it() -> None:
    """Stored in UTC: a return typed at 06:30 on 2 July in Vietnam (23:30 on 1 July UTC) is
    dated 02/07/2024 on screen and in the to-do line, not the day before."""
    from datetime import date, datetime

    from desktop.services.decisions import DecisionView, describe

    view = DecisionView(
        id="d1",
        unit_code="LDLD-BATRI",
        period="2024-06",
        decision="returned",
        reason="Thiếu danh sách kết nạp",
        decided_at=datetime(2024, 7, 1, 23, 30),
        actor="",
        sent=True,
        answered_by="",
    )
    assert view.local_day == date(2024, 7, 2)
    assert "bị trả lại ngày 02/07/2024" in describe(view, None, province=False).text
