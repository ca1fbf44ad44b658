"""Quotas per office: the province allocates them, a package carries them down, and the
province's `progress --unit CODE` then equals the office's own `progress`, quotas and % included."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop.app import main
from desktop.store import shared
from tests.integration.test_bundle_roundtrip import add_programme_work
from tests.unit._sync_fixtures import DISTRICT, Exchange, memory_keyring

__all__ = ["memory_keyring"]


def _progress(capsys: pytest.CaptureFixture[str], db: Path, *unit: str) -> dict:
    capsys.readouterr()
    assert (
        main(["progress", "--period", "2024-06", "--format", "json", "--db", str(db), *unit]) == 0
    )
    return json.loads(capsys.readouterr().out)


def _district_quotas(db: Path) -> dict[str, float]:
    with sqlite3.connect(db) as con:
        return dict(
            con.execute(
                "SELECT t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
                "WHERE q.deleted_at IS NULL ORDER BY t.position"
            ).fetchall()
        )


def test_province_quotas_reach_the_district_and_both_progress_agree(
    tmp_path: Path, memory_keyring, capsys: pytest.CaptureFixture[str]
) -> None:
    ex = Exchange(tmp_path)
    add_programme_work(ex.district)  # its own 2a = 450 typed from last year's letter
    province = ["--db", str(ex.province)]
    for target, value in (("2a", "400"), ("1a", "92,5"), ("11", "1.200")):
        args = ["quotas", "set", "--unit", DISTRICT[0], "--target", target, "--value", value]
        assert main([*args, "--year", "2024", *province]) == 0
    assert "Đã giao chỉ tiêu 11 năm 2024 cho LDLD-BATRI: 1.200." in capsys.readouterr().out
    package = tmp_path / "chi-tieu.udp"
    args = ["bundle", "package", "--type", "quotas", "--unit", DISTRICT[0], "--year", "2024"]
    assert main([*args, "--out", str(package), *province]) == 0

    capsys.readouterr()
    assert main(["bundle", "verify", str(package), "--db", str(ex.district)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "    LDLD-BENTRE, gói chỉ tiêu số 1: 3 chỉ tiêu giao năm 2024."
    ]
    assert main(["bundle", "merge", str(package), "--db", str(ex.district)]) == 0
    assert _district_quotas(ex.district) == {"1a": 92.5, "2a": 400.0, "11": 1200.0}

    own = _progress(capsys, ex.district)
    by_code = {t["code"]: t for t in own["targets"]}
    assert (by_code["2a"]["quota"], by_code["2a"]["year_to_date"]) == (400.0, 3.0)
    assert by_code["2a"]["percent_of_quota"] == 0.8  # 3 of 400
    assert (by_code["1a"]["quota"], by_code["1a"]["percent_of_quota"]) == (92.5, 98.9)  # 91,5

    bundle = tmp_path / "ba-tri-2024-06.udb"
    assert (
        main(
            [
                "bundle",
                "export",
                "--period",
                "2024-06",
                "--out",
                str(bundle),
                "--db",
                str(ex.district),
            ]
        )
        == 0
    )
    assert main(["bundle", "merge", str(bundle), *province]) == 0
    seen = _progress(capsys, ex.province, "--unit", DISTRICT[0])
    assert seen["targets"] == own["targets"]
    assert (
        seen["unit"]
        == own["unit"]
        == {
            "code": "LDLD-BATRI",
            "name": "Liên đoàn Lao động huyện Ba Tri",
            "role": "district",
        }
    )


def test_an_empty_quotas_package_is_neither_made_nor_taken(
    tmp_path: Path, memory_keyring, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.quotas import set_unit_quota
    from desktop.sync.format.envelope import seal_bundle
    from desktop.sync.keys import load_own_pair
    from desktop.sync.province.packages import export_package
    from tests.unit._bundle_craft import open_inner, province_box, resign
    from tests.unit._sync_fixtures import no_passphrase

    ex = Exchange(tmp_path)
    add_programme_work(ex.district)
    out = tmp_path / "rong.udp"
    args = ["bundle", "package", "--type", "quotas", "--unit", DISTRICT[0], "--year", "2024"]
    assert main([*args, "--out", str(out), "--db", str(ex.province)]) == 1
    assert not out.exists()
    assert (
        "Chưa giao chỉ tiêu năm 2024 nào cho đơn vị LDLD-BATRI: gói chỉ tiêu rỗng sẽ xóa hết chỉ "
        "tiêu của đơn vị nên không lập." in capsys.readouterr().err
    )
    # Another program (or an older release) could still send one, signed by the province: the
    # district refuses it and keeps its quotas.
    set_unit_quota(shared(ex.province), DISTRICT[0], 2024, "2a", "400")
    good = tmp_path / "mot.udp"
    export_package(
        shared(ex.province), "quotas", DISTRICT[0], good, year=2024, passphrase=no_passphrase
    )
    _, province_pair = load_own_pair(shared(ex.province), passphrase=no_passphrase)
    empty = json.dumps({"year": 2024, "unit_code": DISTRICT[0], "quotas": []}).encode()
    inner = resign(
        open_inner(ex.district, good.read_bytes()), province_pair, parts={"quotas.json": empty}
    )
    out.write_bytes(seal_bundle(inner, [province_box(ex.district)]))
    assert main(["bundle", "merge", str(out), "--db", str(ex.district)]) == 1
    assert capsys.readouterr().err.splitlines()[1] == (
        "    Tệp rong.udp: gói chỉ tiêu năm 2024 không có chỉ tiêu nào. Gói không được áp dụng; "
        "đơn vị giữ nguyên các chỉ tiêu giao đang có. Hãy đề nghị LĐLĐ tỉnh lập lại gói."
    )
    assert _district_quotas(ex.district) == {"2a": 450.0}
    assert main(["bundle", "verify", str(out), "--db", str(ex.district)]) == 1
