"""A year the program does not ship, end to end: the province authors 2026 from 2024, allocates two
quotas and sends both packages; the district takes them, records March 2026, prints the month's
report and sends its bundle; the province merges it and its progress for March 2026 shows it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop.app import main
from desktop.store import shared
from tests.ui.test_printed_pages import assert_prints_like
from tests.unit._report_checks import pdf_text
from tests.unit._sync_fixtures import DISTRICT, UNION_A, Exchange, memory_keyring

__all__ = ["memory_keyring"]

pytestmark = pytest.mark.usefixtures("vietnam_clock")


def _ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _progress(capsys: pytest.CaptureFixture[str], db: Path, *unit: str) -> dict[str, dict]:
    out = _ok(capsys, "progress", "--period", "2026-03", "--format", "json", "--db", str(db), *unit)
    return {t["code"]: t for t in json.loads(out)["targets"]}


def test_a_2026_programme_travels_down_and_march_2026_travels_back_up(
    tmp_path: Path, memory_keyring, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.activities import ActivityInput, save_activity
    from desktop.services.member_form import MemberInput, save_member

    ex = Exchange(tmp_path)
    province, district = ["--db", str(ex.province)], ["--db", str(ex.district)]

    # The province: 2026 from 2024, two quotas for the district, both packages.
    _ok(capsys, "programme", "new", "--year", "2026", "--from", "2024", *province)
    shown = json.loads(
        _ok(capsys, "programme", "show", "--year", "2026", "--format", "json", *province)
    )
    assert shown["year"] == 2026
    assert [t["code"] for t in shown["targets"]][:4] == ["1a", "1b", "2a", "2b"]
    for target, value in (("2a", "420"), ("7", "3")):
        _ok(
            capsys, "quotas", "set", "--unit", DISTRICT[0], "--target", target, "--value", value,
            "--year", "2026", *province,
        )  # fmt: skip
    packages = []
    for kind in ("programme", "quotas"):
        out = tmp_path / f"{kind}-2026.udp"
        _ok(
            capsys, "bundle", "package", "--type", kind, "--unit", DISTRICT[0], "--year", "2026",
            "--out", str(out), *province,
        )  # fmt: skip
        packages.append(out)

    # The district takes them and records its March.
    for package in packages:
        _ok(capsys, "bundle", "merge", str(package), *district)
    save_activity(
        shared(ex.district),
        ActivityInput(
            task_area=2,
            kind="house",
            title="Trao nhà Mái ấm Công đoàn tại xã An Hòa",
            held_on=date(2026, 3, 12),
            houses=2,
            union_ids=[UNION_A],
        ),
        today=date(2026, 3, 20),
    )
    save_member(
        shared(ex.district),
        MemberInput(
            full_name="Nguyễn Thị Mai",
            gender="female",
            union_id=UNION_A,
            birth_date=date(1995, 4, 2),
            joined_on=date(2026, 3, 5),
            arrival="admitted",
            arrived_on=date(2026, 3, 5),
        ),
        today=date(2026, 3, 20),
    )
    own = _progress(capsys, ex.district)
    assert (own["2a"]["quota"], own["2a"]["month"], own["2a"]["year_to_date"]) == (420, 1, 1)
    assert (own["7"]["quota"], own["7"]["month"], own["7"]["year_to_date"]) == (3, 2, 2)

    printed, saved = tmp_path / "in-ra.pdf", tmp_path / "bao-cao-03-2026.pdf"
    common = ("--period", "03/2026", "--date", "31/03/2026", *district)
    _ok(capsys, "report", "monthly-progress", "--print", "--printer", f"pdf:{printed}", *common)
    _ok(capsys, "report", "monthly-progress", "--format", "pdf", "--out", str(saved), *common)
    assert_prints_like(printed, saved)
    text = " ".join(pdf_text(saved).split())
    assert "tháng 3 năm 2026" in text
    assert "Trao nhà Mái ấm Công đoàn tại xã An Hòa" in text

    bundle = tmp_path / "ba-tri-2026-03.udb"
    _ok(capsys, "bundle", "export", "--period", "2026-03", "--out", str(bundle), *district)
    _ok(capsys, "bundle", "merge", str(bundle), *province)

    seen = _progress(capsys, ex.province, "--unit", DISTRICT[0])
    assert seen == own
    whole = _progress(capsys, ex.province)
    assert (whole["2a"]["month"], whole["7"]["year_to_date"]) == (1, 2)
