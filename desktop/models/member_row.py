"""A member's stored values, built in one place for every writer: the member form, the import,
the demo district and the merge of another office's register.

The search compares `name_key` and the Đoàn viên list sorts by `sort_key`; both follow from the
name as stored. A writer that folded a name its own way would leave a member the search cannot
find or a list out of order, so every writer takes the name and its keys from here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.citizen_id import digits_only
from desktop.text import clean, fold, name_sort_key

DEFAULT_ETHNICITY = "Kinh"


def name_columns(full_name: str) -> dict[str, str]:
    """The name as stored (NFC, single spaces) with the keys the search and the sort read."""
    name = clean(full_name)
    return {"full_name": name, "name_key": fold(name), "sort_key": name_sort_key(name)}


def member_values(
    *,
    union_id: str,
    full_name: str,
    gender: str,
    birth_date: date | None,
    joined_on: date | None,
    citizen_id: str = "",
    card_number: str = "",
    phone: str = "",
    ethnicity: str = "",
    job_title: str = "",
    note: str = "",
    status: str = "active",
    household_status: str | None = None,
    party_introduced_on: date | None = None,
    smartca_installed_on: date | None = None,
) -> dict[str, Any]:
    """Every column of a member record but its id, owner and stamps, written as the form writes
    them: the citizen ID without group separators, the phone as typed (its leading 0 kept), an
    empty ethnicity as «Kinh»."""
    return name_columns(full_name) | {
        "union_id": union_id,
        "gender": gender,
        "birth_date": birth_date,
        "citizen_id": digits_only(citizen_id),
        "card_number": clean(card_number),
        "phone": phone.strip(),
        "ethnicity": clean(ethnicity) or DEFAULT_ETHNICITY,
        "job_title": clean(job_title),
        "joined_on": joined_on,
        "status": status,
        "household_status": household_status,
        "party_introduced_on": party_introduced_on,
        "smartca_installed_on": smartca_installed_on,
        "note": note.strip(),
    }
