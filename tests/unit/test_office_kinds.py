"""The kind of office (`init --office-kind`, `office set --office-kind`), and an office with no
district that names its province of the 2025 list: values stored in English, said in Vietnamese,
refusals that name the kinds one may choose."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop.app import main
from desktop.errors import UserError
from desktop.services.office import init_office
from desktop.services.office_kinds import kind_label, kinds_for
from desktop.services.office_settings import read_settings, settings_lines, update_settings
from desktop.services.unions import office_area
from desktop.store import shared


def _init(db: Path, *extra: str, role: str = "district") -> int:
    name = "Công đoàn ngành Giáo dục tỉnh Vĩnh Long"
    argv = ["init", "--db", str(db), "--role", role, "--unit-code", "CDN-GD"]
    return main([*argv, "--unit-name", name, *extra])


def _office(db: Path) -> tuple:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(
            "SELECT kind, kind_name, district_code, province_code, place_name, parent_body "
            "FROM office"
        ).fetchone()


def test_the_kinds_an_office_may_choose_with_their_labels() -> None:
    assert [(k, kind_label(k)) for k in kinds_for("district")] == [
        ("district_federation", "Liên đoàn Lao động cấp huyện"),
        ("sector_union", "Công đoàn ngành"),
        ("industrial_zones_union", "Công đoàn các Khu công nghiệp/Khu kinh tế"),
        ("other_upper_union", "Công đoàn cấp trên khác do tỉnh quy định"),
    ]
    assert [(k, kind_label(k)) for k in kinds_for("province")] == [
        ("province_federation", "Liên đoàn Lao động tỉnh, thành phố")
    ]
    assert kind_label("other_upper_union", "Công đoàn Viên chức tỉnh") == "Công đoàn Viên chức tỉnh"


def test_a_sector_union_without_a_district_names_its_province(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "gd.sqlite"
    assert _init(db, "--office-kind", "sector_union", "--province-code", "86") == 0
    out = capsys.readouterr().out
    assert "Loại đơn vị: Công đoàn ngành." in out
    assert (
        "Theo mã tỉnh 86: địa danh «Vĩnh Long», cơ quan cấp trên «LĐLĐ tỉnh Vĩnh Long» (sửa "
        "bằng uniondesk office set)." in out
    )
    assert _office(db) == ("sector_union", "", "", "86", "Vĩnh Long", "LĐLĐ tỉnh Vĩnh Long")
    area, communes = office_area(shared(db))
    assert area == "tỉnh Vĩnh Long" and len(communes) == 124
    assert main(["office", "show", "--db", str(db)]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[:7] == [
        "Mã đơn vị: CDN-GD (district)",
        "Loại đơn vị: Công đoàn ngành",
        "Tên đơn vị: Công đoàn ngành Giáo dục tỉnh Vĩnh Long",
        "Cơ quan cấp trên: LĐLĐ tỉnh Vĩnh Long",
        "Địa danh: Vĩnh Long",
        "Mã huyện (danh mục hành chính): (trống)",
        "Mã tỉnh (danh mục từ 01/7/2025): 86 (Tỉnh Vĩnh Long)",
    ]


def test_a_district_office_keeps_the_kind_used_until_now(tmp_path: Path) -> None:
    db = tmp_path / "batri.sqlite"
    assert _init(db, "--district-code", "836") == 0
    assert _office(db)[:4] == ("district_federation", "", "836", "83")
    lines = settings_lines(read_settings(shared(db)))
    assert lines[1] == "Loại đơn vị: Liên đoàn Lao động cấp huyện"
    assert "Mã tỉnh (danh mục từ 01/7/2025): 86 (Tỉnh Vĩnh Long)" in lines
    province = tmp_path / "tinh.sqlite"
    assert _init(province, "--province-code", "86", role="province") == 0
    assert _office(province) == (
        "province_federation", "", "", "86", "Vĩnh Long", "Tổng Liên đoàn Lao động Việt Nam"
    )  # fmt: skip


def test_another_kind_the_province_set_up_needs_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "vc.sqlite"
    assert _init(db, "--office-kind", "other_upper_union") == 1
    assert capsys.readouterr().err.strip() == (
        "Tên loại đơn vị do tỉnh quy định: loại «Công đoàn cấp trên khác do tỉnh quy định» cần "
        "tên do tỉnh đặt (--kind-name), ví dụ «Công đoàn Viên chức tỉnh»."
    )
    assert not db.exists() or _office_count(db) == 0
    named = ["--office-kind", "other_upper_union", "--kind-name", "Công đoàn Viên chức tỉnh"]
    assert _init(db, *named) == 0
    assert "Loại đơn vị: Công đoàn Viên chức tỉnh." in capsys.readouterr().out
    assert _office(db)[:2] == ("other_upper_union", "Công đoàn Viên chức tỉnh")


def _office_count(db: Path) -> int:
    with closing(sqlite3.connect(db)) as con:
        try:
            return int(con.execute("SELECT COUNT(*) FROM office").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def test_unknown_kinds_and_kinds_of_the_other_role_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    choices = (
        "district_federation (Liên đoàn Lao động cấp huyện); sector_union (Công đoàn ngành); "
        "industrial_zones_union (Công đoàn các Khu công nghiệp/Khu kinh tế); other_upper_union "
        "(Công đoàn cấp trên khác do tỉnh quy định)"
    )
    assert _init(tmp_path / "a.sqlite", "--office-kind", "huyen") == 1
    assert capsys.readouterr().err.strip() == (
        f"Loại đơn vị «huyen» không có. Chọn một trong: {choices}."
    )
    assert _init(tmp_path / "b.sqlite", "--office-kind", "province_federation") == 1
    assert capsys.readouterr().err.strip() == (
        "Loại đơn vị «Liên đoàn Lao động tỉnh, thành phố» không dùng cho đơn vị cấp trên trực "
        f"tiếp cơ sở. Chọn một trong: {choices}."
    )
    assert _init(tmp_path / "c.sqlite", "--office-kind", "sector_union", role="province") == 1
    assert "Chọn một trong: province_federation (Liên đoàn Lao động tỉnh, thành phố)." in (
        capsys.readouterr().err
    )
    assert _init(tmp_path / "d.sqlite", "--province-code", "83") == 1
    assert capsys.readouterr().err.strip() == (
        "--province-code: «83» không phải mã tỉnh, thành phố trong danh mục đơn vị hành chính từ "
        "01/7/2025; ví dụ 86 là tỉnh Vĩnh Long (gồm cả tỉnh Bến Tre cũ)."
    )


def test_office_set_changes_the_kind_and_moves_the_office_to_its_province(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "batri.sqlite"
    init_office(
        shared(db), role="district", unit_code="LDLD-BATRI", unit_name="LĐLĐ huyện Ba Tri",
        district_code="836",
    )  # fmt: skip
    argv = ["office", "set", "--db", str(db)]
    assert main([*argv, "--office-kind", "industrial_zones_union"]) == 0
    assert "  Loại đơn vị: Công đoàn các Khu công nghiệp/Khu kinh tế" in capsys.readouterr().out
    assert main([*argv, "--province-code", "86"]) == 0
    # The district is gone; what the office gave itself stays.
    assert _office(db) == ("industrial_zones_union", "", "", "86", "Ba Tri", "LĐLĐ tỉnh Bến Tre")
    assert main([*argv, "--kind-name", "Công đoàn Viên chức"]) == 1
    assert capsys.readouterr().err.strip() == (
        "Tên loại đơn vị do tỉnh quy định (--kind-name): chỉ dùng cho loại «Công đoàn cấp trên "
        "khác do tỉnh quy định»."
    )
    named = ["--office-kind", "other_upper_union", "--kind-name", "Công đoàn Viên chức tỉnh"]
    assert main([*argv, *named]) == 0
    assert _office(db)[:2] == ("other_upper_union", "Công đoàn Viên chức tỉnh")
    # Back to a known kind: the province's own name for the other kind goes with it.
    update_settings(shared(db), {"office_kind": "sector_union"})
    assert _office(db)[:2] == ("sector_union", "")
    with pytest.raises(UserError) as both:
        update_settings(shared(db), {"district_code": "836", "province_code": "86"})
    assert str(both.value).startswith("Mã tỉnh (danh mục từ 01/7/2025): đơn vị có mã huyện")
    with closing(sqlite3.connect(db)) as con:
        audit = con.execute(
            "SELECT detail FROM audit_event WHERE action = 'edit' AND record_table = '' ORDER BY id"
        ).fetchall()
    assert audit[0] == ("thông tin đơn vị: Loại đơn vị",)
