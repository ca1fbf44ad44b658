"""The handover notice (docs/bundle-format.md §12): the closing office's last bundle and its
signed notice close its chain at the province, the ledger says so, a later bundle of it is
refused naming the successor, and the successor's bundles carry the unions it took over."""

from __future__ import annotations

import argparse
import json
import sqlite3
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.errors import UserError
from desktop.format import vn_date
from desktop.services.bundles import process_files
from desktop.services.handover import merge_office, write_handover_notice
from desktop.store import shared
from desktop.sync.keys import load_own_pair
from desktop.sync.office.export import export_bundle
from tests.unit._bundle_craft import members_of, open_inner, reseal, resign
from tests.unit._sync_fixtures import (
    DISTRICT,
    OTHER_DISTRICT,
    PROVINCE,
    add_admitted,
    add_small_records,
    exchange_cards,
    make_office,
    memory_keyring,
    no_passphrase,
    parse_cli,
    rows_of,
    target,
)

__all__ = ["memory_keyring"]

THUNHA_UNION = "00000000-0000-4000-8000-0000000000c3"
THUNHA_MEMBERS = (
    ("00000000-0000-4000-8000-000000000201", "Phạm Thị Lan", "female", "083090000201"),
    ("00000000-0000-4000-8000-000000000202", "Võ Văn Tâm", "male", "083090000202"),
)
HANDED_OVER = date(2026, 7, 1)  # the closing office's day, fixed: no test depends on the clock
TODAY = vn_date(HANDED_OVER)


def add_thunha_records(path: Path) -> None:
    """One union of the closing office and two members admitted in January and March 2024."""
    from desktop.models import GrassrootsUnion, Member
    from desktop.store import Store
    from desktop.text import fold, name_sort_key

    db = Store(path)
    stamp = datetime(2024, 1, 5, 8, 0, 0)
    with db.session() as s:
        name = "CĐCS Trường THCS Thạnh Phú"
        s.add(
            GrassrootsUnion(
                id=THUNHA_UNION,
                name=name,
                name_key=fold(name),
                sector="state",
                employer_type="school",
                founded_on=date(2001, 9, 1),
                created_at=stamp,
                updated_at=stamp,
            )
        )
        s.flush()
        for index, (member_id, full_name, gender, citizen_id) in enumerate(THUNHA_MEMBERS):
            add_admitted(
                s,
                Member(
                    id=member_id,
                    union_id=THUNHA_UNION,
                    full_name=full_name,
                    name_key=fold(full_name),
                    sort_key=name_sort_key(full_name),
                    gender=gender,
                    citizen_id=citizen_id,
                    joined_on=date(2024, 1 + 2 * index, 10),
                    created_at=stamp,
                    updated_at=stamp,
                ),
            )
    db.close()


class Reform:
    """A province, its office Ba Tri (the successor) and Thạnh Phú (which closes)."""

    def __init__(self, folder: Path, province: Path | str | None = None) -> None:
        self.folder = folder
        where = target(province) if province is not None else folder / "province.sqlite"
        self.province = make_office(where, "province", PROVINCE)
        self.batri = make_office(folder / "batri.sqlite", "district", DISTRICT)
        self.thunha = make_office(folder / "thunha.sqlite", "district", OTHER_DISTRICT)
        for name, office in (("batri", self.batri), ("thunha", self.thunha)):
            (folder / name).mkdir()
            exchange_cards(office, self.province, folder / name)
        add_small_records(self.batri)
        add_thunha_records(self.thunha)

    def export(self, office: Path, period: str) -> Path:
        out = self.folder / f"{office.stem}-{period}.udb"
        export_bundle(shared(office), period, out, passphrase=no_passphrase)
        return out

    def notice(self) -> Path:
        from desktop.services.handover_notice import write_notice
        from desktop.sync.format.making import SYSTEM

        out = self.folder / "thunha-handover.udb"
        making = replace(SYSTEM, today=lambda: HANDED_OVER)
        write_notice(
            shared(self.thunha), "LDLD-BATRI", out, passphrase=no_passphrase, making=making
        )
        return out

    def merge(self, *files: Path) -> list[Any]:
        return process_files(
            shared(self.province), list(files), write=True, passphrase=no_passphrase
        )

    def verify(self, *files: Path) -> list[Any]:
        return process_files(
            shared(self.province), list(files), write=False, passphrase=no_passphrase
        )

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return rows_of(self.province, sql)


@pytest.fixture
def reform(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring) -> Reform:  # type: ignore[no-untyped-def]
    """The province on SQLite, or on the store a test's parametrization names."""
    store = getattr(request, "param", "sqlite")
    province = request.getfixturevalue("pg_url") if store == "postgresql" else None
    return Reform(tmp_path, province)


def _ledger_lines(db: Path | str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    from desktop.cli import bundle as bundle_cli
    from desktop.cli.parser import VietnameseParser

    common = VietnameseParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS)
    parser = VietnameseParser(prog="uniondesk")
    bundle_cli.register(parser.add_subparsers(dest="command"), common)
    args = parser.parse_args(["bundle", "list", "--db", str(db)])
    capsys.readouterr()
    assert args.handler(args) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("reform", ["sqlite", "postgresql"], indirect=True)
def test_the_round_trip_closes_the_chain_and_the_successor_carries_the_unions(
    reform: Reform, capsys: pytest.CaptureFixture[str]
) -> None:
    last = reform.export(reform.thunha, "2024-03")
    [merged] = reform.merge(last, reform.export(reform.batri, "2024-03"))[:1]
    assert merged.verdict == "merged"
    assert reform.rows("SELECT COUNT(*) FROM member WHERE unit_code = 'LDLD-THUNHA'") == [(2,)]

    outcome = merge_office(shared(reform.batri), reform.thunha)
    assert outcome.written and outcome.count("member") == 2
    notice = reform.notice()

    [checked] = reform.verify(notice)
    assert checked.verdict == "ok"
    assert checked.message == (
        f"Thông báo bàn giao của LDLD-THUNHA: sổ chuyển cho LDLD-BATRI ngày {TODAY} (1 CĐCS); "
        "chuỗi gói khép lại sau gói số 1."
    )
    assert checked.holds == f"sổ chuyển cho LDLD-BATRI ngày {TODAY}, 1 CĐCS, gói cuối số 1"
    args = parse_cli(["bundle", "verify", str(notice), "--db", str(reform.province)])
    capsys.readouterr()
    assert args.handler(args) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"[HỢP LỆ] {notice.name}",
        f"    {checked.message}",
        f"    LDLD-THUNHA, gói thông báo bàn giao số 2: {checked.holds}.",
    ]
    assert reform.rows("SELECT COUNT(*) FROM handover") == [(0,)]

    [taken] = reform.merge(notice)
    assert taken.verdict == "merged"
    assert taken.message == (
        f"Đã nhận thông báo bàn giao số 2 của LDLD-THUNHA: sổ chuyển cho LDLD-BATRI ngày {TODAY} "
        "(1 CĐCS); chuỗi gói của LDLD-THUNHA khép lại sau gói số 1."
    )
    assert reform.rows(
        "SELECT from_code, to_code, last_sequence, notice_sequence, unions_json FROM handover"
    ) == [
        (
            "LDLD-THUNHA",
            "LDLD-BATRI",
            1,
            2,
            json.dumps(
                [{"id": THUNHA_UNION, "name": "CĐCS Trường THCS Thạnh Phú"}], ensure_ascii=False
            ),
        )
    ]
    assert reform.rows("SELECT detail FROM audit_event WHERE detail LIKE '%bàn giao sổ%'") == [
        (f"{notice.name}: LDLD-THUNHA bàn giao sổ cho LDLD-BATRI (1 CĐCS)",)
    ]
    lines = _ledger_lines(reform.province, capsys)
    closed = [line for line in lines if "LDLD-THUNHA" in line and "số   2" in line]
    assert len(closed) == 1
    assert closed[0].endswith(f"Chuỗi gói đã khép: đã bàn giao cho LDLD-BATRI ngày {TODAY}")
    assert lines.index(closed[0]) < min(i for i, x in enumerate(lines) if "Đã gộp" in x)

    # The same notice again changes nothing.
    [again] = reform.merge(notice)
    assert again.verdict == "duplicate" and "đã nhận trước đó" in again.message

    # The closed office makes no more bundles itself...
    with pytest.raises(UserError) as here:
        reform.export(reform.thunha, "2026-07")
    assert here.value.message.startswith(
        f"Sổ của đơn vị này đã bàn giao cho LDLD-BATRI ngày {TODAY} (thông báo số 2"
    )
    # ...and one made anyway (by a release without that check) is refused by the province,
    # naming the successor.
    from desktop.sync.province.handover import SETTING

    with sqlite3.connect(reform.thunha) as con:
        con.execute("DELETE FROM setting WHERE key = ?", (SETTING,))
    later = reform.export(reform.thunha, "2026-07")
    [refused] = reform.merge(later)
    assert refused.verdict == "refused"
    assert refused.message == (
        f"Tệp {later.name}: đơn vị LDLD-THUNHA đã bàn giao sổ cho LDLD-BATRI ngày {TODAY}; "
        "chuỗi gói của LDLD-THUNHA đã khép sau gói số 1, không nhận gói số 3. Dữ liệu các CĐCS "
        "của LDLD-THUNHA nay do LDLD-BATRI gửi."
    )
    assert reform.rows("SELECT COUNT(*) FROM bundle_ledger WHERE sequence = 3") == [(0,)]

    # The successor's next bundle carries the union and members it took over: they move to it.
    [successor] = reform.merge(reform.export(reform.batri, "2024-04"))
    assert successor.verdict == "merged", successor.message
    assert reform.rows(
        "SELECT unit_code, COUNT(*) FROM member GROUP BY unit_code ORDER BY unit_code"
    ) == [("LDLD-BATRI", 5)]
    assert reform.rows(f"SELECT unit_code FROM grassroots_union WHERE id = '{THUNHA_UNION}'") == [
        ("LDLD-BATRI",)
    ]
    from desktop.services.check import check_database
    from desktop.store import Store
    from tests.unit._check import check_file

    with Store(reform.province, migrate=False) as province:
        assert check_database(province).ok and check_file(reform.batri).ok


def test_the_notice_waits_for_the_last_bundle(reform: Reform) -> None:
    first = reform.export(reform.thunha, "2024-02")
    last = reform.export(reform.thunha, "2024-03")
    assert reform.merge(first)[0].verdict == "merged"
    notice = reform.notice()
    [refused] = reform.merge(notice)
    assert refused.verdict == "refused"
    assert refused.message == (
        f"Tệp {notice.name}: thông báo bàn giao của LDLD-THUNHA ghi gói cuối là số 2, nhưng gói "
        "cuối LĐLĐ tỉnh đã gộp của LDLD-THUNHA là số 1. Hãy gộp gói cuối của đơn vị trước "
        "(uniondesk bundle merge GÓI), rồi nhận thông báo bàn giao."
    )
    assert reform.rows("SELECT COUNT(*) FROM handover") == [(0,)]
    assert [r.verdict for r in reform.merge(last, notice)] == ["merged", "merged"]


def test_a_forged_notice_is_refused(reform: Reform) -> None:
    assert reform.merge(reform.export(reform.thunha, "2024-03"))[0].verdict == "merged"
    inner = open_inner(reform.province, reform.notice().read_bytes())
    body = json.loads(dict(members_of(inner))["handover.json"])
    body["successor_code"] = "LDLD-GIA"
    forged = json.dumps(body).encode()

    # Someone who changed the successor but holds no key of Thạnh Phú signs with Ba Tri's.
    batri_key, batri_pair = load_own_pair(shared(reform.batri), passphrase=no_passphrase)
    crafted = reform.folder / "forged.udb"
    crafted.write_bytes(
        reseal(resign(inner, batri_pair, parts={"handover.json": forged}), reform.province)
    )
    [bad_signature] = reform.merge(crafted)
    assert bad_signature.verdict == "refused"
    assert bad_signature.message == (
        "Tệp forged.udb: chữ ký số không hợp lệ: nội dung đã bị thay đổi hoặc bị giả mạo. "
        "Gói bị từ chối."
    )
    # … naming Ba Tri's key as the signer: a registered key, of another office.
    claimed = reform.folder / "claimed.udb"
    change = {"signing_key_id": batri_key.key_id}
    claimed.write_bytes(
        reseal(
            resign(inner, batri_pair, change=change, parts={"handover.json": forged}),
            reform.province,
        )
    )
    [other_key] = reform.merge(claimed)
    assert other_key.verdict == "refused"
    assert "LDLD-THUNHA" in other_key.message and "LDLD-BATRI" in other_key.message

    # The part changed under Thạnh Phú's own signature: the hash no longer matches.
    changed = [(n, forged if n == "handover.json" else d) for n, d in members_of(inner)]
    from desktop.sync.format.container import write_zip

    tampered = reform.folder / "tampered.udb"
    tampered.write_bytes(reseal(write_zip(changed, deflate=True), reform.province))
    [by_hash] = reform.merge(tampered)
    assert by_hash.verdict == "refused"
    assert "phần «handover.json» không khớp mã băm" in by_hash.message
    assert reform.rows("SELECT COUNT(*) FROM handover") == [(0,)]


def test_a_signed_notice_that_contradicts_its_manifest_is_refused(reform: Reform) -> None:
    assert reform.merge(reform.export(reform.thunha, "2024-03"))[0].verdict == "merged"
    inner = open_inner(reform.province, reform.notice().read_bytes())
    body = json.loads(dict(members_of(inner))["handover.json"])
    body["last_manifest_sha256"] = "0" * 64
    _, pair = load_own_pair(shared(reform.thunha), passphrase=no_passphrase)
    crafted = reform.folder / "contradicts.udb"
    crafted.write_bytes(
        reseal(
            resign(inner, pair, parts={"handover.json": json.dumps(body).encode()}),
            reform.province,
        )
    )
    [refused] = reform.merge(crafted)
    assert refused.verdict == "refused"
    assert refused.message == (
        f"Tệp {crafted.name}: thông báo bàn giao của LDLD-THUNHA ghi gói cuối số 1 nhưng bản kê "
        "nối tiếp gói khác (số 2, mã băm trước không khớp)."
    )


def test_the_closing_office_writes_one_notice(reform: Reform) -> None:
    first = reform.notice()
    with pytest.raises(UserError) as refused:
        write_handover_notice(
            shared(reform.thunha),
            "LDLD-BATRI",
            reform.folder / "again.udb",
            passphrase=no_passphrase,
        )
    assert refused.value.message == (
        f"Đơn vị này đã lập thông báo bàn giao cho LDLD-BATRI ngày {TODAY} (số 1, tệp "
        f"{first.name}): không lập lần nữa. Tệp đó vẫn dùng được; gửi lại chính tệp đó cho "
        "LĐLĐ tỉnh."
    )
    assert not (reform.folder / "again.udb").exists()
    from desktop.store import Store
    from desktop.sync.office.closing import closed_here

    db = Store(reform.thunha)
    with db.session() as session:
        assert closed_here(session) == (
            f"Sổ của đơn vị này đã bàn giao cho LDLD-BATRI ngày {TODAY} (thông báo số 1, tệp "
            f"{first.name}): LĐLĐ tỉnh không nhận thêm gói của đơn vị này. Dữ liệu các CĐCS nay "
            "do LDLD-BATRI gửi."
        )
    db.close()
    db = Store(reform.batri)
    with db.session() as session:
        assert closed_here(session) is None
    db.close()


def test_office_handover_on_the_command_line(
    reform: Reform, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.app import main

    out = reform.folder / "cli-notice.udb"
    argv = ["office", "handover", "--to", "LDLD-BATRI", "--out", str(out)]
    assert main([*argv, "--db", str(reform.thunha)]) == 0
    assert capsys.readouterr().out.strip() == (
        "Đã lập thông báo bàn giao số 1: LDLD-THUNHA bàn giao sổ cho LDLD-BATRI (1 CĐCS); gói "
        f"cuối đã gửi: chưa gửi gói nào. Tệp: {out}"
    )
    other = out.with_name("x.udb")
    assert main([*argv[:3], "LDLD-BATRI", "--out", str(other), "--db", str(reform.batri)]) == 1
    assert (
        "Mã đơn vị nhận (LDLD-BATRI) trùng mã của chính đơn vị này: hãy ghi mã đơn vị kế nhiệm."
        in capsys.readouterr().err
    )
    assert not other.exists()
