"""The demo province: offices' bundles merged month by month, one office behind, its own records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.app import main
from desktop.store import Store

BA_TRI, KCN, GIAO_DUC = "LDLD-BATRI", "CDKCN-BENTRE", "CDGD-BENTRE"


def _rows(db: Path, sql: str, **params: object) -> list[tuple]:
    with Store(db, migrate=False) as store, store.reading() as con:
        return [tuple(row) for row in con.execute(text(sql), params)]


def test_the_province_holds_three_registered_offices_one_three_months_behind(
    demo_province: Path,
) -> None:
    from desktop.services.province_figures import latest_periods, registered_offices

    with Store(demo_province, migrate=False) as store, store.reading() as con:
        offices = registered_offices(con)
        latest = latest_periods(con)
    assert offices == [
        (GIAO_DUC, "Công đoàn ngành Giáo dục tỉnh Bến Tre"),
        (KCN, "Công đoàn các Khu công nghiệp tỉnh Bến Tre"),
        (BA_TRI, "Liên đoàn Lao động huyện Ba Tri"),
    ]
    assert latest == {BA_TRI: "2024-12", KCN: "2024-12", GIAO_DUC: "2024-09"}
    # Every month of each office merged once, in order: 12 + 12 + 9 bundles.
    ledger = _rows(
        demo_province,
        "SELECT unit_code, COUNT(*), MIN(period) FROM bundle_ledger WHERE verdict = 'merged' "
        "GROUP BY unit_code ORDER BY unit_code",
    )
    assert ledger == [(GIAO_DUC, 9, "2024-01"), (KCN, 12, "2024-01"), (BA_TRI, 12, "2024-01")]
    assert _rows(demo_province, "SELECT role, code FROM office") == [("province", "LDLD-BENTRE")]


def test_each_office_at_the_province_has_the_members_of_its_own_database(
    demo_province: Path,
) -> None:
    offices = demo_province.parent / "offices"
    count = (
        "SELECT COUNT(*) FROM member WHERE deleted_at IS NULL AND status = 'active' "
        "AND unit_code = :unit"
    )
    for code in (BA_TRI, KCN):  # up to date: their December is the office's own today
        own = _rows(offices / f"{code}.sqlite", count, unit="")[0][0]
        assert own > 20
        assert _rows(demo_province, count, unit=code) == [(own,)]
    total = "SELECT COUNT(*) FROM member WHERE deleted_at IS NULL AND unit_code = :unit"
    assert _rows(demo_province, total, unit=GIAO_DUC)[0][0] > 20


@pytest.mark.parametrize(("code", "period"), [(BA_TRI, "2024-12"), (GIAO_DUC, "2024-09")])
def test_progress_of_one_office_at_the_province_equals_its_own(
    demo_province: Path, code: str, period: str, capsys: pytest.CaptureFixture[str]
) -> None:
    office = demo_province.parent / "offices" / f"{code}.sqlite"
    args = ["progress", "--period", period, "--format", "json"]
    assert main([*args, "--db", str(office)]) == 0
    own = json.loads(capsys.readouterr().out)
    assert main([*args, "--db", str(demo_province), "--unit", code]) == 0
    there = json.loads(capsys.readouterr().out)
    assert there["unit"]["code"] == code

    def figures(report: dict) -> dict[str, tuple[float | None, float | None]]:
        # 6a, 9a and 10 are the province's own measures: an office's database has none.
        return {
            t["code"]: (t["month"], t["year_to_date"])
            for t in report["targets"]
            if t["code"] not in ("6a", "9a", "10")
        }

    assert figures(there) == figures(own)
    assert (
        figures(own)["2a"][1] or 0
    ) > 0  # members were admitted: the comparison is not of nothing


def test_the_province_keeps_its_quotas_ratings_inspections_and_its_own_activity(
    demo_province: Path,
) -> None:
    quotas = _rows(
        demo_province,
        "SELECT q.unit_code, t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
        "WHERE q.deleted_at IS NULL AND t.code IN ('2a', '1a') ORDER BY q.unit_code, t.code",
    )
    assert [(u, c) for u, c, _ in quotas] == [
        (GIAO_DUC, "1a"),
        (GIAO_DUC, "2a"),
        (KCN, "1a"),
        (KCN, "2a"),
        (BA_TRI, "1a"),
        (BA_TRI, "2a"),
        ("LDLD-BENTRE", "2a"),  # the province's own: its offices' together (a count)
    ]
    assert {v for u, c, v in quotas if c == "1a"} == {90.0}
    offices_2a = sum(v for u, c, v in quotas if c == "2a" and u != "LDLD-BENTRE")
    assert offices_2a > 0
    assert [v for u, c, v in quotas if u == "LDLD-BENTRE"] == [offices_2a]
    ratings = _rows(
        demo_province, "SELECT office_code, year FROM office_rating ORDER BY year, office_code"
    )
    assert [r for r in ratings if r[1] == 2023] == [(GIAO_DUC, 2023), (KCN, 2023), (BA_TRI, 2023)]
    assert len([r for r in ratings if r[1] == 2024]) == 2
    inspected = _rows(demo_province, "SELECT office_code, kind FROM office_inspection")
    assert inspected == [(BA_TRI, "finance"), (GIAO_DUC, "charter")]
    assert _rows(
        demo_province,
        "SELECT unit_code, title FROM activity WHERE kind = 'social_criticism' AND unit_code = ''",
    ) == [("", "Phản biện dự thảo Nghị quyết HĐND tỉnh về hỗ trợ nhà ở cho công nhân")]


def test_entered_percentages_carry_their_counts_in_the_office(demo_province: Path) -> None:
    office = demo_province.parent / "offices" / f"{BA_TRI}.sqlite"
    rows = _rows(
        office,
        "SELECT e.value, e.numerator, e.denominator FROM progress_entry e JOIN target t "
        "ON t.id = e.target_id WHERE t.code = '1a' AND e.period = '2024-12'",
    )
    assert len(rows) == 1
    value, numerator, denominator = rows[0]
    # The office's scope is everyone it generated, whatever their status now.
    assert _rows(office, "SELECT COUNT(*) FROM member") == [(denominator,)]
    assert value == round(100 * numerator / denominator, 1)


# -- uniondesk demo PATH --province, uniondesk --demo --province -----------------------------


def test_demo_province_command_replaces_an_earlier_demo_and_says_what_it_made(
    demo_province: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["demo", str(demo_province), "--province", "--offices", "2", "--members", "20"]
    assert main(argv) == 0
    said = capsys.readouterr().out.splitlines()
    assert said == [
        f"Đã tạo tỉnh mẫu tại {demo_province}: 2 đơn vị, mỗi đơn vị khoảng 20 đoàn viên, gói "
        "dữ liệu năm 2024 đã gộp từng tháng.",
        "  LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri: đến tháng 12/2024; tháng 06/2024 bị "
        "trả lại",
        "  CDKCN-BENTRE – Công đoàn các Khu công nghiệp tỉnh Bến Tre: đến tháng 09/2024 "
        "(chậm 3 tháng)",
    ]
    assert _rows(
        demo_province,
        "SELECT unit_code, MAX(period) FROM bundle_ledger GROUP BY unit_code ORDER BY unit_code",
    ) == [(KCN, "2024-09"), (BA_TRI, "2024-12")]
    assert _rows(
        demo_province,
        "SELECT unit_code, period, reason FROM period_decision WHERE decision = 'returned'",
    ) == [(BA_TRI, "2024-06", _returned_reason())]
    assert not list(demo_province.parent.glob(".uniondesk-demo-*"))  # the work folder went
    assert not list(demo_province.parent.glob("*.partial"))
    # The flaws a data-quality check finds, planted once each: one citizen ID active in two
    # offices; the behind office's 1b of January to June entered without counts (1a has them).
    twice = _rows(
        demo_province,
        "SELECT citizen_id, MIN(unit_code), MAX(unit_code) FROM member WHERE status = 'active' "
        "AND deleted_at IS NULL AND citizen_id <> '' GROUP BY citizen_id "
        "HAVING COUNT(DISTINCT unit_code) > 1",
    )
    assert [(low, high) for _, low, high in twice] == [(KCN, BA_TRI)]
    counts = _rows(
        demo_province,
        "SELECT e.period, e.numerator IS NULL FROM progress_entry e JOIN target t "
        "ON t.id = e.target_id WHERE t.code = '1b' AND e.unit_code = :unit ORDER BY e.period",
        unit=KCN,
    )
    assert counts == [(f"2024-{m:02d}", 1 if m <= 6 else 0) for m in range(1, 10)]
    assert _rows(
        demo_province,
        "SELECT COUNT(*) FROM progress_entry e JOIN target t ON t.id = e.target_id "
        "WHERE t.code = '1a' AND e.numerator IS NULL",
    ) == [(0,)]


def test_the_fixture_has_no_planted_flaws(demo_province: Path) -> None:
    assert _rows(
        demo_province,
        "SELECT COUNT(*) FROM progress_entry WHERE numerator IS NULL OR denominator IS NULL",
    ) == [(0,)]


def _returned_reason() -> str:
    from desktop.demo.province import RETURN_REASON

    return RETURN_REASON


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--offices", "1"], 1, "Tỉnh mẫu có từ 2 đến 13 đơn vị (--offices); đã cho 1."),
        (["--offices", "14"], 1, "Tỉnh mẫu có từ 2 đến 13 đơn vị (--offices); đã cho 14."),
        (["--members", "5"], 1, "Mỗi đơn vị của tỉnh mẫu cần ít nhất 20 đoàn viên (--members)"),
    ],
)
def test_demo_province_refuses_numbers_out_of_range(
    tmp_path: Path, argv: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tinh.sqlite"
    assert main(["demo", str(out), "--province", *argv]) == code
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_offices_without_province_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "huyen.sqlite"
    assert main(["demo", str(out), "--offices", "3"]) == 2
    assert "--offices chỉ dùng cùng với --province." in capsys.readouterr().err
    assert not out.exists()


def test_demo_province_never_overwrites_an_office_database(
    small_district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = small_district.read_bytes()
    assert main(["demo", str(small_district), "--province"]) == 1
    assert (
        f"Tệp {small_district} đã có và không phải cơ sở dữ liệu mẫu: không ghi đè."
        in capsys.readouterr().err
    )
    assert small_district.read_bytes() == before


def test_demo_province_over_a_file_with_accounts_needs_a_signed_in_user(
    demo_province: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.accounts import ADMIN, create_account

    with Store(demo_province) as store:
        create_account(store, "admin", "mat-khau-dai-1", ADMIN)
    before = demo_province.read_bytes()
    assert main(["demo", str(demo_province), "--province"]) == 1
    assert "có tài khoản: hãy ghi --user TÊN" in capsys.readouterr().err
    assert demo_province.read_bytes() == before


def test_province_flag_needs_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--province"]) == 2
    assert "--province chỉ dùng cùng với --demo" in capsys.readouterr().err


def test_demo_province_window_opens_the_province_made_in_the_data_folder(
    private_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.demo import province

    made: list[Path] = []
    original = province.make_demo_province

    def small(path: Path, **kwargs: object) -> None:  # the default five offices take longer
        made.append(path)
        original(path, offices=2, members=20)

    monkeypatch.setattr(province, "make_demo_province", small)
    from desktop.ui import main as gui

    opened: list[Path | str] = []
    run_gui = gui.run_gui

    def recorded(db: Path | str, **kwargs: object) -> int:
        opened.append(db)
        return run_gui(db, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(gui, "run_gui", recorded)
    shot = tmp_path / "province.png"
    assert main(["--demo", "--province", "--screenshot", str(shot)]) == 0
    assert made == [private_data_dir / "demo-province.sqlite"]
    assert opened == made
    assert _rows(made[0], "SELECT role, name FROM office") == [
        ("province", "Liên đoàn Lao động tỉnh Bến Tre")
    ]
    assert not (private_data_dir / "demo.sqlite").exists()  # the district demo is not made

    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    # A second start opens the same file: nothing is made again.
    assert main(["--demo", "--province", "--screenshot", str(shot)]) == 0
    assert len(made) == 1
    assert opened == [made[0], made[0]]


def test_a_window_start_makes_the_province_off_the_gui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from desktop import app
    from desktop.demo import province

    threads: list[threading.Thread] = []

    def small(path: Path, **kwargs: object) -> None:
        threads.append(threading.current_thread())
        path.write_bytes(b"made")

    monkeypatch.setattr(province, "make_demo_province", small)
    out = tmp_path / "tinh.sqlite"
    assert app._make_demo_province(out, interactive=True) is True
    assert out.read_bytes() == b"made"
    assert threads and threads[0] is not threading.main_thread()


def test_a_cancelled_demo_province_leaves_no_file(tmp_path: Path) -> None:
    from desktop.demo.province import make_demo_province
    from desktop.errors import Cancelled
    from desktop.progress import CancelToken

    token = CancelToken()
    token.cancel()
    out = tmp_path / "tinh.sqlite"
    with pytest.raises(Cancelled):
        make_demo_province(out, offices=2, members=20, cancel=token)
    assert list(tmp_path.iterdir()) == []


def test_the_behind_office_of_the_fixture_can_send_its_next_month(
    demo_province: Path, tmp_path: Path
) -> None:
    """The offices beside the province keep their keys in the test's keyring: a test can go on
    with the exchange (the behind office catches up with October)."""
    from desktop.services.bundles import export_bundle, process_files
    from desktop.store import shared

    office = demo_province.parent / "offices" / f"{GIAO_DUC}.sqlite"
    out = tmp_path / "giao-duc-2024-10.udb"
    export_bundle(shared(office), "2024-10", out)
    (verdict,) = process_files(shared(demo_province), [out], write=True)
    assert (verdict.verdict, verdict.unit_code, verdict.period) == ("merged", GIAO_DUC, "2024-10")
