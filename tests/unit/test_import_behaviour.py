"""What an import does to the database: dry runs, records already present, one transaction that a
Cancel or a crash undoes, mappings given and remembered, and targets counting the join month."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop.app import main
from desktop.errors import Cancelled, UserError
from desktop.importer.plan import ImportRequest
from desktop.progress import CancelToken
from desktop.store import shared
from tests.unit._import_fixtures import (
    TODAY,
    count,
    fixture_copy,
    office_with_unions,
    rows,
    run_import,
)


def test_a_dry_run_checks_everything_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = office_with_unions(tmp_path)
    audit_before = count(db_path, "audit_event")
    source = fixture_copy(tmp_path, "members.xlsx")
    assert main(["import", "members", str(source), "--db", str(db_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Thêm mới: 6 đoàn viên." in out
    assert "Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu." in out
    assert count(db_path, "member") == 0
    assert count(db_path, "audit_event") == audit_before


def _csv(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


HEAD = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào công đoàn,Công đoàn cơ sở,Điện thoại\n"


def test_members_already_present_are_left_alone_or_updated_by_choice(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    run_import(
        db_path, ImportRequest("members", fixture_copy(tmp_path, "members.xlsx"), today=TODAY)
    )
    again = _csv(
        tmp_path,
        "bo-sung.csv",
        HEAD + "nguyen van duc,Nam,05/04/1985,083085001234,12/03/2010,Trường Tiểu học An Đức,"
        "0988 111 222\n"
        "Đoàn Văn Mới,Nam,01/02/1991,083091000123,01/03/2024,Trường Tiểu học An Đức,\n",
    )
    kept = run_import(db_path, ImportRequest("members", again, today=TODAY))
    assert (kept.added, kept.updated, kept.kept) == (1, 0, 1)
    assert kept.summary[1:4] == (
        "Thêm mới: 1 đoàn viên.",
        "Giữ nguyên (đã có, không cập nhật): 1 đoàn viên.",
        "  nguyen van duc (dòng 2)",
    )
    assert rows(db_path, "SELECT full_name, phone FROM member WHERE citizen_id='083085001234'") == [
        ("Nguyễn Văn Đức", "0913456789")
    ]

    again.write_text(
        HEAD + "Nguyễn Văn Đức,Nam,05/04/1985,083085001234,12/03/2010,Trường Tiểu học An Đức,"
        "0988 111 222\n",
        encoding="utf-8",
    )
    updated = run_import(
        db_path, ImportRequest("members", again, update_existing=True, today=TODAY)
    )
    assert (updated.added, updated.updated) == (0, 1)
    assert updated.summary[2:4] == ("Cập nhật: 1 đoàn viên đã có.", "  Nguyễn Văn Đức (dòng 2)")
    assert rows(
        db_path, "SELECT full_name, birth_date, phone FROM member WHERE citizen_id='083085001234'"
    ) == [("Nguyễn Văn Đức", "1985-04-05", "0988 111 222")]
    assert count(db_path, "member") == 7
    assert count(db_path, "member_event") == 7  # an update is not an admission


def test_an_update_never_writes_over_another_person_or_moves_a_member(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    run_import(
        db_path, ImportRequest("members", fixture_copy(tmp_path, "members.xlsx"), today=TODAY)
    )
    with pytest.raises(UserError) as refused:
        run_import(
            db_path,
            ImportRequest(
                "members",
                fixture_copy(tmp_path, "members-gender.xls"),
                update_existing=True,
                today=TODAY,
            ),
        )
    assert (
        "Trang tính «Sheet1», dòng 5, cột «Họ tên»: Số CCCD 001192004321 trong cơ sở dữ liệu là của "
        "Lê Thị Ánh, tệp lại ghi Lê Thị Mai." in refused.value.message
    )
    moved = _csv(
        tmp_path,
        "chuyen.csv",
        HEAD + "Nguyễn Văn Đức,Nam,05/04/1985,083085001234,12/03/2010,CĐCS Hợp tác xã Dừa Tân "
        "Xuân,\n",
    )
    with pytest.raises(
        UserError,
        match="đang sinh hoạt ở «CĐCS Trường Tiểu học An Đức», không "
        "phải «CĐCS Hợp tác xã Dừa Tân Xuân»",
    ):
        run_import(db_path, ImportRequest("members", moved, update_existing=True, today=TODAY))
    assert rows(db_path, "SELECT full_name FROM member WHERE citizen_id='001192004321'") == [
        ("Lê Thị Ánh",)
    ]


def test_cancel_while_writing_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    from desktop.services.importing import apply, check
    from desktop.store import Store

    db_path = office_with_unions(tmp_path)
    token = CancelToken()
    audit_before = count(db_path, "audit_event")

    def press_cancel_once_writing(fraction: float, _text: str) -> None:
        if fraction >= 0.95:  # the members are in, the events are going in
            token.cancel()

    with Store(db_path) as store, pytest.raises(Cancelled):
        request = ImportRequest("members", fixture_copy(tmp_path, "members.xlsx"), today=TODAY)
        apply(store, check(store, request), press_cancel_once_writing, token)
    assert count(db_path, "member") == 0
    assert count(db_path, "member_event") == 0
    assert count(db_path, "audit_event") == audit_before


def test_a_crash_midway_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.importer import write

    db_path = office_with_unions(tmp_path)
    calls = []
    real = write._in_batches

    def crash_on_events(conn, table, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(table.name)
        if table.name == "member_event":
            raise OSError("mất điện")
        return real(conn, table, *args, **kwargs)

    monkeypatch.setattr(write, "_in_batches", crash_on_events)
    with pytest.raises(OSError):
        run_import(
            db_path, ImportRequest("members", fixture_copy(tmp_path, "members.xlsx"), today=TODAY)
        )
    assert calls == ["member", "member_event"]
    assert count(db_path, "member") == 0


UNUSUAL = (
    "Tên người,Phái tính,Sinh ngày,Giấy tờ,Vào CĐ ngày,Nơi sinh hoạt\n"
    "Nguyễn Văn Đức,Nam,05/04/1985,083085001234,12/03/2010,Trường Tiểu học An Đức\n"
)


def test_a_mapping_file_names_the_columns_and_the_office_remembers_it(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    source = _csv(tmp_path, "la.csv", UNUSUAL)
    mapping = tmp_path / "ghep-cot.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {
                    "Tên người": "full_name",
                    "Phái tính": "gender",
                    "D": "citizen_id",
                    "Vào CĐ ngày": "joined_on",
                }
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=re.escape("chưa có cột «Họ và tên, Giới tính (Nam/Nữ)»")):
        run_import(db_path, ImportRequest("members", source, today=TODAY))
    run_import(db_path, ImportRequest("members", source, mapping_file=mapping, today=TODAY))
    assert rows(db_path, SQL_ONE) == [("Nguyễn Văn Đức", "083085001234", "2010-03-12")]

    # The next file laid out the same way needs no mapping file: the office's choice is kept.
    second = _csv(
        tmp_path,
        "lb.csv",
        UNUSUAL.replace("Nguyễn Văn Đức", "Nguyễn Văn Đạt").replace("083085001234", "083085001299"),
    )
    run_import(db_path, ImportRequest("members", second, today=TODAY))
    assert count(db_path, "member") == 2
    assert rows(db_path, "SELECT kind, header_key, field FROM import_mapping ORDER BY 2") == [
        ("members", "giay to", "citizen_id"),
        ("members", "phai tinh", "gender"),
        ("members", "ten nguoi", "full_name"),
        ("members", "vao cd ngay", "joined_on"),
    ]


SQL_ONE = "SELECT full_name, citizen_id, joined_on FROM member ORDER BY rowid"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"columns": {"Tên người": "ho_ten"}}',
            "«ho_ten» không phải trường của danh sách đoàn viên",
        ),
        ('{"cot": {}}', "không đọc được: cần JSON dạng"),
        (
            '{"columns": {"Cột lạ": "full_name"}}',
            r"không có cột «Cột lạ» ở dòng tiêu đề \(dòng 1\)",
        ),
    ],
)
def test_a_wrong_mapping_file_is_refused_naming_what_is_wrong(
    tmp_path: Path, content: str, message: str
) -> None:
    db_path = office_with_unions(tmp_path)
    mapping = tmp_path / "ghep-cot.json"
    mapping.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        run_import(
            db_path,
            ImportRequest("members", _csv(tmp_path, "la.csv", UNUSUAL), mapping_file=mapping),
        )


def test_imported_members_count_in_the_month_they_joined(tmp_path: Path) -> None:
    from desktop.services.progress import progress_for

    db_path = office_with_unions(tmp_path)
    run_import(
        db_path, ImportRequest("members", fixture_copy(tmp_path, "members.xlsx"), today=TODAY)
    )
    new_members = {
        period: next(t for t in progress_for(shared(db_path), period).targets if t.code == "2a")
        for period in ("2024-01", "2024-02", "2024-03")
    }
    # Phạm Văn Bình (joined "2024": 01/01) and Hồ Thị Thủy (15/01) in January, Võ Văn An in February.
    assert [(p, t.month, t.year_to_date) for p, t in new_members.items()] == [
        ("2024-01", 2, 2),
        ("2024-02", 1, 3),
        ("2024-03", 0, 3),
    ]


def test_a_union_update_keeps_what_the_file_does_not_say(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    short = _csv(
        tmp_path,
        "cdcs.csv",
        "Tên công đoàn cơ sở,Tổng số lao động\ntrường tiểu học an đức,36\nCĐCS Trường Mầm non "
        "Hoa Sen,20\n",
    )
    outcome = run_import(db_path, ImportRequest("unions", short, update_existing=True, today=TODAY))
    assert (outcome.added, outcome.updated) == (1, 1)
    assert rows(
        db_path,
        "SELECT name, sector, employer_type, commune_code, workforce_total, chair_name "
        "FROM grassroots_union WHERE name LIKE '%An Đức' OR name LIKE '%Hoa Sen' ORDER BY rowid",
    ) == [
        ("CĐCS Trường Tiểu học An Đức", "state", "school", "29110", 36, "Nguyễn Thị Hòa"),
        # a new union's sector and type come from its name when the file does not say
        ("CĐCS Trường Mầm non Hoa Sen", "state", "school", "", 20, ""),
    ]


def test_an_id_that_belongs_to_someone_else_is_refused_even_when_left_alone(
    tmp_path: Path,
) -> None:
    db_path = office_with_unions(tmp_path)
    run_import(
        db_path, ImportRequest("members", fixture_copy(tmp_path, "members.xlsx"), today=TODAY)
    )
    with pytest.raises(UserError) as refused:
        run_import(
            db_path,
            ImportRequest("members", fixture_copy(tmp_path, "members-gender.xls"), today=TODAY),
        )
    assert (
        "dòng 5, cột «Họ tên»: Số CCCD 001192004321 trong cơ sở dữ liệu là của Lê Thị Ánh, "
        "tệp lại ghi Lê Thị Mai." in refused.value.message
    )


def test_ids_added_later_fill_in_the_members_entered_without_one(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    no_id = _csv(
        tmp_path,
        "chua-co-cccd.csv",
        HEAD + "Nguyễn Văn Tám,Nam,05/04/1985,,12/03/2010,Trường Tiểu học An Đức,\n",
    )
    run_import(db_path, ImportRequest("members", no_id, today=TODAY))
    with_id = _csv(
        tmp_path,
        "co-cccd.csv",
        HEAD + "Nguyễn Văn Tám,Nam,05/04/1985,083085001234,12/03/2010,Trường Tiểu học An Đức,\n",
    )
    kept = run_import(db_path, ImportRequest("members", with_id, today=TODAY))
    assert (kept.added, kept.kept) == (0, 1)
    updated = run_import(
        db_path, ImportRequest("members", with_id, update_existing=True, today=TODAY)
    )
    assert (updated.added, updated.updated) == (0, 1)
    assert rows(db_path, "SELECT full_name, citizen_id FROM member") == [
        ("Nguyễn Văn Tám", "083085001234")
    ]
    assert count(db_path, "member_event") == 1  # one admission: target 2a counts one person


def test_a_bare_year_never_overwrites_a_full_date(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    exact = _csv(
        tmp_path,
        "du.csv",
        HEAD + "Nguyễn Văn Tám,Nam,05/04/1985,083085001234,12/03/2010,Trường Tiểu học An Đức,\n",
    )
    run_import(db_path, ImportRequest("members", exact, today=TODAY))
    year_only = _csv(
        tmp_path,
        "nam.csv",
        HEAD + "Nguyễn Văn Tám,Nam,1985,083085001234,12/03/2010,Trường Tiểu học An Đức,"
        "0988 111 222\n",
    )
    run_import(db_path, ImportRequest("members", year_only, update_existing=True, today=TODAY))
    assert rows(db_path, "SELECT birth_date, phone FROM member") == [("1985-04-05", "0988 111 222")]


def test_a_new_chair_from_a_file_starts_without_the_old_chairs_dates(tmp_path: Path) -> None:
    from desktop.services.unions import union_detail

    db_path = office_with_unions(tmp_path)
    with __import__("sqlite3").connect(db_path) as con:
        con.execute(
            "UPDATE grassroots_union SET chair_elected_on = '2023-06-25', "
            "chair_trained_on = '2023-09-13' WHERE name = 'CĐCS Trường Tiểu học An Đức'"
        )
    chair = _csv(
        tmp_path,
        "chu-tich.csv",
        "Tên CĐCS,Chủ tịch CĐCS,Lao động nữ\nTrường Tiểu học An Đức,Lê Văn Mới,30\n"
        "CĐCS Hợp tác xã Dừa Tân Xuân,Phạm Thị Ân,50\n",
    )
    with pytest.raises(
        UserError,
        match=r"dòng 3, cột «Lao động nữ»: Số lao động nữ \(50\) lớn "
        r"hơn tổng số lao động \(40\)",
    ):
        run_import(db_path, ImportRequest("unions", chair, update_existing=True, today=TODAY))
    chair.write_text(
        "Tên CĐCS,Chủ tịch CĐCS,Lao động nữ\nTrường Tiểu học An Đức,Lê Văn Mới,30\n",
        encoding="utf-8",
    )
    run_import(db_path, ImportRequest("unions", chair, update_existing=True, today=TODAY))
    assert rows(
        db_path,
        "SELECT id, chair_name, chair_elected_on, chair_trained_on, workforce_women "
        "FROM grassroots_union WHERE name = 'CĐCS Trường Tiểu học An Đức'",
    )[0][1:] == ("Lê Văn Mới", None, None, 30)
    union_id = rows(db_path, "SELECT id FROM grassroots_union WHERE name LIKE '%An Đức'")[0][0]
    detail = union_detail(shared(db_path), str(union_id))
    assert detail is not None
    # The old chair's election stays in the history, not on the new chair.
    assert ("2023-06-25", "Bầu chủ tịch Nguyễn Thị Hòa (nhiệm kỳ trước)") in [
        (str(item.on), item.text) for item in detail.history
    ]


def _older_database(tmp_path: Path) -> Path:
    """A file from a release before the last migrations, with an office, unions and members."""
    import sqlite3

    path = tmp_path / "older.sqlite"
    schema = Path(__file__).resolve().parent.parent / "fixtures" / "schema"
    with sqlite3.connect(path) as con:
        con.executescript((schema / "0003_import_mapping.sql").read_text(encoding="utf-8"))
    return path


def test_a_dry_run_never_changes_an_older_database(tmp_path: Path) -> None:
    import hashlib

    from desktop.migrations import HEAD as NEWEST
    from desktop.store.schema import schema_revision

    db_path = _older_database(tmp_path)
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    sheet = _csv(
        tmp_path,
        "moi.csv",
        HEAD + "Đoàn Văn Mới,Nam,01/02/1991,083091000123,01/03/2024,Trường THCS An Đức,\n",
    )
    outcome = run_import(db_path, ImportRequest("members", sheet, today=TODAY), dry_run=True)
    assert outcome.added == 1 and not outcome.written
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert schema_revision(db_path) == "0003_import_mapping" != NEWEST


def test_a_birth_year_alone_finds_the_member_already_there(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    exact = _csv(
        tmp_path, "du.csv", HEAD + "Võ Văn Tư,Nam,05/04/1985,,12/03/2010,Trường Tiểu học An Đức,\n"
    )
    run_import(db_path, ImportRequest("members", exact, today=TODAY))
    year = _csv(
        tmp_path, "nam.csv", HEAD + "Võ Văn Tư,Nam,1985,,12/03/2010,Trường Tiểu học An Đức,\n"
    )
    outcome = run_import(db_path, ImportRequest("members", year, today=TODAY))
    assert (outcome.added, outcome.kept) == (0, 1)
    assert count(db_path, "member") == 1


def test_blank_cells_of_a_union_update_keep_what_it_holds(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    sheet = _csv(
        tmp_path,
        "cdcs.csv",
        "Tên CĐCS,Chủ tịch CĐCS,Địa chỉ,Điện thoại,Số lao động,Ghi chú\n"
        "Trường Tiểu học An Đức,,,,40,\n",
    )
    run_import(db_path, ImportRequest("unions", sheet, update_existing=True, today=TODAY))
    assert rows(
        db_path,
        "SELECT chair_name, workforce_total FROM grassroots_union WHERE name LIKE '%Học An Đức'",
    ) == [("Nguyễn Thị Hòa", 40)]


def test_a_csv_named_with_brackets_still_gets_its_error_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db_path = office_with_unions(tmp_path)
    sheet = _csv(
        tmp_path,
        "DS doan vien [T1-2024].csv",
        HEAD + "Võ Văn Tư,Nam,31/02/1985,,12/03/2010,Trường Tiểu học An Đức,\n",
    )
    with pytest.raises(UserError, match="không có thật"):
        run_import(db_path, ImportRequest("members", sheet, today=TODAY))
    book = load_workbook(tmp_path / "DS doan vien [T1-2024]-loi.xlsx")
    assert book.sheetnames == ["DS doan vien -T1-2024-"]


def test_a_semicolon_csv_the_sniffer_gives_up_on(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    sheet = tmp_path / "cham-phay.csv"
    # A title, an empty line of separators, and a quoted last field holding semicolons.
    sheet.write_bytes(
        "\ufeffDANH SÁCH ĐOÀN VIÊN;;;;;\r\n;;;;;\r\n"
        "Họ và tên;Giới tính;Ngày sinh;Ngày vào công đoàn;Công đoàn cơ sở;Ghi chú\r\n"
        'Võ Văn Tư;Nam;05/04/1985;12/03/2010;Trường Tiểu học An Đức;"Ấp 1; xã An Đức"\r\n'
        'Lê Thị Năm;Nữ;05/04/1986;12/03/2011;Trường Tiểu học An Đức;"Tổ 2; khối 5"\r\n'.encode()
    )
    outcome = run_import(db_path, ImportRequest("members", sheet, today=TODAY))
    assert outcome.added == 2
    assert rows(db_path, "SELECT note FROM member ORDER BY rowid") == [
        ("Ấp 1; xã An Đức",),
        ("Tổ 2; khối 5",),
    ]


def test_a_refused_import_never_changes_an_older_database(tmp_path: Path) -> None:
    import hashlib

    db_path = _older_database(tmp_path)
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    sheet = _csv(
        tmp_path,
        "sai.csv",
        HEAD + "Đoàn Văn Mới,Nam,31/02/1991,083091000123,01/03/2024,Trường THCS An Đức,\n",
    )
    with pytest.raises(UserError, match="không có thật"):
        run_import(db_path, ImportRequest("members", sheet, today=TODAY))
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_the_summary_groups_its_counts_as_offices_read_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = office_with_unions(tmp_path)
    lines = ["Họ và tên,Giới tính,Ngày sinh,Ngày vào công đoàn,Công đoàn cơ sở"]
    lines += [
        f"Nguyễn Văn Số {n},Nam,01/01/1990,01/01/2020,CĐCS Trường Tiểu học An Đức"
        for n in range(1, 1501)
    ]
    source = _csv(tmp_path, "nhieu.csv", "\n".join(lines) + "\n")
    assert main(["import", "members", str(source), "--db", str(db_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Đọc 1.500 dòng dữ liệu ở trang tính «nhieu» (dòng tiêu đề: 1)." in out
    assert "Thêm mới: 1.500 đoàn viên." in out


def test_communes_of_an_office_without_a_district_come_from_its_province(
    tmp_path: Path,
) -> None:
    from desktop.services.office import init_office
    from desktop.services.office_settings import update_settings

    db_path = tmp_path / "cdn.sqlite"
    init_office(
        shared(db_path),
        role="district",
        unit_code="CDN-GD",
        unit_name="Công đoàn ngành Giáo dục",
        kind="sector_union",
    )
    source = _csv(
        tmp_path,
        "cdcs.csv",
        'Tên công đoàn cơ sở,"Xã, phường"\nCĐCS Trường THCS An Điền,Xã An Điền\n'
        "CĐCS Trường Tiểu học Phú Lễ,Xã Phú Lễ\nCĐCS Trường Mầm non Sao Mai,Xã Sao Hỏa\n",
    )
    with pytest.raises(UserError) as no_area:
        run_import(db_path, ImportRequest("unions", source, today=TODAY))
    assert no_area.value.message == (
        f"Tệp {source}: Đơn vị trong {db_path} chưa khai báo tỉnh hoặc huyện nên chưa đối chiếu "
        "được cột «Xã, phường». Khai báo ở Tệp → Thông tin đơn vị, hoặc «uniondesk office set "
        f"--province-code MÃ --db {db_path}» (ví dụ 86 là tỉnh Vĩnh Long; đơn vị còn mã huyện "
        "trước sắp xếp 2025 thì --district-code, ví dụ 836 là huyện Ba Tri), rồi nhập lại; hoặc "
        "bỏ cột này khi ghép cột."
    )
    update_settings(shared(db_path), {"province_code": "86"})
    with pytest.raises(UserError) as unknown:
        run_import(db_path, ImportRequest("unions", source, today=TODAY))
    assert unknown.value.message.splitlines()[1] == (
        "Trang tính «cdcs», dòng 4, cột «Xã, phường»: Xã, phường «Xã Sao Hỏa» không có trong "
        "danh mục xã, phường của tỉnh từ 01/7/2025 (kể cả tên trước sắp xếp)."
    )
    assert count(db_path, "grassroots_union") == 0
    source.write_text(source.read_text(encoding="utf-8").rsplit("\n", 2)[0] + "\n", "utf-8")
    assert run_import(db_path, ImportRequest("unions", source, today=TODAY)).added == 2
    # Old names of Vĩnh Long's communes (Bến Tre's before 01/7/2025) lead to their successors:
    # Xã An Điền (29209, Thạnh Phú) → Xã Thạnh Hải 29221, Xã Phú Lễ (29146, Ba Tri) → Xã Tân
    # Xuân 29137.
    assert rows(db_path, "SELECT name, commune_code FROM grassroots_union ORDER BY rowid") == [
        ("CĐCS Trường THCS An Điền", "29221"),
        ("CĐCS Trường Tiểu học Phú Lễ", "29137"),
    ]
