"""A members sheet's rows → member records, checked as the member form checks them.

The form's rules apply unchanged (full name, gender, birth date from 1900 and not in the future,
the citizen ID's agreement with gender and birth year, joining at 15 or older, phone digits), so
a file and the form say the same thing about the same person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.importer import messages
from desktop.importer.rows import DataRow, Layout, Problem, Report
from desktop.importer.unions import KnownUnion, UnionIndex, union_key
from desktop.importer.values import (
    DateValue,
    ValueProblem,
    field_text,
    is_blank,
    is_mark,
    parse_citizen_id,
    parse_date,
    parse_gender,
    shown,
    text,
)
from desktop.services.member_form import MIN_JOIN_AGE, phone_problem
from desktop.text import fold

TEXT_FIELDS = ("card_number", "ethnicity", "job_title", "note")


@dataclass
class MemberRecord:
    row: int  # the spreadsheet row
    full_name: str
    gender: str
    birth_date: date
    union: KnownUnion
    citizen_id: str
    padded: bool
    joined_on: date | None
    phone: str
    texts: dict[str, str]  # the optional text fields the file gives, by field id
    birth_partial: bool = False  # the file gives only the year (or month) of birth


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class MemberReader:
    """Reads rows one by one; `partial_dates` counts dates written as a year or month only."""

    def __init__(
        self, layout: Layout, unions: UnionIndex, default_union: KnownUnion | None, today: date
    ) -> None:
        self.layout = layout
        self.unions = unions
        self.default_union = default_union
        self.today = today
        self.partial_dates = 0
        self._partial: set[str] = set()  # fields of the current row written as a year or month

    def read(self, row: DataRow) -> tuple[MemberRecord | None, list[Problem]]:
        layout = self.layout
        problems: list[Problem] = []

        def bad(field_id: str | None, message: str) -> None:
            problems.append(layout.problem(row, field_id, message))

        before_name = len(problems)
        name = self._text(row, "full_name", bad) or " ".join(
            part
            for part in (
                self._text(row, "family_name", bad),
                self._text(row, "given_name", bad),
            )
            if part
        )
        if not name and len(problems) == before_name:  # a refused name is one message
            bad(
                "full_name" if layout.has("full_name") else "given_name",
                messages.REQUIRED.format(field="họ và tên"),
            )
        elif len(name.split()) < 2:
            bad("full_name", f"«{shown(name)}»: nhập đủ họ và tên (ít nhất hai chữ).")

        self._partial = set()
        gender, born_in_gender_column = self._gender(row, bad)
        before = len(problems)
        born = self._date(row, "birth_date", "Ngày sinh", bad)
        birth_partial = "birth_date" in self._partial
        if born is None:
            born = born_in_gender_column
            birth_partial = bool(self._partial & {"gender_male", "gender_female"})
        if born is None and len(problems) == before:  # one wrong date is one message
            bad(
                "birth_date" if layout.has("birth_date") else None,
                "Thiếu ngày sinh (dd/mm/yyyy hoặc năm sinh).",
            )
        joined = self._date(row, "joined_on", "Ngày vào công đoàn", bad)
        if born and joined and joined < _years_after(born, MIN_JOIN_AGE):
            bad(
                "joined_on",
                f"Ngày vào công đoàn {joined:%d/%m/%Y} chưa đủ {MIN_JOIN_AGE} tuổi "
                f"(sinh {born:%d/%m/%Y}); kiểm tra lại hai ngày.",
            )

        number, padded = "", False
        raw_id = layout.value(row, "citizen_id")
        if not is_blank(raw_id):
            try:
                found = parse_citizen_id(raw_id, gender, born)
            except ValueProblem as exc:
                bad("citizen_id", exc.message)
            else:
                number, padded = found.number, found.padded

        phone = _phone(layout.value(row, "phone"))
        if phone:
            problem = phone_problem(phone)
            if problem:
                bad("phone", problem)

        texts = {f: self._text(row, f, bad) for f in TEXT_FIELDS if layout.has(f)}
        union = self._union(row, bad)
        if problems:
            return None, problems
        assert gender is not None and born is not None and union is not None
        record = MemberRecord(
            row.number,
            name,
            gender,
            born,
            union,
            number,
            padded,
            joined,
            phone,
            texts,
            birth_partial,
        )
        return record, problems

    def _date(self, row: DataRow, field_id: str, label: str, bad: Report) -> date | None:
        raw = self.layout.value(row, field_id)
        if is_blank(raw):
            return None
        try:
            found: DateValue = parse_date(raw)
        except ValueProblem as exc:
            bad(field_id, exc.message)
            return None
        if found.value > self.today:
            bad(field_id, messages.FUTURE_DATE.format(label=label, day=f"{found.value:%d/%m/%Y}"))
            return None
        self.partial_dates += found.partial
        if found.partial:
            self._partial.add(field_id)
        return found.value

    def _gender(self, row: DataRow, bad: Report) -> tuple[str | None, date | None]:
        """Gender from its column, or from a Nam / Nữ pair holding an X or the birth year."""
        layout = self.layout
        said: str | None = None
        if not is_blank(layout.value(row, "gender")):
            try:
                said = parse_gender(layout.value(row, "gender"))
            except ValueProblem as exc:
                bad("gender", exc.message)
                return None, None
        male, female = layout.value(row, "gender_male"), layout.value(row, "gender_female")
        if not is_blank(male) and not is_blank(female):
            bad(
                "gender_male",
                messages.BOTH_GENDERS.format(
                    male=layout.columns_title(layout.field_column["gender_male"]),
                    female=layout.columns_title(layout.field_column["gender_female"]),
                ),
            )
            return None, None
        pair: str | None = None
        born: date | None = None
        for field_id, value, gender in (
            ("gender_male", male, "male"),
            ("gender_female", female, "female"),
        ):
            if is_blank(value):
                continue
            pair = gender
            if not is_mark(value):
                born = self._date(row, field_id, "Ngày sinh", bad)
            if said and said != gender:
                words = {"male": "nam", "female": "nữ"}
                bad(
                    field_id,
                    messages.GENDER_DISAGREES.format(
                        column=layout.columns_title(layout.field_column[field_id]),
                        said=words[gender],
                        other=words[said],
                    ),
                )
                return None, None
        gender_found = said or pair
        if gender_found is None and not layout.has("gender"):
            # Lists that mark only the women ("Nữ": x) leave the men's cells blank, and the other
            # way round: with one column of the pair, a blank is the other gender.
            alone = [f for f in ("gender_male", "gender_female") if layout.has(f)]
            if len(alone) == 1:
                gender_found = "female" if alone[0] == "gender_male" else "male"
        if gender_found is None:
            where = next(
                (f for f in ("gender", "gender_male", "gender_female") if layout.has(f)), None
            )
            bad(where, "Thiếu giới tính (Nam hoặc Nữ).")
        return gender_found, born

    def _text(self, row: DataRow, field_id: str, bad: Report) -> str:
        """The field's text, or "" with its problem reported: a control character, a bidi
        override or more than the column holds is what the province would refuse too."""
        try:
            return field_text(self.layout.value(row, field_id), field_id)
        except ValueProblem as exc:
            bad(field_id, exc.message)
            return ""

    def _union(self, row: DataRow, bad: Report) -> KnownUnion | None:
        written = self._text(row, "union", bad)
        if not written:
            # A list printed by union names each one in a heading above its members.
            under = self._heading_union(row.heading)
            if isinstance(under, str):
                bad(None, under)
                return None
            if under is not None:
                return under
            if self.default_union is not None:
                return self.default_union
            bad(
                "union" if self.layout.has("union") else None,
                messages.REQUIRED.format(field="công đoàn cơ sở"),
            )
            return None
        try:
            return self.unions.find(written)
        except ValueProblem as exc:
            bad("union", exc.message)
            return None

    def _heading_union(self, heading: str) -> KnownUnion | str | None:
        """The union a group heading names; the problem when it names one that is not there."""
        if not heading:
            return None
        try:
            return self.unions.find(heading)
        except ValueProblem as exc:
            # "KHỐI DOANH NGHIỆP" groups unions; "Công đoàn cơ sở X" names one that must exist.
            return exc.message if union_key(heading) != fold(heading).strip() else None


def _phone(value: object) -> str:
    """A phone stored as a number lost its leading 0 (913456789): it is put back."""
    if isinstance(value, int) and not isinstance(value, bool) and len(str(value)) in (9, 10):
        return "0" + str(value)
    typed = text(value)
    # The same number pasted as text into a CSV: nine digits of a mobile number (3x, 5x, 7x,
    # 8x, 9x) are missing their 0.
    if len(typed) == 9 and typed.isdigit() and typed[0] in "35789":
        return "0" + typed
    return typed
