"""`uniondesk programme new|show|template|import` as scripts call them, and the programme package
that carries the province's own programme to an office."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.app import main
from desktop.programme.authoring import programme_of
from desktop.services.bundles import process_files
from desktop.services.office import init_office
from desktop.store import shared
from desktop.sync.province.packages import export_package
from tests.unit._sync_fixtures import DISTRICT, Exchange, memory_keyring, no_passphrase

__all__ = ["memory_keyring"]


@pytest.fixture
def province(tmp_path: Path) -> Path:
    path = tmp_path / "tinh.sqlite"
    init_office(
        shared(path), role="province", unit_code="LDLD-BENTRE", unit_name="LĐLĐ tỉnh Bến Tre"
    )
    return path


@pytest.fixture
def any_province(db_target: str) -> str:
    """A province on each store: its file, then a PostgreSQL database."""
    init_office(
        shared(db_target), role="province", unit_code="LDLD-BENTRE", unit_name="LĐLĐ tỉnh Bến Tre"
    )
    return db_target


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _tables(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as con:
        return [
            *con.execute("SELECT * FROM programme ORDER BY year"),
            *con.execute("SELECT * FROM target ORDER BY programme_id, code"),
            *con.execute("SELECT * FROM task_area ORDER BY programme_id, number"),
        ]


def test_new_copies_an_earlier_year_and_show_prints_it(
    any_province: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = any_province
    code, out, _ = _run(capsys, "programme", "new", "--year", "2026", "--from", "2024", "--db", db)
    assert code == 0
    assert out == (
        "Đã lập Chương trình công tác công đoàn năm 2026 (20 chỉ tiêu, 10 nhiệm vụ), chép từ "
        "chương trình năm 2024. Sửa chỉ tiêu bằng «uniondesk programme template» và «programme "
        "import», hoặc màn hình Chỉ tiêu.\n"
    )
    code, made, _ = _run(
        capsys, "programme", "show", "--year", "2026", "--format", "json", "--db", db
    )
    assert code == 0
    code, source, _ = _run(
        capsys, "programme", "show", "--year", "2024", "--format", "json", "--db", db
    )
    expected = json.loads(source)
    expected.update(year=2026, title="Chương trình công tác công đoàn năm 2026")
    assert json.loads(made) == expected
    assert len(expected["targets"]) == 20

    code, text, _ = _run(capsys, "programme", "show", "--year", "2026", "--db", db)
    lines = text.splitlines()
    assert lines[:2] == ["Chương trình công tác công đoàn năm 2026", "Số: 02/CTr-LĐLĐ"]
    at = lines.index("2a. Phát triển mới đoàn viên")
    assert lines[at + 1 : at + 3] == [
        "    Chỉ tiêu tỉnh: 9.000 (tối thiểu 9.000, tối đa —); đơn vị: Số lượng; phạm vi: "
        "CĐ cấp trên cơ sở; nhịp: Tăng dần trong năm",
        "    Cách tính: Đoàn viên kết nạp mới, kết nạp lại trong kỳ [mã cách tính: new_members]",
    ]
    first = next(i for i, line in enumerate(lines) if line.startswith("1a. Đoàn viên"))
    assert lines[first + 2] == "    Cách tính: nhập tay hằng tháng"
    assert "7. Công tác nữ công công đoàn" in lines

    code, _, err = _run(capsys, "programme", "new", "--year", "2026", "--db", db)
    assert code == 1 and err.startswith("Đã có chương trình công tác năm 2026: không tạo lại.")
    code, _, err = _run(capsys, "programme", "show", "--year", "2031", "--db", db)
    assert code == 1 and err.startswith("Chưa có chương trình công tác năm 2031")
    with pytest.raises(SystemExit) as exc:
        main(["programme", "new", "--db", db])
    assert exc.value.code == 2


def test_a_filled_template_imports_and_shows(
    province: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, out = str(province), tmp_path / "mau-2026.xlsx"
    code, said, _ = _run(
        capsys, "programme", "template", "--year", "2026", "--out", str(out), "--db", db
    )
    assert code == 0
    assert said == (
        f"Đã ghi {out}: mẫu chương trình năm 2026 (điền sẵn chương trình năm 2024 làm ví dụ, "
        "20 chỉ tiêu, 10 nhiệm vụ).\n"
    )
    book = load_workbook(out)
    assert book["Chương trình"]["B3"].value == "Chương trình công tác công đoàn năm 2026"
    assert book["Chương trình"]["A6"].value.startswith("Điền sẵn theo chương trình năm 2024")
    sheet = book["Chỉ tiêu"]
    sheet["B4"] = "Kết nạp đoàn viên mới"
    sheet["H6"], sheet["I6"] = "25", 25  # 3a
    sheet["F21"], sheet["G21"] = "members_dated", "field=smartca_installed_on"  # 11
    book.save(out)
    code, said, _ = _run(capsys, "programme", "import", str(out), "--year", "2026", "--db", db)
    assert code == 0 and said == "Đã nhập năm 2026 từ mau-2026.xlsx: 20 chỉ tiêu, 10 nhiệm vụ.\n"
    code, text, _ = _run(capsys, "programme", "show", "--year", "2026", "--db", db)
    assert (
        "    Cách tính: Số đoàn viên có ngày đã chọn nằm trong kỳ (ngày: ngày cài đặt chữ ký số "
        "SmartCA) [mã cách tính: members_dated]"
    ) in text.splitlines()
    code, shown, _ = _run(
        capsys, "programme", "show", "--year", "2026", "--format", "json", "--db", db
    )
    targets = {t["code"]: t for t in json.loads(shown)["targets"]}
    assert targets["2a"]["name"] == "Kết nạp đoàn viên mới"
    assert (targets["3a"]["province_value"], targets["3a"]["min"]) == ("25", 25)
    assert (targets["11"]["metric"], targets["11"]["measure"]) == (
        "members_dated",
        {"field": "smartca_installed_on"},
    )
    # Importing the shown JSON again replaces the year with itself.
    again = tmp_path / "ct-2026.json"
    again.write_text(shown, encoding="utf-8")
    code, said, _ = _run(capsys, "programme", "import", str(again), "--year", "2026", "--db", db)
    assert code == 0
    assert (
        said == "Đã thay chương trình đã có năm 2026 từ ct-2026.json: 20 chỉ tiêu, 10 nhiệm vụ.\n"
    )
    code, _, err = _run(capsys, "programme", "import", str(again), "--year", "2027", "--db", db)
    assert (code, err) == (
        1,
        "Tệp ct-2026.json là chương trình năm 2026, không phải năm 2027: sửa «year» trong tệp "
        "hoặc ghi --year 2026.\n",
    )


def test_a_workbook_with_bad_cells_changes_nothing(
    province: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, out = str(province), tmp_path / "mau-2026.xlsx"
    assert main(["programme", "new", "--year", "2026", "--db", db]) == 0
    assert main(["programme", "template", "--year", "2026", "--out", str(out), "--db", db]) == 0
    before = _tables(province)
    book = load_workbook(out)
    sheet = book["Chỉ tiêu"]
    sheet["I4"] = "chín nghìn"  # 2a's min
    sheet["D2"] = "Tính tự động"  # 1a's method
    sheet["A14"] = "7"  # 9a's code, as 7's
    book.save(out)
    capsys.readouterr()
    code, said, err = _run(capsys, "programme", "import", str(out), "--year", "2026", "--db", db)
    assert (code, said) == (1, "")
    assert err.splitlines() == [
        "Tệp mau-2026.xlsx: chưa nhập chương trình năm 2026, 3 ô cần sửa (không có gì thay đổi):",
        "- Trang «Chỉ tiêu», dòng 2, cột D («Cách tính»): «Tính tự động» không có trong danh "
        "sách (Tính từ hồ sơ, Nhập tay)",
        "- Trang «Chỉ tiêu», dòng 4, cột I («Tối thiểu»): «chín nghìn» không phải là số; ghi ví "
        "dụ 450 hoặc 92,5",
        "- Trang «Chỉ tiêu», dòng 14, cột A («Mã»): mã «7» trùng với dòng 13",
    ]
    assert _tables(province) == before
    code, _, err = _run(
        capsys, "programme", "import", str(tmp_path / "ct.csv"), "--year", "2026", "--db", db
    )
    assert (code, err) == (1, f"Không tìm thấy tệp {tmp_path / 'ct.csv'}.\n")
    (tmp_path / "ct.csv").write_text("code,name\n", encoding="utf-8")
    code, _, err = _run(
        capsys, "programme", "import", str(tmp_path / "ct.csv"), "--year", "2026", "--db", db
    )
    assert (code, err) == (
        1,
        "Tệp ct.csv: chỉ nhập được bảng tính .xlsx (theo mẫu) hoặc tệp chương trình .json.\n",
    )
    assert _tables(province) == before


def _take(ex: Exchange, path: Path):  # type: ignore[no-untyped-def]
    return process_files(shared(ex.district), [path], write=True, passphrase=no_passphrase)[0]


def _district_targets(ex: Exchange) -> dict[str, str]:
    with closing(sqlite3.connect(ex.district)) as con:
        return dict(
            con.execute(
                "SELECT t.code, t.id FROM target t JOIN programme p ON p.id = t.programme_id "
                "WHERE p.year = 2026 AND t.deleted_at IS NULL"
            ).fetchall()
        )


def test_the_programme_package_carries_the_province_programme_and_a_correction_replaces_it(
    tmp_path: Path,
    memory_keyring,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    ex = Exchange(tmp_path)
    assert (
        main(["programme", "new", "--year", "2026", "--from", "2024", "--db", str(ex.province)])
        == 0
    )
    first = tmp_path / "ct-2026-1.udp"
    export_package(
        shared(ex.province), "programme", DISTRICT[0], first, year=2026, passphrase=no_passphrase
    )
    taken = _take(ex, first)
    assert (taken.verdict, taken.message) == (
        "accepted",
        "Đã nhận gói chương trình số 1 của LDLD-BENTRE. Chương trình năm 2026: 20 chỉ tiêu.",
    )
    assert programme_of(shared(ex.district), 2026) == programme_of(shared(ex.province), 2026)
    ids = _district_targets(ex)

    # The province corrects two quotas and sends the programme again.
    shown = tmp_path / "ct-2026.json"
    capsys.readouterr()
    assert (
        main(["programme", "show", "--year", "2026", "--format", "json", "--db", str(ex.province)])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    for target in data["targets"]:
        if target["code"] == "2a":
            target.update(province_value="9.800", min=9800)
        if target["code"] == "7":
            target.update(province_value="35", min=35)
    shown.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert (
        main(["programme", "import", str(shown), "--year", "2026", "--db", str(ex.province)]) == 0
    )
    second = tmp_path / "ct-2026-2.udp"
    export_package(
        shared(ex.province), "programme", DISTRICT[0], second, year=2026, passphrase=no_passphrase
    )
    assert _take(ex, second).verdict == "accepted"
    held = programme_of(shared(ex.district), 2026)
    assert held == programme_of(shared(ex.province), 2026)
    assert held is not None
    assert {
        t.code: (t.province_value, t.value_min) for t in held.targets if t.code in ("2a", "7")
    } == {
        "2a": ("9.800", 9800.0),
        "7": ("35", 35.0),
    }
    assert _district_targets(ex) == ids  # the office's rows kept: its quotas and entries stay


def test_a_template_without_a_database_takes_the_shipped_programme_as_its_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mau-2027.xlsx"
    code, said, _ = _run(capsys, "programme", "template", "--year", "2027", "--out", str(out))
    assert code == 0
    assert said == (
        f"Đã ghi {out}: mẫu chương trình năm 2027 (điền sẵn chương trình năm 2024 làm ví dụ, "
        "20 chỉ tiêu, 10 nhiệm vụ).\n"
    )
    assert load_workbook(out)["Chương trình"]["B1"].value == 2027
    code, _, err = _run(capsys, "programme", "template", "--year", "2027", "--out", str(out))
    assert (code, err) == (1, f"Tệp {out} đã có; chọn tên khác (không ghi đè).\n")


def test_an_office_does_not_author_a_programme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The programme comes down in the province's signed package; one an office wrote itself
    # would make it refuse that package later.
    from desktop.app import main
    from desktop.services.office import init_office

    office = tmp_path / "huyen.sqlite"
    init_office(
        shared(office), role="district", unit_code="LDLD-BATRI", unit_name="LĐLĐ huyện Ba Tri"
    )
    refusal = (
        f"{office} là cơ sở dữ liệu của đơn vị cấp trên cơ sở: chương trình công tác do LĐLĐ tỉnh "
        "lập và gửi xuống trong gói chương trình có chữ ký."
    )
    assert main(["programme", "new", "--year", "2026", "--from", "2024", "--db", str(office)]) == 1
    assert refusal in capsys.readouterr().err
    missing = tmp_path / "khong-co.json"  # refused before the file is read
    assert main(["programme", "import", str(missing), "--year", "2026", "--db", str(office)]) == 1
    assert refusal in capsys.readouterr().err
