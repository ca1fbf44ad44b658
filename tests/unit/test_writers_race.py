"""Writers that cannot race: an import takes the database's write lock before it looks again at
what it decided on, so two imports of one file at once leave each person once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from desktop.importer.plan import ImportRequest, prepare
from desktop.importer.service import BARRIER_VARIABLE
from desktop.importer.write import apply
from tests.unit._import_fixtures import TODAY, count, office_with_unions, rows

ROOT = Path(__file__).resolve().parents[2]
HEAD = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào công đoàn,Công đoàn cơ sở\n"
PEOPLE = 200


def _members_without_ids(tmp_path: Path) -> Path:
    """200 people with no citizen ID: known again only by name, birth date and union."""
    lines = [
        f"Nguyễn Văn Thử {n},Nam,{1 + n % 28:02d}/{1 + n % 12:02d}/{1970 + n % 30},,"
        "01/03/2020,Trường Tiểu học An Đức\n"
        for n in range(PEOPLE)
    ]
    path = tmp_path / "khong-cccd.csv"
    path.write_text(HEAD + "".join(lines), encoding="utf-8")
    return path


def test_a_plan_made_before_another_import_wrote_is_made_again(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    source = _members_without_ids(tmp_path)
    request = ImportRequest("members", source, today=TODAY)
    stale = prepare(db_path, request)
    assert len(stale.new) == PEOPLE
    first = apply(db_path, prepare(db_path, request))
    assert first.added == PEOPLE

    second = apply(db_path, stale)

    assert (second.added, second.kept) == (0, PEOPLE)
    assert second.summary[1] == "Thêm mới: 0 đoàn viên."
    assert second.summary[2] == f"Giữ nguyên (đã có, không cập nhật): {PEOPLE} đoàn viên."
    assert count(db_path, "member") == PEOPLE


def _import(db_path: Path, source: Path, barrier: Path) -> subprocess.Popen[str]:
    env = os.environ | {BARRIER_VARIABLE: f"{barrier}:2"}
    command = [sys.executable, "-m", "desktop", "import", "members", str(source)]
    return subprocess.Popen(
        [*command, "--db", str(db_path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_imports_of_one_file_at_once_add_each_member_once(tmp_path: Path) -> None:
    """Both processes plan before either writes (the test barrier makes sure): the one that gets
    the lock second finds the people the first added and keeps them."""
    original = office_with_unions(tmp_path)
    source = _members_without_ids(tmp_path)
    for run in range(3):
        db_path = tmp_path / f"lan-{run}.sqlite"
        shutil.copyfile(original, db_path)
        barrier = tmp_path / f"hang-rao-{run}"
        barrier.mkdir()
        both = [_import(db_path, source, barrier) for _ in range(2)]
        said = [p.communicate(timeout=300) for p in both]

        assert [p.returncode for p in both] == [0, 0], said
        added = sorted(out.count(f"Thêm mới: {PEOPLE} đoàn viên.") for out, _ in said)
        assert added == [0, 1], said
        assert sum(f"Giữ nguyên (đã có, không cập nhật): {PEOPLE}" in out for out, _ in said) == 1
        assert count(db_path, "member") == PEOPLE
        assert rows(db_path, "SELECT COUNT(DISTINCT full_name) FROM member") == [(PEOPLE,)]
        assert count(db_path, "member_event") == PEOPLE
