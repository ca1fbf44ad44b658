"""A district built by hand for the Công đoàn cơ sở tests (Ba Tri communes; today is 31/12/2024).

Six unions, written out so every count a test asserts can be checked by eye:

| key     | union                                   | sector    | kind   | commune     | founded    | 2023      | 2024      | active |
|---------|-----------------------------------------|-----------|--------|-------------|------------|-----------|-----------|--------|
| school  | CĐCS Trường Tiểu học An Hòa Tây         | state     | CĐCS   | An Hòa Tây  | 01/09/2005 | good      | excellent | 3      |
| commune | CĐCS Ủy ban nhân dân xã Tân Xuân        | state     | CĐCS   | Tân Xuân    | 01/03/2001 | completed | —         | 2      |
| fishery | CĐCS Công ty TNHH Thủy sản Đông Hải     | non_state | CĐCS   | TT Ba Tri   | 10/02/2024 | —         | good      | 2      |
| trade   | Nghiệp đoàn Nghề cá xã An Đức           | non_state | NĐ     | An Đức      | 01/06/2018 | not_comp. | completed | 1      |
| garment | CĐCS Công ty TNHH May Phú Lễ (giải thể 31/05/2024) | non_state | CĐCS | Phú Lễ | 01/01/2010 | good | — | 0 |
| coop    | CĐCS Hợp tác xã Dừa Mỹ Chánh            | non_state | CĐCS   | Mỹ Chánh    | 01/08/2022 | —         | —         | 0      |

Chairs: school Nguyễn Thị Lan (elected 10/04/2023, trained 01/06/2023), commune Lê Văn Hùng
(elected 15/02/2024, not trained), fishery Võ Thị Thủy (elected 10/02/2024, trained 20/05/2024).
Five prospects, two of them below 25 workers (see PROSPECTS).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from desktop.services.office import init_office
from desktop.store import shared
from desktop.text import fold, name_sort_key

TODAY = date(2024, 12, 31)
D = date
UNIONS = {
    # key: (name, sector, kind, employer, commune, workforce, women, founded, dissolved,
    #       chair, elected, trained, {year: rating})
    "school": (
        "CĐCS Trường Tiểu học An Hòa Tây", "state", "workplace", "school", "29176", 40, 30,
        D(2005, 9, 1), None, "Nguyễn Thị Lan", D(2023, 4, 10), D(2023, 6, 1),
        {2023: "good", 2024: "excellent"},
    ),
    "commune": (
        "CĐCS Ủy ban nhân dân xã Tân Xuân", "state", "workplace", "agency", "29119", 25, 10,
        D(2001, 3, 1), None, "Lê Văn Hùng", D(2024, 2, 15), None, {2023: "completed"},
    ),
    "fishery": (
        "CĐCS Công ty TNHH Thủy sản Đông Hải", "non_state", "workplace", "private_enterprise",
        "29110", 120, 80, D(2024, 2, 10), None, "Võ Thị Thủy", D(2024, 2, 10), D(2024, 5, 20),
        {2024: "good"},
    ),
    "trade": (
        "Nghiệp đoàn Nghề cá xã An Đức", "non_state", "trade_based", "trade", "29173", 60, 5,
        D(2018, 6, 1), None, "", None, None, {2023: "not_completed", 2024: "completed"},
    ),
    "garment": (
        "CĐCS Công ty TNHH May Phú Lễ", "non_state", "workplace", "private_enterprise", "29146",
        90, 70, D(2010, 1, 1), D(2024, 5, 31), "", None, None, {2023: "good"},
    ),
    "coop": (
        "CĐCS Hợp tác xã Dừa Mỹ Chánh", "non_state", "workplace", "cooperative", "29122", 15, 6,
        D(2022, 8, 1), None, "", None, None, {},
    ),
}  # fmt: skip
# (name, gender, union, joined, status); a left member counts nowhere.
MEMBERS = [
    ("Trần Thị Hòa", "female", "school", D(2010, 9, 5), "active"),
    ("Phạm Văn Đức", "male", "school", D(2012, 9, 5), "active"),
    ("Lê Thị Ánh", "female", "school", D(2015, 9, 5), "active"),
    ("Đỗ Văn Tâm", "male", "school", D(2011, 9, 5), "left"),
    ("Ngô Văn Nam", "male", "commune", D(2016, 1, 4), "active"),
    ("Huỳnh Thị Mai", "female", "commune", D(2019, 7, 1), "active"),
    ("Võ Thị Thủy", "female", "fishery", D(2024, 2, 20), "active"),
    ("Bùi Văn Lộc", "male", "fishery", D(2024, 2, 20), "active"),
    ("Dương Văn Tài", "male", "trade", D(2018, 6, 20), "active"),
]
# (name, employer, commune, workforce, women, status, status date)
PROSPECTS = [
    ("Công ty TNHH Chế biến Dừa Bến Tre", "private_enterprise", "29110", 80, 50, "mobilising", D(2024, 6, 1)),
    ("Công ty Cổ phần Gạch ngói An Hiệp", "private_enterprise", "29161", 30, 5, "identified", D(2024, 3, 1)),
    ("Cơ sở Bánh tráng Mỹ Thạnh", "private_enterprise", "29131", 12, 9, "contacted", D(2024, 4, 1)),
    ("Công ty TNHH Điện tử Hòa Bình", "fdi_enterprise", "29143", 200, 150, "dropped", D(2024, 2, 1)),
    ("Doanh nghiệp tư nhân Cá khô Bảo Thạnh", "private_enterprise", "29125", 8, 6, "identified", D(2024, 5, 10)),
]  # fmt: skip


def make_unions_district(path: Path) -> dict[str, str]:
    """Write the district at `path`; returns the ids: union keys, and prospects by name."""
    from desktop.models import Enterprise, GrassrootsUnion, Member, MemberEvent, UnionRating
    from desktop.store import Store

    init_office(
        shared(path), role="district", unit_code="LDLD-BATRI", unit_name="LĐLĐ huyện Ba Tri"
    )
    with sqlite3.connect(path) as con:
        con.execute("UPDATE office SET district_code = '836', province_code = '83'")
    ids: dict[str, str] = {}
    db = Store(path)
    with db.session() as s:
        for key, u in UNIONS.items():
            union = GrassrootsUnion(
                unit_code="",
                name=u[0],
                name_key=fold(u[0]),
                sector=u[1],
                kind=u[2],
                employer_type=u[3],
                commune_code=u[4],
                workforce_total=u[5],
                workforce_women=u[6],
                founded_on=u[7],
                dissolved_on=u[8],
                dissolved_reason="Doanh nghiệp chấm dứt hoạt động" if u[8] else "",
                chair_name=u[9],
                chair_elected_on=u[10],
                chair_trained_on=u[11],
            )
            s.add(union)
            s.flush()
            ids[key] = union.id
            for year, rating in u[12].items():
                s.add(
                    UnionRating(
                        unit_code="",
                        union_id=union.id,
                        year=year,
                        rating=rating,
                        rated_on=D(year, 12, 20),
                    )
                )
        for name, gender, key, joined, status in MEMBERS:
            member = Member(
                unit_code="",
                union_id=ids[key],
                full_name=name,
                name_key=fold(name),
                sort_key=name_sort_key(name),
                gender=gender,
                birth_date=D(1985, 1, 1),
                joined_on=joined,
                status=status,
            )
            s.add(member)
            s.flush()
            ids[name] = member.id
            s.add(
                MemberEvent(
                    unit_code="",
                    member_id=member.id,
                    kind="admitted",
                    event_date=joined,
                    to_union_id=ids[key],
                )
            )
            if status == "left":
                s.add(
                    MemberEvent(
                        unit_code="",
                        member_id=member.id,
                        kind="left",
                        event_date=D(2024, 3, 1),
                        from_union_id=ids[key],
                        reason="Nghỉ hưu",
                    )
                )
        for name, employer, commune, total, women, status, on in PROSPECTS:
            prospect = Enterprise(
                unit_code="",
                name=name,
                employer_type=employer,
                commune_code=commune,
                workforce_total=total,
                workforce_women=women,
                status=status,
                status_on=on,
            )
            s.add(prospect)
            s.flush()
            ids[name] = prospect.id
    db.close()
    return ids


_TEMPLATE: tuple[Path, dict[str, str]] | None = None


def district_copy(folder: Path) -> tuple[Path, dict[str, str]]:
    """A fresh copy of the district in `folder` (built once per test run, then copied)."""
    import shutil
    import tempfile

    global _TEMPLATE
    if _TEMPLATE is None:
        path = Path(tempfile.mkdtemp(prefix="unions-")) / "template.sqlite"
        ids = make_unions_district(path)
        with sqlite3.connect(path) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _TEMPLATE = (path, ids)
    path = folder / "district.sqlite"
    shutil.copy(_TEMPLATE[0], path)
    return path, dict(_TEMPLATE[1])
