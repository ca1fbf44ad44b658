"""A district whose members are chosen for the search and sort tests (names given as typed)."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date
from pathlib import Path

from desktop.models.member_row import name_columns
from desktop.services.office import init_office
from desktop.store import shared
from desktop.text import fold

UNION_A = "00000000-0000-4000-8000-00000000000a"
UNION_B = "00000000-0000-4000-8000-00000000000b"


def make_district(path: Path, people: list[tuple[str, str, str]]) -> Path:
    """(full name as typed, gender, citizen ID); members alternate between two unions."""
    init_office(shared(path), role="district", unit_code="LDLD-TEST", unit_name="LĐLĐ huyện Thử")
    stamp = "2024-01-01 08:00:00"
    with sqlite3.connect(path) as con:
        for uid, name in (
            (UNION_A, "CĐCS Trường Tiểu học An Hòa"),
            (UNION_B, "CĐCS Điện lực Ba Tri"),
        ):
            con.execute(
                "INSERT INTO grassroots_union (id, name, name_key, sector, kind, employer_type, "
                "commune_code, address, phone, workforce_total, workforce_women, dissolved_reason, "
                "chair_name, note, created_at, updated_at) VALUES (?, ?, ?, 'state', 'workplace', "
                "'school', '', '', '', 0, 0, '', '', '', ?, ?)",
                (uid, name, fold(name), stamp, stamp),
            )
        for index, (typed, gender, citizen_id) in enumerate(people):
            keys = name_columns(typed)  # as every writer of a member stores its name
            con.execute(
                "INSERT INTO member (id, union_id, full_name, name_key, sort_key, gender, "
                "birth_date, citizen_id, card_number, phone, ethnicity, job_title, joined_on, "
                "status, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', "
                "'Kinh', '', ?, 'active', '', ?, ?)",
                (
                    str(uuid.UUID(int=index + 1, version=4)),
                    UNION_A if index % 2 == 0 else UNION_B,
                    keys["full_name"],
                    keys["name_key"],
                    keys["sort_key"],
                    gender,
                    date(1990, 1, 1).isoformat(),
                    citizen_id,
                    f"CD{index:05d}",
                    date(2015, 1, 1).isoformat(),
                    stamp,
                    stamp,
                ),
            )
    return path
