"""`init`, `keys`, `office` and `bundle package` on an office's file and on a province's
PostgreSQL database alike; a quotas package the province's server made is verified and taken by
a district's file, as the real deployment runs, and an office on either store takes them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop.app import main
from desktop.store import Store, parse_target

PROVINCE = ("LDLD-VINHLONG", "Liên đoàn Lao động tỉnh Vĩnh Long")
DISTRICT = ("LDLD-BATRI", "Liên đoàn Lao động huyện Ba Tri")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out.splitlines()


def _init(capsys: pytest.CaptureFixture[str], db: str, role: str, unit: tuple[str, str]) -> str:
    """`init` for `unit`; returns its key's fingerprint, after checking every line said."""
    out = _run(
        capsys,
        *("init", "--db", db, "--role", role, "--unit-code", unit[0], "--unit-name", unit[1]),
        *("--province-code", "86"),
    )
    label = parse_target(db).label
    kind, parent = (
        ("Liên đoàn Lao động tỉnh, thành phố", "Tổng Liên đoàn Lao động Việt Nam")
        if role == "province"
        else ("Liên đoàn Lao động cấp huyện", "LĐLĐ tỉnh Vĩnh Long")
    )
    fingerprint = out[-1].removeprefix("Dấu vân tay: ")
    assert out == [
        f"Đã khởi tạo {label} cho đơn vị {unit[0]} – {unit[1]} ({role}).",
        f"Loại đơn vị: {kind}.",
        f"Theo mã tỉnh 86: địa danh «Vĩnh Long», cơ quan cấp trên «{parent}» "
        "(sửa bằng uniondesk office set).",
        "Đã tạo khóa ký và khóa mã hóa, cất trong kho khóa của hệ điều hành.",
        f"Dấu vân tay: {fingerprint}",
    ]
    assert len(fingerprint.split()) == 6
    return fingerprint


def _own_key(db: str) -> str:
    with Store(db) as store, store.reading() as con:
        return str(con.execute(text("SELECT key_id FROM unit_key WHERE own = TRUE")).scalar_one())


def test_init_keys_and_office_on_either_store(
    db_target: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fingerprint = _init(capsys, db_target, "province", PROVINCE)
    key_id = _own_key(db_target)
    assert _run(capsys, "keys", "show", "--db", db_target) == [
        f"Khóa của đơn vị {PROVINCE[0]}:",
        f"  {PROVINCE[0]:<14} {key_id}  {fingerprint}  (đang dùng)",
        "Khóa các đơn vị đã đăng ký:",
        "  (chưa có)",
    ]
    shown = [
        f"Mã đơn vị: {PROVINCE[0]} (province)",
        "Loại đơn vị: Liên đoàn Lao động tỉnh, thành phố",
        f"Tên đơn vị: {PROVINCE[1]}",
        "Cơ quan cấp trên: Tổng Liên đoàn Lao động Việt Nam",
        "Địa danh: Vĩnh Long",
        "Mã huyện (danh mục hành chính): (trống)",
        "Mã tỉnh (danh mục từ 01/7/2025): 86 (Tỉnh Vĩnh Long)",
        "Ký hiệu cơ quan trong số văn bản: LĐLĐ",
        "Thẩm quyền ký (TM., KT., …): TM. BAN THƯỜNG VỤ",
        "Chức vụ người ký: CHỦ TỊCH",
        "Họ và tên người ký: (trống)",
        "Nơi nhận:",
        "  - Lưu: VT.",
    ]
    assert _run(capsys, "office", "show", "--db", db_target) == shown
    signed = [*shown[:10], "Họ và tên người ký: Nguyễn Văn Hùng", *shown[11:]]
    changed = _run(capsys, "office", "set", "--db", db_target, "--signer-name", " Nguyễn Văn Hùng ")
    assert changed == ["Đã lưu thông tin đơn vị:", *(f"  {line}" for line in signed)]
    assert _run(capsys, "office", "show", "--db", db_target) == signed
    with Store(db_target) as store, store.reading() as con:
        trail = con.execute(
            text("SELECT action, detail FROM audit_event WHERE action = 'edit' ORDER BY id")
        ).all()
    assert [tuple(row) for row in trail] == [
        ("edit", f"Thông tin đơn vị {PROVINCE[1]}"),  # the row's own entry, with its changes
        ("edit", "thông tin đơn vị: Họ và tên người ký"),
    ]

    # The private key is kept by unit code and key id, wherever the database lives: it is
    # backed up and put back the same way on a province's server.
    monkeypatch.setenv("UNIONDESK_KEY_PASSPHRASE", "sao luu 2024 tinh")
    backup = tmp_path / "sao-luu-khoa.ukb"
    saved = _run(capsys, "keys", "backup", "--db", db_target, "--out", str(backup))
    assert saved[0] == f"Đã sao lưu 1 khóa của {PROVINCE[0]} vào {backup}."
    assert _run(capsys, "keys", "restore", "--db", db_target, str(backup)) == [
        f"Đã khôi phục khóa {key_id} (đang dùng)."
    ]

    # A new key waits for the next package or bundle to announce it; its card can go out first.
    rotated = _run(capsys, "keys", "rotate", "--db", db_target)
    new_id, new_print = (
        rotated[0].removeprefix("Đã tạo khóa mới ").rstrip(".").split("; dấu vân tay ")
    )
    assert rotated[1] == "Gói xuất tiếp theo được ký bằng khóa cũ và báo khóa mới cho LĐLĐ tỉnh."
    assert _run(capsys, "keys", "show", "--db", db_target)[1:3] == [
        f"  {PROVINCE[0]:<14} {key_id}  {fingerprint}  (đang dùng)",
        f"  {PROVINCE[0]:<14} {new_id}  {new_print}  (không dùng)",
    ]
    pending = tmp_path / "the-khoa-moi.json"
    assert _run(
        capsys, "keys", "export", "--db", db_target, "--out", str(pending), "--pending"
    ) == [
        f"Đã ghi thẻ khóa mới (đang chờ, chưa gói nào báo) {new_id} của {PROVINCE[0]} – "
        f"{PROVINCE[1]} vào {pending}.",
        f"Dấu vân tay (đọc cho đơn vị nhận để đối chiếu): {new_print}",
    ]

    # A second init of the same database is refused, naming it; nothing is added.
    code = main(
        ["init", "--db", db_target, "--role", "province", "--unit-code", "X", "--unit-name", "Y"]
    )
    assert code == 1
    where = "Tệp" if not db_target.startswith("postgresql") else "Cơ sở dữ liệu"
    label = parse_target(db_target).label
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith(
            f"{where} {label} đã là cơ sở dữ liệu của đơn vị {PROVINCE[0]} – {PROVINCE[1]}; "
            "không khởi tạo lại để tránh mất dữ liệu."
        )
    )


def _set_quotas(db: str, values: dict[str, float]) -> None:
    """The province's allocation letter for the district (the quotas commands are tested apart)."""
    from desktop.models import Quota, Target
    from desktop.programme.loader import load_programme, shipped_programme

    programme = shipped_programme(2024)
    assert programme is not None
    with Store(db) as store, store.session() as session:
        load_programme(session, programme)
        session.flush()
        targets = {t.code: t.id for t in session.scalars(select(Target))}
        for code, value in values.items():
            session.add(Quota(target_id=targets[code], unit_code=DISTRICT[0], value=value))


def test_a_package_from_either_store_is_taken_by_a_district_file(
    db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    province, district = db_target, str(tmp_path / "batri.sqlite")
    province_print = _init(capsys, province, "province", PROVINCE)
    district_print = _init(capsys, district, "district", DISTRICT)
    card = str(tmp_path / "the-khoa-ldld-batri.json")
    _run(capsys, "keys", "export", "--db", district, "--out", card)
    trusted = _run(capsys, "keys", "trust", "--db", province, card, "--fingerprint", district_print)
    district_key = _own_key(district)
    assert trusted == [
        f"Đã tin khóa {district_key} của {DISTRICT[0]} – {DISTRICT[1]}.",
        f"Dấu vân tay: {district_print}",
    ]
    province_card = str(tmp_path / "the-khoa-tinh.json")
    _run(capsys, "keys", "export", "--db", province, "--out", province_card)
    _run(capsys, "keys", "trust", "--db", district, province_card)
    shown = _run(capsys, "keys", "show", "--db", province)
    assert shown[2:] == [
        "Khóa các đơn vị đã đăng ký:",
        f"  {DISTRICT[0]:<14} {district_key}  {district_print}  (đang dùng)  {DISTRICT[1]}",
    ]

    _set_quotas(province, {"2a": 120, "4": 4})
    first, second = tmp_path / "chi-tieu-1.udb", tmp_path / "chi-tieu-2.udb"
    package = ("bundle", "package", "--db", province, "--type", "quotas", "--unit", DISTRICT[0])
    assert _run(capsys, *package, "--year", "2024", "--out", str(first)) == [
        f"Đã lập gói quotas số 1 cho {DISTRICT[0]}: {first}"
    ]
    assert _run(capsys, *package, "--year", "2024", "--out", str(second)) == [
        f"Đã lập gói quotas số 2 cho {DISTRICT[0]}: {second}"
    ]
    assert _run(capsys, "bundle", "verify", "--db", district, str(first)) == [
        "[HỢP LỆ] chi-tieu-1.udb",
        f"    {PROVINCE[0]}, gói chỉ tiêu số 1: 2 chỉ tiêu giao năm 2024.",
    ]
    assert _run(capsys, "bundle", "merge", "--db", district, str(first), str(second)) == [
        "[ĐÃ NHẬN] chi-tieu-1.udb",
        f"    Đã nhận gói chỉ tiêu số 1 của {PROVINCE[0]}. 2 chỉ tiêu năm 2024.",
        "[ĐÃ NHẬN] chi-tieu-2.udb",
        f"    Đã nhận gói chỉ tiêu số 2 của {PROVINCE[0]}. 2 chỉ tiêu năm 2024.",
        "2/2 tệp được chấp nhận.",
    ]
    with Store(district) as store, store.reading() as con:
        quotas = con.execute(
            text(
                "SELECT t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
                "WHERE q.deleted_at IS NULL ORDER BY t.code"
            )
        ).all()
    assert [tuple(row) for row in quotas] == [("2a", 120.0), ("4", 4.0)]
    # The programme package, and the receipts of the district's first month merged at the province.
    month = tmp_path / "goi-du-lieu-ldld-batri-06-2024.udb"
    _run(capsys, "bundle", "export", "--db", district, "--period", "2024-06", "--out", str(month))
    merged = _run(capsys, "bundle", "merge", "--db", province, str(month))
    assert merged[0] == f"[ĐÃ GỘP] {month.name}"
    programme, receipts = tmp_path / "chuong-trinh.udb", tmp_path / "bien-nhan.udb"
    _run(capsys, *package[:5], "programme", *package[6:], "--year", "2024", "--out", str(programme))
    _run(capsys, *package[:5], "receipts", *package[6:], "--out", str(receipts))
    assert _run(capsys, "bundle", "merge", "--db", district, str(programme), str(receipts)) == [
        "[ĐÃ NHẬN] chuong-trinh.udb",
        f"    Đã nhận gói chương trình số 1 của {PROVINCE[0]}. Chương trình năm 2024: 20 chỉ tiêu.",
        "[ĐÃ NHẬN] bien-nhan.udb",
        f"    Đã nhận gói biên nhận số 1 của {PROVINCE[0]}. Cập nhật trạng thái 1 gói đã gửi.",
        "2/2 tệp được chấp nhận.",
    ]
    today = datetime.now(UTC).strftime("%d/%m/%Y")  # the day stored, as `bundle list` tells it
    unchanged = ["        Gói đầu tiên của đơn vị: không thay đổi."]
    unchanged.append("        Biến động đoàn viên tháng 6/2024: không có.")
    assert _run(capsys, "bundle", "list", "--db", district) == [
        f"{DISTRICT[0]} – {DISTRICT[1]}",
        f"Khóa của đơn vị: {district_key}  {district_print}",
        f"Khóa LĐLĐ tỉnh đã tin: {PROVINCE[0]}  {province_print}",
        "Các gói đã gửi:",
        f"  số   1  tháng 6/2024   {today}  Tỉnh đã nhận  ({month.name})",
        *unchanged,
        f"Gói chương trình đã nhận: số 1 ({today})",
        f"Gói chỉ tiêu đã nhận: số 2 ({today})",
        f"Gói biên nhận đã nhận: số 1 ({today})",
    ]
    assert _run(capsys, "bundle", "list", "--db", province) == [
        f"{PROVINCE[0]} – {PROVINCE[1]}",
        f"Khóa của đơn vị: {_own_key(province)}  {province_print}",
        "Sổ nhận gói:",
        f"  {DISTRICT[0]:<14} số   1  tháng 6/2024   {today}  Đã gộp",
        *unchanged,
    ]
    revoked = _run(
        capsys,
        "keys",
        "revoke",
        "--db",
        province,
        "--unit",
        DISTRICT[0],
        "--key",
        district_key,
        "--from-sequence",
        "5",
    )
    assert revoked == [
        f"Đã thu hồi khóa {district_key} của {DISTRICT[0]}: gói từ số 5 trở đi ký bằng khóa này "
        "sẽ bị từ chối."
    ]
    assert _run(capsys, "keys", "show", "--db", province)[-1] == (
        f"  {DISTRICT[0]:<14} {district_key}  {district_print}  (thu hồi từ gói số 5)  {DISTRICT[1]}"
    )


def test_a_district_exports_its_month_from_its_file_only(
    db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _init(capsys, db_target, "district", DISTRICT)
    out = tmp_path / "goi.udb"
    code = main(["bundle", "export", "--db", db_target, "--period", "2024-06", "--out", str(out)])
    error = capsys.readouterr().err.strip()
    assert code == 1 and not out.exists()
    if db_target.startswith("postgresql"):
        assert error.endswith(
            f"{parse_target(db_target).label} là cơ sở dữ liệu PostgreSQL; gói dữ liệu tháng được "
            "xuất từ tệp cơ sở dữ liệu của đơn vị (--db TỆP.sqlite)."
        )
    else:  # the file goes on to the next check: the province's card it must trust first
        assert error.endswith("trước khi xuất gói.") and "khóa của LĐLĐ tỉnh" in error


def test_init_with_its_administrator_on_either_store(
    db_target: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNIONDESK_PASSWORD", "Mat-khau-2024!")
    out = _run(
        capsys,
        *("init", "--db", db_target, "--role", "province", "--unit-code", PROVINCE[0]),
        *("--unit-name", PROVINCE[1], "--admin-user", "quantri"),
    )
    assert out[:3] == [
        f"Đã khởi tạo {parse_target(db_target).label} cho đơn vị {PROVINCE[0]} – {PROVINCE[1]} "
        "(province).",
        "Loại đơn vị: Liên đoàn Lao động tỉnh, thành phố.",
        "Đã tạo tài khoản quantri (Quản trị): từ nay mọi lệnh cần --user quantri.",
    ]
    shown = _run(capsys, "keys", "show", "--db", db_target, "--user", "quantri")
    assert shown[0] == f"Khóa của đơn vị {PROVINCE[0]}:"
    assert shown[1].endswith(f"{out[-1].removeprefix('Dấu vân tay: ')}  (đang dùng)")


def test_an_office_on_either_store_takes_the_province_packages(
    db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    province, district = str(tmp_path / "tinh.sqlite"), db_target
    _init(capsys, province, "province", PROVINCE)
    _init(capsys, district, "district", DISTRICT)
    for giver, taker, name in ((district, province, "huyen"), (province, district, "tinh")):
        card = str(tmp_path / f"the-khoa-{name}.json")
        _run(capsys, "keys", "export", "--db", giver, "--out", card)
        _run(capsys, "keys", "trust", "--db", taker, card)
    _set_quotas(province, {"2a": 80})
    older, quotas = tmp_path / "chi-tieu-1.udb", tmp_path / "chi-tieu-2.udb"
    programme = tmp_path / "chuong-trinh.udb"
    package = ("bundle", "package", "--db", province, "--unit", DISTRICT[0], "--year", "2024")
    for out in (older, quotas):
        _run(capsys, *package, "--type", "quotas", "--out", str(out))
    _run(capsys, *package, "--type", "programme", "--out", str(programme))
    assert _run(capsys, "bundle", "merge", "--db", district, str(programme), str(quotas)) == [
        "[ĐÃ NHẬN] chuong-trinh.udb",
        f"    Đã nhận gói chương trình số 1 của {PROVINCE[0]}. Chương trình năm 2024: 20 chỉ tiêu.",
        "[ĐÃ NHẬN] chi-tieu-2.udb",
        f"    Đã nhận gói chỉ tiêu số 2 của {PROVINCE[0]}. 1 chỉ tiêu năm 2024.",
        "2/2 tệp được chấp nhận.",
    ]
    # The same package again is told apart; an older one is refused and changes nothing.
    assert _run(capsys, "bundle", "merge", "--db", district, str(quotas)) == [
        "[ĐÃ GỘP TRƯỚC ĐÓ] chi-tieu-2.udb",
        "    Tệp chi-tieu-2.udb: gói chỉ tiêu số 2 đã nhận trước đó; không thay đổi gì.",
    ]
    assert main(["bundle", "merge", "--db", district, str(older)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "[TỪ CHỐI] chi-tieu-1.udb",
        "    Tệp chi-tieu-1.udb: gói chỉ tiêu số 1 cũ hơn gói số 2 đã nhận; không áp dụng.",
    ]
    with Store(district) as store, store.reading() as con:
        rows = con.execute(
            text(
                "SELECT t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
                "WHERE q.deleted_at IS NULL ORDER BY t.code"
            )
        ).all()
        taken = con.execute(text("SELECT package_type, sequence FROM accepted_package")).all()
    assert [tuple(row) for row in rows] == [("2a", 80.0)]
    assert sorted(tuple(row) for row in taken) == [("programme", 1), ("quotas", 2)]
