"""Programme files: the shipped 2024 programme, a new year as a new file, broken files refused."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.programme.loader import parse_programme, programmes_dir, shipped_programme
from desktop.store import shared

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "programmes"


def test_2024_programme_has_every_target_exactly_as_the_seed_writes_it() -> None:
    p = shipped_programme(2024)
    assert p is not None and p.number == "02/CTr-LĐLĐ"
    values = {t.code: t.province_value for t in p.targets}
    assert values == {
        "1a": "90–95 %",
        "1b": "70 %",
        "2a": "9.000",
        "2b": "3.500",
        "3a": "20",
        "3b": "ưu tiên",
        "4": "≥ 1",
        "5": "100 %",
        "6a": "≥ 85 %",
        "6b": "≥ 82 %",
        "6c": "≥ 60 %",
        "7": "30",
        "8": "6–10 %",
        "9a": "≥ 30 %",
        "9b": "100 %",
        "9c": "≥ 10 %",
        "9d": "≥ 5 %",
        "9e": "100 %",
        "10": "≥ 1",
        "11": "3.000",
    }
    scopes = {t.code for t in p.targets if t.scope == "province"}
    assert scopes == {"6a", "9a", "10"}
    assert {t.code for t in p.targets if t.method == "entered"} == {"1a", "1b"}
    assert [a.number for a in p.task_areas] == list(range(1, 11))
    assert p.task_areas[6].title == "Công tác nữ công công đoàn"
    assert any("Tháng Công nhân năm 2024" in point for point in p.task_areas[3].points)


def test_a_new_year_is_a_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.app import main
    from desktop.models import Member, MemberEvent, Office
    from desktop.store import Store

    resources = tmp_path / "resources"
    shutil.copytree(programmes_dir(), resources / "programmes")
    shutil.copy(FIXTURES / "2025.json", resources / "programmes" / "2025.json")
    monkeypatch.setattr("desktop.programme.loader.resources_dir", lambda: resources)
    db_path = tmp_path / "o.sqlite"
    db = Store(db_path)
    with db.session() as s:
        s.add(Office(role="district", kind="district_federation", code="X", name="LĐLĐ X"))
        from desktop.models import GrassrootsUnion

        union = GrassrootsUnion(name="U", sector="state")
        s.add(union)
        s.flush()
        member = Member(union_id=union.id, full_name="Lê Văn Tám", gender="male")
        s.add(member)
        s.flush()
        s.add(
            MemberEvent(
                member_id=member.id,
                kind="admitted",
                event_date=date(2025, 3, 3),
                to_union_id=union.id,
            )
        )
    db.close()
    from desktop.services.progress import progress_for

    report = progress_for(shared(db_path), "2025-03")
    assert [(t.code, t.month, t.year_to_date) for t in report.targets] == [
        ("A", 1, 1),
        ("B", None, None),
    ]
    assert main(["progress", "--period", "2025-03", "--db", str(db_path), "--format", "json"]) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["targets"][1].update(unit="people"),
            "chỉ tiêu «1b»: đơn vị «people» không hợp lệ",
        ),
        (
            lambda d: d["targets"][3].update(metric="guess"),
            "chỉ tiêu «2b»: không có cách tính tự động «guess»",
        ),
        (lambda d: d["targets"][4].update(code="2a"), "chỉ tiêu «2a»: mã chỉ tiêu bị trùng"),
        (lambda d: d["targets"][0].pop("name"), "chỉ tiêu «1a»: thiếu trường «name»"),
        (lambda d: d.update(format=9), "trường «format»: phiên bản 9 không hỗ trợ"),
        (lambda d: d["targets"][2].update(min="nhiều"), "chỉ tiêu «2a»: trường «min» phải là số"),
        (
            lambda d: d["targets"][6].update(pacing="fast"),
            "chỉ tiêu «4»: nhịp tiến độ «fast» không hợp lệ (level, linear, year_end)",
        ),
    ],
)
def test_broken_file_is_refused_naming_the_entry(
    tmp_path: Path, change: object, message: str
) -> None:
    data = json.loads((programmes_dir() / "2024.json").read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path = tmp_path / "2024.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UserError) as exc:
        parse_programme(path)
    assert (
        exc.value.message == f"Tệp chương trình 2024.json, {message}"
        or message in exc.value.message
    )


def test_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "2024.json"
    path.write_bytes(b"\xff\xfe not json")
    with pytest.raises(UserError, match="không phải JSON UTF-8 hợp lệ"):
        parse_programme(path)


def test_a_file_whose_year_differs_from_its_name_is_refused_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.app import main
    from desktop.services.office import init_office

    resources = tmp_path / "resources"
    shutil.copytree(programmes_dir(), resources / "programmes")
    data = json.loads((FIXTURES / "2025.json").read_text(encoding="utf-8"))
    data["year"] = 2024  # copied from last year's file and not corrected
    (resources / "programmes" / "2025.json").write_text(
        json.dumps(data, ensure_ascii=False), encoding="utf-8"
    )
    monkeypatch.setattr("desktop.programme.loader.resources_dir", lambda: resources)
    with pytest.raises(UserError) as exc:
        parse_programme(resources / "programmes" / "2025.json")
    expected = (
        "Tệp chương trình 2025.json, trường «year»: ghi năm 2024 nhưng tên tệp là năm 2025; "
        "sửa «year» hoặc đổi tên tệp"
    )
    assert exc.value.message == expected
    db_path = tmp_path / "o.sqlite"
    init_office(shared(db_path), role="district", unit_code="X", unit_name="LĐLĐ X")
    assert main(["progress", "--period", "2024-01", "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert main(["progress", "--period", "2025-01", "--db", str(db_path)]) == 1
    assert capsys.readouterr().err.strip() == expected


def test_every_target_has_a_pacing_rule_and_a_file_without_one_gets_the_default(
    tmp_path: Path,
) -> None:
    p = shipped_programme(2024)
    assert p is not None
    assert {t.code: t.pacing for t in p.targets if t.pacing != "linear"} == {
        "5": "level",
        "6a": "year_end",
        "6b": "year_end",
        "6c": "year_end",
        "8": "year_end",
        "9b": "year_end",
        "9e": "level",
    }
    data = json.loads((FIXTURES / "2025.json").read_text(encoding="utf-8"))
    assert [t["pacing"] for t in data["targets"]] == ["linear", "level"]
    for target in data["targets"]:
        del target["pacing"]
    path = tmp_path / "2025.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    # An older file names no rule: counts build up over the year, rates are rates.
    assert [t.pacing for t in parse_programme(path).targets] == ["linear", "level"]
