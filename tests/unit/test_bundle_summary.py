"""summary.json counts what a bundle changes against the rows of the bundle it follows, and the
province reads it in `bundle verify`, `bundle merge` and `bundle list`.

The small district's rows were all typed on 05/01/2024 (their created_at): members admitted in
February, March and April, one activity on 12 March. Counted by the PC's clock, the first bundle
said every row in the database was added and the next ones said nothing was; counted against the
previous bundle's rows, each month adds what it really carries.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop.app import main
from desktop.sync.format.summary import summary_lines
from tests.unit._sync_fixtures import MEMBERS, Exchange, memory_keyring

__all__ = ["memory_keyring"]


@pytest.fixture
def ex(tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return Exchange(tmp_path)


def _said(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main(list(argv)) == 0
    return [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]


def _export(ex: Exchange, capsys: pytest.CaptureFixture[str], period: str, name: str) -> Path:
    out = ex.folder / name
    _said(
        capsys, "bundle", "export", "--period", period, "--out", str(out), "--db", str(ex.district)
    )
    return out


def _summary(bundle_lines: list[str]) -> list[str]:
    return [
        line for line in bundle_lines if line.startswith(("Gói đầu", "Thay đổi", "Không", "Biến"))
    ]


def test_each_month_counts_what_it_carries_and_the_province_reads_it(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(ex.province)
    february = _export(ex, capsys, "2024-02", "02.udb")
    verified = _said(capsys, "bundle", "verify", str(february), "--db", db)
    assert _summary(verified) == [
        "Gói đầu tiên của đơn vị: CĐCS thêm 2; đoàn viên thêm 1; biến động đoàn viên thêm 1.",
        "Biến động đoàn viên tháng 2/2024: kết nạp 1.",
    ]
    march = _export(ex, capsys, "2024-03", "03.udb")
    merged = _said(capsys, "bundle", "merge", str(february), str(march), "--db", db)
    assert _summary(merged) == [
        "Gói đầu tiên của đơn vị: CĐCS thêm 2; đoàn viên thêm 1; biến động đoàn viên thêm 1.",
        "Biến động đoàn viên tháng 2/2024: kết nạp 1.",
        "Thay đổi so với gói số 1 (tháng 2/2024): đoàn viên thêm 1; biến động đoàn viên thêm 1; "
        "hoạt động thêm 1.",
        "Biến động đoàn viên tháng 3/2024: kết nạp 1.",
    ]
    # April: the third member comes, the first one's phone is corrected, the activity deleted.
    with sqlite3.connect(ex.district) as con:
        con.execute(
            "UPDATE member SET phone = '0913000111', updated_at = '2024-04-02 08:00:00' "
            "WHERE id = ?",
            (MEMBERS[0][0],),
        )
        con.execute(
            "UPDATE activity SET deleted_at = '2024-04-03 08:00:00', "
            "updated_at = '2024-04-03 08:00:00'"
        )
    con.close()
    april = _export(ex, capsys, "2024-04", "04.udb")
    again = _export(ex, capsys, "2024-04", "04-lai.udb")  # the same month sent twice
    merged = _said(capsys, "bundle", "merge", str(april), str(again), "--db", db)
    assert _summary(merged) == [
        "Thay đổi so với gói số 2 (tháng 3/2024): đoàn viên thêm 1, sửa 1; biến động đoàn viên "
        "thêm 1; hoạt động xóa 1.",
        "Biến động đoàn viên tháng 4/2024: kết nạp 1.",
        "Thay đổi so với gói số 3 (tháng 4/2024): không thay đổi.",
        "Biến động đoàn viên tháng 4/2024: kết nạp 1.",
    ]
    listed = _said(capsys, "bundle", "list", "--db", db)
    third = listed.index(next(line for line in listed if line.startswith("LDLD-BATRI số 3")))
    assert listed[third + 1 : third + 3] == [
        "Thay đổi so với gói số 2 (tháng 3/2024): đoàn viên thêm 1, sửa 1; biến động đoàn viên "
        "thêm 1; hoạt động xóa 1.",
        "Biến động đoàn viên tháng 4/2024: kết nạp 1.",
    ]
    sent = _said(capsys, "bundle", "list", "--db", str(ex.district))
    first = sent.index(next(line for line in sent if line.startswith("số 1 ")))
    assert sent[first + 1] == (
        "Gói đầu tiên của đơn vị: CĐCS thêm 2; đoàn viên thêm 1; biến động đoàn viên thêm 1."
    )
    # What the ledger keeps is the sender's JSON, counts keyed by table.
    stored = json.loads(
        ex.province_rows("SELECT summary FROM bundle_ledger WHERE sequence = 3")[0][0]
    )
    assert stored["basis"] == "previous_bundle" and stored["previous_sequence"] == 2
    assert stored["tables"]["member"] == {"added": 1, "changed": 1, "deleted": 0}
    assert stored["tables"]["activity"] == {"added": 0, "changed": 0, "deleted": 1}
    assert stored["member_events"] == {"admitted": 1}


def test_only_the_newest_exports_rows_are_kept(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    for month in ("02", "03", "04"):
        _export(ex, capsys, f"2024-{month}", f"{month}.udb")
    with sqlite3.connect(ex.district) as con:
        kept = con.execute(
            "SELECT sequence, sent_rows IS NOT NULL FROM sent_bundle ORDER BY sequence"
        ).fetchall()
    con.close()
    assert kept == [(1, 0), (2, 0), (3, 1)]


def test_a_previous_bundle_without_its_rows_is_said_not_counted(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bundle exported before this release (the 0005 migration) kept no rows."""
    _export(ex, capsys, "2024-02", "02.udb")
    with sqlite3.connect(ex.district) as con:
        con.execute("UPDATE sent_bundle SET sent_rows = NULL")
    con.close()
    march = _export(ex, capsys, "2024-03", "03.udb")
    assert _summary(_said(capsys, "bundle", "verify", str(march), "--db", str(ex.province))) == [
        "Không đếm được thay đổi so với gói số 1: máy của đơn vị không còn dữ liệu của gói đó (gói "
        "lập trước khi khôi phục bản sao lưu, hoặc bằng phiên bản cũ).",
        "Biến động đoàn viên tháng 3/2024: kết nạp 1.",
    ]


def test_a_summary_from_an_older_release_and_a_broken_one_are_read_kindly() -> None:
    old = {
        "since": "2024-03-01 08:00:00",
        "period": "2024-03",
        "tables": {"member": {"added": 2, "changed": 0, "deleted": 0}},
        "member_events": {"admitted": 2, "left": 0},
    }
    assert summary_lines(old) == [
        "Thay đổi theo đồng hồ máy đơn vị từ 2024-03-01 08:00:00 (ước tính): đoàn viên thêm 2.",
        "Biến động đoàn viên tháng 3/2024: kết nạp 2.",
    ]
    broken = {"basis": "previous_bundle", "previous_sequence": 3, "tables": {"member": "x"}}
    assert summary_lines(broken) == ["Thay đổi so với gói số 3: không thay đổi."]
    assert summary_lines([1, 2]) == [] and summary_lines({}) == []


def test_compare_counts_each_kind_of_change_once() -> None:
    from desktop.sync.format.summary import compare

    before = {
        "member": {
            "same": "a1",
            "edited": "b1",
            "dropped": "c1",  # no longer carried
            "buried": "d1",  # now a tombstone
            "still_gone": "-e1",  # a tombstone in both
            "back": "-f1",  # a tombstone that came back to life
        }
    }
    now = {
        "member": {
            "same": "a1",
            "edited": "b2",
            "buried": "-d2",
            "still_gone": "-e1",
            "back": "f2",
            "new": "g1",
            "born_dead": "-h1",  # first carried as a tombstone
        }
    }
    counts = compare(now, before)["member"]
    assert counts == {"added": 2, "changed": 1, "deleted": 2}
    assert compare(now, None)["member"] == {"added": 4, "changed": 0, "deleted": 0}
