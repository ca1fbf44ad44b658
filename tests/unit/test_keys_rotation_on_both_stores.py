"""An office's new key reaches a province on a file or on PostgreSQL alike: announced by the next
bundle, signed by the key the province knows, registered in the merge's own transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app import main
from tests.unit.test_keys_on_both_stores import DISTRICT, PROVINCE, _init, _own_key, _run


def test_a_rotated_key_is_announced_and_then_signs(
    db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    province, district = db_target, str(tmp_path / "batri.sqlite")
    _init(capsys, province, "province", PROVINCE)
    district_print = _init(capsys, district, "district", DISTRICT)
    old_key = _own_key(district)
    for giver, taker, name in ((district, province, "huyen"), (province, district, "tinh")):
        card = str(tmp_path / f"the-khoa-{name}.json")
        _run(capsys, "keys", "export", "--db", giver, "--out", card)
        _run(capsys, "keys", "trust", "--db", taker, card)

    rotated = _run(capsys, "keys", "rotate", "--db", district)
    new_key, new_print = (
        rotated[0].removeprefix("Đã tạo khóa mới ").rstrip(".").split("; dấu vân tay ")
    )
    june, july = tmp_path / "goi-06.udb", tmp_path / "goi-07.udb"
    _run(capsys, "bundle", "export", "--db", district, "--period", "2024-06", "--out", str(june))
    assert main(["bundle", "merge", "--db", province, str(june)]) == 0
    capsys.readouterr()
    registered = _run(capsys, "keys", "show", "--db", province)[3:]
    assert registered == [
        f"  {DISTRICT[0]:<14} {old_key}  {district_print}  (thu hồi từ gói số 2)  {DISTRICT[1]}",
        f"  {DISTRICT[0]:<14} {new_key}  {new_print}  (đang dùng)  {DISTRICT[1]}",
    ]
    # The next bundle is signed by the new key, which the province now trusts.
    _run(capsys, "bundle", "export", "--db", district, "--period", "2024-07", "--out", str(july))
    merged = _run(capsys, "bundle", "merge", "--db", province, str(july))
    assert merged[0] == f"[ĐÃ GỘP] {july.name}"
    assert _run(capsys, "keys", "show", "--db", district)[1:3] == [
        f"  {DISTRICT[0]:<14} {old_key}  {district_print}  (không dùng)",
        f"  {DISTRICT[0]:<14} {new_key}  {new_print}  (đang dùng)",
    ]
