"""The 12-digit citizen ID (CCCD): what its digits say and whether they agree with the person.

The number reads `PPP G YY NNNNNN`: PPP the province code of birth registration (one of the 63
pre-reform provinces, zero-padded), G the century-and-gender digit (0/1 male/female born 1900–1999,
2/3 born 2000–2099, 4/5 2100–2199, …), YY the last two digits of the birth year. There is no check
digit, so these agreements are all a form or an import can check. Used by the member form and the
spreadsheet import alike, so both say the same thing about the same number.
"""

from __future__ import annotations

from datetime import date

from desktop.admin_units import citizen_id_province_codes

LENGTH = 12


_GROUPING = str.maketrans("", "", " .-\u00a0")


def digits_only(text: str) -> str:
    """What people type: spaces and dots between groups are dropped, letters are kept (and refused)."""
    return text.strip().translate(_GROUPING)


def century_digit(gender: str, birth_year: int) -> int:
    """The G digit for a person: even for men, odd for women, +2 per century after 1900."""
    return 2 * ((birth_year - 1900) // 100) + (1 if gender == "female" else 0)


def citizen_id_problems(citizen_id: str, gender: str | None, birth_date: date | None) -> list[str]:
    """Vietnamese sentences saying what to fix; empty when the number is acceptable.

    `gender` is "male"/"female" (or None when unknown); agreements with what is unknown are skipped.
    """
    value = digits_only(citizen_id)
    if not value:
        return []
    typed = citizen_id.strip()
    # Dashes may group the digits (083-190-…), never sign them: «-083…» is no ID.
    if not (value.isascii() and value.isdigit()) or typed.startswith(("-", "+")) or "--" in typed:
        return [f"Số CCCD «{citizen_id}» chỉ được gồm chữ số (12 chữ số)."]
    if len(value) != LENGTH:
        return [f"Số CCCD «{value}» có {len(value)} chữ số; cần đúng 12 chữ số."]
    problems: list[str] = []
    province = value[:3]
    if province not in citizen_id_province_codes():
        problems.append(
            f"Số CCCD «{value}»: ba số đầu «{province}» không phải mã tỉnh nơi đăng ký khai sinh."
        )
    century = int(value[3])
    if birth_date is not None:
        first_year = 1900 + 100 * (century // 2)
        if not first_year <= birth_date.year < first_year + 100:
            problems.append(
                f"Số CCCD «{value}»: chữ số thứ tư «{century}» dành cho người sinh "
                f"{first_year}–{first_year + 99}, nhưng năm sinh là {birth_date.year}."
            )
        elif value[4:6] != f"{birth_date.year % 100:02d}":
            problems.append(
                f"Số CCCD «{value}»: chữ số thứ năm và sáu «{value[4:6]}» phải là hai số cuối "
                f"của năm sinh ({birth_date.year % 100:02d})."
            )
    if gender in ("male", "female") and century % 2 != (1 if gender == "female" else 0):
        said = "nữ" if century % 2 else "nam"
        person = "nữ" if gender == "female" else "nam"
        problems.append(
            f"Số CCCD «{value}»: chữ số thứ tư «{century}» là của {said}, "
            f"nhưng giới tính đã nhập là {person}."
        )
    return problems


def masked(citizen_id: str) -> str:
    """A citizen ID as a viewer and the audit log show it: the province code (first three digits)
    and the last two, the rest hidden, so a person can be told apart without the number leaking."""
    text = citizen_id.strip()
    if len(text) <= 5:
        return "•" * len(text)
    return text[:3] + "•" * (len(text) - 5) + text[-2:]
