"""The province's programme draft, without a display: every field checked in Vietnamese, naming
its row and field; the changed flag; the ProgrammeDef it becomes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.errors import UserError
from desktop.programme.authoring import with_digest
from desktop.programme.catalogue import params_words
from desktop.programme.loader import ProgrammeDef, shipped_programme
from desktop.services.programme_editing import (
    Problem,
    ProgrammeDraft,
    measure_choices,
    read_number,
    shown_number,
)


@pytest.fixture
def programme_2024() -> ProgrammeDef:
    found = shipped_programme(2024)
    assert found is not None
    return found


def _row(draft: ProgrammeDraft, code: str) -> int:
    return next(i for i, t in enumerate(draft.targets) if t.code == code)


def _messages(draft: ProgrammeDraft) -> list[str]:
    return [p.message for p in draft.problems()]


def test_the_2024_programme_reads_into_a_draft_and_back_unchanged(
    programme_2024: ProgrammeDef,
) -> None:
    draft = ProgrammeDraft(programme_2024)
    assert not draft.changed()
    assert draft.problems() == []
    row = draft.targets[_row(draft, "2a")]
    assert (row.province_value, row.value_min, row.value_max) == ("9.000", "9.000", "")
    assert draft.targets[_row(draft, "8")].value_min == "6"
    back = draft.programme()
    assert back.targets == programme_2024.targets
    assert back.task_areas == programme_2024.task_areas
    assert (back.year, back.number, back.title, back.theme) == (
        2024,
        "02/CTr-LĐLĐ",
        "Chương trình công tác công đoàn năm 2024",
        programme_2024.theme,
    )
    # The digest is the one the authoring service gives the same programme.
    assert back == with_digest(programme_2024)


def test_a_new_year_not_saved_yet_has_changes_to_save(programme_2024: ProgrammeDef) -> None:
    draft = ProgrammeDraft(replace(programme_2024, year=2026), saved=False)
    assert (draft.is_new(), draft.changed()) == (True, True)
    draft.mark_saved()
    assert (draft.is_new(), draft.changed()) == (False, False)


def test_edits_mark_the_draft_changed_and_reach_the_programme(
    programme_2024: ProgrammeDef,
) -> None:
    draft = ProgrammeDraft(programme_2024)
    draft.set_target(_row(draft, "2a"), "province_value", "9.500")
    draft.set_target(_row(draft, "2a"), "value_min", "9.500")
    draft.set_target(_row(draft, "6b"), "value_min", "83,5")
    draft.set_target(_row(draft, "11"), "value_max", "4000")  # kept as shown: 4.000
    assert draft.targets[_row(draft, "11")].value_max == "4.000"
    draft.set_target(_row(draft, "11"), "value_max", "")
    assert draft.changed()
    targets = {t.code: t for t in draft.programme().targets}
    assert (targets["2a"].province_value, targets["2a"].value_min) == ("9.500", 9500.0)
    assert targets["6b"].value_min == 83.5
    # Typed back to what was read, the draft has nothing to save.
    draft.set_target(_row(draft, "2a"), "province_value", "9.000")
    draft.set_target(_row(draft, "2a"), "value_min", "9000")
    draft.set_target(_row(draft, "6b"), "value_min", "82")
    assert not draft.changed()
    draft.theme = "Chủ đề mới"
    assert draft.changed()
    draft.mark_saved()
    assert not draft.changed()


def test_each_wrong_field_is_named_by_its_row_and_field(programme_2024: ProgrammeDef) -> None:
    draft = ProgrammeDraft(programme_2024)
    draft.set_target(_row(draft, "2b"), "code", "2a")  # row 4 now repeats row 3's code
    draft.set_target(_row(draft, "3a"), "metric", "so_nha_xay")
    draft.set_target(_row(draft, "8"), "value_min", "12")  # max is 10
    draft.set_target(_row(draft, "7"), "name", "  ")
    draft.set_target(_row(draft, "11"), "value_max", "ba nghìn")
    draft.set_target(_row(draft, "5"), "value_min", "120")  # a percent
    draft.set_target(_row(draft, "4"), "value_min", "-1")
    draft.set_target(_row(draft, "1b"), "province_value", "")
    assert _messages(draft) == [
        "Chỉ tiêu dòng 2 (mã «1b»), «Chỉ tiêu tỉnh»: chưa ghi chỉ tiêu tỉnh (ví dụ 9.000, ≥ 85 %).",
        "Chỉ tiêu dòng 4, «Mã»: mã «2a» trùng với chỉ tiêu dòng 3.",
        "Chỉ tiêu dòng 5 (mã «3a»), «Cách tính»: không có cách tính «so_nha_xay» trong danh mục.",
        "Chỉ tiêu dòng 7 (mã «4»), «Tối thiểu»: không được âm (-1).",
        "Chỉ tiêu dòng 8 (mã «5»), «Tối thiểu»: tỷ lệ không vượt quá 100 % (120).",
        "Chỉ tiêu dòng 12 (mã «7»), «Tên chỉ tiêu»: chưa ghi tên chỉ tiêu.",
        "Chỉ tiêu dòng 13 (mã «8»), «Tối thiểu»: tối thiểu 12 lớn hơn tối đa 10.",
        "Chỉ tiêu dòng 20 (mã «11»), «Tối đa»: «ba nghìn» không phải là số; ghi ví dụ 450 "
        "hoặc 92,5.",
    ]
    where = [(p.part, p.row, p.field) for p in draft.problems()]
    assert where == [
        ("target", 1, "province_value"),
        ("target", 3, "code"),
        ("target", 4, "metric"),
        ("target", 6, "value_min"),
        ("target", 7, "value_min"),
        ("target", 11, "name"),
        ("target", 12, "value_min"),
        ("target", 19, "value_max"),
    ]
    with pytest.raises(UserError) as refused:
        draft.programme()
    assert refused.value.message == (
        "Chưa lưu được chương trình năm 2024: Chỉ tiêu dòng 2 (mã «1b»), «Chỉ tiêu tỉnh»: "
        "chưa ghi chỉ tiêu tỉnh (ví dụ 9.000, ≥ 85 %)."
    )


def test_header_and_choices_are_checked(programme_2024: ProgrammeDef) -> None:
    draft = ProgrammeDraft(programme_2024)
    draft.title = " "
    draft.number = "x" * 61
    draft.set_target(0, "unit", "pieces")
    draft.set_target(0, "code", "")
    draft.set_target(2, "code", "123456789")
    draft.set_target(2, "method", "computed")
    draft.set_target(2, "metric", "")
    assert _messages(draft) == [
        "Tên chương trình: chưa ghi tên chương trình",
        "Số văn bản: dài quá 60 ký tự",
        "Chỉ tiêu dòng 1, «Mã»: chưa ghi mã chỉ tiêu.",
        "Chỉ tiêu dòng 1, «Đơn vị tính»: «pieces» không phải là lựa chọn nào (Số lượng, "
        "Tỷ lệ (%), Bình quân).",
        "Chỉ tiêu dòng 3, «Mã»: dài quá 8 ký tự.",
        "Chỉ tiêu dòng 3 (mã «123456789»), «Cách tính»: chỉ tiêu tính từ hồ sơ cần chọn cách tính.",
    ]


def test_a_new_target_is_blank_with_the_next_free_code_and_must_be_filled(
    programme_2024: ProgrammeDef,
) -> None:
    draft = ProgrammeDraft(programme_2024)
    row = draft.add_target()
    assert row == 20
    assert draft.targets[row].code == "21"
    assert draft.changed()
    assert _messages(draft) == [
        "Chỉ tiêu dòng 21 (mã «21»), «Tên chỉ tiêu»: chưa ghi tên chỉ tiêu.",
        "Chỉ tiêu dòng 21 (mã «21»), «Chỉ tiêu tỉnh»: chưa ghi chỉ tiêu tỉnh (ví dụ 9.000, "
        "≥ 85 %).",
    ]
    draft.set_target(row, "name", "Đoàn viên được khám sức khỏe định kỳ")
    draft.set_target(row, "province_value", "≥ 70 %")
    draft.set_target(row, "unit", "percent")  # a rate: its pacing follows the unit
    draft.set_target(row, "value_min", "70")
    made = draft.programme().targets[-1]
    assert (made.code, made.unit, made.method, made.pacing, made.value_min, made.metric) == (
        "21",
        "percent",
        "entered",
        "level",
        70.0,
        "",
    )
    draft.remove_target(row)
    assert not draft.changed()


def test_a_target_turned_to_typed_in_drops_its_measure(programme_2024: ProgrammeDef) -> None:
    draft = ProgrammeDraft(programme_2024)
    row = _row(draft, "7")
    draft.set_target(row, "method", "entered")
    assert (draft.targets[row].metric, draft.targets[row].measure) == ("", "")
    assert draft.programme().targets[row].metric == ""
    with pytest.raises(KeyError):
        draft.set_target(row, "colour", "red")


def test_task_areas_are_checked_and_saved_in_number_order(programme_2024: ProgrammeDef) -> None:
    draft = ProgrammeDraft(programme_2024)
    row = draft.add_area()
    assert draft.areas[row].number == "11"
    assert _messages(draft) == ["Nhiệm vụ dòng 11, «Tên nhiệm vụ»: chưa ghi tên nhiệm vụ."]
    draft.areas[row].title = "Chuyển đổi số trong hoạt động công đoàn"
    draft.areas[row].number = "3"
    draft.areas[0].number = "một"
    assert _messages(draft) == [
        "Nhiệm vụ dòng 1, «Số»: «một» không phải là số thứ tự (1, 2, 3…).",
        "Nhiệm vụ dòng 11, «Số»: số 3 trùng với nhiệm vụ dòng 3.",
    ]
    draft.areas[0].number = "1"
    draft.areas[row].number = "11"
    draft.areas[row].points = ["Số hóa hồ sơ đoàn viên", "   "]  # a blank line is no point
    draft.areas[1].points.append("Tổng kết Kế hoạch số 260/KH-LĐLĐ")
    areas = draft.programme().task_areas
    assert [a.number for a in areas] == list(range(1, 12))
    assert areas[-1].points == ("Số hóa hồ sơ đoàn viên",)
    assert areas[1].points[-1] == "Tổng kết Kế hoạch số 260/KH-LĐLĐ"
    assert len(areas[1].points) == 3


def test_a_programme_without_targets_is_refused(programme_2024: ProgrammeDef) -> None:
    draft = ProgrammeDraft(replace(programme_2024, targets=()))
    assert draft.problems() == [
        Problem("target", -1, "code", "Chương trình chưa có chỉ tiêu nào; bấm «Thêm chỉ tiêu».")
    ]


def test_bounds_read_and_show_the_vietnamese_way() -> None:
    assert [shown_number(v) for v in (9000.0, 92.5, 6.0, 1.25, None)] == [
        "9.000",
        "92,5",
        "6",
        "1,25",
        "",
    ]
    assert [read_number(t) for t in ("9.000", "92,5", "85 %", "", "1.5")] == [
        9000.0,
        92.5,
        85.0,
        None,
        1.5,
    ]
    with pytest.raises(ValueError):
        read_number("chín")


def test_a_measure_with_parameters_is_checked_and_described_in_words(
    programme_2024: ProgrammeDef,
) -> None:
    draft = ProgrammeDraft(programme_2024)
    row = _row(draft, "1b")  # typed in, a percent
    draft.set_target(row, "method", "computed")
    draft.set_target(row, "metric", "member_events")  # a count: the unit follows the measure
    assert (draft.targets[row].unit, draft.targets[row].pacing) == ("count", "linear")
    assert _messages(draft) == [
        "Chỉ tiêu dòng 2 (mã «1b»), «Tham số»: cách tính «member_events» cần tham số «kinds» "
        "(loại biến động: admitted, readmitted, transferred_in, transferred_out, transferred, "
        "left)."
    ]
    draft.set_parameters(row, {"kinds": ["readmitted", "admitted"]})
    assert draft.problems() == []
    assert params_words("member_events", draft.targets[row].measure) == (
        "loại biến động: kết nạp lại, kết nạp"
    )
    made = draft.programme().targets[row]
    # Stored in the catalogue's order: one meaning, one text.
    assert (made.metric, made.measure) == ("member_events", '{"kinds":["admitted","readmitted"]}')
    draft.set_target(row, "unit", "percent")
    assert _messages(draft) == [
        "Chỉ tiêu dòng 2 (mã «1b»), «Đơn vị tính»: cách tính «Số biến động đoàn viên thuộc các "
        "loại đã chọn trong kỳ» cho kết quả là số lượng, không phải tỷ lệ (%)."
    ]
    draft.set_target(row, "metric", "new_members")  # another measure: its own parameters
    assert draft.targets[row].measure == ""
    assert ("member_events", "Số biến động đoàn viên thuộc các loại đã chọn trong kỳ") in (
        measure_choices()
    )
    assert measure_choices()[0] == ("new_members", "Đoàn viên kết nạp mới, kết nạp lại trong kỳ")
